"""The period's page lists the reports waiting for review and the projects without a submitted report 50 a
page each, each list with its own page number and its count of all its rows."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_plan, make_report, make_user
from monitoring.models import ReportState
from monitoring.periods import ensure_periods
from monitoring.selectors import ENTRY_PAGE_SIZE
from orgs.models import Department, Organization, Role
from plans.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def big():
    """120 projects: the even ones submitted in Q1 (60 waiting), the odd ones not (60 missing)."""
    org = Organization.objects.create(name="อบต. หนองใหญ่", slug="nong-yai", province="ขอนแก่น")
    works = Department.objects.create(organization=org, name="กองช่าง", order=1)
    finance = Department.objects.create(organization=org, name="กองคลัง", order=2)
    plan = make_plan(org, [works, finance], projects=120)
    period = ensure_periods(org, 2569)[0]
    start = timezone.now() - timedelta(days=3)
    for n, project in enumerate(plan.projects):
        if n % 2 == 0:
            make_report(project, period, state=ReportState.SUBMITTED, submitted_at=start + timedelta(minutes=n))
    return org, plan


def url(org):
    return reverse("monitoring:period", args=[org.slug, 2569, 1])


def test_the_review_queue_and_the_missing_projects_are_paged_each_on_its_own(big, client):
    org, plan = big
    client.force_login(make_user("auditor", org, Role.AUDITOR))
    first = client.get(url(org))
    waiting, missing = first.context["waiting"], first.context["missing"]
    assert waiting.paginator.count == 60 and len(waiting.object_list) == 50
    assert missing.paginator.count == 60 and len(missing.object_list) == 50
    html = first.content.decode()
    assert "?waiting_page=2#waiting-title" in html and "?missing_page=2#missing-title" in html
    later = client.get(url(org), {"waiting_page": 2, "missing_page": 1})
    assert [r.project.code for r in later.context["waiting"]] == [p.code for p in plan.projects[100::2]]
    assert later.context["missing"].number == 1
    assert "waiting_page=2&amp;missing_page=2#missing-title" in later.content.decode()  # the other list's page kept
    both = client.get(url(org), {"waiting_page": 2, "missing_page": 2})
    assert [i.project.code for i, _state in both.context["missing"]] == [p.code for p in plan.projects[101::2]]


def test_a_bad_page_of_the_period_lists_is_refused(big, client):
    org, _plan = big
    client.force_login(make_user("auditor", org, Role.AUDITOR))
    assert client.get(url(org), {"waiting_page": "a"}).status_code == 400
    assert client.get(url(org), {"missing_page": "0"}).status_code == 400
    assert client.get(url(org), {"missing_page": "7"}).context["missing"].number == 2


def test_the_data_entry_list_reads_its_page_number_the_same_way(big, client):
    org, plan = big
    department = plan.projects[0].department
    client.force_login(make_user("reporter", org, Role.REPORTER, department=department))
    address = reverse("monitoring:entry", args=[org.slug, 2569, 1, department.pk])
    assert client.get(address, {"show": "all", "page": "x"}).status_code == 400
    assert client.get(address, {"show": "all", "page": "0"}).status_code == 400
    last = client.get(address, {"show": "all", "page": "50"})
    pages, rest = divmod(60, ENTRY_PAGE_SIZE)
    assert last.context["page"].number == pages + bool(rest)
    assert len(last.context["entries"].rows) == (rest or ENTRY_PAGE_SIZE)
    assert last.context["entries"].counts["all"] == 60
    assert f"?show=all&amp;page={last.context['page'].number - 1}" in last.content.decode()  # filter kept


def test_a_department_reporter_sees_only_their_departments_projects_among_those_not_yet_reported(big, client):
    org, plan = big
    works = Department.objects.get(organization=org, name="กองช่าง")
    moved = [p.pk for p in plan.projects[1:7:2]]  # three projects without a report move to กองช่าง
    Project.objects.filter(pk__in=moved).update(department=works)
    client.force_login(make_user("reporter", org, Role.REPORTER, department=works))
    missing = client.get(url(org)).context["missing"]
    assert missing.paginator.count == 3
    assert sorted(item.project_id for item, _state in missing.object_list) == sorted(moved)
