"""Two people edit the same thing: the one who saves second from a stale page is refused and shown what
the other saved; nothing of either is lost (core.versioning, used by every edit form)."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from conftest import make_user
from evaluation.models import Evaluation, Factor, Finding, ReadinessStep
from monitoring.models import IndicatorResult, MonitoringPolicy
from monitoring.periods import ensure_periods
from orgs.models import Role
from plans.models import Indicator, Target
from reports.models import AnnualReport


def shown_data(response) -> dict:
    """What the browser sends back for the page's form (and formset) as it was shown."""
    shown = [response.context["form"]] if "form" in response.context else []
    if "factors" in response.context:
        factors = response.context["factors"]
        shown += [factors.management_form, *factors.forms]
    shown += list(response.context.get("forms") or [])
    shown += [row["form"] for row in response.context.get("rows") or [] if isinstance(row, dict) and "form" in row]
    data = {}
    for form in shown:
        for field in form:
            value = field.value()
            if isinstance(field.field.widget, forms.CheckboxInput):
                if value:
                    data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(v) for v in value]
            else:
                data[field.html_name] = "" if value is None else str(value)
    if "version" in response.context and "forms" in response.context:  # a page of several rows
        data["version"] = response.context["version"]
    return data


@dataclass
class Case:
    """One edit form: how to reach it, who edits it, the field both change, and how to read it back."""

    name: str
    url: object  # world → the form's address
    persona: str
    field: str
    theirs: str
    mine: str
    stored: object  # world → the value now in the database, as text
    extra: dict | None = None  # other fields both people fill in


def _finding(world):
    return Finding.objects.get_or_create(organization=world.org, fiscal_year=2569, title="ซ่อมท่อระบายน้ำ")[0]


def _evaluation(world):
    evaluation, created = Evaluation.objects.get_or_create(
        organization=world.org, fiscal_year=2569, strategy=world.plan.strategy
    )
    if created:
        Factor.objects.create(
            organization=world.org, evaluation=evaluation, kind="hindering", category="weather", description="ฝนตกชุก"
        )
    return evaluation


@pytest.fixture(autouse=True)
def _year_set_up(world):
    """2569 is set up (its reporting periods exist), as saving its action plan does."""
    ensure_periods(world.org, 2569)


def _q1(world):
    return ensure_periods(world.org, 2569)[0]


def _org_result(world):
    result = IndicatorResult.objects.filter(indicator=world.plan.org_indicator, period=_q1(world)).first()
    return "" if result is None or result.numerator is None else format(result.numerator.normalize(), "f")


def url(name, *args):
    return lambda world: reverse(name, args=[world.org.slug, *[a(world) if callable(a) else a for a in args]])


