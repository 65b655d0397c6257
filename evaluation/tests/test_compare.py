"""Year over year: the page's access, figures equal to independent ORM sums, a fixed number of queries
per year whatever the number of projects, and a KPI's year without approved data is "no data" (never 0)."""

from decimal import Decimal

import pytest
from django.db import connection, reset_queries
from django.db.models import Count, Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_plan, make_report, make_user
from evaluation import compare
from monitoring.models import IndicatorResult, ProgressReport, ProjectStatus, ReportState
from monitoring.periods import ensure_periods
from orgs.models import Department, Organization, Role
from plans.models import ActionPlan, ActionPlanItem, DevelopmentPlan, Goal, Indicator, Program, Project, Strategy
from plans.services import action_plan_carry_forward

pytestmark = pytest.mark.django_db

APPROVED, DRAFT = ReportState.APPROVED, ReportState.DRAFT


def page(org, **query):
    url = reverse("evaluation:compare", args=[org.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def result(kpi, period, value, *, state=APPROVED):
    return IndicatorResult.objects.create(
        organization=kpi.organization, indicator=kpi, period=period, value=value, state=state
    )


@pytest.fixture
def two_years(world):
    """FY2569 and FY2570 (carried forward) of บ้านแพน, with reports in both years, some not approved."""
    org, plan = world.org, world.plan
    action_plan_carry_forward(source=plan.action_plan)
    q69 = ensure_periods(org, 2569)
    q70 = ensure_periods(org, 2570)
    one, two = plan.projects
    make_report(one, q69[0], ProjectStatus.COMPLETED, disbursed=Decimal("1000.25"))
    make_report(two, q69[0], ProjectStatus.IN_PROGRESS, disbursed=Decimal("500.00"))
    make_report(two, q69[1], ProjectStatus.IN_PROGRESS, disbursed=Decimal("700.00"), state=DRAFT)  # not counted
    make_report(one, q70[0], ProjectStatus.IN_PROGRESS, disbursed=Decimal("2500.00"))
    return {"q69": q69, "q70": q70}


# The page ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["planner", "executive"])
def test_page_renders(client_for, world, two_years, persona):
    response = client_for(persona).get(page(world.org))
    assert response.status_code == 200
    assert response.context["years"] == [2569, 2570]
    assert 'id="compare-plan"' in response.text and 'id="compare-strategies"' in response.text
    assert 'id="compare-indicator"' not in response.text


def test_outsider_gets_404(client_for, world, two_years):
    assert client_for("outsider").get(page(world.org)).status_code == 404


def test_years_default_to_the_last_three_and_can_be_chosen(client_for, world, two_years):
    for year in (2566, 2567, 2568):
        ActionPlan.objects.create(organization=world.org, plan=world.plan.plan, fiscal_year=year)
    client = client_for("planner")
    assert client.get(page(world.org)).context["years"] == [2568, 2569, 2570]
    assert client.get(page(world.org, years="2570,2566,2560")).context["years"] == [2566, 2570]
    assert client.get(page(world.org) + "?years=2567&years=2569").context["years"] == [2567, 2569]
    assert client.get(page(world.org, years="2560")).context["years"] == [2568, 2569, 2570]  # no action plan
    for bad in ("x", "1999", "2570,x"):  # not a fiscal year: refused (core/params.py)
        assert client.get(page(world.org, years=bad)).status_code == 400


def test_page_without_an_action_plan(client_for, world):
    ActionPlan.objects.for_org(world.org).delete()
    response = client_for("planner").get(page(world.org))
    assert response.status_code == 200 and response.context["years"] == []


def test_indicator_table_and_its_access(client_for, world, two_years):
    plan = world.plan
    works_kpi = plan.indicator  # a กองช่าง project's KPI, the reporter's department
    finance_kpi = plan.projects[1].indicators.first()
    planner = client_for("planner")
    response = planner.get(page(world.org, indicator=finance_kpi.pk))
    assert response.status_code == 200 and 'id="compare-indicator"' in response.text
    assert [row.fiscal_year for row in response.context["kpi_years"]] == [2569, 2570]
    assert planner.get(page(world.org, indicator=world.other_plan.indicator.pk)).status_code == 404
    assert planner.get(page(world.org, indicator="x")).status_code == 400
    assert planner.get(page(world.org, indicator=999999)).status_code == 404
    reporter = client_for("reporter")
    assert reporter.get(page(world.org, indicator=works_kpi.pk)).status_code == 200
    assert reporter.get(page(world.org, indicator=plan.org_indicator.pk)).status_code == 200
    assert reporter.get(page(world.org, indicator=finance_kpi.pk)).status_code == 404


def test_reporter_sees_only_their_department_projects(client_for, world, two_years):
    totals = client_for("reporter").get(page(world.org)).context["comparison"].totals
    assert [cell.group.planned for cell in totals] == [1, 1]


# Figures ----------------------------------------------------------------------------------------------


def test_figures_per_year_equal_independent_orm_sums(world, two_years):
    org = world.org
    comparison = compare.compare_years(org, [2570, 2569])
    assert comparison.years == [2569, 2570]
    for cell in comparison.totals:
        year = cell.fiscal_year
        items = ActionPlanItem.objects.filter(organization=org, action_plan__fiscal_year=year)
        planned = items.aggregate(n=Count("pk"), budget=Sum("budget"))
        disbursed = ProgressReport.objects.filter(organization=org, period__fiscal_year=year, state=APPROVED).aggregate(
            total=Sum("disbursed")
        )["total"]
        completed = (
            ProgressReport.objects.filter(organization=org, period__fiscal_year=year, state=APPROVED)
            .filter(project_status=ProjectStatus.COMPLETED)
            .values("project")
            .distinct()
            .count()
        )
        g = cell.group
        assert cell.has_plan
        assert g.planned == planned["n"] == 2
        assert g.budget == planned["budget"]
        assert g.disbursed == disbursed
        assert g.completed == completed
        assert g.rate == disbursed / planned["budget"] * 100
        assert sum(g.kpi_counts.values()) == Indicator.objects.filter(organization=org, project__isnull=False).count()
    by_year = {c.fiscal_year: c.group for c in comparison.totals}
    assert by_year[2569].budget == Decimal("190001.00")  # 2 × 95,000.50 (the action plan)
    assert by_year[2570].budget == Decimal("200000.00")  # 2 × 100,000 (the plan's budgets, carried forward)
    assert by_year[2569].disbursed == Decimal("1500.25")  # the draft is not counted
    assert by_year[2570].disbursed == Decimal("2500.00")
    # one strategy (number 1) in both years, equal to the whole plan here
    [row] = comparison.strategies
    assert row.number == 1
    assert [c.group.budget for c in row.cells] == [by_year[2569].budget, by_year[2570].budget]


def test_strategies_are_matched_by_number_across_development_plans(world, two_years):
    org = world.org
    new_plan = DevelopmentPlan.objects.create(organization=org, name="แผนใหม่", first_year=2571, last_year=2575)
    one = Strategy.objects.create(organization=org, plan=new_plan, number=1, name="โครงสร้างพื้นฐาน (ใหม่)")
    Strategy.objects.create(organization=org, plan=new_plan, number=2, name="สังคม")
    program = Program.objects.create(
        organization=org, goal=Goal.objects.create(organization=org, strategy=one, number="1.1", name="ถนน"), name="ป"
    )
    project = Project.objects.create(
        organization=org, program=program, code="N-1", name="ถนนใหม่", department=world.works
    )
    action_plan = ActionPlan.objects.create(organization=org, plan=new_plan, fiscal_year=2571)
    ActionPlanItem.objects.create(organization=org, action_plan=action_plan, project=project, budget=Decimal(300))
    comparison = compare.compare_years(org, [2569, 2570, 2571])
    assert [row.number for row in comparison.strategies] == [1, 2]
    first, second = comparison.strategies
    assert first.name == "โครงสร้างพื้นฐาน (ใหม่)"
    assert [c.group.planned for c in first.cells] == [2, 2, 1]
    assert [c.group for c in second.cells][:2] == [None, None]
    assert second.cells[2].group.planned == 0


def test_compare_indicator_is_no_data_without_an_approved_result(world, two_years):
    kpi = world.plan.indicator  # annual target 200 in 2569, copied to 2570 by the carry forward
    result(kpi, two_years["q69"][0], Decimal(150))
    result(kpi, two_years["q70"][0], Decimal(500), state=DRAFT)  # not approved: not counted
    y69, y70, y71 = compare.compare_indicator(world.org, kpi, [2571, 2570, 2569])
    assert (y69.fiscal_year, y69.actual, y69.target, y69.achievement, y69.status) == (
        2569,
        Decimal(150),
        Decimal(200),
        Decimal(75),
        "off_track",
    )
    for year in (y70, y71):
        assert year.actual is None and year.achievement is None and year.status == "no_data"
        assert not year.figures.actual.has_data
    assert y70.target == Decimal(200) and y71.target is None


# Queries ----------------------------------------------------------------------------------------------


def grown(n):
    """An organization with ``n`` projects in FY2569 and FY2570, each with approved reports and results."""
    org = Organization.objects.create(name=f"อบต.{n}", slug=f"cmp-{n}", province="ลพบุรี", district="เมือง")
    departments = [Department.objects.create(organization=org, name=f"กอง {i}") for i in range(3)]
    plan = make_plan(org, departments, projects=n)
    action_plan_carry_forward(source=plan.action_plan)
    kpis = {k.project_id: k for k in Indicator.objects.filter(project__organization=org)}
    for year in (2569, 2570):
        q1 = ensure_periods(org, year)[0]
        reports = ProgressReport.objects.bulk_create(
            ProgressReport(
                organization=org,
                period=q1,
                project=p,
                department_id=p.department_id,
                project_status=ProjectStatus.COMPLETED if i % 2 else ProjectStatus.IN_PROGRESS,
                disbursed=Decimal(1000),
                state=APPROVED,
            )
            for i, p in enumerate(plan.projects)
        )
        IndicatorResult.objects.bulk_create(
            IndicatorResult(
                organization=org, indicator=kpis[r.project_id], period=q1, report=r, value=Decimal(5), state=APPROVED
            )
            for r in reports
        )
    return org, plan, make_user(f"planner-cmp-{n}", org, Role.PLANNER)


def page_queries(client, user, url):
    client.force_login(user)
    assert client.get(url).status_code == 200  # warm up: the session, the monitoring settings
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_queries_do_not_grow_with_the_number_of_projects(client, db):
    small_org, small_plan, small_user = grown(10)
    large_org, large_plan, large_user = grown(50)
    assert page_queries(client, small_user, page(small_org)) == page_queries(client, large_user, page(large_org))
    small = page_queries(client, small_user, page(small_org, indicator=small_plan.indicator.pk))
    large = page_queries(client, large_user, page(large_org, indicator=large_plan.indicator.pk))
    assert small == large


def test_queries_are_a_fixed_number_per_year(world, two_years):
    compare.compare_years(world.org, [2569])  # warm up: the monitoring settings
    with CaptureQueriesContext(connection) as one:
        compare.compare_years(world.org, [2569])
    with CaptureQueriesContext(connection) as two:
        compare.compare_years(world.org, [2569, 2570])
    assert len(two) == 2 * len(one)
