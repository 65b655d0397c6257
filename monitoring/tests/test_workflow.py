"""The report and period workflow, without HTTP: each transition, its permission and its state."""

from decimal import Decimal

import pytest

from monitoring import selectors, workflow
from monitoring.forms import report_input
from monitoring.models import IndicatorResult, ProgressReport, ReportEvent, ReportState
from monitoring.views import bind
from orgs.access import access_for


def access(world, persona):
    return access_for(world.users[persona], world.org.slug)


def card_of(world, period, persona, today, project=None):
    project = project or world.plan.projects[0]
    return selectors.cards(world.org, period, access(world, persona), today, project_ids=[project.pk])[0]


def post_data(card, **overrides):
    p, k = f"r{card.project.pk}", f"kpi{card.indicators[0].pk}"
    data = {
        f"{p}-version": card.report.version,
        f"{p}-project_status": "in_progress",
        f"{p}-percent_complete": "40",
        f"{p}-disbursed": "20000",
        f"{p}-narrative": "เทพื้นถนนแล้ว 80 เมตร",
        f"{k}-value": "80",
    }
    data.update(overrides)
    return data


def save(world, period, persona, today, **overrides):
    card = card_of(world, period, persona, today)
    bind(card, post_data(card, **overrides))
    assert card.form.is_valid(), card.form.errors
    assert all(f.is_valid() for f in card.result_forms)
    report = card.report if card.report.pk else workflow.report_for(period=period, project=card.project)
    return workflow.report_save(
        report=report,
        access=access(world, persona),
        user=world.users[persona],
        values=report_input(card.form, card.result_forms),
        today=today,
    )


def test_a_reporter_saves_a_draft_with_kpi_results(world, q1, today):
    report = save(world, q1, "reporter", today)
    assert (report.state, report.version, report.percent_complete) == (ReportState.DRAFT, 2, Decimal(40))
    result = IndicatorResult.objects.get(report=report)
    assert result.value == Decimal(80) and result.state == ReportState.DRAFT
    assert report.events.get().action == ReportEvent.Action.SAVED


def test_submit_return_resubmit_approve(world, q1, today):
    report = save(world, q1, "reporter", today)
    report = workflow.report_submit(
        report=report, access=access(world, "reporter"), user=world.users["reporter"], today=today
    )
    assert report.state == ReportState.SUBMITTED
    with pytest.raises(workflow.WorkflowError):
        workflow.report_return(report=report, access=access(world, "auditor"), user=world.users["auditor"], reason=" ")
    report = workflow.report_return(
        report=report, access=access(world, "auditor"), user=world.users["auditor"], reason="แนบรูปถ่ายด้วย"
    )
    assert (report.state, report.return_reason) == (ReportState.RETURNED, "แนบรูปถ่ายด้วย")
    assert world.users["reporter"].notifications.filter(kind="returned").exists()
    report = save(world, q1, "reporter", today, **{f"r{report.project_id}-version": report.version})
    report = workflow.report_submit(
        report=report, access=access(world, "reporter"), user=world.users["reporter"], today=today
    )
    report = workflow.report_approve(report=report, access=access(world, "auditor"), user=world.users["auditor"])
    assert report.state == ReportState.APPROVED
    assert set(report.results.values_list("state", flat=True)) == {ReportState.APPROVED}
    actions = list(report.events.values_list("action", flat=True))
    assert actions == ["saved", "submitted", "returned", "saved", "submitted", "approved"]


def test_a_report_cannot_be_submitted_without_status_percent_and_kpi_results(world, q1, today):
    report = save(world, q1, "reporter", today, **{f"kpi{world.plan.indicator.pk}-value": ""})
    with pytest.raises(workflow.WorkflowError, match=r"ระยะทางถนน|indicator"):
        workflow.report_submit(
            report=report, access=access(world, "reporter"), user=world.users["reporter"], today=today
        )
    assert ProgressReport.objects.get(pk=report.pk).state == ReportState.DRAFT


def test_invalid_transitions_are_refused_with_a_message(world, q1, today):
    report = save(world, q1, "reporter", today)
    with pytest.raises(workflow.WorkflowError):
        workflow.report_approve(report=report, access=access(world, "auditor"), user=world.users["auditor"])
    with pytest.raises(workflow.WorkflowError):  # a reporter may not review
        workflow.report_return(
            report=report, access=access(world, "reporter"), user=world.users["reporter"], reason="x"
        )


def test_a_second_save_from_the_same_version_is_a_conflict_and_writes_nothing(world, q1, today):
    first = save(world, q1, "reporter", today, **{f"r{world.plan.projects[0].pk}-percent_complete": "50"})
    with pytest.raises(workflow.Conflict) as caught:
        save(
            world,
            q1,
            "planner",
            today,
            **{
                f"r{world.plan.projects[0].pk}-version": "1",
                f"r{world.plan.projects[0].pk}-percent_complete": "70",
            },
        )
    assert any(theirs == Decimal(50) and yours == Decimal(70) for _field, theirs, yours in caught.value.changes)
    assert ProgressReport.objects.get(pk=first.pk).percent_complete == Decimal(50)


def test_a_locked_period_refuses_changes_and_an_exception_reopens_one_project(world, q1, today):
    report = save(world, q1, "reporter", today)
    workflow.period_set_state(period=q1, access=access(world, "auditor"), state="locked", today=today)
    with pytest.raises(workflow.WorkflowError):
        save(world, q1, "reporter", today, **{f"r{report.project_id}-version": report.version})
    workflow.lock_exception_grant(
        period=q1,
        access=access(world, "auditor"),
        user=world.users["auditor"],
        reason="แก้ตัวเลขเบิกจ่าย",
        until=today,
        project=report.project,
    )
    again = save(world, q1, "reporter", today, **{f"r{report.project_id}-version": report.version})
    assert again.version == report.version + 1


def test_changing_an_approved_report_needs_a_reason_and_sends_it_back_to_review(world, q1, today):
    report = save(world, q1, "reporter", today)
    report = workflow.report_submit(
        report=report, access=access(world, "reporter"), user=world.users["reporter"], today=today
    )
    report = workflow.report_approve(report=report, access=access(world, "auditor"), user=world.users["auditor"])
    p = f"r{report.project_id}"
    with pytest.raises(workflow.WorkflowError):
        save(world, q1, "reporter", today, **{f"{p}-version": report.version, f"{p}-percent_complete": "45"})
    changed = save(
        world,
        q1,
        "reporter",
        today,
        **{
            f"{p}-version": report.version,
            f"{p}-percent_complete": "45",
            f"{p}-change_reason": "ตรวจนับใหม่",
        },
    )
    assert changed.state == ReportState.SUBMITTED
    assert changed.events.filter(action="changed", note="ตรวจนับใหม่").exists()


def test_a_reporter_cannot_save_another_departments_project(world, q1, today):
    finance_project = world.plan.projects[1]
    report = workflow.report_for(period=q1, project=finance_project)
    card = selectors.cards(world.org, q1, access(world, "planner"), today, project_ids=[finance_project.pk])[0]
    bind(card, post_data(card))
    assert card.form.is_valid() and all(f.is_valid() for f in card.result_forms)
    with pytest.raises(workflow.WorkflowError):
        workflow.report_save(
            report=report,
            access=access(world, "reporter"),
            user=world.users["reporter"],
            values=report_input(card.form, card.result_forms),
            today=today,
        )
