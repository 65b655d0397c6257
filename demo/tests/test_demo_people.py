"""The demo's staff of บ้านแพน: forty people in the six departments under the ปลัด; round 2 of 2569 evaluated,
final and its raise proposal made under the percentage rules within the budget and the quota; round 1 of
2570 in progress with the KPIs of the 2570 plan copied to each department's staff and a few check-ins."""

from collections import Counter
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.test import Client
from django.urls import reverse

from demo.monitoring import NOW
from orgs.access import access_for
from orgs.models import Department, User
from people import raises, scoring
from people.access import may_propose_raises, sees_salary
from people.linked import kpi_result, linked_figures
from people.models import (
    Agreement,
    AgreementCompetency,
    AgreementKPI,
    CheckIn,
    Evaluation,
    Person,
    RaiseProposal,
    Round,
)
from people.rounds import raise_effective_day, raise_rules_on, rules_on
from people.services import agreement_problems, raise_problems
from plans.models import ActionPlanItem

STAFF = {
    "สำนักปลัด": 12,
    "กองคลัง": 6,
    "กองช่าง": 7,
    "กองการศึกษา ศาสนาและวัฒนธรรม": 7,
    "กองสาธารณสุขและสิ่งแวดล้อม": 6,
    "หน่วยตรวจสอบภายใน": 2,
}
PALAD = "นายวีระ ทองดี"


@pytest.fixture
def done(seeded):
    return Round.objects.get(organization=seeded, fiscal_year=2569, number=2)


@pytest.fixture
def current(seeded):
    return Round.objects.get(organization=seeded, fiscal_year=2570, number=1)


