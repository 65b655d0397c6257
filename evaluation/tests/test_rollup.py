"""evaluation.rollup: the year's figures equal totals computed independently from the raw rows, only
approved data counts, and the number of queries does not grow with the number of projects."""

from decimal import Decimal
from io import StringIO

import django.db
import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q, Sum
from django.test.utils import CaptureQueriesContext

from conftest import make_plan, make_report
from core.money import share
from evaluation import achievement, rollup
from monitoring.models import IndicatorResult, ProgressReport, ProjectStatus, ReportState
from monitoring.periods import ensure_periods, policy_for
from orgs.access import Access
from orgs.models import Department, Organization, Role
from plans.models import ActionPlanItem, Goal, Indicator, Program, Project, Strategy, Target

pytestmark = pytest.mark.django_db

APPROVED, DRAFT, SUBMITTED = ReportState.APPROVED, ReportState.DRAFT, ReportState.SUBMITTED
LEVELS = {f"level_{n}": Decimal(75 + 25 * n) for n in range(1, 6)}  # 100, 125, 150, 175, 200


def result(kpi, period, value=None, *, state=APPROVED, **fields):
    return IndicatorResult.objects.create(
        organization=kpi.organization, indicator=kpi, period=period, value=value, state=state, **fields
    )


def add_project(org, program, department, code, budget, action_plan):
    project = Project.objects.create(organization=org, program=program, code=code, name=code, department=department)
    ActionPlanItem.objects.create(organization=org, action_plan=action_plan, project=project, budget=budget)
    return project


@pytest.fixture
def year(world):
    """FY2569 of บ้านแพน: the two projects of conftest's plan, a third without KPIs in a second strategy,
    KPIs with levels and weights, and reports and results in several states."""
    org, plan = world.org, world.plan
    q = {p.number: p for p in ensure_periods(org, 2569)}
    one, two = plan.projects
    strategy2 = Strategy.objects.create(organization=org, plan=plan.plan, number=2, name="สังคม")
    goal2 = Goal.objects.create(organization=org, strategy=strategy2, number="2.1", name="สุขภาพ")
    program2 = Program.objects.create(organization=org, goal=goal2, name="แผนงานสาธารณสุข")
    three = add_project(org, program2, world.finance, "no-kpi", Decimal("12345.67"), plan.action_plan)

    # KPIs: project one has two scored KPIs (weights 60 and 40), project two one KPI without results.
    road = plan.projects[0].indicators.get()
    Indicator.objects.filter(pk=road.pk).update(weight=Decimal(60), perspective="process", **LEVELS)
    Target.objects.filter(indicator=road, fiscal_year=2569, period=0).update(value=Decimal(150))
    Target.objects.create(organization=org, indicator=road, fiscal_year=2569, period=1, value=Decimal(100))
    Target.objects.create(organization=org, indicator=road, fiscal_year=2569, period=2, value=Decimal(50))
    happy = Indicator.objects.create(
        organization=org, project=one, name="ความพึงพอใจ", weight=Decimal(40), perspective="citizen", **LEVELS
    )
    Target.objects.create(organization=org, indicator=happy, fiscal_year=2569, period=0, value=Decimal(150))
    strategy_kpi = Indicator.objects.create(
        organization=org, strategy=strategy2, name="อัตราป่วย", direction="lower", **LEVELS
    )
    Target.objects.create(organization=org, indicator=strategy_kpi, fiscal_year=2569, period=0, value=Decimal(120))

    # Reports: one is approved in Q1 and Q2; two has only a draft; three a submitted one, then an approved Q3.
    make_report(one, q[1], ProjectStatus.IN_PROGRESS, percent_complete=Decimal(40), disbursed=Decimal("10000.25"))
    make_report(one, q[2], ProjectStatus.COMPLETED, percent_complete=Decimal(100), disbursed=Decimal("60000.00"))
    make_report(
        two, q[1], ProjectStatus.COMPLETED, percent_complete=Decimal(100), disbursed=Decimal(90000), state=DRAFT
    )
    make_report(three, q[1], ProjectStatus.DELAYED, disbursed=Decimal(5000), state=SUBMITTED)
    make_report(three, q[3], ProjectStatus.CANCELLED, disbursed=Decimal("0.00"))

    # Results: road 90 + 70 = 160 (annual target 150) → level 3; happy 210 → level 5; drafts must not count.
    result(road, q[1], Decimal(90))
    result(road, q[2], Decimal(70))
    result(road, q[3], Decimal(500), state=DRAFT)
    result(happy, q[2], Decimal(210))
    result(two.indicators.get(), q[1], Decimal(999), state=SUBMITTED)
    result(strategy_kpi, q[4], Decimal(130))
    road.refresh_from_db()
    return {"q": q, "one": one, "two": two, "three": three, "road": road, "happy": happy, "strategy2": strategy2}


