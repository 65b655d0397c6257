"""Results of organization and strategy KPIs: entered as drafts by whoever has ``result.org``, submitted,
approved or returned by a reviewer, counted in the figures only once approved — on the page, in the
workflow and in the API alike; the executive enters nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from evaluation import rollup
from monitoring import workflow
from monitoring.forms import ResultForm
from monitoring.models import IndicatorResult, Notification, ReportState
from monitoring.periods import policy_for
from monitoring.rules import ReportContext
from orgs.access import access_for


@pytest.fixture(autouse=True)
def _english():
    """The workflow's messages in English (the pages speak the persona's language: Thai)."""
    with translation.override("en"):
        yield


def thai(message):
    with translation.override("th"):
        return translation.gettext(message)


def access(world, persona):
    return access_for(world.users[persona], world.org.slug)


def result_form(kpi, numerator="45", denominator="50", result=None):
    form = ResultForm(
        {f"kpi{kpi.pk}-numerator": numerator, f"kpi{kpi.pk}-denominator": denominator},
        indicator=kpi,
        result=result,
        context=ReportContext(),
    )
    assert form.is_valid(), form.errors
    return form


def enter(world, period, persona, today, **values):
    kpi = world.plan.org_indicator
    return workflow.org_result_save(
        period=period,
        indicator=kpi,
        access=access(world, persona),
        user=world.users[persona],
        form=result_form(kpi, **values),
        today=today,
    )


def counted_numerator(world):
    """The organization KPI's actual to date as the figures count it (approved results only)."""
    figures = rollup.year_figures(world.org, 2570)
    (kpi,) = [k for k in figures.org_kpis.kpis if k.kpi.pk == world.plan.org_indicator.pk]
    return kpi.figures.actual.numerator


def steps(result):
    return list(result.history.order_by("history_date", "history_id").values_list("state", "history_user__username"))


def allow_planners(world):
    policy = policy_for(world.org)
    policy.planner_enters_org_results = True
    policy.save()


# The workflow --------------------------------------------------------------------------------------


def test_a_result_is_saved_as_a_draft_submitted_and_counts_only_once_a_reviewer_approves_it(world, q1, today):
    result = enter(world, q1, "auditor", today)
    assert result.state == ReportState.DRAFT and result.entered_by == world.users["auditor"]
    assert counted_numerator(world) is None
    workflow.org_result_submit(result=result, access=access(world, "auditor"), user=world.users["auditor"], today=today)
    assert counted_numerator(world) is None
    approved = workflow.org_result_approve(result=result, access=access(world, "admin"), user=world.users["admin"])
    assert approved.state == ReportState.APPROVED
    assert counted_numerator(world) == Decimal(45)
    assert steps(approved) == [
        (ReportState.DRAFT, "auditor"),
        (ReportState.SUBMITTED, "auditor"),
        (ReportState.APPROVED, "orgadmin"),
    ]


def test_the_executive_and_the_reporter_enter_no_organization_result(world, q1, today):
    for persona in ("executive", "reporter", "planner"):
        with pytest.raises(workflow.WorkflowError):
            enter(world, q1, persona, today)
    assert not IndicatorResult.objects.exists()


def test_a_planner_enters_them_where_the_organization_ticks_it_in_its_monitoring_settings(world, q1, today):
    assert not access(world, "planner").can("result.org")
    allow_planners(world)
    planner = access(world, "planner")
    assert planner.can("result.org") and not planner.can("report.review")
    result = enter(world, q1, "planner", today)
    workflow.org_result_submit(result=result, access=planner, user=world.users["planner"], today=today)
    with pytest.raises(workflow.WorkflowError):
        workflow.org_result_approve(result=result, access=planner, user=world.users["planner"])
    assert not access(world, "executive").can("result.org")  # the setting gives planners only


def test_only_a_reviewer_approves_or_returns_and_only_a_submitted_result(world, q1, today):
    result = enter(world, q1, "auditor", today)
    auditor = access(world, "auditor")
    with pytest.raises(workflow.WorkflowError, match="Only a submitted result"):
        workflow.org_result_approve(result=result, access=auditor, user=world.users["auditor"])
    workflow.org_result_submit(result=result, access=auditor, user=world.users["auditor"], today=today)
    for persona in ("executive", "planner", "reporter"):
        with pytest.raises(workflow.WorkflowError):
            workflow.org_result_approve(result=result, access=access(world, persona), user=world.users[persona])
    with pytest.raises(workflow.WorkflowError, match="Say why"):
        workflow.org_result_return(result=result, access=auditor, user=world.users["auditor"], reason=" ")
    result.refresh_from_db()
    assert result.state == ReportState.SUBMITTED


def test_a_submitted_result_cannot_change_and_a_changed_approved_one_stops_counting(world, q1, today):
    auditor = access(world, "auditor")
    result = enter(world, q1, "auditor", today)
    workflow.org_result_submit(result=result, access=auditor, user=world.users["auditor"], today=today)
    with pytest.raises(workflow.WorkflowError, match="waits for review"):
        enter(world, q1, "auditor", today, numerator="40")
    workflow.org_result_approve(result=result, access=auditor, user=world.users["auditor"])
    assert counted_numerator(world) == Decimal(45)
    changed = enter(world, q1, "auditor", today, numerator="40")
    assert (changed.state, changed.numerator) == (ReportState.DRAFT, Decimal(40))
    assert counted_numerator(world) is None


