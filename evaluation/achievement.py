"""The achievement engine: actual to date, target to date, achievement, progress, level and status of a KPI.

Plain functions over plain data — no HTTP, no queries — so pages, the API and SQL aggregates can all feed
it. Numbers are Decimal (ints are accepted; floats are refused) and are never rounded here: rounding
happens at display. "No data" is ``None``, never zero.

Periods: observations and targets use the same numbering, 1..4 (quarters) or 1..12 (months); target
key 0 is the annual target.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from monitoring.models import ReportState
from plans.models import Indicator

MeasureType = Indicator.MeasureType
Direction = Indicator.Direction
Aggregation = Indicator.Aggregation

HUNDRED = Decimal(100)
ZERO = Decimal(0)
TOP_LEVEL = 5


class KpiStatus(models.TextChoices):
    """Where a KPI stands against its target to date (see ``status``)."""

    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    NO_DATA = "no_data", _("No data")


STATUSES = tuple(KpiStatus.values)


def _decimal(x):
    """Decimal or None; ints become Decimal, floats are refused (money and scores are never float)."""
    if x is None or isinstance(x, Decimal):
        return x
    if isinstance(x, int) and not isinstance(x, bool):
        return Decimal(x)
    raise TypeError(f"expected Decimal, int or None, not {type(x).__name__}")


@dataclass(frozen=True)
class Observation:
    """What was reported for a KPI in one period. Empty fields are None ("" for text)."""

    period: int
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    yes_no: bool | None = None
    text: str = ""

    def __post_init__(self):
        if not 1 <= self.period <= 12:
            raise ValueError(f"period must be 1..12, not {self.period}")
        for name in ("value", "numerator", "denominator"):
            object.__setattr__(self, name, _decimal(getattr(self, name)))


def _period_number(period) -> int:
    return period if isinstance(period, int) else period.number


def observations_from(results: Iterable, *, official_only: bool = True) -> list[Observation]:
    """Observations from IndicatorResult-like objects (duck typing: period, value, numerator, denominator,
    yes_no, text, state). ``period`` is an int or an object with ``.number`` (a ReportingPeriod).

    Official figures count approved results only; ``official_only=False`` also takes drafts, submitted and
    returned results, for an unofficial preview.
    """
    return [
        Observation(
            period=_period_number(r.period),
            value=r.value,
            numerator=r.numerator,
            denominator=r.denominator,
            yes_no=r.yes_no,
            text=r.text or "",
        )
        for r in results
        if not official_only or r.state == ReportState.APPROVED
    ]


@dataclass(frozen=True)
class Actual:
    """The KPI's actual to date. ``value`` is None when there is no data (never 0); ``numerator`` and
    ``denominator`` are the sums a ratio KPI divides; ``periods`` counts the periods that reported and
    ``last_period`` is the latest of them."""

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    yes_no: bool | None = None
    text: str = ""
    has_data: bool = False
    periods: int = 0
    last_period: int | None = None


def _figure(kpi, o: Observation) -> Decimal | None:
    """One period's figure: for a percentage KPI numerator ÷ denominator × 100 when both are given,
    otherwise the reported value."""
    if kpi.measure_type == MeasureType.PERCENTAGE and o.numerator is not None and o.denominator:
        return o.numerator / o.denominator * HUNDRED
    return o.value


def _reports(kpi, o: Observation) -> bool:
    """Whether the observation holds data for this KPI (an empty or irrelevant entry is no data)."""
    if kpi.measure_type == MeasureType.YES_NO:
        return o.yes_no is not None
    if kpi.measure_type == MeasureType.TEXT:
        return bool(o.text.strip())
    if kpi.aggregation == Aggregation.RATIO:
        return o.numerator is not None and o.denominator is not None
    return _figure(kpi, o) is not None


def _check_upto(upto):
    if upto is not None and upto < 1:
        raise ValueError(f"upto must be a period (1 or more) or None, not {upto}")


def actual(kpi, observations: Iterable[Observation], *, upto: int | None = None) -> Actual:
    """The actual to date over the observations with period <= ``upto`` (all when None).

    By the KPI's aggregation:
    - sum: Σ of the period values;
    - cumulative: the value of the latest period that reported (each value is already a running total,
      so it is NEVER summed);
    - latest: the latest period's value;
    - average: the arithmetic mean of the period values;
    - ratio: Σ numerator ÷ Σ denominator × 100, NEVER the mean of the period percentages (only periods
      giving both count; Σ denominator 0 → value None);
    - yes/no measures: the latest answer (value 1 or 0); text measures: the latest text, value None.
    Observations without data for the KPI are skipped; none left → ``has_data`` False, value None.
    Order does not matter; two observations for one period are an error.
    """
    _check_upto(upto)
    counted = sorted(
        (o for o in observations if (upto is None or o.period <= upto) and _reports(kpi, o)),
        key=lambda o: o.period,
    )
    if len({o.period for o in counted}) != len(counted):
        raise ValueError("more than one observation for a period")
    if not counted:
        return Actual()
    last = counted[-1]
    found = {"has_data": True, "periods": len(counted), "last_period": last.period}
    if kpi.measure_type == MeasureType.YES_NO:
        return Actual(value=Decimal(int(last.yes_no)), yes_no=last.yes_no, **found)
    if kpi.measure_type == MeasureType.TEXT:
        return Actual(text=last.text, **found)
    if kpi.aggregation == Aggregation.RATIO:
        num = sum((o.numerator for o in counted), ZERO)
        den = sum((o.denominator for o in counted), ZERO)
        return Actual(value=num / den * HUNDRED if den else None, numerator=num, denominator=den, **found)
    values = [_figure(kpi, o) for o in counted]
    if kpi.aggregation == Aggregation.SUM:
        value = sum(values, ZERO)
    elif kpi.aggregation == Aggregation.AVERAGE:
        value = sum(values, ZERO) / len(values)
    else:  # cumulative, latest
        value = values[-1]
    return Actual(value=value, **found)


def target_to_date(
    kpi, targets: Mapping[int, Decimal | None], *, upto: int | None, periods_in_year: int = 4
) -> Decimal | None:
    """The target to compare with the actual to date. ``targets`` maps period → value, 0 = annual.

    - Whole year (``upto`` None or the last period): the annual target when given; otherwise as below
      for the last period.
    - sum: Σ of the period targets 1..upto (None if any is missing — an annual target is never pro-rated);
    - cumulative, latest, ratio, yes/no and text: the target of period ``upto`` (a running total, a
      level or a rate is judged against where it should stand by then);
    - average: the mean of the period targets 1..upto (None if any is missing).
    """
    _check_upto(upto)
    if upto is None or upto >= periods_in_year:
        annual = _decimal(targets.get(0))
        if annual is not None:
            return annual
        upto = periods_in_year
    if kpi.measure_type in (MeasureType.YES_NO, MeasureType.TEXT) or kpi.aggregation not in (
        Aggregation.SUM,
        Aggregation.AVERAGE,
    ):
        return _decimal(targets.get(upto))
    values = [_decimal(targets.get(p)) for p in range(1, upto + 1)]
    if any(v is None for v in values):
        return None
    total = sum(values, ZERO)
    return total if kpi.aggregation == Aggregation.SUM else total / len(values)


def achievement(kpi, actual_value, target, *, cap: Decimal = Decimal(200)) -> Decimal | None:
    """Achievement in percent, from 0 to ``cap`` (100 or more), not rounded. None when it cannot be judged.

    - higher is better: actual ÷ target × 100 (target 0: actual above → cap, equal → 100, below → 0);
    - lower is better: target ÷ actual × 100, so an actual below target scores above 100 % (actual 0 or
      less with target > 0 → cap; target 0: actual below → cap, equal → 100, above → 0);
    - ratios with a negative target are meaningless → None;
    - within a range: 100 inside [range_low, range_high]; outside, 100 minus the distance to the nearest
      bound relative to the range width (width 0: relative to the bound's size; bound 0 → 0), floored
      at 0. The range, not the target, defines success, so the target is not needed;
    - yes/no: 100 when the answer equals the target (1 = yes, 0 = no), else 0;
    - text, or a missing actual or target (or range bound) → None.
    """
    actual_value, target = _decimal(actual_value), _decimal(target)
    if kpi.measure_type == MeasureType.TEXT or actual_value is None:
        return None
    if kpi.direction == Direction.RANGE and kpi.measure_type != MeasureType.YES_NO:
        return _in_range(kpi, actual_value)
    if target is None:
        return None
    if kpi.measure_type == MeasureType.YES_NO:
        return HUNDRED if (actual_value != 0) == (target != 0) else ZERO
    if target < 0:
        return None
    num, den = (actual_value, target) if kpi.direction == Direction.HIGHER else (target, actual_value)
    if den <= 0:  # nothing to divide by: a zero target (higher) or an actual of zero or less (lower)
        return HUNDRED if num == den else (cap if num > den else ZERO)
    return min(max(num / den * HUNDRED, ZERO), cap)


def _in_range(kpi, value: Decimal) -> Decimal | None:
    low, high = _decimal(kpi.range_low), _decimal(kpi.range_high)
    if low is None or high is None:
        return None
    if low <= value <= high:
        return HUNDRED
    bound = low if value < low else high
    scale = (high - low) or abs(bound)
    if not scale:
        return ZERO
    return max(HUNDRED - abs(value - bound) / scale * HUNDRED, ZERO)


def baseline_progress(kpi, actual_value, target, baseline) -> Decimal | None:
    """Share of the way from baseline to target: (actual − baseline) ÷ (target − baseline) × 100.

    Works for lower is better too (both differences are negative). Not capped: below 0 means the KPI
    moved away from the target, above 100 that it went beyond. None for text and yes/no KPIs, when
    anything is missing, or when target equals baseline.
    """
    actual_value, target, baseline = _decimal(actual_value), _decimal(target), _decimal(baseline)
    if kpi.measure_type in (MeasureType.TEXT, MeasureType.YES_NO):
        return None
    if actual_value is None or target is None or baseline is None or target == baseline:
        return None
    return (actual_value - baseline) / (target - baseline) * HUNDRED


def level(kpi, value) -> int | None:
    """The 5-level score of a value against the KPI's thresholds ("level n from").

    Higher is better: the highest n whose threshold <= value; lower is better: the highest n whose
    threshold >= value. A value that does not reach level 1 scores 0 (reported, but not even level 1).
    None without all five thresholds, for a range, text or yes/no KPI, or without data.
    """
    value = _decimal(value)
    thresholds = [_decimal(t) for t in kpi.levels]
    if value is None or any(t is None for t in thresholds) or kpi.direction == Direction.RANGE:
        return None
    if kpi.measure_type in (MeasureType.TEXT, MeasureType.YES_NO):
        return None
    reached = (t <= value if kpi.direction == Direction.HIGHER else t >= value for t in thresholds)
    return max((n for n, ok in enumerate(reached, start=1) if ok), default=0)


def status(kpi, achievement_percent, *, at_risk_band: Decimal = Decimal(15)) -> str:
    """on_track, at_risk, off_track or no_data, from the achievement percent.

    None → no_data (no result, no target, or a text KPI, which is not rated); >= 100 → on_track; less
    than ``at_risk_band`` points below 100 → at_risk; further below → off_track. Achievement is already
    inverted for lower is better (target ÷ actual), so the same band serves both directions. Yes/no:
    100 → on_track, otherwise off_track.
    """
    achievement_percent = _decimal(achievement_percent)
    if achievement_percent is None:
        return KpiStatus.NO_DATA
    if achievement_percent >= HUNDRED:
        return KpiStatus.ON_TRACK
    if kpi.measure_type != MeasureType.YES_NO and achievement_percent >= HUNDRED - at_risk_band:
        return KpiStatus.AT_RISK
    return KpiStatus.OFF_TRACK


@dataclass(frozen=True)
class KpiFigures:
    """Everything a page or the API shows about one KPI. ``official`` is False when an unapproved result
    was counted (a preview with ``official_only=False``)."""

    actual: Actual
    target: Decimal | None
    achievement: Decimal | None
    progress: Decimal | None
    level: int | None
    status: str
    official: bool


def evaluate(
    kpi,
    results_or_observations: Iterable,
    targets: Mapping[int, Decimal | None],
    *,
    upto: int | None = None,
    baseline=None,
    official_only: bool = True,
    at_risk_band: Decimal = Decimal(15),
    periods_in_year: int = 4,
) -> KpiFigures:
    """Actual, target, achievement, progress from baseline, level and status of a KPI to period ``upto``.

    ``upto`` None is the whole year (compared with the annual target); pass the current period for a
    mid-year view. Items may be Observations (taken as given: the caller vouches they are official) or
    IndicatorResult-like objects (approved only unless ``official_only=False``). ``baseline`` defaults to
    the KPI's baseline value. The level scores the actual value against the KPI's thresholds.
    """
    items = list(results_or_observations)
    observations = [o for o in items if isinstance(o, Observation)]
    results = [r for r in items if not isinstance(r, Observation)]
    approved = [getattr(r, "state", None) == ReportState.APPROVED for r in results]
    pairs = list(zip(approved, observations_from(results, official_only=False), strict=True))
    if official_only:
        pairs = [(ok, o) for ok, o in pairs if ok]
    official = all(ok or not _reports(kpi, o) or (upto is not None and o.period > upto) for ok, o in pairs)
    now = actual(kpi, observations + [o for _ok, o in pairs], upto=upto)
    target = target_to_date(kpi, targets, upto=upto, periods_in_year=periods_in_year)
    percent = achievement(kpi, now.value, target)
    if baseline is None:
        baseline = getattr(kpi, "baseline_value", None)
    return KpiFigures(
        actual=now,
        target=target,
        achievement=percent,
        progress=baseline_progress(kpi, now.value, target, baseline),
        level=level(kpi, now.value),
        status=status(kpi, percent, at_risk_band=at_risk_band),
        official=official,
    )


def weighted_score(items: Iterable[tuple[Decimal, int | None]]) -> tuple[Decimal, Decimal]:
    """(points, maximum) of weighted 5-level scores: points = Σ weight × level, maximum = Σ weight × 5,
    over the items that have a level. Items without data (level None) are left out, not counted as 0.
    """
    scored = [(_decimal(weight), lvl) for weight, lvl in items if lvl is not None]
    points = sum((weight * lvl for weight, lvl in scored), ZERO)
    maximum = sum((weight * TOP_LEVEL for weight, _lvl in scored), ZERO)
    return points, maximum


def combine_scores(scores: Iterable[tuple[Decimal, Decimal]]) -> tuple[Decimal, Decimal]:
    """Totals of several (points, maximum) pairs: (Σ points, Σ maxima) — never an average of percents."""
    pairs = list(scores)
    return sum((p for p, _m in pairs), ZERO), sum((m for _p, m in pairs), ZERO)


def score_percent(points, maximum) -> Decimal | None:
    """points ÷ maximum × 100; None when nothing was scored (maximum 0), e.g. a project without KPIs.

    With weights in percent adding up to 100 this is the DLA "Σ(level × weight%) × 20" score on 100.
    """
    points, maximum = _decimal(points), _decimal(maximum)
    if not maximum:
        return None
    return points / maximum * HUNDRED


def status_counts(statuses: Iterable[str]) -> dict[str, int]:
    """How many KPIs are on_track, at_risk, off_track and no_data (every key present)."""
    counts = Counter(statuses)
    unknown = set(counts) - set(STATUSES)
    if unknown:
        raise ValueError(f"unknown status: {sorted(unknown)}")
    return {name: counts[name] for name in STATUSES}