def approved_reports(org, **filters):
    return ProgressReport.objects.for_org(org).filter(period__fiscal_year=2569, state=APPROVED, **filters)


def test_budget_and_disbursement_equal_the_raw_rows(world, year):
    figures = rollup.year_figures(world.org, 2569)
    items = ActionPlanItem.objects.for_org(world.org).filter(action_plan__fiscal_year=2569)
    assert figures.organization.budget == items.aggregate(t=Sum("budget"))["t"]
    assert figures.organization.disbursed == approved_reports(world.org).aggregate(t=Sum("disbursed"))["t"]
    assert figures.organization.disbursed == Decimal("70000.25")  # the draft and the submitted report do not count
    assert figures.organization.rate == share(Decimal("70000.25"), items.aggregate(t=Sum("budget"))["t"])
    per_strategy = dict(
        items.values("project__program__goal__strategy")
        .annotate(t=Sum("budget"))
        .values_list("project__program__goal__strategy", "t")
    )
    assert {g.pk: g.budget for g in figures.strategies} == per_strategy
    per_department = dict(
        items.values("project__department").annotate(t=Sum("budget")).values_list("project__department", "t")
    )
    assert {g.pk: g.budget for g in figures.departments} == per_department
    assert sum(g.budget for g in figures.strategies) == figures.organization.budget


def test_status_is_the_latest_approved_report(world, year):
    figures = rollup.year_figures(world.org, 2569)
    by_code = {p.project.code: p for p in figures.projects}
    one, two, three = by_code[year["one"].code], by_code[year["two"].code], by_code["no-kpi"]
    assert (one.status, one.status_period, one.percent_complete) == ("completed", 2, Decimal(100))
    assert two.status == rollup.NO_REPORT  # a draft is not a report yet
    assert three.status == "cancelled"  # the approved Q3, not the submitted Q1
    counts = figures.organization.statuses
    assert counts == {**dict.fromkeys(rollup.PROJECT_STATUSES, 0), "completed": 1, "no_report": 1, "cancelled": 1}
    assert sum(counts.values()) == figures.organization.planned == 3


def test_upto_counts_the_periods_up_to_that_quarter(world, year):
    q1 = rollup.year_figures(world.org, 2569, upto=1)
    one = next(p for p in q1.projects if p.project == year["one"])
    assert (one.status, one.percent_complete, one.disbursed) == ("in_progress", Decimal(40), Decimal("10000.25"))
    assert (
        q1.organization.disbursed
        == approved_reports(world.org, period__number__lte=1).aggregate(t=Sum("disbursed"))["t"]
    )
    assert q1.organization.statuses["no_report"] == 2  # three's Q1 report is only submitted
    road = next(k for k in one.kpis if k.kpi == year["road"])
    assert (road.figures.actual.value, road.figures.target) == (Decimal(90), Decimal(100))  # target to date
    assert road.status == "at_risk"  # 90 % of the Q1 target
    with pytest.raises(ValueError):
        rollup.year_figures(world.org, 2569, upto=5)


