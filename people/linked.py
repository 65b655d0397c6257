"""The actual of an agreed KPI for its round: from the approved monitoring data through the evaluation
engine when it is linked to a KPI of the plan, otherwise the latest value entered in its check-ins."""

from dataclasses import dataclass
from decimal import Decimal

from evaluation.rollup import indicator_periods
from people import scoring
from people.models import AgreementKPI, Round

# The end of each round as a quarter of the fiscal year (None: the whole year, compared with the annual target).
ROUND_UPTO = {Round.Number.FIRST: 2, Round.Number.SECOND: None}


def linked_figures(kpi: AgreementKPI):
    """The engine's figures (approved data only) of the plan KPI ``kpi`` is linked to, to the end of its
    round: round 1 to the end of the second quarter (31 March), round 2 the whole fiscal year."""
    round_ = kpi.agreement.round
    periods = indicator_periods(round_.organization, kpi.indicator, round_.fiscal_year)
    upto = ROUND_UPTO[round_.number]
    return periods.year_to_date if upto is None else periods.quarters[upto - 1].figures


def own_actual(kpi: AgreementKPI) -> Decimal | None:
    """The latest value recorded in the KPI's check-ins up to the round's end (None without one)."""
    checkin = (
        kpi.checkins.filter(value__isnull=False, on__lte=kpi.agreement.round.ends_on).order_by("-on", "-pk").first()
    )
    return checkin.value if checkin else None


@dataclass(frozen=True)
class KpiResult:
    kpi: AgreementKPI
    actual: Decimal | None
    level: int | None
    linked: bool


def kpi_result(kpi: AgreementKPI) -> KpiResult:
    """The actual of an agreed KPI for its round and the level it reaches against the five target levels."""
    value = linked_figures(kpi).actual.value if kpi.indicator_id else own_actual(kpi)
    level = scoring.level_reached(value, kpi.levels, direction=kpi.direction)
    return KpiResult(kpi=kpi, actual=value, level=level, linked=bool(kpi.indicator_id))


def agreement_results(agreement) -> tuple[list[KpiResult], Decimal]:
    """Each KPI's result and the achievement score on 100 of an agreement (scale of the round's rules)."""
    results = [kpi_result(kpi) for kpi in agreement.kpis.select_related("indicator", "agreement__round")]
    score = scoring.achievement_score(((r.level, r.kpi.weight) for r in results), scale=agreement.round.rules.scale)
    return results, score
