"""A KPI of an agreement linked to a KPI of the plan takes its actual from the approved monitoring data,
through the evaluation engine; an own KPI from its latest check-in."""

from datetime import date
from decimal import Decimal

import pytest

from evaluation import rollup
from monitoring.models import IndicatorResult
from monitoring.periods import ensure_periods
from people.factories import make_agreement, make_person, make_round, rule_set
from people.linked import agreement_results, kpi_result
from people.models import CheckIn
from plans.models import Target


@pytest.fixture
def road(world):
    """The กองช่าง project's KPI (sum over quarters, annual target 200): 90 and 70 approved in Q1 and Q2,
    500 approved in Q3, and a draft of 1,000 in Q4 that must not count."""
    kpi = world.plan.indicator
    periods = {p.number: p for p in ensure_periods(world.org, 2569)}
    Target.objects.create(organization=world.org, indicator=kpi, fiscal_year=2569, period=2, value=Decimal(100))
    for number, value, state in ((1, 90, "approved"), (2, 70, "approved"), (3, 500, "approved"), (4, 1000, "draft")):
        IndicatorResult.objects.create(
            organization=world.org, indicator=kpi, period=periods[number], value=Decimal(value), state=state
        )
    return kpi


def figure_of(world, kpi, upto):
    figures = rollup.year_figures(world.org, 2569, upto=upto)
    return next(k for k in figures.all_kpis if k.kpi.pk == kpi.pk).figures


@pytest.mark.parametrize(("number", "upto", "expected"), [(1, 2, Decimal(160)), (2, None, Decimal(660))])
def test_a_linked_kpi_has_the_monitoring_datas_actual_to_the_end_of_its_round(world, road, number, upto, expected):
    person = make_person(world.org, "นายช่าง", department=world.works)
    agreement = make_agreement(
        person, make_round(world.org, 2569, number), [("ถนน", 100, (100, 130, 160, 400, 700), road)]
    )
    result = kpi_result(agreement.kpis.get())
    assert result.linked
    assert result.actual == expected == figure_of(world, road, upto).actual.value
    assert result.level == (3 if number == 1 else 4)


def test_an_own_kpi_takes_the_latest_value_of_its_check_ins_within_the_round(world):
    person = make_person(world.org, "นางการเงิน", department=world.finance)
    agreement = make_agreement(person, make_round(world.org, 2569, 1), [("เบิกจ่ายทันเวลา", 100, (1, 2, 3, 4, 5))])
    kpi = agreement.kpis.get()
    assert kpi_result(kpi).actual is None and kpi_result(kpi).level is None
    for on, value in ((date(2025, 12, 1), 2), (date(2026, 3, 1), 4), (date(2026, 4, 2), 5), (date(2026, 3, 5), None)):
        CheckIn.objects.create(organization=world.org, kpi=kpi, on=on, value=value)
    result = kpi_result(kpi)
    assert (result.actual, result.level, result.linked) == (Decimal(4), 4, False)


def test_the_achievement_of_an_agreement_is_scored_by_its_rounds_rules(world, road):
    rule_set(world.org)
    person = make_person(world.org, "นายช่าง", department=world.works)
    agreement = make_agreement(
        person,
        make_round(world.org, 2569, 1),
        [("ถนน", 60, (100, 130, 160, 400, 700), road), ("งานเอกสาร", 40, (1, 2, 3, 4, 5))],
    )
    CheckIn.objects.create(
        organization=world.org, kpi=agreement.kpis.get(name="งานเอกสาร"), on=date(2026, 1, 5), value=5
    )
    results, score = agreement_results(agreement)
    assert [r.level for r in results] == [3, 5]
    assert score == Decimal(3 * 60 + 5 * 40) / 5 == Decimal(76)
