"""Paper forms typed in by staff: one screen per form, keyboard only, "save and next"; and the Excel
template and its import for a whole stack at once."""

from datetime import date

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.imports import ImportForm, import_page, run_import, xlsx_response
from orgs.access import org_view
from surveys.answering import AnswerForm, response_record
from surveys.excel import SHEET, export_template, import_responses
from surveys.forms import PaperForm
from surveys.models import Response, Survey

ENTER = "survey.enter"


def _survey(request, pk) -> Survey:
    return get_object_or_404(Survey.objects.for_org(request.org), pk=pk)


def _day(value: str | None) -> date | None:
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return None
    return day if day <= timezone.localdate() else None


@org_view(ENTER)
def paper_entry(request, pk):
    survey = _survey(request, pk)
    entered = request.GET.get("entered", "") if request.method == "GET" else request.POST.get("entered", "")
    entered = int(entered) if entered.isdigit() else 0
    if request.method == "POST":
        meta = PaperForm(request.POST, prefix="paper")
        form = AnswerForm(request.POST, survey=survey)
        if meta.is_valid() and form.is_valid():
            day = meta.cleaned_data["answered_on"]
            response_record(
                survey=survey,
                answers=form.answers(),
                channel=Response.Channel.PAPER,
                answered_on=day,
                user=request.user,
                access=request.access,
                capped=False,
            )
            before = request.POST.get("entered", "")
            done = (int(before) if before.isdigit() else 0) + 1
            url = reverse("surveys:paper_entry", args=[request.org.slug, survey.pk])
            return redirect(f"{url}?on={day.isoformat()}&entered={done}")
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    else:
        meta = PaperForm(prefix="paper", initial={"answered_on": _day(request.GET.get("on")) or timezone.localdate()})
        form = AnswerForm(survey=survey)
    return render(
        request,
        "surveys/paper_entry.html",
        {
            "survey": survey,
            "meta": meta,
            "form": form,
            "entered": entered,
            "paper_total": survey.responses.filter(channel=Response.Channel.PAPER).count(),
        },
    )


@org_view()
def responses_template(request, pk):
    survey = _survey(request, pk)
    return xlsx_response(export_template(survey), f"survey-{survey.pk}-paper-answers.xlsx")


@org_view(ENTER)
def responses_import(request, pk):
    survey = _survey(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = run_import(
            request,
            form,
            task="surveys.import_responses",
            params={"survey": survey.pk},
            sheet=SHEET,
            run=lambda file, user: import_responses(survey, file, access=request.access, user=user),
        )
        if isinstance(result, HttpResponse):
            return result
        if result.ok:
            messages.success(
                request, _("%(n)s paper answers were imported.") % {"n": result.counts["responses"]["created"]}
            )
    slug = request.org.slug
    detail = reverse("surveys:survey_detail", args=[slug, survey.pk])
    return import_page(
        request,
        form=form,
        result=result,
        title=_("Import paper answers of %(survey)s") % {"survey": survey.title},
        crumbs=[(reverse("surveys:survey_list", args=[slug]), _("Surveys")), (detail, survey.title)],
        intro=_(
            "Download the template of this survey, type one paper form per row (the date it was filled in, then "
            "the answers as offered in each column's list) and upload it. Every row is checked first: if any row "
            "has an error, nothing is saved."
        ),
        exports=[(reverse("surveys:responses_template", args=[slug, survey.pk]), _("Download the template"))],
        back=detail,
    )
