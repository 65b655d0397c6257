"""Results pages: who sees what, what they show, and a fixed number of queries whatever the plan's size."""

from decimal import Decimal

import django.db
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_plan, make_report, make_user
from monitoring.models import IndicatorResult, ProgressReport, ProjectStatus, ReportState
from monitoring.periods import ensure_periods
from orgs.models import Department, Organization, Role
from plans.models import Indicator

pytestmark = pytest.mark.django_db


def url(name, org, *args):
    return reverse(f"evaluation:{name}", args=[org.slug, *args])


@pytest.fixture
def reported(world):
    """Q1 and Q2 of FY2569: the first project (กองช่าง) approved, the second (กองคลัง) only a draft."""
    periods = ensure_periods(world.org, 2569)
    works, finance = world.plan.projects
    for period, status, state in ((periods[0], "in_progress", "approved"), (periods[1], "completed", "approved")):
        percent = Decimal(50) if status == "in_progress" else Decimal(100)
        report = make_report(works, period, status, state=state, percent_complete=percent, disbursed=Decimal(40000))
        IndicatorResult.objects.create(
            organization=world.org,
            indicator=works.indicators.get(),
            period=period,
            report=report,
            value=Decimal(120),
            state=state,
        )
    make_report(finance, periods[0], "completed", disbursed=Decimal(77777), state=ReportState.DRAFT)
    return periods


def pages(world):
    project = world.plan.projects[0]
    return [
        url("index", world.org),
        url("results", world.org, 2569),
        url("results", world.org, 2569) + f"?upto=2&perspective=citizen&department={world.works.pk}",
        url("results", world.org, 2569) + "?status=completed",
        url("results", world.org, 2569) + "?kpi_status=on_track",
        url("strategy_results", world.org, 2569, world.plan.strategy.pk),
        url("strategy_results", world.org, 2569, world.plan.strategy.pk) + "?status=no_report",
        url("project_results", world.org, 2569, project.pk),
        url("project_results", world.org, 2569, project.pk) + "?preview=1&upto=1",
        url("indicator_results", world.org, 2569, world.plan.indicator.pk),
        url("indicator_results", world.org, 2569, world.plan.org_indicator.pk) + "?preview=1",
    ]


@pytest.mark.parametrize("persona", ["planner", "executive", "auditor", "admin", "overseer"])
def test_every_page_renders_for_people_of_the_organization(client_for, world, reported, persona):
    client = client_for(persona)
    for page in pages(world):
        assert client.get(page).status_code == 200, page


def test_every_page_is_404_for_another_organizations_user(client_for, world, reported):
    client = client_for("outsider")
    for page in pages(world):
        assert client.get(page).status_code == 404, page


def test_objects_of_another_organization_are_404(client_for, world, reported):
    client = client_for("planner")
    other = world.other_plan
    assert client.get(url("strategy_results", world.org, 2569, other.strategy.pk)).status_code == 404
    assert client.get(url("project_results", world.org, 2569, other.projects[0].pk)).status_code == 404
    assert client.get(url("indicator_results", world.org, 2569, other.indicator.pk)).status_code == 404
    assert client.get(url("results", world.org, 2571)).status_code == 404  # no action plan that year
    assert client.get(url("project_results", world.org, 2570, world.plan.projects[0].pk)).status_code == 404


def test_anonymous_is_sent_to_log_in(client, world):
    response = client.get(url("results", world.org, 2569))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_index_links_to_the_years_and_the_other_evaluation_pages(client_for, world):
    html = client_for("planner").get(url("index", world.org)).content.decode()
    assert url("results", world.org, 2569) in html
    assert url("evaluation_list", world.org) in html
    assert url("finding_list", world.org) in html
    assert url("readiness", world.org, 2569) in html


def test_organization_page_shows_approved_figures_only(client_for, world, reported):
    response = client_for("executive").get(url("results", world.org, 2569))
    figures = response.context["figures"]
    assert figures.organization.disbursed == Decimal(80000)  # the draft's 77,777 does not count
    assert figures.organization.statuses["completed"] == 1
    assert figures.organization.statuses["no_report"] == 1
    html = response.content.decode()
    assert "80,000.00" in html and "77,777" not in html
    strategy_page = url("strategy_results", world.org, 2569, world.plan.strategy.pk)
    assert f'href="{strategy_page}?status=completed#rows"' in html  # a figure links to the rows behind it
    assert url("project_results", world.org, 2569, world.plan.projects[0].pk) in html


