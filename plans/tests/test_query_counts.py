"""The plan tree and the project list cost the same number of SQL queries at 10 and at 200 projects."""

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_plan, make_user
from orgs.models import Department, Organization, Role


def queries_for(client, url):
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def sized_org(db):
    def build(size):
        org = Organization.objects.create(name=f"อบต.ทดสอบ {size}", slug=f"org-{size}", province="พระนครศรีอยุธยา")
        departments = [Department.objects.create(organization=org, name=f"กอง {n}") for n in range(3)]
        world = make_plan(org, departments, projects=size)
        return org, world, make_user(f"planner{size}", org, Role.PLANNER)

    return build


@pytest.mark.parametrize(
    "page",
    [
        lambda org, w: reverse("plans:plan_detail", args=[org.slug, w.plan.pk]),
        lambda org, w: reverse("plans:project_list", args=[org.slug]) + "?year=2569",
        lambda org, w: reverse("plans:action_plan_detail", args=[org.slug, 2569]),
        lambda org, w: reverse("plans:indicator_list", args=[org.slug]),
        lambda org, w: reverse("plans:program_detail", args=[org.slug, w.program.pk]),
    ],
    ids=["plan tree", "project list", "action plan", "indicator list", "program page"],
)
def test_page_query_count_does_not_grow_with_the_number_of_projects(client, sized_org, page):
    counts = []
    for size in (10, 200):
        org, world, planner = sized_org(size)
        client.force_login(planner)
        counts.append(queries_for(client, page(org, world)))
    assert counts[0] > 0
    assert counts[0] == counts[1], f"10 projects: {counts[0]} queries, 200 projects: {counts[1]}"
