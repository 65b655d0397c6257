"""The audit unit's review queue: after approving or returning a report the next one in the queue opens, and
several checked reports are approved in one action, each through the workflow with its own trail."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from monitoring import selectors
from monitoring.models import ProgressReport, ReportEvent, ReportState
from monitoring.periods import ensure_periods
from orgs.access import access_for
from plans.models import ActionPlan, ActionPlanItem, Project


@pytest.fixture
def queue(world, q1):
    """Five reports of Q1 2570 waiting for review (กองช่าง, กองคลัง, กองช่าง, …), oldest submission first."""
    action_plan = ActionPlan.objects.get(organization=world.org, fiscal_year=2570)
    start = timezone.now() - timedelta(days=5)
    reports = []
    for n in range(5):
        department = world.works if n % 2 == 0 else world.finance
        project = Project.objects.create(
            organization=world.org,
            program=world.plan.program,
            code=f"Q-{n}",
            name=f"โครงการรอตรวจที่ {n}",
            department=department,
            order=10 + n,
        )
        ActionPlanItem.objects.create(
            organization=world.org, action_plan=action_plan, project=project, budget=Decimal("10000.00")
        )
        reports.append(
            ProgressReport.objects.create(
                organization=world.org,
                period=q1,
                project=project,
                department=department,
                state=ReportState.SUBMITTED,
                submitted_at=start + timedelta(hours=n),
                percent_complete=50,
                version=2,
            )
        )
    return reports


def review_url(world, report):
    return reverse("monitoring:report_review", args=[world.org.slug, 2570, 1, report.project_id])


def report_url(world, report):
    return reverse("monitoring:report", args=[world.org.slug, 2570, 1, report.project_id])


def queue_url(world):
    return reverse("monitoring:period", args=[world.org.slug, 2570, 1]) + "#waiting"


def approve_url(world):
    return reverse("monitoring:reports_approve", args=[world.org.slug, 2570, 1])


def texts(response):
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def state(report):
    report.refresh_from_db()
    return report.state


def test_approving_opens_the_next_report_in_the_queue_then_the_queue_when_none_is_left(world, queue, client_for):
    auditor = client_for("auditor")
    a, b, c, d, e = queue
    response = auditor.post(review_url(world, b), {"action": "approve", "version": b.version})
    assert state(b) == ReportState.APPROVED
    assert response.status_code == 302 and response.url == report_url(world, c)  # the one after b
    for report, following in ((c, d), (d, e), (e, a)):  # after the last one: the first still waiting
        response = auditor.post(review_url(world, report), {"action": "approve"})
        assert response.url == report_url(world, following)
    response = auditor.post(review_url(world, a), {"action": "approve"})
    assert response.url == queue_url(world)
    assert "ไม่มีรายงานที่รอการตรวจสอบในงวดนี้แล้ว" in texts(response)
    assert set(ProgressReport.objects.filter(period__fiscal_year=2570).values_list("state", flat=True)) == {
        ReportState.APPROVED
    }


def test_returning_opens_the_next_report_in_the_queue(world, queue, client_for):
    a, b = queue[:2]
    response = client_for("auditor").post(review_url(world, a), {"action": "return", "reason": "แนบภาพถ่ายด้วย"})
    assert state(a) == ReportState.RETURNED
    assert response.url == report_url(world, b)


def test_a_refused_step_stays_on_the_report_with_the_reason(world, queue, client_for):
    a = queue[0]
    response = client_for("auditor").post(review_url(world, a), {"action": "return", "reason": " "})
    assert response.url == report_url(world, a) and state(a) == ReportState.SUBMITTED


def test_a_report_changed_since_the_reviewer_opened_it_is_not_approved(world, queue, client_for):
    a = queue[0]
    response = client_for("auditor").post(review_url(world, a), {"action": "approve", "version": a.version - 1})
    assert response.url == report_url(world, a)
    assert state(a) == ReportState.SUBMITTED
    assert "หลังจากที่คุณเปิด" in texts(response) or "after you opened it" in texts(response)


def test_the_queue_page_offers_checkboxes_only_to_reviewers(world, queue, client_for):
    url = reverse("monitoring:period", args=[world.org.slug, 2570, 1])
    page = client_for("auditor").get(url).content.decode()
    assert f'action="{approve_url(world)}"' in page
    for report in queue:
        assert f'name="report" value="{report.pk}"' in page
        assert f'name="version-{report.pk}" value="{report.version}"' in page
    for persona in ("planner", "executive"):
        page = client_for(persona).get(url).content.decode()
        assert 'name="report"' not in page and approve_url(world) not in page


def test_bulk_approval_approves_each_chosen_report_through_the_workflow_with_its_trail(world, queue, client_for):
    chosen = queue[:4]
    data = {"report": [r.pk for r in chosen], **{f"version-{r.pk}": r.version for r in chosen}}
    response = client_for("auditor").post(approve_url(world), data)
    assert response.status_code == 302 and response.url == queue_url(world)
    assert [state(r) for r in queue] == [ReportState.APPROVED] * 4 + [ReportState.SUBMITTED]
    events = ReportEvent.objects.filter(action=ReportEvent.Action.APPROVED)
    assert sorted(events.values_list("report_id", flat=True)) == sorted(r.pk for r in chosen)
    assert set(events.values_list("actor__username", flat=True)) == {"auditor"}
    for report in chosen:  # each approval is in the report's history, by the auditor
        last = report.history.first()
        assert last.state == ReportState.APPROVED and last.history_user == world.users["auditor"]
        assert last.version == 3
    assert "อนุมัติรายงานแล้ว 4 รายงาน" in texts(response)


def test_bulk_approval_skips_and_names_reports_that_cannot_be_approved(world, queue, client_for):
    a, b, c = queue[:3]
    ProgressReport.objects.filter(pk=b.pk).update(state=ReportState.RETURNED)  # returned meanwhile
    data = {
        "report": [a.pk, b.pk, c.pk, "not-a-number"],
        f"version-{a.pk}": a.version,
        f"version-{b.pk}": b.version,
        f"version-{c.pk}": c.version - 1,  # saved again since the queue was loaded
    }
    response = client_for("auditor").post(approve_url(world), data)
    assert response.status_code == 302
    assert (state(a), state(b), state(c)) == (ReportState.APPROVED, ReportState.RETURNED, ReportState.SUBMITTED)
    message = texts(response)
    assert "อนุมัติรายงานแล้ว 1 รายงาน" in message
    assert b.project.code in message and c.project.code in message and a.project.code not in message
    assert ReportEvent.objects.filter(action=ReportEvent.Action.APPROVED).count() == 1


def test_bulk_approval_with_nothing_chosen_says_so(world, queue, client_for):
    response = client_for("auditor").post(approve_url(world), {})
    assert response.status_code == 302 and "โปรดเลือกรายงานที่จะอนุมัติ" in texts(response)
    assert {state(r) for r in queue} == {ReportState.SUBMITTED}


@pytest.mark.parametrize("persona", ["reporter", "executive", "planner"])
def test_only_reviewers_may_approve_in_bulk(world, queue, client_for, persona):
    data = {"report": [r.pk for r in queue]}
    assert client_for(persona).post(approve_url(world), data).status_code == 403
    assert {state(r) for r in queue} == {ReportState.SUBMITTED}
    assert not ReportEvent.objects.exists()


def test_another_organizations_report_is_refused(world, queue, client_for):
    other_period = ensure_periods(world.other_org, 2570)[0]
    project = world.other_plan.projects[0]
    theirs = ProgressReport.objects.create(
        organization=world.other_org,
        period=other_period,
        project=project,
        department=project.department,
        state=ReportState.SUBMITTED,
        submitted_at=timezone.now(),
    )
    response = client_for("auditor").post(approve_url(world), {"report": [theirs.pk, queue[0].pk]})
    assert response.status_code == 302
    assert state(theirs) == ReportState.SUBMITTED and state(queue[0]) == ReportState.APPROVED
    assert str(theirs.pk) in texts(response) and project.name not in texts(response)
    # and their own reviewer cannot reach this organization's queue at all
    assert client_for("outsider").post(approve_url(world), {"report": [queue[1].pk]}).status_code == 404
    assert state(queue[1]) == ReportState.SUBMITTED


def test_the_waiting_queue_is_scoped_by_access(world, queue):
    period = queue[0].period
    everyone = selectors.waiting_for_review(world.org, period, access_for(world.users["auditor"], world.org.slug))
    assert list(everyone) == queue
    works = selectors.waiting_for_review(world.org, period, access_for(world.users["reporter"], world.org.slug))
    assert list(works) == [r for r in queue if r.department_id == world.works.pk]


@pytest.mark.django_db(transaction=True)
def test_an_auditor_approves_five_reports_in_one_action_in_the_browser(world, queue, live_server, page):
    from conftest import SHOTS, log_in

    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, "auditor")
    page.goto(live_server.url + reverse("monitoring:period", args=[world.org.slug, 2570, 1]))
    assert page.locator("#waiting input[name=report]").count() == 5
    page.locator("#choose-all").check()
    assert page.locator("#waiting input[name=report]:checked").count() == 5
    page.screenshot(path=SHOTS / "review-queue-chosen.png", full_page=True)
    page.locator("#approve-chosen").click()
    page.wait_for_load_state()
    page.locator(".alert-success").wait_for()
    assert "อนุมัติรายงานแล้ว 5 รายงาน" in page.locator(".alert-success").inner_text()
    page.screenshot(path=SHOTS / "review-queue-approved.png", full_page=True)
    assert {state(r) for r in queue} == {ReportState.APPROVED}
    assert ReportEvent.objects.filter(action=ReportEvent.Action.APPROVED).count() == 5
    assert page.locator("#waiting input[name=report]").count() == 0
