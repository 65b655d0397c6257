"""The executive dashboard: who may see it, its figures equal the rollup's, its cost does not grow with
the number of projects, and it runs no inline script."""

import json
import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_period, make_plan, make_report, make_user
from evaluation import rollup
from evaluation.models import Finding
from orgs.access import access_for
from orgs.models import Department, Organization, Role


def approve(org, period, project, *, status="in_progress", disbursed="10000.00", on_time=True):
    """An approved report of the project, submitted and approved on 10 January 2026 (before FY2569 Q1's
    deadline of 15 January) or, ``on_time=False``, on the 20th."""
    submitted = datetime(2026, 1, 10 if on_time else 20, 9, tzinfo=timezone.get_current_timezone())
    return make_report(
        project,
        period,
        status,
        percent_complete=Decimal(50),
        disbursed=Decimal(disbursed),
        submitted_at=submitted,
        approved_at=submitted,
    )


def dashboard_data(response) -> dict:
    match = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', response.text, re.S)
    assert match, "the page carries its chart data"
    return json.loads(match.group(1))


def url(org, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("dashboard:index", args=[org.slug]) + (f"?{query}" if query else "")


@pytest.mark.parametrize("persona", ["executive", "planner", "reporter"])
def test_readers_see_the_dashboard(world, client_for, persona):
    response = client_for(persona).get(url(world.org, year=2569))
    assert response.status_code == 200
    assert 'id="chart-strategies"' in response.text
    assert response.text.count("<details") == 6


def test_an_outsider_gets_404(world, client_for):
    assert client_for("outsider").get(url(world.org)).status_code == 404


def test_an_unknown_year_is_404_and_the_default_is_the_latest_plan(world, client_for):
    client = client_for("executive")
    assert client.get(url(world.org, year=2500)).status_code == 404
    response = client.get(url(world.org))  # 2569 is the only year with an action plan
    assert response.context["year"] == 2569


def test_the_data_equals_the_rollup(world, client_for):
    org, projects = world.org, world.plan.projects
    period = make_period(org, 2569, 1)
    approve(org, period, projects[0], status="completed", disbursed="40000.25")
    approve(org, period, projects[1], disbursed="12000.00", on_time=False)
    Finding.objects.create(organization=org, fiscal_year=2568, title="ข้อเสนอแนะ", due_on=date(2020, 1, 1))
    response = client_for("executive").get(url(org, year=2569))
    data = dashboard_data(response)
    total = rollup.year_figures(org, 2569, access=access_for(world.users["executive"], org.slug)).organization
    assert data["totals"]["planned"] == total.planned == 2
    assert data["totals"]["completed"] == total.completed == 1
    assert Decimal(data["totals"]["budget"]) == total.budget
    assert Decimal(data["totals"]["disbursed"]) == total.disbursed == Decimal("52000.25")
    assert data["totals"]["rate"] == str(total.rate)
    assert data["totals"]["statuses"] == total.statuses
    assert data["totals"]["kpiCounts"] == total.kpi_counts
    assert sum(Decimal(v) for v in data["quarters"]["disbursed"]) == total.disbursed
    assert sum(data["statuses"]["data"]) == total.planned
    assert [sum(d["data"][i] for d in data["strategies"]["datasets"]) for i in range(1)] == [total.planned]
    assert data["trend"]["labels"] == ["2569"]
    context = response.context
    assert (context["reports"].on_time, context["reports"].expected) == (1, 2)
    assert context["recommendations"] == {"open": 1, "overdue": 1}


def test_a_reporter_sees_their_department_only(world, client_for):
    response = client_for("reporter").get(url(world.org, year=2569))
    data = dashboard_data(response)
    assert data["totals"]["planned"] == 1  # one project of กองช่าง, one of กองคลัง
    assert data["departments"]["labels"] == [world.works.name]


def test_no_inline_script_but_the_json_data(world, client_for):
    html = client_for("executive").get(url(world.org, year=2569)).text
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert 'src="/static/vendor/chartjs/chart.umd.min.js"' in html
    assert 'role="img"' in html


def _queries(client, address):
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


def test_the_query_count_does_not_grow_with_the_number_of_projects(db, client):
    counts = []
    for size in (10, 100):
        org = Organization.objects.create(name=f"อบต. {size}", slug=f"d{size}", province="พระนครศรีอยุธยา")
        departments = [Department.objects.create(organization=org, name=f"กอง {n}") for n in range(3)]
        plan = make_plan(org, departments, projects=size)
        period = make_period(org, 2569, 1)
        for n, project in enumerate(plan.projects):
            approve(org, period, project, status="completed" if n % 2 else "in_progress")
        client.force_login(make_user(f"x{size}", org, Role.EXECUTIVE))
        counts.append(_queries(client, url(org, year=2569)))
    assert counts[0] == counts[1]


def test_an_organization_without_an_action_plan_sees_an_empty_dashboard(db, client):
    org = Organization.objects.create(name="อบต. ใหม่", slug="new", province="ลพบุรี")
    client.force_login(make_user("newcomer", org, Role.EXECUTIVE))
    response = client.get(url(org))
    assert response.status_code == 200
    assert response.context["year"] is None
    assert "dashboard-data" not in response.text


def test_the_trend_compares_every_year_on_the_part_the_latest_year_has_reached(world, client_for, monkeypatch):
    from dashboard.selectors import trend_upto

    org, projects = world.org, world.plan.projects
    approve(org, make_period(org, 2569, 1), projects[0], disbursed="10000.00")
    approve(org, make_period(org, 2569, 3), projects[1], disbursed="50000.00")  # after the second quarter
    real = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda value=None, **kw: real(value) if value else date(2026, 2, 15))
    response = client_for("executive").get(url(org, year=2569))
    data = dashboard_data(response)
    assert data["trend"]["labels"] == ["2569 ถึงไตรมาส 2"]
    executive = access_for(world.users["executive"], org.slug)
    part = rollup.year_figures(org, 2569, upto=2, access=executive).organization
    whole = rollup.year_figures(org, 2569, access=executive).organization
    assert part.rate != whole.rate
    assert data["trend"]["rate"] == [str(part.rate)]
    page = response.content.decode()
    assert "ทุกปีนับถึงสิ้นไตรมาสที่ 2 (ม.ค.–มี.ค.)" in page
    assert "2569 ถึงไตรมาส 2" in page  # the table view too
    # a finished year, or a quarter asked for, decide it otherwise
    assert trend_upto(2568, None, date(2026, 2, 15)) is None
    assert trend_upto(2569, 3, date(2026, 2, 15)) == 3
    assert trend_upto(2569, None, date(2026, 9, 1)) is None  # the fourth quarter: whole years
