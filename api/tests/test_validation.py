"""Bad input answers 400 with the field's message, from the plan's and monitoring's own rules, in the
language the client asks for (Accept-Language) or else in the user's own."""

from django.utils import translation

from api.tests.conftest import url
from plans.models import DevelopmentPlan, Indicator

RANGE_WITHOUT_BOUNDS = {"name": "ค่า pH ของน้ำ", "direction": "range"}


def thai(message):
    with translation.override("th"):
        text = translation.gettext(message)
    assert text != message, f"no Thai translation of {message!r}"
    return text


def test_indicator_rules_answer_400_with_field_messages_in_english_or_thai(world, api_for):
    english = api_for("planner").post(url("indicators"), RANGE_WITHOUT_BOUNDS)
    assert english.status_code == 400
    assert english.json()["range_low"] == ["A range needs its lower bound."]
    assert english["Content-Language"] == "en"
    in_thai = api_for("planner", language="th").post(url("indicators"), RANGE_WITHOUT_BOUNDS)
    assert in_thai.json()["range_low"] == [thai("A range needs its lower bound.")]
    assert in_thai["Content-Language"] == "th"
    assert not Indicator.objects.filter(name="ค่า pH ของน้ำ").exists()


def test_without_accept_language_the_users_language_applies(world, api_for):
    planner = world.users["planner"]
    assert planner.language == "th"
    answer = api_for("planner", language=None).post(url("indicators"), RANGE_WITHOUT_BOUNDS)
    assert answer.json()["range_low"] == [thai("A range needs its lower bound.")]
    planner.language = "en"
    planner.save()
    answer = api_for("planner", language=None).post(url("indicators"), RANGE_WITHOUT_BOUNDS)
    assert answer.json()["range_low"] == ["A range needs its lower bound."]


def test_in_the_browser_the_profiles_language_applies_as_on_the_screens(world, client_for):
    answer = client_for("planner").post(
        url("indicators"), RANGE_WITHOUT_BOUNDS, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en-US,en"
    )
    assert answer.json()["range_low"] == [thai("A range needs its lower bound.")]
    assert answer["Content-Language"] == "th"


def test_indicator_owner_and_levels(world, api_for):
    planner = api_for("planner")
    two = planner.post(url("indicators"), {"name": "x", "project": world.plan.projects[0].pk, "strategy": 1})
    assert two.status_code == 400 and set(two.json()) == {"project", "strategy"}
    other = planner.post(url("indicators"), {"name": "x", "project": world.other_plan.projects[0].pk})
    assert other.status_code == 400 and other.json()["project"] == ["Not found in this organization."]
    levels = planner.post(url("indicators"), {"name": "x", "level_1": "10", "level_2": "5"})
    assert levels.status_code == 400 and levels.json()["level_3"] == ["Give all five levels, or none."]
    made = planner.post(
        url("indicators"),
        {"name": "ระยะทาง", "project": world.plan.projects[0].pk, "unit": "เมตร", "direction": "lower"},
    )
    assert made.status_code == 201, made.content
    assert made.json()["project"] == world.plan.projects[0].pk
    changed = planner.patch(url("indicator", pk=made.json()["id"]), {"direction": "range", "range_low": "1"})
    assert changed.status_code == 400 and changed.json()["range_high"] == ["A range needs its upper bound."]


def test_targets_are_set_for_a_year_with_the_check_of_the_quarters(world, api_for):
    planner, kpi = api_for("planner"), world.plan.indicator
    target_url = url("year_targets", pk=kpi.pk, year=2570)
    saved = planner.put(target_url, {"annual": "100", "q1": "20", "q2": "20", "q3": "30", "q4": "20"})
    assert saved.status_code == 200, saved.content
    assert saved.json()["check"] == {
        "annual": "100.0000",
        "implied": "90.0000",
        "difference": "-10.0000",
        "agrees": False,
    }
    assert planner.get(target_url).json()["q3"] == "30.0000"
    bad = planner.put(target_url, {"annual": "ร้อย"})
    assert bad.status_code == 400 and list(bad.json()) == ["annual"]
    cleared = planner.put(target_url, {"annual": "100"})
    assert cleared.json()["q1"] is None and kpi.targets.filter(fiscal_year=2570).count() == 1
    assert planner.get(url("year_targets", pk=kpi.pk, year=3000)).status_code == 404


