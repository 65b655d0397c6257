"""An uploaded workbook imported now or, when it is long, by a background job; the one upload form and page
of every import (the plan's ผ.02, indicators and targets, a department's results, the staff).

A file with more rows than ``TIDTAM_IMPORT_BACKGROUND_ROWS`` is handed to a background job (its page shows
the progress), a smaller one is imported in the request; both call the same import function. The errors of
the last import are kept in the session for the errors workbook (``plans:import_errors``).
"""

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from core.excel import XLSX, count_rows
from jobs.runner import enqueue

ERRORS_KEY = "import_errors:{org}"
ERRORS_KEPT = 2000


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Workbook (.xlsx) or CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv," + XLSX + ",text/csv"}),
    )


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def run_import(request, form, *, task: str, params: dict, sheet: str, run):
    """Import the uploaded file now (returns the ImportResult) or in a background job (returns a redirect).

    ``run(file, user)`` is the shape's import function; the job calls the same one with a progress callback.
    """
    upload = form.cleaned_data["file"]
    if count_rows(upload, sheet) > settings.TIDTAM_IMPORT_BACKGROUND_ROWS:
        job = enqueue(task, org=request.org, user=request.user, params=params, upload=upload)
        return redirect(job.get_absolute_url())
    result = run(upload, request.user)
    key = ERRORS_KEY.format(org=request.org.pk)
    if result.ok:
        request.session.pop(key, None)
    else:
        request.session[key] = [e.as_dict() for e in result.errors[:ERRORS_KEPT]]
    return result


def import_page(request, *, form, result, title, crumbs, intro, exports, back):
    """The upload form, and after an import its summary or its errors (400), with the errors as .xlsx."""
    errors_url = None
    if result is not None and not result.ok:
        errors_url = reverse("plans:import_errors", args=[request.org.slug])
    return render(
        request,
        "jobs/import.html",
        {
            "form": form,
            "result": result,
            "title": title,
            "crumbs": crumbs,
            "intro": intro,
            "exports": exports,
            "back": back,
            "errors_url": errors_url,
            "background_rows": settings.TIDTAM_IMPORT_BACKGROUND_ROWS,
        },
        status=400 if result is not None and not result.ok else 200,
    )
