"""Pagination and the list filters: fiscal year, department, status, updated since."""

from datetime import timedelta

from django.utils import timezone

from api.tests.conftest import url
from plans.models import Project


def rows(answer):
    assert answer.status_code == 200, answer.content
    return answer.json()["results"]


def test_pages_are_bounded(world, api_for):
    planner = api_for("planner")
    for n in range(5):
        Project.objects.create(
            organization=world.org, program=world.plan.program, code=f"P-{n}", name="x", department=world.works
        )
    first = planner.get(url("projects"), {"page_size": 3}).json()
    assert first["count"] == 7 and len(first["results"]) == 3 and first["next"]
    assert len(planner.get(url("projects"), {"page_size": 3, "page": 3}).json()["results"]) == 1
    assert planner.get(url("projects"), {"page": 99}).status_code == 404
    assert len(planner.get(url("projects"), {"page_size": 100000}).json()["results"]) == 7  # at most 200


def test_filters_by_year_department_and_change_time(world, api_for):
    planner = api_for("planner")
    works, finance = world.plan.projects
    assert {r["id"] for r in rows(planner.get(url("projects"), {"fiscal_year": 2569}))} == {works.pk, finance.pk}
    assert rows(planner.get(url("projects"), {"fiscal_year": 2570})) == []  # no action plan for 2570 yet
    assert [r["id"] for r in rows(planner.get(url("projects"), {"department": world.finance.pk}))] == [finance.pk]

    later = timezone.now() + timedelta(seconds=1)
    assert rows(planner.get(url("projects"), {"updated_since": later.isoformat()})) == []
    changed = planner.patch(url("project", pk=works.pk), {"name": "ถนนคอนกรีต"})
    assert changed.status_code == 200
    since = (timezone.now() - timedelta(minutes=1)).isoformat()
    assert [r["id"] for r in rows(planner.get(url("projects"), {"updated_since": since}))] != []
    just_now = rows(planner.get(url("projects"), {"updated_since": (later - timedelta(seconds=1)).isoformat()}))
    assert [r["id"] for r in just_now] == [works.pk]
    kpi = finance.indicators.get()
    planner.put(url("year_targets", pk=kpi.pk, year=2570), {"annual": "5"})  # a target changed: its KPI counts
    since_target = rows(planner.get(url("indicators"), {"updated_since": (later - timedelta(seconds=1)).isoformat()}))
    assert kpi.pk in {r["id"] for r in since_target}
    assert planner.get(url("projects"), {"updated_since": "yesterday"}).status_code == 400
