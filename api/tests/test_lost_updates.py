"""Every API write takes the version it read: GET answers an ETag, a write sends it back in If-Match; if
someone saved since, nothing is written and the answer is 409 with what changed. A write without
If-Match is accepted as before."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from api import tokens
from api.tests.conftest import url
from conftest import make_user
from monitoring.models import IndicatorResult
from monitoring.periods import ensure_periods
from orgs.models import Role
from plans.models import DevelopmentPlan, Indicator, Project, Strategy, Target


def person(world, username, role):
    _token, raw = tokens.create(user=make_user(username, world.org, role), name="test")
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")


@dataclass
class Write:
    name: str
    address: object  # world → (the address to read, the address to write)
    method: str
    role: str
    theirs: dict
    mine: dict
    stored: object  # world → the saved value both changed


def _q1(world):
    return ensure_periods(world.org, 2569)[0]


def _result_address(world):
    result = IndicatorResult.objects.get_or_create(
        organization=world.org, indicator=world.plan.org_indicator, period=_q1(world), defaults={"state": "approved"}
    )[0]
    return url("result", pk=result.pk), url("results")


def _result_body(world, numerator):
    return {
        "indicator": world.plan.org_indicator.pk,
        "period": _q1(world).pk,
        "numerator": numerator,
        "denominator": 20,
    }


WRITES = [
    Write(
        "plan",
        lambda w: (url("plan", pk=w.plan.plan.pk),) * 2,
        "patch",
        Role.PLANNER,
        {"name": "แผน (อีกคน)"},
        {"name": "แผน (ฉัน)"},
        lambda w: DevelopmentPlan.objects.get(pk=w.plan.plan.pk).name,
    ),
    Write(
        "strategy",
        lambda w: (url("strategy", pk=w.plan.strategy.pk),) * 2,
        "patch",
        Role.PLANNER,
        {"name": "ยุทธศาสตร์ (อีกคน)"},
        {"name": "ยุทธศาสตร์ (ฉัน)"},
        lambda w: Strategy.objects.get(pk=w.plan.strategy.pk).name,
    ),
    Write(
        "project",
        lambda w: (url("project", pk=w.plan.projects[0].pk),) * 2,
        "patch",
        Role.PLANNER,
        {"name": "ถนน (อีกคน)"},
        {"location": "หมู่ 5"},
        lambda w: Project.objects.get(pk=w.plan.projects[0].pk).name,
    ),
    Write(
        "indicator",
        lambda w: (url("indicator", pk=w.plan.indicator.pk),) * 2,
        "patch",
        Role.PLANNER,
        {"name": "ระยะทาง (อีกคน)"},
        {"name": "ระยะทาง (ฉัน)"},
        lambda w: Indicator.objects.get(pk=w.plan.indicator.pk).name,
    ),
    Write(
        "year targets",
        lambda w: (url("year_targets", pk=w.plan.indicator.pk, year=2569),) * 2,
        "put",
        Role.PLANNER,
        {"annual": "300"},
        {"annual": "250"},
        lambda w: format(Target.objects.get(indicator=w.plan.indicator, fiscal_year=2569, period=0).value, "f"),
    ),
    Write(
        "result",
        _result_address,
        "post",
        Role.AUDITOR,
        {"numerator": "13"},
        {"numerator": "12"},
        lambda w: IndicatorResult.objects.get(indicator=w.plan.org_indicator, period=_q1(w)).numerator,
    ),
]


def body(world, write, values):
    return {**_result_body(world, None), **values} if write.name == "result" else values


@pytest.mark.parametrize("write", WRITES, ids=[w.name for w in WRITES])
def test_a_write_from_a_stale_version_answers_409_with_what_changed_and_writes_nothing(world, write):
    read, address = write.address(world)
    first, second = person(world, "first", write.role), person(world, "second", write.role)
    loaded = first.get(read)
    assert loaded.status_code == 200 and loaded["ETag"]

    other = getattr(second, write.method)(
        address, body(world, write, write.theirs), format="json", HTTP_IF_MATCH=second.get(read)["ETag"]
    )
    assert other.status_code in (200, 201), other.content
    assert other["ETag"] != loaded["ETag"]
    after_theirs = write.stored(world)

    stale = getattr(first, write.method)(
        address, body(world, write, write.mine), format="json", HTTP_IF_MATCH=loaded["ETag"]
    )
    assert stale.status_code == 409, stale.content
    answer = stale.json()
    assert answer["version"] == other["ETag"].strip('"')
    mine = next(iter(write.mine.values()))
    assert any(mine in (change["yours"] or "") for change in answer["changes"])  # what I sent, next to what is saved
    assert write.stored(world) == after_theirs  # theirs kept, mine not written


def test_a_write_with_the_current_version_or_without_one_is_saved(world, api_for):
    planner = api_for("planner")
    address = url("strategy", pk=world.plan.strategy.pk)
    etag = planner.get(address)["ETag"]
    saved = planner.patch(address, {"name": "ตรงเวอร์ชัน"}, format="json", HTTP_IF_MATCH=etag)
    assert saved.status_code == 200 and saved.json()["name"] == "ตรงเวอร์ชัน"
    unversioned = planner.patch(address, {"name": "ไม่ส่งเวอร์ชัน"}, format="json")
    assert unversioned.status_code == 200
    assert Strategy.objects.get(pk=world.plan.strategy.pk).name == "ไม่ส่งเวอร์ชัน"


def test_a_budget_changed_by_someone_else_makes_a_project_write_stale(world, api_for):
    planner = api_for("planner")
    project = world.plan.projects[0]
    address = url("project", pk=project.pk)
    etag = planner.get(address)["ETag"]
    budget = project.budgets.get(fiscal_year=2569)
    budget.amount = Decimal("120000.00")
    budget.save()
    stale = planner.patch(address, {"name": "ชื่อใหม่"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 409
    assert {"field": "Name", "saved": project.name, "yours": "ชื่อใหม่"} in stale.json()["changes"]
    assert Project.objects.get(pk=project.pk).name == project.name


def test_a_409_names_a_value_not_saved_as_null(world, api_for):
    planner = api_for("planner")
    address = url("project", pk=world.plan.projects[0].pk)
    etag = planner.get(address)["ETag"]
    planner.patch(address, {"location": "หมู่ 2"}, format="json")
    stale = planner.patch(address, {"location": ""}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 409
    assert {"saved": "หมู่ 2", "yours": None} in [{k: c[k] for k in ("saved", "yours")} for c in stale.json()["changes"]]
