"""A survey as the data source of a citizen-perspective KPI, and the KPI's result computed from it.

A KPI of the organization (no project) whose balanced-scorecard perspective is "citizens" may take its
result from a survey: one rating item's satisfaction index, or (no item) the survey's overall index
(``surveys.stats``). The result of a reporting period counts the answers given within the period's dates.
It is written through the organization-result workflow of ``monitoring.workflow`` (``org_result_save``) as
any entered result is: a draft (or, returned, still returned) that is submitted and approved by the
reviewer like any other; approving takes the stored value, nothing is computed again then. Computing again
after more answers came in changes the draft — or makes an approved result a draft again, to be reviewed
again — as ``org_result_save`` does for a typed change.

For a percentage KPI (numerator ÷ denominator) the numerator is Σ the scores given and the denominator Σ
the highest scores: the ratio × 100 is the index, and the year's figure of a "ratio of sums" KPI is the
index of all the year's answers. Any other measured KPI gets the index as its value (2 decimals).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core.calendar import format_date
from core.money import format_number, round_to
from monitoring import workflow
from monitoring.periods import policy_for
from monitoring.workflow import WorkflowError
from plans.models import Indicator
from surveys.models import IndicatorSource, Question
from surveys.results import Filter, survey_results


def citizen_indicators(org):
    """The organization's own KPIs (no project) of the citizens' perspective: those a survey may feed."""
    return Indicator.objects.for_org(org).filter(
        perspective=Indicator.Perspective.CITIZEN,
        project__isnull=True,
        measure_type__in=[Indicator.MeasureType.NUMBER, Indicator.MeasureType.PERCENTAGE],
    )


def period_kind(org) -> str:
    return policy_for(org).period_kind


def _require_plan_edit(access):
    if not access.can("plan.edit"):
        raise WorkflowError(_("Your role does not allow this."))


@transaction.atomic
def source_set(*, indicator, survey, question, access) -> IndicatorSource:
    """Let ``indicator`` take its results from ``survey`` (and one of its rating items, or the overall index)."""
    _require_plan_edit(access)
    org = access.org
    if indicator.organization_id != org.pk or survey.organization_id != org.pk:
        raise WorkflowError(_("The indicator and the survey must belong to this organization."))
    if indicator.perspective != Indicator.Perspective.CITIZEN or indicator.project_id:
        raise WorkflowError(
            _("Only an organization indicator of the citizens' perspective can take its result from a survey.")
        )
    if question is not None and (question.survey_id != survey.pk or not question.is_rating):
        raise WorkflowError(_("Choose a rating item of the same survey, or none for the overall index."))
    source, _created = IndicatorSource.objects.update_or_create(
        indicator=indicator, defaults={"organization": org, "survey": survey, "question": question}
    )
    return source


@transaction.atomic
def source_remove(*, source, access) -> None:
    _require_plan_edit(access)
    source.delete()


@dataclass
class Figure:
    """What a survey says of a KPI for a period."""

    answers: int  # responses in the period
    index: Decimal | None
    total: Decimal  # Σ scores
    maximum_total: Decimal  # Σ highest scores


def source_figure(source, period) -> Figure:
    """The index (of the item, or overall) from the answers given within the period's dates."""
    results = survey_results(source.survey, Filter(date_from=period.starts_on, date_to=period.ends_on))
    items = [q.rating for q in results.items if source.question_id in (None, q.question.pk)]
    total = sum((r.total for r in items), Decimal(0))
    maximum_total = sum((r.maximum_total for r in items), Decimal(0))
    index = total * 100 / maximum_total if maximum_total else None
    return Figure(answers=results.responses, index=index, total=total, maximum_total=maximum_total)


class _Values:
    """The result's values in the shape ``org_result_save`` takes from a form."""

    def __init__(self, values: dict):
        self._values = values

    def values(self) -> dict:
        return self._values


def results_url(source, period) -> str:
    org = source.organization
    query = urlencode({"period": period.pk})
    return reverse("surveys:results", args=[org.slug, source.survey_id]) + "?" + query


def evidence_text(source, period, figure) -> str:
    """The result's comment: the survey, the item, how many answered in which dates, and where to look."""
    item = source.question.text if source.question_id else _("overall satisfaction index")
    return _(
        "Computed from the survey “%(survey)s” (%(item)s): index %(index)s from %(answers)s answers "
        "given from %(starts)s to %(ends)s. Results: %(url)s"
    ) % {
        "survey": source.survey.title,
        "item": item,
        "index": format_number(round_to(figure.index)),
        "answers": format_number(figure.answers),
        "starts": format_date(period.starts_on),
        "ends": format_date(period.ends_on),
        "url": results_url(source, period),
    }


def result_compute(*, source, period, access, user, today):
    """Compute the KPI's result of ``period`` from the survey and save it through the organization-result
    workflow (``monitoring.workflow.org_result_save``: its access, lock and state rules apply)."""
    if period.organization_id != source.organization_id:
        raise WorkflowError(_("The period belongs to another organization."))
    if source.question_id and source.question.kind not in (
        Question.Kind.RATING_3,
        Question.Kind.RATING_5,
        Question.Kind.RATING_10,
    ):
        raise WorkflowError(_("Choose a rating item of the same survey, or none for the overall index."))
    figure = source_figure(source, period)
    if figure.index is None:
        raise WorkflowError(
            _("Nobody answered the survey within the dates of this period: there is no result to compute.")
        )
    indicator = source.indicator
    values = {
        "value": None,
        "numerator": None,
        "denominator": None,
        "yes_no": None,
        "text": "",
        "breakdown": {},
        "comment": evidence_text(source, period, figure),
    }
    if indicator.measure_type == Indicator.MeasureType.PERCENTAGE:
        values["numerator"], values["denominator"] = figure.total, figure.maximum_total
    else:
        values["value"] = round_to(figure.index)
    return workflow.org_result_save(
        period=period, indicator=indicator, access=access, user=user, form=_Values(values), today=today
    )
