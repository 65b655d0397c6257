"""Year over year: the whole plan, each strategy and one KPI compared across fiscal years.

Plain functions over ``evaluation.rollup``: each year is read with ``rollup.year_figures`` (a fixed number
of queries), so the cost grows with the number of years compared, never with the number of projects.
Only approved data counts.

Strategies are matched across years by their number: each year's action plan may point at the strategies
of a different development plan (or of the same one), and strategy 2 of one plan is compared with
strategy 2 of the next. The name shown is the latest year's.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from evaluation import achievement, memo, rollup
from monitoring.models import IndicatorResult
from monitoring.periods import policy_for
from plans.models import ActionPlan, Target

MAX_YEARS = 10  # a page compares at most this many years (each year is one read of the rollup)
DEFAULT_YEARS = 3


def years_of(org) -> list[int]:
    """The fiscal years with an action plan, ascending. One query."""
    return list(ActionPlan.objects.for_org(org).order_by("fiscal_year").values_list("fiscal_year", flat=True))


@dataclass
class YearCell:
    """One year of a row: the rolled-up group (projects, budget, KPI counts, score) or nothing that year."""

    fiscal_year: int
    group: rollup.Group | None
    has_plan: bool = True

    @property
    def empty(self) -> bool:
        return self.group is None


@dataclass
class StrategyRow:
    """A strategy number across the years."""

    number: int
    name: str
    cells: list[YearCell] = field(default_factory=list)


@dataclass
class Comparison:
    years: list[int]
    totals: list[YearCell]
    strategies: list[StrategyRow]
    upto: int | None = None  # every year read to the end of this fiscal quarter (None: whole years)


def _merge(groups: list[rollup.Group]) -> rollup.Group:
    """Strategies sharing a number in one year taken as one (the figures are recomputed from the projects)."""
    if len(groups) == 1:
        return groups[0]
    return rollup.Group("strategy", groups[0].obj, [p for g in groups for p in g.projects])


def compare_years(org, years, access=None, upto: int | None = None) -> Comparison:
    """The whole plan and every strategy (by number) for each of ``years``. ``access`` limits the projects
    to those the person may see, as on the results pages. ``upto`` reads every year only to the end of that
    fiscal quarter, so a year still under way is compared with the same part of the years before it."""
    years = sorted(set(years))
    totals = []
    by_number: dict[int, dict[int, list[rollup.Group]]] = defaultdict(lambda: defaultdict(list))
    names: dict[int, str] = {}
    for year in years:
        figures = memo.year_figures(org, year, access=access, upto=upto)
        has_plan = figures.action_plan is not None
        totals.append(YearCell(year, figures.organization, has_plan=has_plan))
        for group in figures.strategies:
            by_number[group.obj.number][year].append(group)
            names[group.obj.number] = group.obj.name  # years ascending: the latest name wins
    rows = []
    for number in sorted(by_number):
        per_year = by_number[number]
        cells = [YearCell(year, _merge(per_year[year]) if per_year.get(year) else None) for year in years]
        rows.append(StrategyRow(number=number, name=names[number], cells=cells))
    return Comparison(years=years, totals=totals, strategies=rows, upto=upto)


@dataclass
class IndicatorYear:
    fiscal_year: int
    figures: achievement.KpiFigures

    @property
    def actual(self) -> Decimal | None:
        return self.figures.actual.value

    @property
    def target(self) -> Decimal | None:
        return self.figures.target

    @property
    def achievement(self) -> Decimal | None:
        return self.figures.achievement

    @property
    def status(self) -> str:
        return self.figures.status


def compare_indicator(org, indicator, years) -> list[IndicatorYear]:
    """A KPI's actual, target, achievement and status for each year (whole year, approved results only).
    A year without an approved result is "no_data" with no actual, never 0. Two queries (three when the
    monitoring settings are created) whatever the number of years."""
    years = sorted(set(years))
    kind = policy_for(org).period_kind
    targets: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    for year, period, value in (
        Target.objects.for_org(org)
        .filter(indicator=indicator, fiscal_year__in=years)
        .values_list("fiscal_year", "period", "value")
    ):
        targets[year][period] = value
    results = defaultdict(list)
    rows = (
        IndicatorResult.objects.for_org(org)
        .filter(indicator=indicator, period__fiscal_year__in=years, period__kind=kind)
        .values_list("period__fiscal_year", *rollup.RESULT_FIELDS[1:])
    )
    for year, number, value, numerator, denominator, yes_no, text, state in rows:
        results[year].append(rollup._Result(number, value, numerator, denominator, yes_no, text or "", state))
    return [
        IndicatorYear(
            year,
            rollup.evaluate_kpi(indicator, results[year], targets[year], upto=None, kind=kind, official_only=True),
        )
        for year in years
    ]
