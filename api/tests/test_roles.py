"""The screens' roles through the API: what a role may not do answers 403; a reporter sees only the
projects (and their reports, KPIs and results) of their own department."""

from api.tests.conftest import url


def ids(answer):
    assert answer.status_code == 200, answer.content
    return {row["id"] for row in answer.json()["results"]}


def test_an_executive_and_an_overseer_read_everything_and_write_nothing(world, api_for):
    project = world.plan.projects[0]
    for persona in ("executive", "overseer"):
        client = api_for(persona)
        assert client.get(url("projects")).status_code == 200
        assert client.get(url("project", pk=project.pk)).status_code == 200
        assert client.post(url("plans"), {"name": "x", "first_year": 2571, "last_year": 2575}).status_code == 403
        assert client.patch(url("project", pk=project.pk), {"name": "เปลี่ยน"}).status_code == 403
        assert client.post(url("reports"), {"period": 1, "project": project.pk}).status_code == 403
        assert client.put(url("year_targets", pk=world.plan.indicator.pk, year=2569), {}).status_code == 403
    project.refresh_from_db()
    assert project.name != "เปลี่ยน"


def test_a_reporter_cannot_approve_nor_edit_the_plan(world, api_for, q1):
    reporter, planner = api_for("reporter"), api_for("planner")
    project = world.plan.projects[0]
    created = reporter.post(url("reports"), {"period": q1.pk, "project": project.pk})
    assert created.status_code == 201, created.content
    report = created.json()["id"]
    assert reporter.post(url("report_approve", pk=report)).status_code == 403
    assert reporter.post(url("report_return", pk=report), {"reason": "x"}).status_code == 403
    assert planner.post(url("report_approve", pk=report)).status_code == 403  # planners report, auditors review
    assert reporter.patch(url("project", pk=project.pk), {"name": "x"}).status_code == 403
    assert reporter.post(url("period_state", pk=q1.pk), {"state": "locked"}).status_code == 403


def test_a_reporter_sees_only_their_departments_projects(world, api_for, q1):
    works, finance = world.plan.projects  # กองช่าง (the reporter's) and กองคลัง
    reporter = api_for("reporter")
    assert ids(reporter.get(url("projects"))) == {works.pk}
    assert reporter.get(url("project", pk=finance.pk)).status_code == 404
    finance_kpi = finance.indicators.get()
    assert finance_kpi.pk not in ids(reporter.get(url("indicators")))
    assert world.plan.org_indicator.pk in ids(reporter.get(url("indicators")))  # no project owns it
    assert reporter.get(url("indicator", pk=finance_kpi.pk)).status_code == 404
    assert reporter.get(url("kpi_period_figures", year=2570, pk=finance_kpi.pk)).status_code == 404
    refused = reporter.post(url("reports"), {"period": q1.pk, "project": finance.pk})
    assert refused.status_code == 400 and "project" in refused.json()

    planner = api_for("planner")
    for project in (works, finance):
        assert planner.post(url("reports"), {"period": q1.pk, "project": project.pk}).status_code == 201
    assert {r["project"] for r in reporter.get(url("reports")).json()["results"]} == {works.pk}
    assert {r["project"] for r in planner.get(url("reports")).json()["results"]} == {works.pk, finance.pk}
    figures = reporter.get(url("project_figures", year=2570)).json()["results"]
    assert [row["project"] for row in figures] == [works.pk]
