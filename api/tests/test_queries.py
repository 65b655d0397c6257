"""Every list costs the same number of queries at 10 and at 50 rows."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from api import tokens
from api.tests.conftest import url
from conftest import make_plan, make_report, make_user
from monitoring.models import IndicatorResult, ReportState
from monitoring.periods import ensure_periods
from orgs.models import Department, Organization, Role

LISTS = [
    ("projects", {}),
    ("indicators", {}),
    ("targets", {}),
    ("strategies", {}),
    ("programs", {}),
    ("reports", {}),
    ("results", {}),
    ("periods", {}),
    ("action_plans", {}),
    ("departments", {}),
    ("project_figures", {"year": 2569}),
    ("kpi_figures", {"year": 2569}),
    ("figures", {"year": 2569}),
]


def organization_with(size):
    org = Organization.objects.create(name=f"อบต. {size}", slug=f"q{size}", province="ลพบุรี")
    department = Department.objects.create(organization=org, name="กองช่าง")
    plan = make_plan(org, [department], projects=size)
    period = ensure_periods(org, 2569)[0]
    for project in plan.projects:
        report = make_report(project, period, "in_progress", percent_complete=Decimal(50))
        IndicatorResult.objects.create(
            organization=org,
            indicator=project.indicators.get(),
            period=period,
            report=report,
            value=Decimal(80),
            state=ReportState.APPROVED,
        )
    _token, raw = tokens.create(user=make_user(f"planner{size}", org, Role.PLANNER), name="q")
    return org, APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")


def count(client, address):
    with CaptureQueriesContext(connection) as captured:
        answer = client.get(address, {"page_size": 200})
    assert answer.status_code == 200, (address, answer.content)
    return len(captured), answer.json()


def test_lists_do_not_grow_with_the_number_of_rows(db, django_assert_max_num_queries):
    small_org, small = organization_with(10)
    large_org, large = organization_with(50)
    for name, kwargs in LISTS:
        expected, small_answer = count(small, url(name, org=small_org.slug, **kwargs))
        with django_assert_max_num_queries(expected):
            answer = large.get(url(name, org=large_org.slug, **kwargs), {"page_size": 200})
        assert answer.status_code == 200, name
        if small_answer.get("count", 0) >= 10:  # a list of the projects' rows: all of them, on one page
            assert answer.json()["count"] >= 50 and len(answer.json()["results"]) >= 50, name
