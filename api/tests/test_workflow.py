"""A report's life through the API: draft → submit → approve (or return), with the very workflow the
screens use (monitoring/workflow.py): the same timeline, the same refusals, approved data in the figures."""

from decimal import Decimal

from api.tests.conftest import url
from monitoring.models import IndicatorResult, ProgressReport, ReportEvent, ReportState


def fill(world, q1, client):
    project = world.plan.projects[0]
    kpi = project.indicators.get()
    answer = client.post(
        url("reports"),
        {
            "period": q1.pk,
            "project": project.pk,
            "project_status": "in_progress",
            "percent_complete": "40",
            "disbursed": "10000.00",
            "narrative": "ปรับพื้นที่แล้ว",
            "results": [{"indicator": kpi.pk, "value": "120"}],
        },
    )
    assert answer.status_code == 201, answer.content
    return answer.json(), kpi


def test_draft_submit_approve_and_the_figures(world, api_for, q1):
    reporter, auditor = api_for("reporter"), api_for("auditor")
    report, kpi = fill(world, q1, reporter)
    assert report["state"] == "draft" and report["percent_complete"] == "40.00"
    assert report["results"][0]["value"] == "120.0000" and report["results"][0]["state"] == "draft"

    figures = auditor.get(url("kpi_period_figures", year=2570, pk=kpi.pk)).json()
    assert figures["year_to_date"]["actual"] is None  # a draft is not counted: approved data only

    submitted = reporter.post(url("report_submit", pk=report["id"]))
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    approved = auditor.post(url("report_approve", pk=report["id"]))
    assert approved.status_code == 200, approved.content
    assert approved.json()["state"] == "approved" and approved.json()["results"][0]["state"] == "approved"

    saved = ProgressReport.objects.get(pk=report["id"])
    assert [e.action for e in ReportEvent.objects.filter(report=saved)] == ["saved", "submitted", "approved"]
    assert [e.actor for e in ReportEvent.objects.filter(report=saved)] == [
        world.users["reporter"],
        world.users["reporter"],
        world.users["auditor"],
    ]
    assert saved.history.first().history_user == world.users["auditor"]  # the token's user, in the history

    figures = auditor.get(url("kpi_period_figures", year=2570, pk=kpi.pk)).json()
    ytd = figures["year_to_date"]
    assert ytd["actual"] == "120.0000" and ytd["target"] == "200.0000"
    assert ytd["achievement"] == "60.00" and ytd["status"] == "off_track" and ytd["official"] is True
    assert figures["quarters"][0]["figures"]["actual"] == "120.0000"
    rows = auditor.get(url("kpi_figures", year=2570)).json()["results"]
    assert next(r for r in rows if r["indicator"] == kpi.pk)["figures"]["achievement"] == "60.00"
    approved_results = auditor.get(url("results") + "?status=approved&fiscal_year=2570").json()["results"]
    assert [r["indicator"] for r in approved_results] == [kpi.pk]


def test_return_needs_a_reason_and_goes_back_to_the_department(world, api_for, q1):
    reporter, auditor = api_for("reporter"), api_for("auditor")
    report, _kpi = fill(world, q1, reporter)
    reporter.post(url("report_submit", pk=report["id"]))
    missing = auditor.post(url("report_return", pk=report["id"]), {"reason": ""})
    assert missing.status_code == 400 and "reason" in missing.json()
    returned = auditor.post(url("report_return", pk=report["id"]), {"reason": "แนบภาพถ่ายด้วย"})
    assert returned.status_code == 200
    assert returned.json()["state"] == "returned" and returned.json()["return_reason"] == "แนบภาพถ่ายด้วย"
    again = auditor.post(url("report_approve", pk=report["id"]))
    assert again.status_code == 400 and again.json()["detail"] == "Only a submitted report can be approved."


def test_a_stale_version_is_a_conflict_and_saves_nothing(world, api_for, q1):
    reporter = api_for("reporter")
    report, kpi = fill(world, q1, reporter)
    first = reporter.patch(url("report", pk=report["id"]), {"version": report["version"], "narrative": "ครั้งแรก"})
    assert first.status_code == 200 and first.json()["version"] == report["version"] + 1
    stale = reporter.patch(
        url("report", pk=report["id"]),
        {"version": report["version"], "narrative": "ทับ", "results": [{"indicator": kpi.pk, "value": "1"}]},
    )
    assert stale.status_code == 409
    saved = ProgressReport.objects.get(pk=report["id"])
    assert saved.narrative == "ครั้งแรก"
    assert IndicatorResult.objects.get(report=saved).value == Decimal(120)  # a result left out keeps its value