def test_score_is_sum_of_points_over_sum_of_maxima(world, year):
    figures = rollup.year_figures(world.org, 2569)
    # Independently: Σ weight × level ÷ Σ weight × 5 from the approved results and the thresholds.
    levels = {}
    for kpi in Indicator.objects.for_org(world.org).filter(project__isnull=False):
        values = IndicatorResult.objects.filter(indicator=kpi, state=APPROVED).aggregate(t=Sum("value"))["t"]
        if values is not None and kpi.level_1 is not None:
            levels[kpi.pk] = sum(1 for t in kpi.levels if values >= t)
    weights = dict(Indicator.objects.filter(pk__in=levels).values_list("pk", "weight"))
    points = sum(weights[pk] * level for pk, level in levels.items())
    maximum = sum(weights[pk] * 5 for pk in levels)
    assert levels == {year["road"].pk: 3, year["happy"].pk: 5}
    assert (figures.organization.points, figures.organization.maximum) == (points, maximum) == (380, 500)
    assert figures.organization.score == Decimal(76)
    one = next(p for p in figures.projects if p.project == year["one"])
    assert one.score == Decimal(76)
    # Not an average of percentages: strategy 1 holds one scored project and one unscored.
    assert figures.strategy(world.plan.strategy.pk).score == Decimal(76)


def test_a_project_without_kpis_has_no_score_and_is_not_failed(world, year):
    figures = rollup.year_figures(world.org, 2569)
    three = next(p for p in figures.projects if p.project == year["three"])
    assert three.kpis == [] and three.score is None and three.maximum == 0
    strategy2 = figures.strategy(year["strategy2"].pk)
    assert strategy2.score is None
    assert strategy2.kpi_counts == dict.fromkeys(rollup.KPI_STATUSES, 0)
    assert figures.organization.kpi_counts["off_track"] == 0
    assert figures.organization.scored_projects == 1


def test_drafts_do_not_count_but_the_preview_takes_them(world, year):
    official = rollup.year_figures(world.org, 2569)
    two = next(p for p in official.projects if p.project == year["two"])
    assert two.kpis[0].status == "no_data" and two.kpis[0].figures.actual.has_data is False
    assert official.organization.kpi_counts == {"on_track": 2, "at_risk": 0, "off_track": 0, "no_data": 1}
    assert official.official
    preview = rollup.year_figures(world.org, 2569, official_only=False)
    two = next(p for p in preview.projects if p.project == year["two"])
    assert two.status == "completed" and two.disbursed == Decimal(90000)
    assert not preview.official
    every = ProgressReport.objects.for_org(world.org).filter(period__fiscal_year=2569)
    assert preview.organization.disbursed == every.aggregate(t=Sum("disbursed"))["t"]


def test_shares_in_both_forms(world, year):
    org = world.org
    strategy3 = Strategy.objects.create(organization=org, plan=world.plan.plan, number=3, name="เศรษฐกิจ")
    goal3 = Goal.objects.create(organization=org, strategy=strategy3, number="3.1", name="อาชีพ")
    program3 = Program.objects.create(organization=org, goal=goal3, name="แผนงานการเกษตร")
    add_project(org, program3, world.works, "farm", Decimal(1000), world.plan.action_plan)
    add_project(org, program3, world.works, "farm-2", Decimal(1000), world.plan.action_plan)
    figures = rollup.year_figures(org, 2569)
    shares = {g.obj.number: g.plan_share for g in figures.strategies}
    # 2, 1 and 2 of 5 projects: exactly 40, 20, 40 — and in any case they add up to 100.00.
    assert shares == {1: Decimal("40.00"), 2: Decimal("20.00"), 3: Decimal("40.00")}
    assert sum(shares.values()) == Decimal("100.00")
    first = figures.strategy(world.plan.strategy.pk)
    assert first.completed_share == share(1, 2) == Decimal(50)  # completed ÷ the strategy's own projects
    assert figures.strategy(strategy3.pk).completed_share == 0
    assert sum(g.plan_share for g in figures.departments) == Decimal("100.00")
    assert sum(figures.organization.status_shares.values()) == Decimal("100.00")


