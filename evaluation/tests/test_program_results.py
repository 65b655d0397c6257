"""The program results page: a program's projects with their figures, between the strategy and the project."""

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from conftest import make_report
from evaluation import achievement, rollup
from evaluation.tests.test_results_views import grown, page_queries
from monitoring.models import IndicatorResult, ProgressReport, ReportState
from monitoring.periods import ensure_periods
from plans.models import ActionPlanItem, Indicator, Program, Project, Target

pytestmark = pytest.mark.django_db


def url(name, org, *args):
    return reverse(f"evaluation:{name}", args=[org.slug, *args])


def program_url(world, program=None, query=""):
    return url("program_results", world.org, 2569, (program or world.plan.program).pk) + query


def report(world, project, period, *, status, disbursed, state=ReportState.APPROVED, value=None):
    percent = Decimal(100) if status == "completed" else Decimal(40)
    made = make_report(project, period, status, state=state, percent_complete=percent, disbursed=Decimal(disbursed))
    if value is not None:
        IndicatorResult.objects.create(
            organization=world.org,
            indicator=project.indicators.get(),
            period=period,
            report=made,
            value=Decimal(value),
            state=state,
        )
    return made


@pytest.fixture
def reported(world):
    """FY2569 of the world's program (กองช่าง's project approved in Q1 and Q2 with a scored KPI, กองคลัง's
    only a draft) and of a second program of the same goal with one approved, completed project."""
    periods = ensure_periods(world.org, 2569)
    works, finance = world.plan.projects
    works.indicators.update(
        level_1=Decimal(50), level_2=Decimal(100), level_3=Decimal(150), level_4=Decimal(200), level_5=Decimal(250)
    )
    report(world, works, periods[0], status="in_progress", disbursed=40000, value=120)
    report(world, works, periods[1], status="completed", disbursed=15000, value=100)
    report(world, finance, periods[0], status="completed", disbursed=77777, state=ReportState.DRAFT)

    second = Program.objects.create(organization=world.org, goal=world.plan.goal, name="แผนงานการศึกษา", order=1)
    school = Project.objects.create(
        organization=world.org, program=second, code="EDU-1", name="โครงการอาหารกลางวัน", department=world.finance
    )
    ActionPlanItem.objects.create(
        organization=world.org, action_plan=world.plan.action_plan, project=school, budget=Decimal("30000.00")
    )
    kpi = Indicator.objects.create(organization=world.org, project=school, name="จำนวนนักเรียน", unit="คน")
    Target.objects.create(organization=world.org, indicator=kpi, fiscal_year=2569, period=0, value=Decimal(50))
    report(world, school, periods[0], status="completed", disbursed=29000, value=10)
    world.second_program, world.school = second, school
    return periods


# Figures ------------------------------------------------------------------------------------------------


def test_figures_equal_sums_over_the_programs_own_projects(client_for, world, reported):
    response = client_for("executive").get(program_url(world))
    assert response.status_code == 200
    total = response.context["total"]
    projects = world.plan.projects
    items = ActionPlanItem.objects.filter(action_plan__fiscal_year=2569, project__program=world.plan.program)
    approved = ProgressReport.objects.filter(
        project__program=world.plan.program, period__fiscal_year=2569, state=ReportState.APPROVED
    )
    assert total.planned == items.count() == 2
    assert total.budget == items.aggregate(s=Sum("budget"))["s"] == Decimal("190001.00")
    assert total.disbursed == approved.aggregate(s=Sum("disbursed"))["s"] == Decimal(55000)  # not the draft
    assert total.rate == total.disbursed * 100 / total.budget
    # Each project on its own (rollup.project_figures: one project's own queries), then added up.
    each = [rollup.project_figures(world.org, p, 2569) for p in projects]
    assert [p.project for p in response.context["projects"]] == projects
    assert total.statuses["completed"] == 1 and total.statuses["no_report"] == 1
    assert {s: sum(f.kpi_counts[s] for f in each) for s in rollup.KPI_STATUSES} == total.kpi_counts
    assert total.kpi_counts["on_track"] == 1 and total.kpi_counts["no_data"] == 1
    assert (total.points, total.maximum) == (sum(f.points for f in each), sum(f.maximum for f in each))
    assert total.maximum > 0 and total.score == achievement.score_percent(total.points, total.maximum)
    assert response.context["plan_share"] == Decimal(200) / 3  # 2 of the year's 3 projects
    html = response.content.decode()
    assert "190,001.00" in html and "55,000.00" in html and "77,777" not in html
    assert world.school.name not in html  # the other program's project


def test_the_programs_of_a_strategy_add_up_to_the_strategy(client_for, world, reported):
    client = client_for("planner")
    strategy = client.get(url("strategy_results", world.org, 2569, world.plan.strategy.pk)).context["total"]
    first = client.get(program_url(world)).context["total"]
    second = client.get(program_url(world, world.second_program)).context["total"]
    assert second.planned == 1 and second.budget == Decimal(30000) and second.disbursed == Decimal(29000)
    assert first.planned + second.planned == strategy.planned
    assert first.budget + second.budget == strategy.budget
    assert first.disbursed + second.disbursed == strategy.disbursed
    for s in rollup.KPI_STATUSES:
        assert first.kpi_counts[s] + second.kpi_counts[s] == strategy.kpi_counts[s]