def same(stored, computed) -> bool:
    """A value as stored (4 places) and as computed (a ratio may have more)."""
    return stored == computed.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def signed_in(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


# The staff -------------------------------------------------------------------------------------------------


def test_forty_people_in_the_six_departments_each_under_its_head_and_the_heads_under_the_palad(seeded):
    people = Person.objects.for_org(seeded).select_related("department", "supervisor__supervisor", "position")
    assert dict(Counter(p.department.name for p in people)) == STAFF
    assert set(STAFF) == set(Department.objects.for_org(seeded).values_list("name", flat=True))
    palad = people.get(supervisor=None)
    assert palad.name == PALAD and palad.position.name == "ปลัดองค์การบริหารส่วนตำบล"
    for person in people.exclude(pk=palad.pk):
        supervisor = person.supervisor
        assert supervisor == palad or supervisor.department == person.department, person
        assert person.reviewer == supervisor.supervisor, person  # the second level: the supervisor's supervisor
        assert person.salary > 0 and person.salary == person.salary.quantize(Decimal("0.01"))
    heads = {p.department.name for p in people if p.supervisor == palad}
    assert heads == set(STAFF)  # each department's head (and the รองปลัด, the auditor) answers to the ปลัด
    directors = people.filter(position__name__startswith="ผู้อำนวยการกอง")
    assert directors.count() == 4 and all(d.supervisor == palad for d in directors)
    accounts = {p.user.username: p for p in people.exclude(user=None).select_related("user")}
    assert set(accounts) == {"planner", "reporter", "auditor", "hr"}
    assert accounts["reporter"].department.name == "กองช่าง"
    assert accounts["hr"].position.name == "นักทรัพยากรบุคคล"
    assert people.filter(supervisor=accounts["auditor"]).count() == 1  # the auditor supervises one person


def test_hr_makes_the_raise_proposal_and_hr_and_the_executive_see_it(seeded, done):
    hr = access_for(User.objects.get(username="hr"), "banphaen")
    executive = access_for(User.objects.get(username="executive"), "banphaen")
    assert may_propose_raises(hr) and sees_salary(executive) and not may_propose_raises(executive)
    page = reverse("people:raise_proposal", args=[seeded.slug, done.pk])
    for username in ("hr", "executive"):
        response = signed_in(username).get(page)
        assert response.status_code == 200 and "48,200.00" in response.content.decode(), username
    assert signed_in("planner").get(page).status_code == 403


# Round 2 of 2569: done -------------------------------------------------------------------------------------


def test_round_2_of_2569_is_rated_by_the_rules_reviewed_acknowledged_and_final(seeded, done):
    assert done.rules == rules_on(seeded, done.starts_on)
    assert done.finalized_at is not None and done.finalized_by.username == "hr"
    agreements = Agreement.objects.for_org(seeded).filter(round=done)
    assert agreements.count() == Person.objects.for_org(seeded).count()
    assert set(agreements.values_list("state", flat=True)) == {Agreement.State.AGREED}
    evaluations = Evaluation.objects.for_org(seeded).filter(agreement__round=done)
    assert evaluations.count() == 40
    assert set(evaluations.values_list("state", flat=True)) == {Evaluation.State.ACKNOWLEDGED}
    rules = done.rules
    for evaluation in evaluations.select_related("agreement"):
        kpis = list(evaluation.agreement.kpis.all())
        competencies = list(evaluation.agreement.competencies.all())
        assert sum(k.weight for k in kpis) == 100
        for kpi in kpis:
            result = kpi_result(kpi)  # the plan's KPI from the approved data, the own KPIs from their check-ins
            assert result.level is not None and result.actual is not None
            assert kpi.rated_level == result.level and same(kpi.rated_actual, result.actual), kpi
            assert kpi.rated_actual == kpi.rated_actual.quantize(Decimal("0.0001"))  # as stored on any engine
        achievement = scoring.achievement_score(((k.rated_level, k.weight) for k in kpis), scale=rules.scale)
        competency = scoring.competency_score(
            ((c.rated_level, c.expected_level) for c in competencies), rules.competency_point_values
        )
        places = Decimal("0.0001")
        assert evaluation.achievement_score == achievement.quantize(places, rounding=ROUND_HALF_UP)
        assert evaluation.competency_score == competency.quantize(places, rounding=ROUND_HALF_UP)
        assert evaluation.total == scoring.total_score(achievement, competency, rules)
        assert evaluation.band == scoring.band(evaluation.final_total, rules)
        assert done.ends_on < evaluation.evaluated_at.date() < evaluation.reviewed_at.date()
        assert evaluation.reviewed_at < evaluation.acknowledged_at < done.finalized_at < NOW
    bands = Counter(evaluations.values_list("band", flat=True))
    assert 3 <= bands["outstanding"] <= 6 and bands["fair"] in (1, 2) and bands["needs_improvement"] == 0
    assert bands["very_good"] >= 12 and bands["good"] >= 12
    adjusted = evaluations.exclude(adjusted_total=None)
    assert adjusted.count() == 1 and adjusted.get().adjustment_reason
    disagreeing = evaluations.filter(employee_agrees=False)
    assert disagreeing.count() == 1 and disagreeing.get().employee_note
    rated_by_account = evaluations.exclude(evaluated_by=None).get()  # the auditor rated the person she supervises
    assert rated_by_account.evaluated_by.username == "auditor"
    assert rated_by_account.agreement.person.supervisor.user == rated_by_account.evaluated_by


def test_round_2_of_2569_links_a_kpi_of_each_departments_2569_project_and_checks_in_the_own_ones(seeded, done):
    linked = AgreementKPI.objects.for_org(seeded).filter(agreement__round=done).exclude(indicator=None)
    scheduled = ActionPlanItem.objects.for_org(seeded).filter(action_plan__fiscal_year=2569)
    assert linked.count() == 40  # everyone: each department has a numeric KPI of the 2569 plan
    for kpi in linked.select_related("indicator__project", "agreement__person"):
        assert kpi.indicator.project.department_id == kpi.agreement.person.department_id
        assert scheduled.filter(project=kpi.indicator.project).exists()
        assert same(kpi.rated_actual, linked_figures(kpi).actual.value)
    own = AgreementKPI.objects.for_org(seeded).filter(agreement__round=done, indicator=None)
    assert not own.filter(checkins=None).exists()
    assert not CheckIn.objects.filter(kpi__in=own).exclude(on__range=(done.starts_on, done.ends_on)).exists()


def test_the_raise_proposal_of_round_2_of_2569_is_final_under_the_percentage_rules_within_budget_and_quota(
    seeded, done
):
    proposal = RaiseProposal.objects.get(round=done)
    rules = proposal.rules
    assert rules == raise_rules_on(seeded, raise_effective_day(done))  # 1 October 2569
    assert (rules.method, rules.valid_from) == ("percent", date(2026, 1, 10))
    assert raise_rules_on(seeded, date(2026, 1, 9)).method == "steps"  # the steps until 9 January 2569
    assert proposal.state == RaiseProposal.State.FINAL and proposal.finalized_by.username == "hr"
    salaries = sum(Person.objects.for_org(seeded).values_list("salary", flat=True))
    assert (proposal.salaries_total, proposal.budget) == (salaries, raises.budget_of(salaries, rules))
    lines = list(proposal.lines.select_related("person__position"))
    assert len(lines) == proposal.evaluated == 40 and proposal.quota == 6
    assert sum(line.amount for line in lines) <= proposal.budget
    assert raises.top_count((line.rate for line in lines), rules) <= proposal.quota
    assert raise_problems(proposal) == []
    evaluations = {e.agreement.person_id: e for e in Evaluation.objects.filter(agreement__round=done)}
    for line in lines:
        assert (line.total, line.band) == (evaluations[line.person_id].final_total, evaluations[line.person_id].band)
        assert line.base == line.person.position.calculation_base
        assert line.rate == raises.band_rate(line.band, rules) and not line.scaled and not line.over_quota
        assert line.amount == raises.raise_amount(salary=line.salary, base=line.base, rate=line.rate, rules=rules)
    assert any(line.base is None for line in lines) and any(line.base is not None for line in lines)


# Round 1 of 2570: in progress ------------------------------------------------------------------------------


def test_round_1_of_2570_has_everyones_agreement_most_signed_a_few_drafts(seeded, current):
    agreements = Agreement.objects.for_org(seeded).filter(round=current)
    assert agreements.count() == 40
    assert all(agreement_problems(a) == [] for a in agreements)
    states = Counter(agreements.values_list("state", flat=True))
    assert states["agreed"] >= 30 and 2 <= states["draft"] <= 6
    assert agreements.filter(state="draft").exclude(employee_signed_at=None).exists()  # waiting for the supervisor
    assert not Evaluation.objects.filter(agreement__round=current).exists()
    signed = agreements.exclude(supervisor_signed_at=None).values_list("supervisor_signed_at", flat=True)
    assert all(current.starts_on <= moment.date() < NOW.date() for moment in signed)


def test_round_1_of_2570_links_a_kpi_of_each_departments_2570_project_with_its_actual_from_the_data(seeded, current):
    linked = AgreementKPI.objects.for_org(seeded).filter(agreement__round=current).exclude(indicator=None)
    scheduled = ActionPlanItem.objects.for_org(seeded).filter(action_plan__fiscal_year=2570)
    assert {k.agreement.person.department.name for k in linked.select_related("agreement__person__department")} == set(
        STAFF
    )
    for kpi in linked.select_related("indicator__project", "agreement__person"):
        assert kpi.indicator.project.department_id == kpi.agreement.person.department_id
        assert scheduled.filter(project=kpi.indicator.project).exists()
        assert kpi_result(kpi).actual == linked_figures(kpi).actual.value
        assert kpi.levels[-1] == kpi.indicator.targets.get(fiscal_year=2570, period=0).value  # level 5: the target
    assert linked.count() == 40


def test_round_1_of_2570_has_check_ins_in_several_departments_before_the_storys_today(seeded, current):
    checkins = CheckIn.objects.for_org(seeded).filter(kpi__agreement__round=current).select_related("kpi__agreement")
    assert 5 <= checkins.count() <= 15
    assert len({c.kpi.agreement.person.department_id for c in checkins}) >= 5
    assert all(current.starts_on <= c.on < NOW.date() for c in checkins)
    assert all(c.kpi.agreement.state == Agreement.State.AGREED and c.kpi.indicator_id is None for c in checkins)
    reporter = checkins.filter(kpi__agreement__person__user__username="reporter")
    assert reporter.count() == 2 and reporter.exclude(problem="").exists()


def test_every_agreement_lists_the_competencies_its_position_expects(seeded):
    rows = AgreementCompetency.objects.for_org(seeded)
    palad = rows.filter(agreement__person__name=PALAD, agreement__round__fiscal_year=2570)
    assert palad.filter(kind="core", expected_level=3).count() == 5 and palad.filter(kind="managerial").count() == 2
    engineer = rows.filter(agreement__person__name="นายประเสริฐ มั่นคง", agreement__round__fiscal_year=2570)
    assert set(engineer.values_list("kind", "expected_level")) == {("core", 2), ("functional", 3)}
    assert engineer.count() == 6
    assert not Agreement.objects.for_org(seeded).filter(competencies=None).exists()


def test_a_signature_made_on_paper_shows_no_account_on_the_agreement_page(seeded, current):
    agreement = Agreement.objects.filter(round=current, supervisor_signed_by=None).exclude(supervisor_signed_at=None)
    agreement = agreement.filter(employee_signed_by=None).first()
    html = signed_in("hr").get(reverse("people:agreement_detail", args=[seeded.slug, agreement.pk])).content.decode()
    state = html[html.index('id="agreement-state"') : html.index("</p>", html.index('id="agreement-state"'))]
    assert "None" not in state and state.count("–") == 2