def test_shares_of_thirds_add_up_to_exactly_100(world, year):
    org = world.org
    ActionPlanItem.objects.filter(project=year["two"]).delete()  # 1 project in each of three strategies
    strategy3 = Strategy.objects.create(organization=org, plan=world.plan.plan, number=3, name="เศรษฐกิจ")
    goal3 = Goal.objects.create(organization=org, strategy=strategy3, number="3.1", name="อาชีพ")
    program3 = Program.objects.create(organization=org, goal=goal3, name="แผนงานการเกษตร")
    add_project(org, program3, world.works, "farm", Decimal(1000), world.plan.action_plan)
    shares = [g.plan_share for g in rollup.year_figures(org, 2569).strategies]
    assert shares == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]


def test_groups_add_up_to_the_organization(world, year):
    figures = rollup.year_figures(world.org, 2569)
    total = figures.organization
    for groups in (figures.strategies, figures.departments):
        assert sum(g.planned for g in groups) == total.planned
        assert sum(g.disbursed for g in groups) == total.disbursed
        for status in rollup.PROJECT_STATUSES:
            assert sum(g.statuses[status] for g in groups) == total.statuses[status]
        for status in rollup.KPI_STATUSES:
            assert sum(g.kpi_counts[status] for g in groups) == total.kpi_counts[status]
        assert sum(g.points for g in groups) == total.points
        assert sum(g.maximum for g in groups) == total.maximum
    strategy = figures.strategy(world.plan.strategy.pk)
    assert sum(p.budget for p in strategy.children) == strategy.budget


def test_department_counts_equal_an_sql_count(world, year):
    figures = rollup.year_figures(world.org, 2569)
    planned = dict(
        ActionPlanItem.objects.for_org(world.org)
        .filter(action_plan__fiscal_year=2569)
        .values("project__department")
        .annotate(n=Count("pk"))
        .values_list("project__department", "n")
    )
    assert {g.pk: g.planned for g in figures.departments} == planned


def test_perspectives_and_organization_and_strategy_kpis(world, year):
    figures = rollup.year_figures(world.org, 2569)
    sets = {s.key: s for s in figures.perspectives}
    assert sets["process"].count == 1 and sets["citizen"].count == 1
    assert sets[rollup.NO_PERSPECTIVE].count == 3  # project two's KPI, the strategy KPI, the organization KPI
    assert sum(s.count for s in figures.perspectives) == len(figures.all_kpis) == 5
    assert sum(s.share for s in figures.perspectives) == Decimal("100.00")
    assert (sets["process"].points, sets["process"].maximum) == (180, 300)
    # The strategy's own KPI: lower is better, 130 against 120 → 92.3 % achievement, at risk.
    own = figures.strategy_kpis[year["strategy2"].pk]
    assert [k.status for k in own.kpis] == ["at_risk"]
    assert own.kpis[0].weight == 100  # no weight set: equal weights adding up to 100
    assert [k.kpi for k in figures.org_kpis.kpis] == [world.plan.org_indicator]
    # The perspective filter narrows the KPIs, not the projects.
    citizen = rollup.year_figures(world.org, 2569, perspective="citizen")
    assert citizen.organization.planned == 3
    assert citizen.organization.kpi_count == 1
    assert (citizen.organization.points, citizen.organization.maximum) == (200, 200)


def test_department_filter_and_reporter_scope(world, year):
    works = rollup.year_figures(world.org, 2569, department_id=world.works.pk)
    assert {p.project.department_id for p in works.projects} == {world.works.pk}
    reporter = Access(org=world.org, roles=frozenset({Role.REPORTER}), department_ids=frozenset({world.finance.pk}))
    scoped = rollup.year_figures(world.org, 2569, access=reporter)
    assert {p.project.code for p in scoped.projects} == {year["two"].code, "no-kpi"}
    assert (
        scoped.organization.budget
        == ActionPlanItem.objects.filter(
            action_plan=world.plan.action_plan, project__department=world.finance
        ).aggregate(t=Sum("budget"))["t"]
    )


