"""The results pages list their projects 50 a page, with the totals of every project, their filters and
the department scope kept from page to page, and a bad page number refused; their XLSX holds every row."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from conftest import body, make_plan, make_report, make_user
from monitoring.periods import ensure_periods
from orgs.models import Department, Organization, Role

pytestmark = pytest.mark.django_db

PROJECTS = 120  # 60 a department; every other one reported completed


@pytest.fixture
def big():
    org = Organization.objects.create(name="อบต. หนองใหญ่", slug="nong-yai", province="ขอนแก่น")
    works = Department.objects.create(organization=org, name="กองช่าง", order=1)
    finance = Department.objects.create(organization=org, name="กองคลัง", order=2)
    plan = make_plan(org, [works, finance], projects=PROJECTS)
    period = ensure_periods(org, 2569)[0]
    for n, project in enumerate(plan.projects):
        status = "completed" if n % 4 < 2 else "in_progress"  # completed: 30 of each department
        make_report(project, period, status, percent_complete=Decimal(50), disbursed=Decimal(1000))
    return org, works, finance, plan


def url(name, org, *args):
    return reverse(f"evaluation:{name}", args=[org.slug, 2569, *args])


def test_the_results_page_lists_50_projects_a_page_with_the_totals_of_all_of_them(big, client):
    org, _works, _finance, plan = big
    client.force_login(make_user("planner", org, Role.PLANNER))
    first = client.get(url("results", org))
    html = first.content.decode()
    assert len(first.context["page"].object_list) == 50
    assert first.context["page"].paginator.count == PROJECTS
    footer = html.split('id="all-projects-total"', 1)[1].split("</tfoot>", 1)[0]
    assert "120" in footer and "11,400,060.00" in footer  # 120 × 95,000.50: every project, not the page's 50
    assert "120,000.00" in footer  # disbursed: 120 × 1,000
    second = client.get(url("results", org), {"page": 2})
    third = client.get(url("results", org), {"page": 3})
    shown = [p.project.code for page in (first, second, third) for p in page.context["page"]]
    assert shown == [p.code for p in plan.projects]  # every project once, in order
    assert len(third.context["page"].object_list) == 20
    assert "11,400,060.00" in third.content.decode()


def test_the_department_filter_is_kept_from_page_to_page(big, client):
    org, works, _finance, _plan = big
    client.force_login(make_user("auditor", org, Role.AUDITOR))
    first = client.get(url("results", org), {"department": works.pk, "upto": 2})
    assert first.context["page"].paginator.count == 60
    assert f"?department={works.pk}&amp;upto=2&amp;page=2#projects" in first.content.decode()
    second = client.get(url("results", org), {"department": works.pk, "upto": 2, "page": 2})
    assert len(second.context["page"].object_list) == 10
    assert {p.project.department_id for p in second.context["page"]} == {works.pk}
    assert second.context["total"].planned == 60


def test_a_reporter_pages_through_the_projects_of_their_own_department_only(big, client):
    org, works, _finance, _plan = big
    client.force_login(make_user("reporter", org, Role.REPORTER, department=works))
    second = client.get(url("results", org), {"page": 2})
    assert second.context["page"].paginator.count == 60
    assert {p.project.department_id for p in second.context["page"]} == {works.pk}
    assert second.context["total"].planned == 60


def test_the_drilled_rows_have_their_own_pages_and_keep_the_clicked_status(big, client):
    org, _works, _finance, _plan = big
    client.force_login(make_user("planner", org, Role.PLANNER))
    first = client.get(url("results", org), {"status": "completed", "page": 2})
    drill = first.context["drill_page"]
    assert drill.paginator.count == 60 and len(drill.object_list) == 50
    assert {p.status for p in drill} == {"completed"}
    assert first.context["page"].number == 2  # the list of all projects stays on its own page
    assert "?status=completed&amp;page=2&amp;rows_page=2#rows" in first.content.decode()
    second = client.get(url("results", org), {"status": "completed", "page": 2, "rows_page": 2})
    assert len(second.context["drill_page"].object_list) == 10
    kpis = client.get(url("results", org), {"kpi_status": "no_data", "rows_page": 3})
    assert kpis.status_code == 200 and kpis.context["drill_page"].number == 3  # 121 KPIs without a result


@pytest.mark.parametrize("value", ["abc", "0", "-1", "1.5", "9" * 60])
def test_a_page_number_that_is_not_one_is_refused(big, client, value):
    org, _works, _finance, _plan = big
    client.force_login(make_user("planner", org, Role.PLANNER))
    answer = client.get(url("results", org), {"page": value})
    if value == "9" * 60:
        assert answer.status_code == 200 and answer.context["page"].number == 3  # past the last: the last
    else:
        assert answer.status_code == 400
    assert client.get(url("results", org), {"rows_page": "x", "status": "completed"}).status_code == 400


def test_a_page_past_the_last_shows_the_last(big, client):
    org, _works, _finance, plan = big
    client.force_login(make_user("planner", org, Role.PLANNER))
    answer = client.get(url("program_results", org, plan.program.pk), {"page": 99})
    assert answer.status_code == 200
    assert answer.context["page"].number == 3 and len(answer.context["page"].object_list) == 20


def test_the_strategy_and_program_pages_are_paginated_with_the_group_totals(big, client):
    org, _works, _finance, plan = big
    client.force_login(make_user("planner", org, Role.PLANNER))
    for name, pk in (("strategy_results", plan.strategy.pk), ("program_results", plan.program.pk)):
        first = client.get(url(name, org, pk))
        second = client.get(url(name, org, pk), {"page": 2})
        assert len(first.context["page"].object_list) == 50
        assert first.context["total"].planned == PROJECTS
        assert "11,400,060.00" in second.content.decode()  # the footer: every project of the group
        listed = [p.project.code for p in first.context["page"]] + [p.project.code for p in second.context["page"]]
        assert listed == [p.code for p in plan.projects[:100]]
    strategy = client.get(url("strategy_results", org, plan.strategy.pk), {"status": "completed", "page": 2})
    assert strategy.context["page"].paginator.count == 60
    program_rows = strategy.context["programs"][0]["projects"]
    assert len(program_rows) == 10 and {p.status for p in program_rows} == {"completed"}


def test_the_xlsx_of_the_results_page_holds_every_project(big, client):
    org, _works, _finance, _plan = big
    client.force_login(make_user("planner", org, Role.PLANNER))
    answer = client.get(url("results", org), {"format": "xlsx", "page": 2})
    sheet = load_workbook(BytesIO(body(answer))).active
    found = [row[0] for row in sheet.iter_rows(values_only=True) if str(row[0] or "").startswith("nong-yai-")]
    assert len(found) == PROJECTS


def test_every_page_of_the_results_costs_the_same_number_of_queries(big, client):
    org, _works, _finance, plan = big
    client.force_login(make_user("planner", org, Role.PLANNER))
    for address in (url("results", org), url("strategy_results", org, plan.strategy.pk)):
        counts = []
        for page in (1, 2, 3):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(address, {"page": page, "status": "completed"}).status_code == 200
            counts.append(len(captured))
        assert len(set(counts)) == 1, (address, counts)
