"""A department's period results in Excel/CSV: the workbook to fill in, and its import.

The work is in ``monitoring/excel.py``; the upload page and the background threshold are every import's
(``jobs/imports.py``), so every import behaves the same.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from core.excel import xlsx_download
from jobs.imports import ImportForm, import_page, run_import
from monitoring import views as screens
from monitoring.excel import SHEET, export_results, import_results
from orgs.access import org_view


def _department(request, department_id):
    return get_object_or_404(screens.own_departments(request), pk=department_id)


@org_view("plan.view")
def results_export(request, year, number, department_id):
    period = screens.url_period(request, year, number)
    department = _department(request, department_id)
    today = screens._today()
    return xlsx_download(
        f"results-{year}-{number}-{department.pk}.xlsx",
        lambda file: export_results(period, department, access=request.access, today=today, into=file),
    )


@org_view("report.edit")
def results_import(request, year, number, department_id):
    period = screens.url_period(request, year, number)
    department = _department(request, department_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = run_import(
            request,
            form,
            task="monitoring.import_results",
            params={"year": year, "number": number, "department": department.pk},
            sheet=SHEET,
            run=lambda file, user: import_results(
                period, department, file, access=request.access, user=user, today=screens._today()
            ),
        )
        if isinstance(result, HttpResponse):
            return result
    slug = request.org.slug
    entry = reverse("monitoring:entry", args=[slug, year, number, department.pk])
    return import_page(
        request,
        form=form,
        result=result,
        title=_("Import the results of %(department)s for %(period)s")
        % {"department": department.name, "period": period},
        crumbs=[
            (reverse("monitoring:index", args=[slug]) + f"?year={year}", _("Monitoring")),
            (reverse("monitoring:period", args=[slug, year, number]), str(period)),
            (entry, department.name),
        ],
        intro=_(
            "Download the department's projects and indicators of this period (it is also the template), fill in "
            "the results and upload it, or a CSV file of its sheet. Reports are saved as drafts, as with Save on "
            "the page; submit them there. Every row is checked first: if any row has an error, nothing is saved."
        ),
        exports=[(reverse("monitoring:results_export", args=[slug, year, number, department.pk]), _("Export XLSX"))],
        back=entry,
    )
