"""The organization's home page: each role's next actions, counted right, scoped by the person's access
(a department reporter counts their department's work only; another organization's data is never counted),
in a bounded number of queries whatever the number of projects."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from evaluation import rollup
from monitoring import selectors
from monitoring.models import IndicatorResult, LockException, ProgressReport, ReportingPeriod, ReportState
from monitoring.periods import ensure_periods
from orgs.access import access_for
from orgs.models import Department, Organization, Role
from plans.models import ActionPlanItem, Indicator, Project, Target

TODAY = date(2026, 4, 5)  # FY2569 Q3: the Q1 deadline (15 Jan 2026) has passed, Q2's (15 Apr 2026) is next


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("dashboard.home._today", lambda: TODAY)
    return TODAY


def add_project(org, plan, department, n, *, kpi=True):
    """One more project of the 2569 action plan in ``department`` (with a KPI and its 2569 target)."""
    project = Project.objects.create(
        organization=org, program=plan.program, code=f"x-{n}", name=f"โครงการ {n}", department=department, order=10 + n
    )
    ActionPlanItem.objects.create(organization=org, action_plan=plan.action_plan, project=project, budget=Decimal(1000))
    if kpi:
        indicator = Indicator.objects.create(organization=org, project=project, name="ตัวชี้วัด", unit="ครั้ง")
        Target.objects.create(organization=org, indicator=indicator, fiscal_year=2569, period=0, value=Decimal(1))
    return project


def report(org, period, project, state, *, status="in_progress"):
    submitted = datetime(2026, 1, 10, 9, tzinfo=timezone.get_current_timezone())
    return ProgressReport.objects.create(
        organization=org,
        period=period,
        project=project,
        department=project.department,
        project_status=status,
        percent_complete=Decimal(50),
        disbursed=Decimal("1000.00"),
        state=state,
        submitted_at=None if state == ReportState.DRAFT else submitted,
        approved_at=submitted if state == ReportState.APPROVED else None,
    )


@pytest.fixture
def story(world):
    """บ้านแพน: กองช่าง has 4 projects in 2569 (one without a KPI), กองคลัง 2. In Q1 (past its deadline)
    กองช่าง has 2 approved (one completed) and 2 returned, so it is late; กองคลัง 1 approved and 1 waiting
    for review. In Q2 (next) กองช่าง has 1 submitted and 1 approved: 2 due; กองคลัง none: 2 due. One
    organization KPI result waits for review. บ้านกลาง has returned, submitted and approved reports too."""
    org, plan = world.org, world.plan
    works = [plan.projects[0]] + [add_project(org, plan, world.works, n, kpi=n != 2) for n in range(1, 4)]
    finance = [plan.projects[1], add_project(org, plan, world.finance, 4)]
    q1, q2, _q3, _q4 = ensure_periods(org, 2569)
    A, R, S = ReportState.APPROVED, ReportState.RETURNED, ReportState.SUBMITTED
    report(org, q1, works[0], A, status="completed")
    report(org, q1, works[1], A)
    report(org, q1, works[2], R)
    report(org, q1, works[3], R)
    report(org, q1, finance[0], A)
    report(org, q1, finance[1], S)
    report(org, q2, works[0], S)
    report(org, q2, works[1], A)
    report(org, q2, works[2], ReportState.DRAFT)
    IndicatorResult.objects.create(
        organization=org, indicator=plan.org_indicator, period=q1, value=Decimal(80), state=S
    )
    other, other_project = world.other_org, world.other_plan.projects[0]
    o1, o2, *_ = ensure_periods(other, 2569)
    report(other, o1, other_project, R)
    report(other, o2, other_project, S)
    IndicatorResult.objects.create(
        organization=other, indicator=world.other_plan.org_indicator, period=o1, value=Decimal(1), state=S
    )
    return {"works": works, "finance": finance, "q1": q1, "q2": q2}


def home(client, world):
    response = client.get(reverse("org_home", args=[world.org.slug]))
    assert response.status_code == 200
    return response


# The selectors ------------------------------------------------------------------------------------


def test_the_reporter_counts_only_their_departments_reports(world, story):
    reporter = access_for(world.users["reporter"], world.org.slug)
    due = selectors.reports_due(world.org, reporter, TODAY)
    assert [(d.department, d.period, d.planned, d.submitted, d.due) for d in due] == [
        (world.works, story["q2"], 4, 2, 2)
    ]
    returned = selectors.returned_reports(world.org, reporter, TODAY)
    assert [(r.period, r.department, r.count, r.open) for r in returned] == [(story["q1"], world.works, 2, False)]
    # Q1 is closed: the reporter may correct them only once the audit unit reopens it for them
    LockException.objects.create(
        organization=world.org,
        period=story["q1"],
        project=story["works"][2],
        reason="แก้ไขตามที่ส่งกลับ",
        until=TODAY,
        granted_by=world.users["auditor"],
    )
    returned = selectors.returned_reports(world.org, reporter, TODAY)
    assert [(r.count, r.open) for r in returned] == [(1, True), (1, False)]


def test_whoever_sees_every_department_gets_every_departments_counts(world, story):
    auditor = access_for(world.users["auditor"], world.org.slug)
    due = {d.department: d.due for d in selectors.reports_due(world.org, auditor, TODAY)}
    assert due == {world.works: 2, world.finance: 2}
    queue = selectors.review_queue(world.org, auditor)
    assert [(c.period, c.count) for c in queue["reports"]] == [(story["q1"], 1), (story["q2"], 1)]
    assert [(c.period, c.count) for c in queue["results"]] == [(story["q1"], 1)]
    period, late = selectors.late_departments(world.org, auditor, TODAY)
    assert period == story["q1"]
    assert [(row["department"], row["missing"]) for row in late] == [(world.works, 2)]


def test_the_next_period_is_the_first_deadline_still_to_come(world, story):
    assert selectors.next_period(world.org, TODAY) == story["q2"]
    assert selectors.next_period(world.org, date(2026, 4, 15)) == story["q2"]  # the deadline day itself
    assert selectors.next_period(world.org, date(2026, 4, 16)).number == 3
    assert selectors.next_period(world.org, date(2027, 1, 1)) is None  # 2570 is not set up


def test_the_latest_reported_year_needs_approved_data_past_its_deadline(world, story):
    executive = access_for(world.users["executive"], world.org.slug)
    assert selectors.latest_reported_year(world.org, executive, date(2026, 1, 15)) is None  # Q1's deadline day
    assert selectors.latest_reported_year(world.org, executive, TODAY) == 2569
    q1_2570 = ensure_periods(world.org, 2570)[0]
    report(world.org, q1_2570, world.plan.projects[0], ReportState.APPROVED)
    assert selectors.latest_reported_year(world.org, executive, date(2026, 12, 5)) == 2569  # not due yet
    assert selectors.latest_reported_year(world.org, executive, date(2027, 1, 16)) == 2570


def test_the_year_plan_state(world, story):
    from plans.selectors import year_plan_state

    planner = access_for(world.users["planner"], world.org.slug)
    state = year_plan_state(world.org, planner, 2569)
    assert state.action_plan == world.plan.action_plan and state.action_plan.item_count == 6
    assert state.next_action_plan is None
    assert state.development_plan == world.plan.plan
    assert (state.projects, state.projects_without_kpis, state.kpis, state.kpis_without_targets) == (6, 1, 5, 0)
    assert state.budget == Decimal("95000.50") * 2 + 4 * Decimal(1000)
    Target.objects.filter(indicator=world.plan.indicator).delete()
    reporter = access_for(world.users["reporter"], world.org.slug)
    state = year_plan_state(world.org, reporter, 2569)
    assert (state.projects, state.projects_without_kpis, state.kpis, state.kpis_without_targets) == (4, 1, 3, 1)
    assert state.budget == Decimal("95000.50") + 3 * Decimal(1000)


# The page, per role --------------------------------------------------------------------------------


def test_the_reporter_sees_their_reports_due_and_returned(world, story, client_for, today):
    response = home(client_for("reporter"), world)
    html = response.content.decode()
    entry = reverse("monitoring:entry", args=[world.org.slug, 2569, 2, world.works.pk])
    returned = reverse("monitoring:entry", args=[world.org.slug, 2569, 1, world.works.pk])
    assert f'href="{entry}?show=todo"' in html
    assert f'href="{returned}?show=returned"' in html
    assert "ต้องส่งรายงาน 2 ฉบับ ภายใน 15 เม.ย. 2569" in html
    assert "ส่งกลับให้แก้ไข 2 ฉบับ" in html
    assert {d.department for d in response.context["reporter"]["due"]} == {world.works}
    assert response.context["state"].kpis == 3  # กองช่าง's KPIs only (of 5 project KPIs and one of the org)
    assert 'id="kpi-count">3<' in html
    assert 'id="card-review"' not in html and 'id="card-plan"' not in html and 'id="card-admin"' not in html
    assert world.other_org.name not in html


def test_the_auditor_sees_what_to_review_and_the_departments_late(world, story, client_for, today):
    response = home(client_for("auditor"), world)
    html = response.content.decode()
    review = response.context["review"]
    assert (review["to_review"], review["results_to_review"], len(review["late"])) == (2, 1, 1)
    assert f'href="{reverse("monitoring:period", args=[world.org.slug, 2569, 1])}#waiting"' in html
    assert f'href="{reverse("monitoring:org_results", args=[world.org.slug, 2569, 1])}"' in html
    assert "รายงานรอตรวจ 1 ฉบับ" in html
    assert "ส่งช้า 1 กอง" in html
    assert 'id="card-reports"' not in html and 'id="card-plan"' not in html


def test_the_planner_sees_the_years_plan_state(world, story, client_for, today):
    html = home(client_for("planner"), world).content.decode()
    assert 'id="card-plan"' in html
    assert reverse("plans:action_plan_detail", args=[world.org.slug, 2569]) in html
    assert "1 โครงการยังไม่มีตัวชี้วัด" in html
    assert reverse("plans:action_plan_create", args=[world.org.slug]) in html  # 2570 has no action plan yet
    assert 'id="card-review"' not in html and 'id="card-reports"' not in html


@pytest.mark.parametrize("persona", ["executive", "overseer"])
def test_the_executive_sees_the_headline_of_the_latest_year_with_approved_data(
    world, story, client_for, today, persona
):
    response = home(client_for(persona), world)
    html = response.content.decode()
    executive = access_for(world.users[persona], world.org.slug)
    total = rollup.year_figures(world.org, 2569, access=executive).organization
    headline = response.context["headline"]
    assert headline["year"] == 2569
    assert headline["total"].completed == total.completed == 1
    assert headline["total"].rate == total.rate
    assert f"{reverse('dashboard:index', args=[world.org.slug])}?year=2569" in html
    assert 'id="card-review"' not in html and 'id="card-plan"' not in html and 'id="card-reports"' not in html


def test_the_executive_without_approved_data_is_told_so(world, client_for, today):
    response = home(client_for("executive"), world)
    assert response.context["headline"] is None
    assert "ยังไม่มีรายงานที่อนุมัติ" in response.content.decode()


def test_the_admin_sees_review_plan_and_people(world, story, client_for, today):
    html = home(client_for("admin"), world).content.decode()
    for card in ("card-review", "card-plan", "card-admin"):
        assert f'id="{card}"' in html
    assert 'id="card-reports"' not in html
    assert "1 กองยังไม่มีผู้รายงาน" in html  # กองคลัง


def test_another_organizations_data_is_never_counted(world, story, client_for, today):
    """บ้านกลาง's returned, submitted and result rows are left out of บ้านแพน's counts, and its own
    administrator sees only them."""
    response = home(client_for("auditor"), world)
    assert response.context["review"]["to_review"] == 2
    assert response.context["review"]["results_to_review"] == 1
    client = client_for("outsider")
    response = client.get(reverse("org_home", args=[world.other_org.slug]))
    review = response.context["review"]
    assert (review["to_review"], review["results_to_review"]) == (1, 1)
    assert client.get(reverse("org_home", args=[world.org.slug])).status_code == 404


# Queries -------------------------------------------------------------------------------------------

MAX_QUERIES = {"reporter": 24, "auditor": 25, "planner": 16, "executive": 27, "admin": 27}  # measured


@pytest.mark.parametrize("persona", MAX_QUERIES)
def test_each_roles_home_runs_a_bounded_number_of_queries(
    world, story, client_for, today, persona, django_assert_max_num_queries
):
    client = client_for(persona)
    home(client, world)  # the session's organization is kept on the first visit
    with django_assert_max_num_queries(MAX_QUERIES[persona]):
        home(client, world)


@pytest.mark.parametrize("persona", ["reporter", "auditor", "executive", "admin"])
def test_the_query_count_does_not_grow_with_the_number_of_projects(db, client, today, persona):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from conftest import make_plan

    counts = []
    for size in (6, 60):
        org = Organization.objects.create(name=f"อบต. {size}", slug=f"h{size}", province="พระนครศรีอยุธยา")
        departments = [Department.objects.create(organization=org, name=f"กอง {n}") for n in range(3)]
        plan = make_plan(org, departments, projects=size)
        q1, q2, *_ = ensure_periods(org, 2569)
        for n, project in enumerate(plan.projects):
            report(org, q1, project, [ReportState.APPROVED, ReportState.RETURNED, ReportState.SUBMITTED][n % 3])
            report(org, q2, project, [ReportState.SUBMITTED, ReportState.DRAFT][n % 2])
        user = make_user(f"{persona}{size}", org, getattr(Role, persona.upper()), departments[0])
        client.force_login(user)
        url = reverse("org_home", args=[org.slug])
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_the_dashboard_opens_on_the_latest_year_with_approved_data(world, story, client_for):
    from plans.models import ActionPlan

    ActionPlan.objects.create(organization=world.org, plan=world.plan.plan, fiscal_year=2570)
    assert ReportingPeriod.objects.filter(organization=world.org, fiscal_year=2569, deadline__lt=TODAY).exists()
    response = client_for("executive").get(reverse("dashboard:index", args=[world.org.slug]))
    assert response.context["year"] == 2569  # not 2570, the year under way with nothing approved