def test_filters_narrow_the_figures(client_for, world, reported):
    client = client_for("planner")
    finance = world.plan.projects[1]
    q1 = client.get(program_url(world, query="?upto=1")).context
    assert q1["total"].disbursed == Decimal(40000) and q1["total"].statuses["in_progress"] == 1
    department = client.get(program_url(world, query=f"?department={world.finance.pk}")).context
    assert [p.project for p in department["projects"]] == [finance]
    assert department["total"].budget == Decimal("95000.50")
    perspective = client.get(program_url(world, query="?perspective=citizen")).context
    assert perspective["total"].planned == 2 and perspective["total"].kpi_count == 0  # narrows KPIs, not projects


# Drill-down ---------------------------------------------------------------------------------------------


def test_drill_rows_list_the_projects_behind_a_figure(client_for, world, reported):
    client = client_for("planner")
    works, finance = world.plan.projects
    response = client.get(program_url(world, query="?status=no_report"))
    assert response.context["filtered"] and [p.project for p in response.context["projects"]] == [finance]
    assert [p.project for p in response.context["project_rows"]] == [finance]
    html = response.content.decode()
    assert 'id="rows"' in html and works.name not in html
    response = client.get(program_url(world, query="?kpi_status=on_track"))
    assert [p.project for p in response.context["projects"]] == [works]
    assert [k.kpi.project for k in response.context["kpi_rows"]] == [works]
    assert 'id="drill-kpis"' in response.content.decode()
    response = client.get(program_url(world, query="?status=cancelled"))
    assert response.context["projects"] == [] and response.status_code == 200


def test_headline_figures_link_to_their_rows_with_the_filters_kept(client_for, world, reported):
    html = client_for("planner").get(program_url(world, query="?upto=2")).content.decode()
    assert f'href="{program_url(world)}?upto=2&amp;status=completed#rows"' in html
    assert f'href="{program_url(world)}?upto=2&amp;kpi_status=no_data#rows"' in html


def test_bad_input_is_refused_with_400_and_empty_filters_are_ignored(client_for, world, reported):
    client = client_for("planner")
    for query in ("?upto=9", "?department=x", "?perspective=nope", "?status=zzz", "?kpi_status=1"):
        assert client.get(program_url(world, query=query)).status_code == 400, query
    response = client.get(program_url(world, query="?upto=&department=&perspective=&status=&kpi_status="))
    assert response.status_code == 200
    assert response.context["upto"] is None and not response.context["filtered"]
    assert len(response.context["projects"]) == 2


def test_a_program_without_projects_this_year_shows_an_empty_page(client_for, world, reported):
    empty = Program.objects.create(organization=world.org, goal=world.plan.goal, name="แผนงานงบกลาง")
    response = client_for("planner").get(program_url(world, empty))
    assert response.status_code == 200 and response.context["total"].planned == 0
    assert response.context["plan_share"] == 0


# Links --------------------------------------------------------------------------------------------------


def test_strategy_page_links_each_program_and_project_page_links_back(client_for, world, reported):
    client = client_for("planner")
    strategy = client.get(url("strategy_results", world.org, 2569, world.plan.strategy.pk) + "?upto=2").content
    assert f'href="{program_url(world)}?upto=2&amp;"' in strategy.decode()
    assert f'href="{program_url(world, world.second_program)}?upto=2&amp;"' in strategy.decode()
    project = client.get(url("project_results", world.org, 2569, world.plan.projects[0].pk) + "?upto=2").content
    assert f'href="{program_url(world)}?upto=2"' in project.decode()
    program = client.get(program_url(world, query="?upto=2")).content.decode()
    assert f'href="{url("strategy_results", world.org, 2569, world.plan.strategy.pk)}?upto=2&amp;"' in program
    assert url("project_results", world.org, 2569, world.plan.projects[0].pk) in program


# Access -------------------------------------------------------------------------------------------------


def test_another_organizations_program_is_404(client_for, world, reported):
    client = client_for("planner")
    assert client.get(url("program_results", world.org, 2569, world.other_plan.program.pk)).status_code == 404
    assert client.get(url("program_results", world.org, 2571, world.plan.program.pk)).status_code == 404  # no plan
    assert client_for("outsider").get(program_url(world)).status_code == 404


def test_reporter_sees_only_their_departments_projects(client_for, world, reported):
    client = client_for("reporter")  # กองช่าง
    works, finance = world.plan.projects
    response = client.get(program_url(world))
    assert [p.project for p in response.context["projects"]] == [works]
    assert response.context["total"].budget == Decimal("95000.50")
    assert finance.name not in response.content.decode()
    filtered = client.get(program_url(world, query=f"?department={world.finance.pk}"))
    assert [p.project for p in filtered.context["projects"]] == [works]  # the filter cannot widen it
    assert client.get(program_url(world, world.second_program)).context["total"].planned == 0


def test_anonymous_is_sent_to_log_in(client, world):
    response = client.get(program_url(world))
    assert response.status_code == 302 and reverse("login") in response["Location"]


# Queries ------------------------------------------------------------------------------------------------


def test_queries_do_not_grow_with_the_number_of_projects(client, db):
    small_org, small_plan, small_user = grown(10)
    large_org, large_plan, large_user = grown(200)
    for query in ("", "?status=completed", "?kpi_status=no_data", "?upto=1&perspective=citizen"):
        small = page_queries(client, small_user, url("program_results", small_org, 2569, small_plan.program.pk) + query)
        large = page_queries(client, large_user, url("program_results", large_org, 2569, large_plan.program.pk) + query)
        assert small == large, query