def test_submit_is_refused_while_the_report_lacks_what_it_needs(world, api_for, q1):
    reporter = api_for("reporter")
    created = reporter.post(url("reports"), {"period": q1.pk, "project": world.plan.projects[0].pk})
    refused = reporter.post(url("report_submit", pk=created.json()["id"]))
    assert refused.status_code == 400 and refused.json()["detail"].startswith("Could not submit")
    assert ProgressReport.objects.get(pk=created.json()["id"]).state == ReportState.DRAFT


def test_an_approved_report_changes_only_with_a_reason_and_is_reviewed_again(world, api_for, q1):
    reporter, auditor = api_for("reporter"), api_for("auditor")
    report, _kpi = fill(world, q1, reporter)
    reporter.post(url("report_submit", pk=report["id"]))
    version = auditor.post(url("report_approve", pk=report["id"])).json()["version"]
    refused = reporter.patch(url("report", pk=report["id"]), {"version": version, "percent_complete": "50"})
    assert refused.status_code == 400 and "reason" in refused.json()["detail"]
    changed = reporter.patch(
        url("report", pk=report["id"]), {"version": version, "percent_complete": "50", "change_reason": "แก้ตัวเลข"}
    )
    assert changed.status_code == 200 and changed.json()["state"] == "submitted"


def test_a_locked_period_refuses_drafts(world, api_for, q1):
    auditor, reporter = api_for("auditor"), api_for("reporter")
    locked = auditor.post(url("period_state", pk=q1.pk), {"state": "locked"})
    assert locked.status_code == 200 and locked.json()["effective_state"] == "locked"
    refused = reporter.post(url("reports"), {"period": q1.pk, "project": world.plan.projects[0].pk})
    assert refused.status_code == 400 and refused.json()["detail"] == "This report cannot be changed now."
    assert not ProgressReport.objects.exists()


def test_organization_kpi_results_are_entered_by_the_audit_unit_and_count_once_approved(world, api_for, q1):
    kpi = world.plan.org_indicator  # a percentage KPI (numerator ÷ denominator)
    auditor = api_for("auditor")
    bad = auditor.post(url("results"), {"period": q1.pk, "indicator": kpi.pk, "numerator": "90", "denominator": "80"})
    assert bad.status_code == 400 and bad.json()["numerator"] == [
        "The numerator (90) may not exceed the denominator (80)."
    ]
    saved = auditor.post(url("results"), {"period": q1.pk, "indicator": kpi.pk, "numerator": "72", "denominator": "80"})
    assert saved.status_code == 200 and saved.json()["state"] == "draft"
    project_kpi = world.plan.indicator
    refused = auditor.post(url("results"), {"period": q1.pk, "indicator": project_kpi.pk, "value": "1"})
    assert refused.status_code == 400 and "project" in refused.json()["detail"]
    pk = saved.json()["id"]
    assert auditor.get(url("kpi_period_figures", year=2570, pk=kpi.pk)).json()["year_to_date"]["actual"] is None
    assert api_for("executive").post(url("result_submit", pk=pk)).status_code == 403
    assert auditor.post(url("result_submit", pk=pk)).json()["state"] == "submitted"
    returned = auditor.post(url("result_return", pk=pk), {"reason": "ตรวจตัวหาร"})
    assert returned.json()["state"] == "returned" and returned.json()["return_reason"] == "ตรวจตัวหาร"
    assert auditor.post(url("result_approve", pk=pk)).status_code == 400  # no longer submitted
    auditor.post(url("result_submit", pk=pk))
    assert api_for("executive").post(url("result_approve", pk=pk)).status_code == 403
    assert api_for("planner").post(url("result_approve", pk=pk)).status_code == 403
    assert auditor.post(url("result_approve", pk=pk)).json()["state"] == "approved"
    ytd = auditor.get(url("kpi_period_figures", year=2570, pk=kpi.pk)).json()["year_to_date"]
    assert ytd["actual"] == "90.0000" and ytd["actual_numerator"] == "72.0000"
    last = IndicatorResult.objects.get(pk=pk).history.order_by("history_date", "history_id").last()
    assert (last.state, last.history_user) == (ReportState.APPROVED, world.users["auditor"])
