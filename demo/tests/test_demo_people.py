"""The demo's staff of บ้านแพน and round 1 of 2570: a line of supervisors, agreements that can be signed, and
กองช่าง's KPI linked to the plan with its actual from the monitoring data."""

from people.linked import kpi_result, linked_figures
from people.models import Agreement, AgreementKPI, CheckIn, Person, Round
from people.services import agreement_problems


def test_banphaen_has_staff_under_the_palad_and_round_1_of_2570_with_everyones_agreement(seeded):
    people = Person.objects.for_org(seeded)
    assert people.count() == 11
    assert people.filter(supervisor=None).count() == 1
    assert set(people.exclude(user=None).values_list("user__username", flat=True)) == {"planner", "reporter", "auditor"}
    round_ = Round.objects.for_org(seeded).get(fiscal_year=2570, number=1)
    agreements = Agreement.objects.for_org(seeded).filter(round=round_)
    assert agreements.count() == 11
    assert all(agreement_problems(a) == [] for a in agreements)


def test_the_linked_kpis_take_their_actual_from_the_monitoring_data(seeded):
    linked = AgreementKPI.objects.for_org(seeded).exclude(indicator=None)
    assert linked.count() == 3  # the three people of กองช่าง
    for kpi in linked:
        assert kpi_result(kpi).actual == linked_figures(kpi).actual.value
    assert CheckIn.objects.for_org(seeded).count() == 2


def test_every_agreement_lists_the_competencies_its_position_expects(seeded):
    from people.models import AgreementCompetency

    rows = AgreementCompetency.objects.for_org(seeded)
    palad = rows.filter(agreement__person__name="นายวีระ ทองดี")
    assert palad.filter(kind="core", expected_level=3).count() == 5 and palad.filter(kind="managerial").count() == 2
    engineer = rows.filter(agreement__person__name="นายประเสริฐ มั่นคง")
    assert set(engineer.values_list("kind", "expected_level")) == {("core", 2), ("functional", 3)}
    assert engineer.count() == 6
    assert not Agreement.objects.for_org(seeded).filter(competencies=None).exists()