CASES = [
    Case(
        "development plan",
        url("plans:plan_edit", lambda w: w.plan.plan.pk),
        "planner",
        "name",
        "แผนพัฒนา (ฉบับของอีกคน)",
        "แผนพัฒนา (ฉบับของฉัน)",
        lambda w: w.plan.plan.__class__.objects.get(pk=w.plan.plan.pk).name,
    ),
    Case(
        "plan revision",
        url("plans:revision_edit", lambda w: w.plan.revision.pk),
        "planner",
        "description",
        "เพิ่มเติมครั้งที่ 1 ของอีกคน",
        "เพิ่มเติมครั้งที่ 1 ของฉัน",
        lambda w: w.plan.revision.__class__.objects.get(pk=w.plan.revision.pk).description,
    ),
    Case(
        "strategy",
        url("plans:strategy_edit", lambda w: w.plan.strategy.pk),
        "planner",
        "name",
        "ยุทธศาสตร์ของอีกคน",
        "ยุทธศาสตร์ของฉัน",
        lambda w: w.plan.strategy.__class__.objects.get(pk=w.plan.strategy.pk).name,
    ),
    Case(
        "goal",
        url("plans:goal_edit", lambda w: w.plan.goal.pk),
        "planner",
        "name",
        "กลยุทธ์ของอีกคน",
        "กลยุทธ์ของฉัน",
        lambda w: w.plan.goal.__class__.objects.get(pk=w.plan.goal.pk).name,
    ),
    Case(
        "program",
        url("plans:program_edit", lambda w: w.plan.program.pk),
        "planner",
        "name",
        "แผนงานของอีกคน",
        "แผนงานของฉัน",
        lambda w: w.plan.program.__class__.objects.get(pk=w.plan.program.pk).name,
    ),
    Case(
        "project",
        url("plans:project_edit", lambda w: w.plan.projects[0].pk),
        "planner",
        "name",
        "ถนนสายใหม่ (อีกคน)",
        "ถนนสายใหม่ (ฉัน)",
        lambda w: w.plan.projects[0].__class__.objects.get(pk=w.plan.projects[0].pk).name,
    ),
    Case(
        "project budget",
        url("plans:project_edit", lambda w: w.plan.projects[0].pk),
        "planner",
        "budget_2569",
        "123456.00",
        "654321.00",
        lambda w: str(w.plan.projects[0].budgets.get(fiscal_year=2569).amount),
    ),
    Case(
        "indicator",
        url("plans:indicator_edit", lambda w: w.plan.indicator.pk),
        "planner",
        "name",
        "ระยะทางถนน (อีกคน)",
        "ระยะทางถนน (ฉัน)",
        lambda w: w.plan.indicator.__class__.objects.get(pk=w.plan.indicator.pk).name,
    ),
    Case(
        "targets",
        url("plans:targets_edit", lambda w: w.plan.indicator.pk, 2569),
        "planner",
        "period_0",
        "300",
        "250",
        lambda w: format(
            Target.objects.get(indicator=w.plan.indicator, fiscal_year=2569, period=0).value.normalize(), "f"
        ),
    ),
    Case(
        "action plan",
        url("plans:action_plan_edit", 2569),
        "planner",
        "note",
        "หมายเหตุของอีกคน",
        "หมายเหตุของฉัน",
        lambda w: w.plan.action_plan.__class__.objects.get(pk=w.plan.action_plan.pk).note,
    ),
    Case(
        "monitoring settings",
        url("monitoring:settings"),
        "auditor",
        "deadline_days",
        "21",
        "10",
        lambda w: str(MonitoringPolicy.objects.get(organization=w.org).deadline_days),
    ),
    Case(
        "organization KPI results",
        url("monitoring:org_results", 2569, 1),
        "auditor",
        "kpi{org_kpi}-numerator",
        "13",
        "12",
        _org_result,
        {"kpi{org_kpi}-denominator": "20"},
    ),
    Case(
        "finding",
        url("evaluation:finding_edit", lambda w: _finding(w).pk),
        "auditor",
        "description",
        "ท่อตันหลายจุด (อีกคน)",
        "ท่อตันหลายจุด (ฉัน)",
        lambda w: _finding(w).description,
    ),
    Case(
        "evaluation",
        url("evaluation:evaluation_edit", lambda w: _evaluation(w).pk),
        "auditor",
        "recommendations",
        "ข้อเสนอของอีกคน",
        "ข้อเสนอของฉัน",
        lambda w: _evaluation(w).recommendations,
    ),
    Case(
        "evaluation factor",
        url("evaluation:evaluation_edit", lambda w: _evaluation(w).pk),
        "auditor",
        "factors-0-description",
        "น้ำท่วมขัง (อีกคน)",
        "น้ำท่วมขัง (ฉัน)",
        lambda w: _evaluation(w).factors.get().description,
    ),
    Case(
        "annual report record",
        url("reports:annual_record", 2569),
        "auditor",
        "conclusion",
        "สรุปของอีกคน",
        "สรุปของฉัน",
        lambda w: AnnualReport.objects.get(organization=w.org, fiscal_year=2569).conclusion,
    ),
    Case(
        "M&E steps",
        url("evaluation:readiness", 2569),
        "auditor",
        "s3-notes",
        "ประชุมคณะกรรมการแล้ว (อีกคน)",
        "ประชุมคณะกรรมการแล้ว (ฉัน)",
        lambda w: ReadinessStep.objects.get(organization=w.org, fiscal_year=2569, step=3).notes,
    ),
    Case(
        "department",
        url("orgs:department_edit", lambda w: w.works.pk),
        "admin",
        "name",
        "กองช่าง (อีกคน)",
        "กองช่าง (ฉัน)",
        lambda w: w.works.__class__.objects.get(pk=w.works.pk).name,
    ),
    Case(
        "organization",
        url("orgs:manage"),
        "admin",
        "name",
        "อบต.บ้านแพน (อีกคน)",
        "อบต.บ้านแพน (ฉัน)",
        lambda w: w.org.__class__.objects.get(pk=w.org.pk).name,
    ),
]


def two_people(world, persona):
    """Two signed-in browsers of two people with the same role."""
    role = {"planner": Role.PLANNER, "auditor": Role.AUDITOR, "admin": Role.ADMIN}[persona]
    first, second = Client(), Client()
    first.force_login(world.users[persona])
    second.force_login(make_user(f"second-{persona}", world.org, role))
    return first, second


