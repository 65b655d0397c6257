"""The results of the surveys for the staff: the list, one survey's results (filters, tables, charts,
downloads), and the citizen-perspective KPIs whose results come from a survey."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import versioning
from core.dates import BEDateInput
from monitoring.models import IndicatorResult, ReportingPeriod
from monitoring.workflow import WorkflowError
from orgs.access import org_view
from plans.models import Indicator
from surveys import sources
from surveys.charts import results_chart_data
from surveys.forms import SourceForm
from surveys.models import IndicatorSource, Question, Survey
from surveys.results import periods_of, profile_questions, read_filter, survey_results

RATING_COLUMNS = 5  # a rating table shows a column per option up to this many options (not for 0–10)


@org_view()
def results_index(request):
    surveys = (
        Survey.objects.for_org(request.org)
        .annotate(answers=Count("responses"))
        .order_by("-fiscal_year", "title", "-version")
    )
    return render(request, "surveys/results_index.html", {"surveys": surveys})


def rating_groups(section) -> list[dict]:
    """The section's questions in the order asked, consecutive rating items of one scale in one table."""
    blocks: list[dict] = []
    for figure in section.questions:
        question = figure.question
        if figure.rating is not None:
            last = blocks[-1] if blocks else None
            if last and last["kind"] == "ratings" and last["scale"] == question.kind:
                last["items"].append(figure)
                continue
            labels = [o.option.label for o in figure.options] if len(figure.options) <= RATING_COLUMNS else []
            blocks.append({"kind": "ratings", "scale": question.kind, "items": [figure], "labels": labels})
        elif question.kind == Question.Kind.TEXT:
            blocks.append({"kind": "text", "figure": figure})
        else:
            blocks.append({"kind": "choice", "figure": figure})
    for block in blocks:
        if block["kind"] == "ratings":
            block["three"] = block["scale"] == Question.Kind.RATING_3
            wanted = len(block["labels"])
            if any(len(f.options) != wanted for f in block["items"]):
                block["labels"] = []
    return blocks


@org_view()
def results(request, pk):
    survey = get_object_or_404(Survey.objects.for_org(request.org), pk=pk)
    flt = read_filter(request.GET, survey)
    found = survey_results(survey, flt)
    query = flt.query()
    download = urlencode({"survey": survey.pk, "year": survey.fiscal_year, **query})
    context = {
        "survey": survey,
        "results": found,
        "filter": flt,
        "date_inputs": {
            name: BEDateInput(attrs={"class": "form-control form-control-sm", "id": f"f-{name}"}).render(name, value)
            for name, value in (("from", flt.date_from), ("to", flt.date_to))
        },
        "sections": [(s, rating_groups(s)) for s in found.sections],
        "periods": list(periods_of(survey)),
        "profile_questions": list(profile_questions(survey)),
        "crossed": [q for q in found.questions if q.columns],
        "chart_data": results_chart_data(found),
        "download_query": download,
        "form_report": {"3/2": "form3-2", "3/3": "form3-3"}.get(survey.form),
    }
    return render(request, "surveys/results.html", context)


# The KPIs fed by a survey -------------------------------------------------------------------------------


@org_view()
def source_list(request):
    """The organization's citizen-perspective KPIs, the survey each takes its result from, and its results
    per reporting period of the survey's year with a button to compute them again."""
    indicators = list(
        sources.citizen_indicators(request.org).select_related("survey_source__survey", "survey_source__question")
    )
    linked = [i.survey_source for i in indicators if hasattr(i, "survey_source")]
    years = {s.survey.fiscal_year for s in linked}
    periods = list(
        ReportingPeriod.objects.for_org(request.org)
        .filter(fiscal_year__in=years, kind=sources.period_kind(request.org))
        .order_by("fiscal_year", "number")
    )
    stored = {
        (r.indicator_id, r.period_id): r
        for r in IndicatorResult.objects.for_org(request.org).filter(
            indicator__in=[s.indicator_id for s in linked], period__in=periods
        )
    }
    rows = []
    for indicator in indicators:
        source = getattr(indicator, "survey_source", None)
        cells = []
        if source is not None:
            for period in (p for p in periods if p.fiscal_year == source.survey.fiscal_year):
                cells.append((period, stored.get((indicator.pk, period.pk))))
        rows.append({"indicator": indicator, "source": source, "periods": cells})
    rows.sort(key=lambda row: row["source"] is None)  # the KPIs fed by a survey first
    context = {"rows": rows}
    return render(request, "surveys/sources.html", context)


@org_view("plan.edit")
def source_edit(request, indicator_pk):
    indicator = get_object_or_404(sources.citizen_indicators(request.org), pk=indicator_pk)
    current = IndicatorSource.objects.filter(indicator=indicator).first()
    form = SourceForm(request.POST or None, org=request.org, source=current)
    stale = None
    if request.method == "POST":
        if "remove" in request.POST:
            if current is not None:
                sources.source_remove(source=current, access=request.access)
                messages.success(request, _("The indicator no longer takes its result from a survey."))
            return redirect("surveys:sources", request.org.slug)
        if form.is_valid():
            try:
                _saved, stale = versioning.save_or_stale(
                    form,
                    save=lambda: sources.source_set(
                        indicator=indicator,
                        survey=form.cleaned_data["survey"],
                        question=form.cleaned_data["question"],
                        access=request.access,
                    ),
                )
            except WorkflowError as error:
                form.add_error(None, str(error))
            else:
                if stale is None:
                    messages.success(request, _("Saved."))
                    return redirect("surveys:sources", request.org.slug)
        else:
            messages.error(request, _("Please correct the errors below; nothing was saved."))
    return render(
        request, "surveys/source_form.html", {"form": form, "indicator": indicator, "current": current, "stale": stale}
    )


@org_view("result.org")
@require_POST
def source_compute(request, indicator_pk, period_pk):
    """Compute the KPI's result of the period from the survey's answers again (POST only)."""
    indicator = get_object_or_404(Indicator.objects.for_org(request.org), pk=indicator_pk)
    source = get_object_or_404(
        IndicatorSource.objects.for_org(request.org).select_related("survey"), indicator=indicator
    )
    period = get_object_or_404(ReportingPeriod.objects.for_org(request.org), pk=period_pk)
    try:
        result = sources.result_compute(
            source=source, period=period, access=request.access, user=request.user, today=timezone.localdate()
        )
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The result of %(period)s was computed from the survey: %(comment)s")
            % {"period": period, "comment": result.comment},
        )
    return redirect("surveys:sources", request.org.slug)
