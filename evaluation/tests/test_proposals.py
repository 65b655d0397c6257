"""Carry-forward proposals: unfinished projects of the year's action plan and unused open recommendations."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_report
from evaluation.models import Finding
from evaluation.proposals import proposals
from monitoring.models import ProjectStatus, ReportingPeriod, ReportState
from monitoring.periods import ensure_periods
from plans.models import ActionPlan, ActionPlanItem, Project


def period(world, number):
    ensure_periods(world.org, 2569)
    return ReportingPeriod.objects.get(organization=world.org, fiscal_year=2569, number=number)


def add_project(world, code):
    project = Project.objects.create(
        organization=world.org, program=world.plan.program, code=code, name=code, department=world.works
    )
    ActionPlanItem.objects.create(
        organization=world.org, action_plan=world.plan.action_plan, project=project, budget=Decimal(1)
    )
    return project


def next_year_plan(world, *projects):
    plan = ActionPlan.objects.create(organization=world.org, plan=world.plan.plan, fiscal_year=2570)
    for project in projects:
        ActionPlanItem.objects.create(organization=world.org, action_plan=plan, project=project, budget=Decimal(1))
    return plan


@pytest.fixture
def statuses(world):
    """p0 delayed, p1 carried over, "done" completed in Q2 after being delayed in Q1, "cut" cancelled,
    "quiet" with only a draft report (no approved one)."""
    delayed, carried = world.plan.projects
    done, cut, quiet = add_project(world, "done"), add_project(world, "cut"), add_project(world, "quiet")
    make_report(delayed, period(world, 1), ProjectStatus.IN_PROGRESS)
    make_report(delayed, period(world, 2), ProjectStatus.DELAYED)
    make_report(carried, period(world, 1), ProjectStatus.CARRIED_OVER)
    make_report(done, period(world, 1), ProjectStatus.DELAYED)
    make_report(done, period(world, 2), ProjectStatus.COMPLETED)
    make_report(cut, period(world, 1), ProjectStatus.CANCELLED)
    make_report(quiet, period(world, 1), ProjectStatus.COMPLETED, state=ReportState.SUBMITTED)
    return {"delayed": delayed, "carried": carried, "done": done, "cut": cut, "quiet": quiet}


def by_code(result):
    return {row.project.code: row for row in result.projects}


def test_unfinished_projects_are_proposed_completed_and_cancelled_are_not(world, statuses):
    rows = by_code(proposals(world.org, 2569))
    assert set(rows) == {statuses["delayed"].code, statuses["carried"].code, "quiet"}
    assert rows[statuses["delayed"].code].status == ProjectStatus.DELAYED  # the latest period counts
    assert rows[statuses["carried"].code].status == ProjectStatus.CARRIED_OVER
    assert rows["quiet"].status == "" and rows["quiet"].report is None  # a submitted report is not approved
    assert not any(row.in_next_year for row in rows.values())


def test_a_project_already_in_next_years_plan_is_marked(world, statuses):
    next_year_plan(world, statuses["delayed"])
    result = proposals(world.org, 2569)
    assert result.next_action_plan.fiscal_year == 2570
    rows = by_code(result)
    assert rows[statuses["delayed"].code].in_next_year
    assert not rows[statuses["carried"].code].in_next_year


def test_open_unused_recommendations_are_proposed(world):
    def rec(title, **fields):
        return Finding.objects.create(**{"organization": world.org, "fiscal_year": 2569, "title": title, **fields})

    open_ = rec("open")
    doing = rec("doing", status=Finding.Status.IN_PROGRESS, fiscal_year=2568)
    used = rec("used")
    used.used_in.add(world.plan.projects[0])
    rec("done", status=Finding.Status.DONE)
    rec("later", fiscal_year=2570)
    rec("a finding, not a recommendation", kind=Finding.Kind.FINDING)
    Finding.objects.create(organization=world.other_org, fiscal_year=2569, title="elsewhere")
    assert {f.pk for f in proposals(world.org, 2569).recommendations} == {open_.pk, doing.pk}


def test_page_lists_both_with_links_and_the_next_plan(world, statuses, client_for):
    finding = Finding.objects.create(organization=world.org, fiscal_year=2569, title="ปรับปรุงระบบระบายน้ำ")
    url = reverse("evaluation:proposals", args=[world.org.slug, 2569])
    page = client_for("planner").get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("plans:project_detail", args=[world.org.slug, statuses["delayed"].pk]) in html
    assert reverse("plans:project_detail", args=[world.org.slug, statuses["done"].pk]) not in html
    assert reverse("evaluation:finding_detail", args=[world.org.slug, finding.pk]) in html
    assert 'id="carry-hint"' in html
    assert reverse("plans:action_plan_detail", args=[world.org.slug, 2569]) in html

    next_year_plan(world)
    html = client_for("planner").get(url).content.decode()
    assert 'id="next-plan"' in html
    assert reverse("plans:action_plan_detail", args=[world.org.slug, 2570]) in html

    html = client_for("executive").get(url).content.decode()  # no plan.edit: no link to edit the plan
    assert 'id="next-plan"' not in html and 'id="carry-hint"' not in html


def test_outsider_gets_404(world, client_for):
    assert client_for("outsider").get(reverse("evaluation:proposals", args=[world.org.slug, 2569])).status_code == 404


def test_reporter_sees_only_their_departments_projects(world, client_for):
    works_project, finance_project = world.plan.projects
    html = client_for("reporter").get(reverse("evaluation:proposals", args=[world.org.slug, 2569])).content.decode()
    assert reverse("plans:project_detail", args=[world.org.slug, works_project.pk]) in html
    assert reverse("plans:project_detail", args=[world.org.slug, finance_project.pk]) not in html


def test_query_count_does_not_grow_with_projects(world, client_for):
    next_year_plan(world, world.plan.projects[0])
    url = reverse("evaluation:proposals", args=[world.org.slug, 2569])
    client = client_for("planner")

    def grow_to(n):
        for i in range(Project.objects.filter(organization=world.org).count(), n):
            project = add_project(world, f"x{i:03}")
            make_report(project, period(world, 1 + i % 4), [ProjectStatus.DELAYED, ProjectStatus.COMPLETED][i % 2])
            Finding.objects.create(organization=world.org, fiscal_year=2569, title=f"r{i}", owner=world.works)

    def measure():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    grow_to(10)
    ten = measure()
    grow_to(50)
    assert measure() == ten