def test_drill_down_lists_the_rows_behind_a_figure(client_for, world, reported):
    client = client_for("planner")
    works, finance = world.plan.projects
    response = client.get(url("results", world.org, 2569) + "?status=completed")
    assert [p.project for p in response.context["project_rows"]] == [works]
    response = client.get(url("strategy_results", world.org, 2569, world.plan.strategy.pk) + "?status=no_report")
    shown = [p.project for row in response.context["programs"] for p in row["projects"]]
    assert shown == [finance]


def test_project_preview_is_labelled_and_includes_drafts(client_for, world, reported):
    client = client_for("planner")
    finance = world.plan.projects[1]
    official = client.get(url("project_results", world.org, 2569, finance.pk))
    assert official.context["figure"].status == "no_report"
    assert 'id="preview-note"' not in official.content.decode()
    preview = client.get(url("project_results", world.org, 2569, finance.pk) + "?preview=1")
    assert preview.context["figure"].status == ProjectStatus.COMPLETED
    assert preview.context["figure"].disbursed == Decimal(77777)
    assert 'id="preview-note"' in preview.content.decode()


def test_reporter_sees_only_their_departments_projects(client_for, world, reported):
    client = client_for("reporter")  # กองช่าง
    works, finance = world.plan.projects
    response = client.get(url("results", world.org, 2569))
    assert [p.project for p in response.context["figures"].projects] == [works]
    assert finance.name not in response.content.decode()
    strategy = client.get(url("strategy_results", world.org, 2569, world.plan.strategy.pk))
    assert finance.name not in strategy.content.decode()
    assert client.get(url("project_results", world.org, 2569, finance.pk)).status_code == 404
    assert client.get(url("indicator_results", world.org, 2569, finance.indicators.get().pk)).status_code == 404
    assert client.get(url("project_results", world.org, 2569, works.pk)).status_code == 200
    # Even asking for the other department by filter shows nothing of it.
    filtered = client.get(url("results", world.org, 2569) + f"?department={world.finance.pk}")
    assert [p.project for p in filtered.context["figures"].projects] == [works]


def test_bad_filters_are_refused_and_a_department_one_may_not_see_is_ignored(client_for, world, reported):
    client = client_for("planner")
    for query in ("?upto=9", "?department=x", "?perspective=nope", "?status=zzz"):
        assert client.get(url("results", world.org, 2569) + query).status_code == 400, query
    other = Department.objects.get(organization=world.other_org)
    response = client.get(url("results", world.org, 2569) + f"?department={other.pk}")
    assert response.status_code == 200
    assert response.context["upto"] is None and response.context["filters"]["department"] is None


# Queries ----------------------------------------------------------------------------------------------


def grown(n):
    """An organization with ``n`` projects, an approved Q1 report and KPI result each, and a planner."""
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
            project_status=ProjectStatus.COMPLETED if i % 2 else ProjectStatus.IN_PROGRESS,
            disbursed=Decimal(1000),
            state=ReportState.APPROVED,
        )
        for i, p in enumerate(plan.projects)
    )
    kpis = {k.project_id: k for k in Indicator.objects.filter(project__organization=org)}
    IndicatorResult.objects.bulk_create(
        IndicatorResult(
            organization=org, indicator=kpis[r.project_id], period=q1, report=r, value=Decimal(5), state="approved"
        )
        for r in reports
    )
    return org, plan, make_user(f"planner-{n}", org, Role.PLANNER)


def page_queries(client, user, page):
    client.force_login(user)
    client.get(page)  # warm up: the session, the monitoring settings
    django.db.reset_queries()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page)
    count = len(captured)
    assert response.status_code == 200
    return count


def test_organization_page_queries_do_not_grow_with_the_number_of_projects(client, db):
    small_org, small_plan, small_user = grown(10)
    large_org, large_plan, large_user = grown(200)
    for name, query in (("results", ""), ("results", "?kpi_status=no_data"), ("results", "?status=completed")):
        small = page_queries(client, small_user, url(name, small_org, 2569) + query)
        large = page_queries(client, large_user, url(name, large_org, 2569) + query)
        assert small == large, query
    small = page_queries(client, small_user, url("strategy_results", small_org, 2569, small_plan.strategy.pk))
    large = page_queries(client, large_user, url("strategy_results", large_org, 2569, large_plan.strategy.pk))
    assert small == large
