"""Rules a progress report and its KPI results must meet. Plain functions, no HTTP.

Each returns messages keyed by the form field they concern, so forms can show them beside the input.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from core.money import format_number
from monitoring.models import ProjectStatus
from plans.models import Indicator

MeasureType = Indicator.MeasureType
ZERO = Decimal(0)


@dataclass
class ReportContext:
    """What a report is judged against: the year's budget, what was disbursed and reported before."""

    budget: Decimal | None = None
    disbursed_before: Decimal = ZERO
    previous_values: dict[int, Decimal] = field(default_factory=dict)  # indicator id → latest earlier value


def report_errors(data: dict, context: ReportContext) -> dict[str, str]:
    """Errors of the report's own fields.

    - percent complete is 0–100;
    - a cumulative disbursement above the year's budget needs a stated reason;
    - "completed" with less than 100 % must be confirmed.
    """
    errors = {}
    percent = data.get("percent_complete")
    if percent is not None and not ZERO <= percent <= 100:
        errors["percent_complete"] = _("The percentage must be between 0 and 100.")
    disbursed = data.get("disbursed")
    if disbursed is not None and context.budget is not None:
        total = context.disbursed_before + disbursed
        if total > context.budget and not data.get("over_budget_reason", "").strip():
            errors["over_budget_reason"] = _(
                "Disbursed to date (%(total)s baht) exceeds the budget (%(budget)s baht): please give the reason."
            ) % {"total": f"{total:,.2f}", "budget": f"{context.budget:,.2f}"}
    if (
        data.get("project_status") == ProjectStatus.COMPLETED
        and percent is not None
        and percent < 100
        and not data.get("confirm_completed")
    ):
        errors["confirm_completed"] = _(
            "The status is 'completed' but the work is %(percent)s%% done. Tick to confirm, or correct it."
        ) % {"percent": format_number(percent)}
    return errors


def result_errors(kpi: Indicator, data: dict, context: ReportContext) -> dict[str, str]:
    """Errors of one KPI result in the measure type's own form.

    - a percentage KPI takes a numerator and a denominator together; the denominator is above zero and,
      where the KPI says so, the numerator does not exceed it;
    - disaggregated parts add up to the total;
    - a cumulative KPI that goes down since the last period needs a comment.
    """
    errors = {}
    if kpi.measure_type == MeasureType.PERCENTAGE:
        numerator, denominator = data.get("numerator"), data.get("denominator")
        if (numerator is None) != (denominator is None):
            missing = "denominator" if denominator is None else "numerator"
            errors[missing] = _("Give both the numerator and the denominator.")
        elif denominator is not None:
            if denominator <= 0:
                errors["denominator"] = _("The denominator must be greater than zero.")
            elif kpi.numerator_le_denominator and numerator > denominator:
                errors["numerator"] = _("The numerator (%(n)s) may not exceed the denominator (%(d)s).") % {
                    "n": format_number(numerator),
                    "d": format_number(denominator),
                }
        if numerator is not None and numerator < 0:
            errors["numerator"] = _("The value may not be negative.")
    parts = data.get("breakdown") or {}
    if parts and kpi.measure_type == MeasureType.NUMBER:
        total = sum(parts.values(), ZERO)
        value = data.get("value")
        if value is not None and value != total:
            errors["value"] = _("The parts add up to %(parts)s, not the total %(total)s.") % {
                "parts": format_number(total),
                "total": format_number(value),
            }
    value = data.get("value")
    if value is None and parts and kpi.measure_type == MeasureType.NUMBER:
        value = sum(parts.values(), ZERO)
    previous = context.previous_values.get(kpi.pk)
    if (
        kpi.aggregation == Indicator.Aggregation.CUMULATIVE
        and value is not None
        and previous is not None
        and value < previous
        and not data.get("comment", "").strip()
    ):
        errors["comment"] = _(
            "This cumulative value is lower than last period's (%(previous)s): please explain in a comment."
        ) % {"previous": format_number(previous)}
    return errors


def submit_errors(report, results: dict[int, object], indicators: list[Indicator]) -> list[str]:
    """What a report still lacks before it can be submitted (sentences for the reporter)."""
    problems = []
    if not report.project_status:
        problems.append(_("Choose the project's status."))
    needs_figures = report.project_status not in (ProjectStatus.NOT_STARTED, ProjectStatus.CANCELLED)
    if needs_figures and report.percent_complete is None:
        problems.append(_("Give the percent complete."))
    if needs_figures:
        for kpi in indicators:
            result = results.get(kpi.pk)
            if result is None or result.is_empty:
                problems.append(_("Give the result of the indicator '%(name)s'.") % {"name": kpi.name})
    return problems
