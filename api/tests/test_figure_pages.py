"""The figure lists of the API come a page at a time with the totals of all their rows; a page after the
first costs its own rows, not the whole year again."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from api import tokens
from api.tests.conftest import url
from conftest import make_plan, make_report, make_user
from evaluation import memo
from monitoring.periods import ensure_periods
from orgs.models import Department, Organization, Role

PROJECTS = 60  # 30 a department


def organization():
    org = Organization.objects.create(name="อบต. หนองใหญ่", slug="nong-yai", province="ขอนแก่น")
    works = Department.objects.create(organization=org, name="กองช่าง", order=1)
    finance = Department.objects.create(organization=org, name="กองคลัง", order=2)
    plan = make_plan(org, [works, finance], projects=PROJECTS)
    period = ensure_periods(org, 2569)[0]
    for n, project in enumerate(plan.projects):
        make_report(project, period, "completed" if n % 3 == 0 else "in_progress", disbursed=Decimal(1000))
    return org, works, plan


def client_of(user):
    _token, raw = tokens.create(user=user, name="pages")
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.mark.django_db
def test_each_page_of_project_figures_carries_the_totals_of_every_project():
    org, works, plan = organization()
    client = client_of(make_user("planner", org, Role.PLANNER))
    first = client.get(url("project_figures", org=org.slug, year=2569)).json()
    second = client.get(url("project_figures", org=org.slug, year=2569), {"page": 2}).json()
    assert first["count"] == PROJECTS and len(first["results"]) == 50 and len(second["results"]) == 10
    assert [r["code"] for r in first["results"] + second["results"]] == [p.code for p in plan.projects]
    for answer in (first, second):
        totals = answer["totals"]
        assert totals["planned"] == PROJECTS and totals["completed"] == 20
        assert Decimal(totals["budget"]) == Decimal("95000.50") * PROJECTS
        assert Decimal(totals["disbursed"]) == Decimal(1000) * PROJECTS
    only_works = client.get(url("project_figures", org=org.slug, year=2569), {"department": works.pk}).json()
    assert only_works["count"] == 30 and only_works["totals"]["planned"] == 30
    assert client.get(url("project_figures", org=org.slug, year=2569), {"page": "x"}).status_code == 404
    reporter = client_of(make_user("reporter", org, Role.REPORTER, department=works))
    scoped = reporter.get(url("project_figures", org=org.slug, year=2569), {"page_size": 20, "page": 2}).json()
    assert scoped["count"] == 30 and scoped["totals"]["planned"] == 30
    assert {r["department"] for r in scoped["results"]} == {works.pk}


@pytest.mark.django_db
def test_each_page_of_kpi_figures_carries_the_counts_and_score_of_every_kpi():
    org, _works, _plan = organization()
    client = client_of(make_user("auditor", org, Role.AUDITOR))
    first = client.get(url("kpi_figures", org=org.slug, year=2569), {"page_size": 25}).json()
    last = client.get(url("kpi_figures", org=org.slug, year=2569), {"page_size": 25, "page": 3}).json()
    assert first["count"] == PROJECTS + 1  # the projects' KPIs and the organization's own
    assert len(last["results"]) == 11
    assert first["totals"] == last["totals"]
    assert first["totals"]["count"] == PROJECTS + 1 and sum(first["totals"]["counts"].values()) == PROJECTS + 1


@pytest.mark.django_db(transaction=True)
def test_a_page_after_the_first_does_not_compute_the_year_again():
    memo.clear()
    org, _works, _plan = organization()
    client = client_of(make_user("planner", org, Role.PLANNER))
    address = url("project_figures", org=org.slug, year=2569)
    client.get(address)  # the first reading creates the monitoring settings
    memo.clear()
    with CaptureQueriesContext(connection) as first:
        client.get(address, {"page_size": 10})
    with CaptureQueriesContext(connection) as later:
        answer = client.get(address, {"page_size": 10, "page": 5})
    with CaptureQueriesContext(connection) as larger:
        client.get(address, {"page_size": 50, "page": 2})
    assert answer.json()["totals"]["planned"] == PROJECTS and len(answer.json()["results"]) == 10
    assert len(later) == len(larger) < len(first)
    year_queries = [q["sql"] for q in later.captured_queries if "plans_actionplanitem" in q["sql"]]
    assert all("MAX(" in sql for sql in year_queries)  # the data version only: no project is read again
    memo.clear()
