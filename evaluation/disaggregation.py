"""Disaggregated results: a KPI's results split by its categories (e.g. by sex), per quarter and to date.

A number KPI with categories (``Indicator.categories``) keeps each result's parts in
``IndicatorResult.breakdown`` ({category: value as text}). Each category is aggregated over the periods
exactly as the KPI's own actual is (``achievement.actual``: sum, cumulative, latest or average), every
category over the same periods: in a period that reported parts, a category without one counts 0; a
period that reported a value without parts adds it to a remainder, "not disaggregated". So the parts (and
the remainder) always add up to the KPI's actual, in every quarter and to date.

Official figures count approved results only, like the engine. One query for any number of KPIs (two
when the organization's monitoring settings are read), never another organization's results.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from evaluation import achievement
from monitoring.models import (
    IndicatorResult,
    ReportingPeriod,
    ReportState,
    last_period_of_quarter,
    quarter_of_period,
)
from monitoring.periods import policy_for
from plans.models import Indicator

QUARTERS = (1, 2, 3, 4)
ZERO = Decimal(0)
AGGREGATED = {
    Indicator.Aggregation.SUM,
    Indicator.Aggregation.CUMULATIVE,
    Indicator.Aggregation.LATEST,
    Indicator.Aggregation.AVERAGE,
}


@dataclass(frozen=True)
class Part:
    """One category of a KPI: its actual to the end of each quarter and for the year to date (None: no
    data yet). ``remainder``: the part reported without categories."""

    label: str
    quarters: tuple
    to_date: Decimal | None
    remainder: bool = False


@dataclass(frozen=True)
class Breakdown:
    """A KPI's parts; ``reported[q]`` says whether quarter q reported anything (tables show a quarter's
    actual only then, as for the KPI itself)."""

    kpi: Indicator
    parts: list[Part]
    reported: tuple
    total: Part  # the KPI's own actual from the same results (the parts add up to it)

    @property
    def label(self) -> str:
        return self.kpi.disaggregation_label

    def shown(self, part: Part) -> list:
        """The part's actual to the end of each quarter, None in a quarter that reported nothing."""
        return [v if reported else None for reported, v in zip(self.reported, part.quarters, strict=True)]

    @property
    def lines(self) -> list[tuple[Part, list]]:
        return [(part, self.shown(part)) for part in self.parts]

    @property
    def total_line(self) -> list:
        return self.shown(self.total)


def disaggregated(kpi) -> bool:
    """Whether the KPI can have parts: a number KPI with categories, aggregated by a sum, cumulative,
    latest or average value."""
    return kpi.measure_type == Indicator.MeasureType.NUMBER and kpi.aggregation in AGGREGATED and bool(kpi.categories)


def _decimal(raw) -> Decimal | None:
    try:
        return Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return None


def split(kpi, rows, *, kind=ReportingPeriod.Kind.QUARTER) -> Breakdown | None:
    """The breakdown of one KPI from its counted results ``rows``: (period number, value, breakdown) in any
    order, one per period. None when no period reported parts. A plain function: no query."""
    series = []  # (period, total, {category: part})
    for number, value, breakdown in rows:
        parts = {str(k): d for k, d in ((k, _decimal(v)) for k, v in (breakdown or {}).items()) if d is not None}
        total = _decimal(value) if value is not None else (sum(parts.values(), ZERO) if parts else None)
        if total is not None:
            series.append((number, total, parts))
    if not any(parts for _n, _t, parts in series):
        return None
    labels = list(kpi.categories)
    for _n, _t, parts in series:
        labels += [label for label in parts if label not in labels]
    remainders = [total - sum(parts.values(), ZERO) for _n, total, parts in series]

    def part(label, values, remainder=False):
        observations = [
            achievement.Observation(period=number, value=v) for (number, _t, _p), v in zip(series, values, strict=True)
        ]
        quarters = tuple(
            achievement.actual(kpi, observations, upto=last_period_of_quarter(kind, q)).value for q in QUARTERS
        )
        return Part(label, quarters, achievement.actual(kpi, observations).value, remainder)

    found = [part(label, [parts.get(label, ZERO) for _n, _t, parts in series]) for label in labels]
    if any(remainders):
        found.append(part("", remainders, remainder=True))
    reported = tuple(any(quarter_of_period(kind, n) == q for n, _t, _p in series) for q in QUARTERS)
    return Breakdown(kpi, found, reported, part("", [total for _n, total, _p in series]))


def breakdowns(org, kpis, fiscal_year: int, *, official_only: bool = True) -> dict[int, Breakdown]:
    """{KPI id: Breakdown} of the KPIs (objects already fetched) that have parts in the year."""
    wanted = {kpi.pk: kpi for kpi in kpis if disaggregated(kpi)}
    if not wanted:
        return {}
    kind = policy_for(org).period_kind
    results = IndicatorResult.objects.for_org(org).filter(
        indicator_id__in=list(wanted), period__fiscal_year=fiscal_year, period__kind=kind
    )
    if official_only:
        results = results.filter(state=ReportState.APPROVED)
    rows = defaultdict(list)
    for indicator_id, number, value, breakdown in results.values_list(
        "indicator_id", "period__number", "value", "breakdown"
    ):
        rows[indicator_id].append((number, value, breakdown))
    found = {}
    for pk, kpi_rows in rows.items():
        breakdown = split(wanted[pk], kpi_rows, kind=kind)
        if breakdown is not None:
            found[pk] = breakdown
    return found