def test_a_returned_result_keeps_its_reason_and_whoever_entered_it_is_told(world, q1, today):
    allow_planners(world)
    planner = access(world, "planner")
    result = enter(world, q1, "planner", today)
    workflow.org_result_submit(result=result, access=planner, user=world.users["planner"], today=today)
    workflow.org_result_return(
        result=result, access=access(world, "auditor"), user=world.users["auditor"], reason="ตัวหารไม่ตรงทะเบียน"
    )
    result = enter(world, q1, "planner", today, numerator="44")
    assert (result.state, result.return_reason) == (ReportState.RETURNED, "ตัวหารไม่ตรงทะเบียน")
    note = Notification.objects.get(user=world.users["planner"])
    assert note.kind == Notification.Kind.RETURNED and "ตัวหารไม่ตรงทะเบียน" in note.message
    workflow.org_result_submit(result=result, access=planner, user=world.users["planner"], today=today)
    approved = workflow.org_result_approve(result=result, access=access(world, "auditor"), user=world.users["auditor"])
    assert approved.return_reason == ""


def test_an_empty_result_is_not_submitted_and_a_project_kpi_has_no_separate_result(world, q1, today):
    kpi = world.plan.org_indicator
    empty = workflow.org_result_save(
        period=q1,
        indicator=kpi,
        access=access(world, "auditor"),
        user=world.users["auditor"],
        form=result_form(kpi, numerator="", denominator=""),
        today=today,
    )
    with pytest.raises(workflow.WorkflowError, match="Enter the result"):
        workflow.org_result_submit(
            result=empty, access=access(world, "auditor"), user=world.users["auditor"], today=today
        )
    with pytest.raises(workflow.WorkflowError, match="project"):
        workflow.org_result_save(
            period=q1,
            indicator=world.plan.indicator,
            access=access(world, "auditor"),
            user=world.users["auditor"],
            form=result_form(kpi),
            today=today,
        )


# The page ------------------------------------------------------------------------------------------


def page_url(world, q1):
    return reverse("monitoring:org_results", args=[world.org.slug, q1.fiscal_year, q1.number])


def review_url(world, q1):
    return reverse(
        "monitoring:org_result_review", args=[world.org.slug, q1.fiscal_year, q1.number, world.plan.org_indicator.pk]
    )


def fields(world, numerator="45", denominator="50", action="save"):
    k = world.plan.org_indicator.pk
    return {f"kpi{k}-numerator": numerator, f"kpi{k}-denominator": denominator, "action": action}


def test_the_page_saves_drafts_submits_and_lets_a_reviewer_approve(world, q1, today, client_for):
    allow_planners(world)
    planner = client_for("planner")
    assert planner.post(page_url(world, q1), fields(world)).status_code == 302
    result = IndicatorResult.objects.get(indicator=world.plan.org_indicator, period=q1)
    assert result.state == ReportState.DRAFT
    assert planner.post(page_url(world, q1), fields(world, action="submit")).status_code == 302
    result.refresh_from_db()
    assert result.state == ReportState.SUBMITTED
    page = planner.get(page_url(world, q1)).content.decode()
    assert thai("Submitted") in page and review_url(world, q1) not in page  # a planner does not review
    auditor = client_for("auditor")
    page = auditor.get(page_url(world, q1)).content.decode()
    assert thai("Waiting for your review") in page and review_url(world, q1) in page
    assert auditor.post(review_url(world, q1), {"action": "approve"}).status_code == 302
    result.refresh_from_db()
    assert result.state == ReportState.APPROVED
    assert steps(result) == [
        (ReportState.DRAFT, "planner"),
        (ReportState.SUBMITTED, "planner"),
        (ReportState.APPROVED, "auditor"),
    ]


def test_the_page_returns_a_result_with_the_reason_shown_to_whoever_enters_it(world, q1, today, client_for):
    auditor = client_for("auditor")
    auditor.post(page_url(world, q1), fields(world, action="submit"))
    auditor.post(review_url(world, q1), {"action": "return", "reason": "แนบทะเบียนผู้ตอบ"})
    result = IndicatorResult.objects.get(indicator=world.plan.org_indicator, period=q1)
    assert (result.state, result.return_reason) == (ReportState.RETURNED, "แนบทะเบียนผู้ตอบ")
    assert "แนบทะเบียนผู้ตอบ" in auditor.get(page_url(world, q1)).content.decode()


def test_the_executive_reads_the_page_and_can_neither_enter_nor_review(world, q1, today, client_for):
    executive = client_for("executive")
    page = executive.get(page_url(world, q1))
    assert page.status_code == 200 and thai("Save and submit for review") not in page.content.decode()
    assert executive.post(page_url(world, q1), fields(world)).status_code == 403
    enter(world, q1, "auditor", today)
    assert executive.post(review_url(world, q1), {"action": "approve"}).status_code == 403
    assert client_for("planner").post(page_url(world, q1), fields(world)).status_code == 403  # not allowed here
    assert IndicatorResult.objects.get().state == ReportState.DRAFT


def test_the_audit_unit_lets_planners_enter_them_on_the_monitoring_settings_page(world, q1, today, client_for):
    settings_url = reverse("monitoring:settings", args=[world.org.slug])
    policy = policy_for(world.org)
    data = {
        name: getattr(policy, name)
        for name in ("period_kind", "deadline_days", "grace_days", "reminder_days", "max_file_mb", "max_files")
    }
    assert client_for("auditor").post(settings_url, {**data, "planner_enters_org_results": "on"}).status_code == 302
    assert policy_for(world.org).planner_enters_org_results
    assert client_for("planner").post(page_url(world, q1), fields(world)).status_code == 302
    assert IndicatorResult.objects.get().entered_by == world.users["planner"]
    assert client_for("executive").post(settings_url, data).status_code == 403