def test_plan_and_project_rules(world, api_for):
    planner = api_for("planner")
    overlap = planner.post(url("plans"), {"name": "ซ้อน", "first_year": 2568, "last_year": 2572})
    assert overlap.status_code == 400
    assert overlap.json()["first_year"] == ["These years overlap another development plan of this organization."]
    new = planner.post(url("plans"), {"name": "แผนใหม่", "first_year": 2571, "last_year": 2575})
    assert new.status_code == 201 and DevelopmentPlan.objects.filter(name="แผนใหม่").exists()
    existing = world.plan.projects[0]
    project = {
        "program": world.plan.program.pk,
        "code": existing.code,
        "name": "ถนนใหม่",
        "department": world.works.pk,
        "budgets": [{"fiscal_year": 2569, "amount": "50000.00"}],
    }
    duplicate = planner.post(url("projects"), project)
    assert duplicate.status_code == 400 and duplicate.json()["code"] == ["Another project already uses this code."]
    outside = planner.post(
        url("projects"), {**project, "code": "N-1", "budgets": [{"fiscal_year": 2580, "amount": "1"}]}
    )
    assert outside.status_code == 400 and "budgets" in outside.json()
    made = planner.post(url("projects"), {**project, "code": "N-1"})
    assert made.status_code == 201, made.content
    assert made.json()["budgets"] == [{"fiscal_year": 2569, "amount": "50000.00"}]
    dates = planner.patch(
        url("project", pk=made.json()["id"]), {"planned_start": "2026-05-01", "planned_end": "2026-01-01"}
    )
    assert dates.status_code == 400 and list(dates.json()) == ["planned_end"]
    half = planner.patch(url("project", pk=made.json()["id"]), {"budgets": [{"fiscal_year": 2569}]})
    assert half.status_code == 400 and half.json()["budgets"] == ["Give each budget its fiscal year and its amount."]
    renamed = planner.patch(url("project", pk=made.json()["id"]), {"name": "ถนนสายใหม่"})
    assert renamed.status_code == 200 and renamed.json()["budgets"] == made.json()["budgets"]  # left out: kept


def test_report_rules_answer_400_per_field_and_per_kpi(world, api_for, q1):
    reporter = api_for("reporter")
    project = world.plan.projects[0]
    kpi = project.indicators.get()
    over = reporter.post(
        url("reports"),
        {"period": q1.pk, "project": project.pk, "disbursed": "200000.00", "percent_complete": "101"},
    )
    assert over.status_code == 400 and "percent_complete" in over.json()
    over = reporter.post(url("reports"), {"period": q1.pk, "project": project.pk, "disbursed": "200000.00"})
    assert over.status_code == 400 and list(over.json()) == ["over_budget_reason"]
    assert "exceeds the budget" in over.json()["over_budget_reason"][0]
    wrong = reporter.post(
        url("reports"),
        {"period": q1.pk, "project": project.pk, "results": [{"indicator": world.plan.org_indicator.pk, "value": "1"}]},
    )
    assert wrong.status_code == 400 and str(world.plan.org_indicator.pk) in wrong.json()["results"]
    bad_kpi = reporter.post(
        url("reports"),
        {"period": q1.pk, "project": project.pk, "results": [{"indicator": kpi.pk, "breakdown": {"ชาย": "1"}}]},
    )
    assert bad_kpi.status_code == 400 and bad_kpi.json()["results"][str(kpi.pk)] == {
        "breakdown": ["Unknown category: ชาย."]
    }
    invalid = reporter.get(url("reports") + "?fiscal_year=1999&status=nonsense")
    assert invalid.status_code == 400 and set(invalid.json()) == {"fiscal_year", "status"}