def test_project_figures_history_and_indicator_periods(world, year):
    figure = rollup.project_figures(world.org, year["one"], 2569, upto=None)
    assert [q.disbursed for q in figure.history] == [Decimal("10000.25"), Decimal("60000.00"), None, None]
    assert [q.disbursed_to_date for q in figure.history][-1] == figure.disbursed == Decimal("70000.25")
    assert figure.history[0].status == "in_progress" and figure.history[1].status == "completed"
    assert rollup.project_figures(world.org, year["one"], 2570) is None  # not in a 2570 action plan

    three = rollup.project_figures(world.org, year["three"], 2569)
    assert three.history[0].states == [SUBMITTED] and not three.history[0].counted
    preview = rollup.project_figures(world.org, year["three"], 2569, official_only=False)
    assert preview.history[0].counted and not preview.official

    periods = rollup.indicator_periods(world.org, year["road"], 2569)
    assert [q.figures.actual.value for q in periods.quarters] == [90, 160, 160, 160]  # the Q3 draft is left out
    assert [q.target for q in periods.quarters] == [100, 50, None, None]
    assert periods.quarters[1].figures.target == 150  # Σ of the quarter targets for a sum KPI
    assert periods.quarters[2].figures.target is None  # no Q3 target: a sum's target to date is unknown
    assert (periods.year_to_date.target, periods.year_to_date.status) == (150, "on_track")  # the annual target
    assert [len(q.results) for q in periods.quarters] == [1, 1, 1, 0]
    preview = rollup.indicator_periods(world.org, year["road"], 2569, official_only=False)
    assert preview.quarters[2].figures.actual.value == 660 and not preview.official


def test_other_organizations_data_never_counts(world, year):
    other = rollup.year_figures(world.other_org, 2569)
    assert other.organization.planned == 1
    assert other.organization.disbursed == 0
    assert all(p.project.organization_id == world.other_org.pk for p in other.projects)


# Queries ----------------------------------------------------------------------------------------------


def grown(n):
    """A fresh organization with ``n`` projects, each with an approved Q1 report and KPI result."""
    org = Organization.objects.create(name=f"อบต.{n}", slug=f"org-{n}", province="ลพบุรี", district="เมือง")
    departments = [Department.objects.create(organization=org, name=f"กอง {i}") for i in range(3)]
    plan = make_plan(org, departments, projects=n)
    q1 = ensure_periods(org, 2569)[0]
    reports = ProgressReport.objects.bulk_create(
        ProgressReport(
            organization=org,
            period=q1,
            project=p,
            department_id=p.department_id,
            project_status=ProjectStatus.IN_PROGRESS,
            percent_complete=Decimal(30),
            disbursed=Decimal(1000),
            state=APPROVED,
        )
        for p in plan.projects
    )
    kpis = {k.project_id: k for k in Indicator.objects.filter(project__organization=org)}
    IndicatorResult.objects.bulk_create(
        IndicatorResult(
            organization=org, indicator=kpis[r.project_id], period=q1, report=r, value=Decimal(50), state=APPROVED
        )
        for r in reports
    )
    return org


def count_queries(function):
    django.db.reset_queries()
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def test_queries_do_not_grow_with_the_number_of_projects(db):
    small, large = grown(10), grown(200)
    small_count = count_queries(lambda: rollup.year_figures(small, 2569))
    large_count = count_queries(lambda: rollup.year_figures(large, 2569))
    assert small_count == large_count <= 9
    figures = rollup.year_figures(large, 2569)
    assert figures.organization.planned == 200
    assert figures.organization.disbursed == 200 * 1000
    assert figures.organization.statuses["in_progress"] == 200


# The demo data -----------------------------------------------------------------------------------------