def field_name(case, world, name=None):
    return (name or case.field).format(org_kpi=world.plan.org_indicator.pk)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_save_from_a_stale_form_is_refused_with_the_other_persons_change_shown_and_both_inputs_kept(world, case):
    address, name = case.url(world), field_name(case, world)
    first, second = two_people(world, case.persona)
    loaded = first.get(address)
    assert loaded.status_code == 200
    mine = shown_data(loaded)
    versions = [value for key, value in mine.items() if key == "version" or key.endswith("-version")]
    assert versions and all(versions), "the form carries the version it was loaded at"

    theirs = shown_data(second.get(address))
    extra = {field_name(case, world, key): value for key, value in (case.extra or {}).items()}
    theirs.update(extra)
    theirs[name] = case.theirs
    saved = second.post(address, theirs)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    assert case.stored(world) == case.theirs.removesuffix(".00") or case.stored(world) == case.theirs

    mine.update(extra)
    mine[name] = case.mine
    refused = first.post(address, mine)
    page = refused.content.decode()
    assert refused.status_code == 200
    assert 'id="stale-edit"' in page  # the conflict box
    assert case.mine in page  # my input is still in the form
    assert case.theirs.removesuffix(".00") in page  # and what the other person saved is shown
    assert case.stored(world) in (case.theirs, case.theirs.removesuffix(".00"))  # theirs is kept


def test_saving_again_after_seeing_the_conflict_replaces_theirs_with_mine(world):
    address = reverse("plans:strategy_edit", args=[world.org.slug, world.plan.strategy.pk])
    first, second = two_people(world, "planner")
    mine = shown_data(first.get(address))
    theirs = shown_data(second.get(address))
    second.post(address, {**theirs, "name": "ของอีกคน"})
    refused = first.post(address, {**mine, "name": "ของฉัน"})
    assert refused.status_code == 200
    again = shown_data(refused)
    assert again["name"] == "ของฉัน" and again["version"] != mine["version"]
    assert first.post(address, again).status_code == 302
    world.plan.strategy.refresh_from_db()
    assert world.plan.strategy.name == "ของฉัน"


def test_the_conflict_box_says_who_saved_and_lists_only_the_fields_that_differ(world):
    address = reverse("plans:project_edit", args=[world.org.slug, world.plan.projects[0].pk])
    first, second = two_people(world, "planner")
    mine = shown_data(first.get(address))
    theirs = shown_data(second.get(address))
    second.post(address, {**theirs, "location": "หมู่ 3"})
    refused = first.post(address, {**mine, "name": "ชื่อใหม่ของฉัน"})
    stale = refused.context["stale"]
    name = world.plan.projects[0].name
    # the place they changed and the name I changed, each as saved now and as I typed it; nothing else
    assert {(theirs, yours) for _label, theirs, yours in stale.changes} == {("หมู่ 3", None), (name, "ชื่อใหม่ของฉัน")}
    assert stale.who.username == "second-planner"


def test_a_form_posted_without_a_version_is_saved_as_before(world, client_for):
    address = reverse("plans:strategy_edit", args=[world.org.slug, world.plan.strategy.pk])
    client = client_for("planner")
    data = shown_data(client.get(address))
    del data["version"]
    assert client.post(address, {**data, "name": "ไม่มีเวอร์ชัน"}).status_code == 302
    world.plan.strategy.refresh_from_db()
    assert world.plan.strategy.name == "ไม่มีเวอร์ชัน"


def test_an_unchanged_page_of_kpi_results_saved_by_someone_else_is_not_emptied(world):
    """The incident: an auditor's result of 13 became empty when someone else saved the same page."""
    address = reverse("monitoring:org_results", args=[world.org.slug, 2569, 1])
    kpi = world.plan.org_indicator
    other = Indicator.objects.create(organization=world.org, name="จำนวนผู้เข้าร่วมประชาคม", unit="คน")
    first, second = two_people(world, "auditor")
    mine = shown_data(first.get(address))
    theirs = shown_data(second.get(address))
    second.post(address, {**theirs, f"kpi{kpi.pk}-numerator": "13", f"kpi{kpi.pk}-denominator": "20"})
    refused = first.post(address, {**mine, f"kpi{other.pk}-value": "45"})  # my page still shows KPI 1 empty
    page = refused.content.decode()
    assert 'id="stale-edit"' in page and 'value="45"' in page
    result = IndicatorResult.objects.get(indicator=kpi, period=_q1(world))
    assert (result.numerator, result.denominator) == (Decimal(13), Decimal(20))
    assert not IndicatorResult.objects.filter(indicator=other).exists()
