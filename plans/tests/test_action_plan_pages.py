"""The action plan's page lists its projects 50 a page, each strategy headed again where a page starts
inside it, with the sums of all the projects the person sees."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_plan, make_user
from orgs.models import Department, Organization, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def big():
    org = Organization.objects.create(name="อบต. หนองใหญ่", slug="nong-yai", province="ขอนแก่น")
    works = Department.objects.create(organization=org, name="กองช่าง", order=1)
    finance = Department.objects.create(organization=org, name="กองคลัง", order=2)
    plan = make_plan(org, [works, finance], projects=120)
    return org, works, plan


def url(org):
    return reverse("plans:action_plan_detail", args=[org.slug, 2569])


def test_each_page_of_the_action_plan_shows_50_projects_and_the_sums_of_all(big, client):
    org, _works, plan = big
    client.force_login(make_user("planner", org, Role.PLANNER))
    first = client.get(url(org))
    third = client.get(url(org), {"page": 3})
    items = [
        i
        for answer in (first, client.get(url(org), {"page": 2}), third)
        for g in answer.context["groups"]
        for i in g["items"]
    ]
    assert [i.project.code for i in items] == [p.code for p in plan.projects]
    assert sum(len(g["items"]) for g in third.context["groups"]) == 20
    for answer in (first, third):
        assert answer.context["count"] == 120
        assert answer.context["groups"][0]["total"] == answer.context["total"]  # the strategy's 120 projects
        assert "11,400,060.00" in answer.content.decode()  # 120 × 95,000.50
    assert "?page=2" in first.content.decode()


def test_a_reporter_pages_through_their_own_departments_projects(big, client):
    org, works, _plan = big
    client.force_login(make_user("reporter", org, Role.REPORTER, department=works))
    second = client.get(url(org), {"page": 2})
    assert second.context["count"] == 60 and second.context["page"].paginator.num_pages == 2
    assert {i.project.department_id for g in second.context["groups"] for i in g["items"]} == {works.pk}
    assert "5,700,030.00" in second.content.decode()  # 60 × 95,000.50


def test_a_bad_page_is_refused_and_one_past_the_last_shows_the_last(big, client):
    org, _works, _plan = big
    client.force_login(make_user("planner", org, Role.PLANNER))
    assert client.get(url(org), {"page": "last"}).status_code == 400
    assert client.get(url(org), {"page": "-1"}).status_code == 400
    assert client.get(url(org), {"page": "1000"}).context["page"].number == 3


def test_every_page_of_the_action_plan_costs_the_same_queries(big, client):
    org, _works, _plan = big
    client.force_login(make_user("planner", org, Role.PLANNER))
    counts = []
    for page in (1, 3):
        with CaptureQueriesContext(connection) as captured:
            client.get(url(org), {"page": page})
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_plan_tree_pages_its_projects_under_their_strategy_goal_and_program_again(big, client):
    org, works, plan = big
    client.force_login(make_user("planner", org, Role.PLANNER))
    address = reverse("plans:plan_detail", args=[org.slug, plan.plan.pk])
    first = client.get(address)
    third = client.get(address, {"page": 3, "department": works.pk})
    assert [r.kind for r in first.context["rows"][:4]] == ["strategy", "goal", "program", "project"]
    assert len([r for r in first.context["rows"] if r.kind == "project"]) == 50
    assert first.context["rows"][0].project_count == 120  # the strategy's sum: all its projects
    assert "11,400,060.00" not in first.content.decode()  # budgets here are the 100,000 a year of each
    assert "12,000,000.00" in first.content.decode()  # 120 × 100,000 for 2569, on every page
    second = client.get(address, {"page": 2, "department": works.pk})
    assert second.context["page"].paginator.count == 60 and third.context["page"].number == 2  # past the last
    assert [r.kind for r in second.context["rows"][:3]] == ["strategy", "goal", "program"]
    assert {r.obj.department_id for r in second.context["rows"] if r.kind == "project"} == {works.pk}
    assert f"?department={works.pk}&amp;page=1" in second.content.decode()
    assert client.get(address, {"page": "x"}).status_code == 400