def test_seeded_demo_agrees_with_independent_sums(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=StringIO())
    org = Organization.objects.get(slug="banphaen")
    figures = rollup.year_figures(org, 2569)
    items = ActionPlanItem.objects.for_org(org).filter(action_plan__fiscal_year=2569)
    assert figures.organization.planned == items.count() > 100
    for group in figures.strategies:
        in_strategy = items.filter(project__program__goal__strategy=group.obj)
        assert group.budget == (in_strategy.aggregate(t=Sum("budget"))["t"] or 0)
        projects = in_strategy.values("project_id")
        disbursed = approved_reports(org, project__in=projects).aggregate(t=Sum("disbursed"))["t"] or 0
        assert group.disbursed == disbursed
        # Completed: the latest approved report with a status says so.
        completed = 0
        for item in in_strategy:
            latest = (
                approved_reports(org, project=item.project_id)
                .filter(~Q(project_status=""))
                .order_by("-period__number")
                .values_list("project_status", flat=True)
                .first()
            )
            completed += latest == ProjectStatus.COMPLETED
        assert group.completed == completed
    assert sum(g.completed for g in figures.strategies) == figures.organization.completed
    assert figures.organization.score is not None
    assert 50 < figures.organization.completed_share <= 100
    # and the page shows those same independent totals
    from django.test import Client
    from django.urls import reverse

    from core.money import format_baht
    from orgs.models import User

    client = Client()
    client.force_login(User.objects.get(username="executive"))
    page = client.get(reverse("evaluation:results", args=[org.slug, 2569])).content.decode()
    for group in figures.strategies:
        in_strategy = items.filter(project__program__goal__strategy=group.obj)
        assert format_baht(in_strategy.aggregate(t=Sum("budget"))["t"], unit=False) in page
    assert format_baht(items.aggregate(t=Sum("budget"))["t"], unit=False) in page


def test_monthly_reporting_counts_the_months_of_the_quarters(world):
    policy = policy_for(world.org)
    policy.period_kind = "month"
    policy.save()
    months = {p.number: p for p in ensure_periods(world.org, 2569)}
    assert len(months) == 12
    one = world.plan.projects[0]
    kpi = one.indicators.get()  # sum of periods, annual target 200
    Target.objects.create(organization=world.org, indicator=kpi, fiscal_year=2569, period=1, value=Decimal(60))
    for number, status in ((2, ProjectStatus.IN_PROGRESS), (4, ProjectStatus.COMPLETED)):
        make_report(one, months[number], status, disbursed=Decimal(100))
        result(kpi, months[number], Decimal(30))
    q1 = rollup.year_figures(world.org, 2569, upto=1)
    figure = next(p for p in q1.projects if p.project == one)
    assert (figure.status, figure.status_period, figure.disbursed) == ("in_progress", 1, Decimal(100))
    assert (figure.kpis[0].figures.actual.value, figure.kpis[0].figures.target) == (30, 60)  # months 1–3, Q1 target
    whole = rollup.year_figures(world.org, 2569)
    figure = next(p for p in whole.projects if p.project == one)
    assert (figure.status, figure.status_period, figure.disbursed) == ("completed", 2, Decimal(200))
    assert (figure.kpis[0].figures.actual.value, figure.kpis[0].figures.target) == (60, 200)
    history = rollup.project_figures(world.org, one, 2569).history
    assert [q.disbursed for q in history] == [Decimal(100), Decimal(100), None, None]
    periods = rollup.indicator_periods(world.org, kpi, 2569)
    assert [len(q.results) for q in periods.quarters] == [1, 1, 0, 0]


def test_the_at_risk_band_is_a_setting(settings):
    from decimal import Decimal

    from plans.models import Indicator

    kpi = Indicator(pk=1, name="k", aggregation="sum")
    results = [achievement.Observation(period=1, value=Decimal(90))]
    assert rollup.evaluate_kpi(kpi, results, {0: Decimal(100)}).status == "at_risk"  # 90 % is within 15 points
    settings.TIDTAM_EVALUATION = {"at_risk_band": Decimal(5)}
    assert rollup.evaluate_kpi(kpi, results, {0: Decimal(100)}).status == "off_track"
