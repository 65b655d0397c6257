"""Rules of the plan that make sense of fields together. Plain functions, no HTTP."""

from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from plans.models import Indicator

MeasureType = Indicator.MeasureType
Direction = Indicator.Direction
Aggregation = Indicator.Aggregation


def indicator_errors(kpi: Indicator) -> None:
    """Raise a ValidationError (field → messages) when the indicator's settings contradict each other.

    - a range direction needs both bounds, low ≤ high; other directions take no bounds;
    - the five scoring levels are all given or all empty, and strictly monotonic in the KPI's
      direction (higher is better: level 1 < … < level 5; lower is better: level 1 > … > level 5);
    - ratio of sums needs a percentage measure; yes/no and text KPIs are aggregated by latest value
      and take no levels or range;
    - a baseline value and its year go together.
    """
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if kpi.direction == Direction.RANGE:
        if kpi.range_low is None:
            add("range_low", _("A range needs its lower bound."))
        if kpi.range_high is None:
            add("range_high", _("A range needs its upper bound."))
        if kpi.range_low is not None and kpi.range_high is not None and kpi.range_low > kpi.range_high:
            add("range_high", _("The upper bound must not be below the lower bound."))
    elif kpi.range_low is not None or kpi.range_high is not None:
        add("direction", _("Bounds are only used when the direction is 'within a range'."))

    levels = kpi.levels
    given = [level for level in levels if level is not None]
    if given and len(given) < 5:
        for name, level in zip(Indicator.LEVEL_FIELDS, levels, strict=True):
            if level is None:
                add(name, _("Give all five levels, or none."))
    elif given:
        if kpi.direction == Direction.RANGE:
            add("level_1", _("Levels are not used with a range: the range itself defines success."))
        elif kpi.direction == Direction.HIGHER and not all(a < b for a, b in pairwise(given)):
            add("level_5", _("When higher is better, each level must need a higher value than the level below."))
        elif kpi.direction == Direction.LOWER and not all(a > b for a, b in pairwise(given)):
            add("level_5", _("When lower is better, each level must need a lower value than the level below."))

    if kpi.aggregation == Aggregation.RATIO and kpi.measure_type != MeasureType.PERCENTAGE:
        add("aggregation", _("Ratio of sums needs the percentage (numerator ÷ denominator) measure type."))
    if kpi.measure_type in (MeasureType.YES_NO, MeasureType.TEXT):
        if kpi.aggregation != Aggregation.LATEST:
            add("aggregation", _("Yes/no and text indicators are aggregated by their latest value."))
        if given:
            add("level_1", _("Yes/no and text indicators take no scoring levels."))
        if kpi.direction == Direction.RANGE:
            add("direction", _("Yes/no and text indicators cannot use a range."))

    if kpi.categories and len(set(kpi.categories)) != len(kpi.categories):
        add("disaggregation_categories", _("Each category may appear only once."))
    if kpi.categories and not kpi.disaggregation_label:
        add("disaggregation_label", _("Say what the categories disaggregate by, e.g. sex."))
    if (kpi.baseline_value is None) != (kpi.baseline_year is None):
        field = "baseline_year" if kpi.baseline_year is None else "baseline_value"
        add(field, _("Give the baseline value together with its year."))

    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class TargetCheck:
    """How the period targets of one fiscal year compare with its annual target."""

    annual: Decimal | None
    implied: Decimal | None
    difference: Decimal | None

    @property
    def agrees(self) -> bool:
        return self.difference is None or self.difference == 0


def implied_annual_target(kpi: Indicator, period_values: list[Decimal | None]) -> Decimal | None:
    """The annual target that the period targets add up to under the KPI's aggregation.

    Sum: their sum. Cumulative and latest: the last period's target. Average: their mean.
    Ratio of sums and non-numeric measures: not derivable from targets alone (None).
    """
    values = [v for v in period_values if v is not None]
    if not values or kpi.measure_type in (MeasureType.YES_NO, MeasureType.TEXT):
        return None
    if kpi.aggregation == Aggregation.SUM:
        return sum(values, Decimal(0))
    if kpi.aggregation in (Aggregation.CUMULATIVE, Aggregation.LATEST):
        return values[-1]
    if kpi.aggregation == Aggregation.AVERAGE:
        return sum(values, Decimal(0)) / len(values)
    return None


def check_targets(kpi: Indicator, annual: Decimal | None, period_values: list[Decimal | None]) -> TargetCheck:
    implied = implied_annual_target(kpi, period_values)
    difference = None if annual is None or implied is None else implied - annual
    return TargetCheck(annual=annual, implied=implied, difference=difference)


# Where a project of a year's action plan stands when the year is carried forward (plans/selectors.py).
CONTINUED, UNFINISHED, FINISHED = "continued", "unfinished", "finished"
CARRY_STATES = (CONTINUED, UNFINISHED, FINISHED)


def carry_forward_state(status: str, *, funded_next_year: bool, finished, continued) -> str:
    """The carry-forward group of a project from its latest approved status of the year ("" without one).

    - finished: the status is one of ``finished`` (settings: completed, cancelled), whatever the plan says;
    - continued: the status is one of ``continued`` (settings: budget carried over to next year), or the
      development plan funds the project in the next year;
    - unfinished: anything else (not started, in progress, delayed, no approved report).

    Continued and unfinished projects are chosen by default; finished ones only when the planner ticks them.
    """
    if status and status in finished:
        return FINISHED
    if (status and status in continued) or funded_next_year:
        return CONTINUED
    return UNFINISHED
