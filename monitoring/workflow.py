"""Every state change of a progress report or a reporting period: one function each.

Each checks the permission and the state, records the step in the report's timeline and history, and
raises ``WorkflowError`` with a message for the user when the step is not allowed. Views only call these.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.versioning import StaleEdit, differences
from monitoring import notify
from monitoring.models import (
    IndicatorResult,
    LockException,
    Notification,
    ProgressReport,
    ReportEvent,
    ReportingPeriod,
    ReportState,
)
from monitoring.periods import accepts_reports, effective_state, policy_for
from monitoring.rules import submit_errors

State = ReportingPeriod.State
REPORT_FIELDS = [
    "project_status",
    "percent_complete",
    "disbursed",
    "over_budget_reason",
    "narrative",
    "problems",
    "solutions",
]


@dataclass(frozen=True)
class ReportInput:
    """What a person typed into a progress report: its fields (``REPORT_FIELDS``), each KPI's result as the
    model stores it (indicator → values), the version of the report they started from, and the reason
    for changing an approved report. The data-entry page, the API and the results import build it from
    their validated input (``monitoring.forms.report_input``)."""

    fields: dict
    version: int
    results: dict = field(default_factory=dict)
    reason: str = ""


class WorkflowError(Exception):
    """A step that is not allowed now; ``str(error)`` is the message for the user."""


@dataclass
class Conflict(StaleEdit, WorkflowError):
    """Someone saved the report after this user loaded it; nothing of this save was written.

    The report keeps its integer ``version`` (its notifications and the autosave copy use it), so the
    check is its own; the refusal, what it shows and how the API answers it are ``core.versioning``'s.
    """

    def __str__(self):
        return _("Someone else saved this report after you opened it. Nothing of yours was saved yet.")


def _require(access, capability):
    if not access.can(capability):
        raise WorkflowError(_("Your role does not allow this."))


def _require_project(access, report):
    if not access.sees_project(report.project):
        raise WorkflowError(_("This project belongs to another department."))


def _event(report, user, action, note=""):
    ReportEvent.objects.create(organization=report.organization, report=report, action=action, actor=user, note=note)


def _report_url(report):
    period = report.period
    return reverse(
        "monitoring:report", args=[report.organization.slug, period.fiscal_year, period.number, report.project_id]
    )


def report_for(*, period: ReportingPeriod, project) -> ProgressReport:
    """The project's report for the period, created as an empty draft on first use."""
    report, _created = ProgressReport.objects.get_or_create(
        period=period,
        project=project,
        defaults={"organization": period.organization, "department_id": project.department_id},
    )
    return report


def edit_refusal(report, access, today: date, *, policy=None, exceptions=None) -> str | None:
    """Why this person may not change this report today, or None when they may: the one rule of the data-entry
    page, the report page, the results import and every save (role, department, period, state).

    ``policy`` and ``exceptions`` (the period's lock exceptions) may be given by a page that asks for many
    reports at once."""
    if not access.can("report.edit"):
        return _("Your role does not allow this.")
    if not access.sees_project(report.project):
        return _("This project belongs to another department.")
    policy = policy or policy_for(report.organization)
    if not accepts_reports(report.period, policy, today, project=report.project, exceptions=exceptions):
        return _("This period is closed for reporting. Ask the audit unit to reopen it.")
    if report.state == ReportState.SUBMITTED:
        return _("This report waits for review and cannot be changed now.")
    return None


def can_edit(report, access, today: date, *, policy=None, exceptions=None) -> bool:
    """Whether this person may change this report today (``edit_refusal`` says why not)."""
    return edit_refusal(report, access, today, policy=policy, exceptions=exceptions) is None


@transaction.atomic
def report_save(*, report, access, user, values: ReportInput, today: date) -> ProgressReport:
    """Save a draft (or change an approved report, with a reason, which sends it back to review).

    Refused when the period no longer accepts reports, when the report waits for review, or when
    someone saved it since this user loaded it (``Conflict``, with what they changed).
    """
    _require(access, "report.edit")
    _require_project(access, report)
    current = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if values.version != current.version:
        raise _conflict(current, values)
    refusal = edit_refusal(current, access, today)
    if refusal:
        raise WorkflowError(refusal)
    changing_approved = current.state == ReportState.APPROVED
    reason = values.reason.strip()
    if changing_approved and not reason:
        raise WorkflowError(_("This report was approved: give the reason for the change."))

    for name in REPORT_FIELDS:
        setattr(current, name, values.fields.get(name))
    current.version += 1
    if changing_approved:
        current.state = ReportState.SUBMITTED
        current.submitted_at = timezone.now()
    current.save()
    for indicator, result in values.results.items():
        IndicatorResult.objects.update_or_create(
            indicator=indicator,
            period=current.period,
            defaults={
                **result,
                "organization": current.organization,
                "report": current,
                "state": current.state,
                "entered_by": user,
            },
        )
    if changing_approved:
        _event(current, user, ReportEvent.Action.CHANGED_AFTER_APPROVAL, reason)
        notify.notify(
            notify.reviewers(current.organization),
            org=current.organization,
            kind=Notification.Kind.CHANGED,
            key=f"changed:{current.pk}:{current.version}",
            message=_("%(project)s was changed after approval and needs review again.") % {"project": current.project},
            url=_report_url(current),
        )
    else:
        _event(current, user, ReportEvent.Action.SAVED)
    return current


def _conflict(current, values: ReportInput) -> Conflict:
    last = current.history.select_related("history_user").first()
    stored = {
        name: (ProgressReport._meta.get_field(name).verbose_name, getattr(current, name)) for name in REPORT_FIELDS
    }
    yours = {name: values.fields.get(name) for name in REPORT_FIELDS}
    saved = {r.indicator_id: r for r in current.results.all()}
    for indicator, result in values.results.items():
        theirs_result = saved.get(indicator.pk)
        for key, value in result.items():
            if key != "breakdown":
                name = f"{indicator.pk}-{key}"
                stored[name] = (indicator.name, getattr(theirs_result, key, None) if theirs_result else None)
                yours[name] = value
    return Conflict(
        who=last.history_user if last else None, when=current.updated_at, changes=differences(stored, yours)
    )


@transaction.atomic
def report_submit(*, report, access, user, today: date) -> ProgressReport:
    _require(access, "report.edit")
    _require_project(access, report)
    report = ProgressReport.objects.select_for_update().select_related("period", "project").get(pk=report.pk)
    if report.state not in (ReportState.DRAFT, ReportState.RETURNED):
        raise WorkflowError(_("Only a draft or a returned report can be submitted."))
    if not accepts_reports(report.period, policy_for(report.organization), today, project=report.project):
        raise WorkflowError(_("This period is closed for reporting. Ask the audit unit to reopen it."))
    indicators = list(report.project.indicators.all())
    results = {r.indicator_id: r for r in report.results.all()}
    problems = submit_errors(report, results, indicators)
    if problems:
        raise WorkflowError(_("Could not submit: %(problems)s") % {"problems": " ".join(problems)})
    _set_state(report, ReportState.SUBMITTED)
    _event(report, user, ReportEvent.Action.SUBMITTED)
    return report


def _reviewed(report, access, version: int | None) -> ProgressReport:
    """The report locked for a review step, refused when it is not of the person's organization and scope,
    or when it changed since the reviewer loaded it (``version``, when given, is the one they saw)."""
    _require(access, "report.review")
    current = ProgressReport.objects.select_for_update().select_related("project").get(pk=report.pk)
    if current.organization_id != access.org.pk:
        raise WorkflowError(_("Your role does not allow this."))
    _require_project(access, current)
    if version is not None and version != current.version:
        last = current.history.select_related("history_user").first()
        raise Conflict(who=last.history_user if last else None, when=current.updated_at)
    return current


@transaction.atomic
def report_return(*, report, access, user, reason: str, version: int | None = None) -> ProgressReport:
    """Send a submitted report back to the department; the reason is required and shown to them.

    With ``version`` (the report's version the reviewer saw), a report saved since is refused (``Conflict``).
    """
    report = _reviewed(report, access, version)
    if report.state != ReportState.SUBMITTED:
        raise WorkflowError(_("Only a submitted report can be returned."))
    if not reason.strip():
        raise WorkflowError(_("Say why the report is returned, so the department knows what to fix."))
    report.return_reason = reason.strip()
    _set_state(report, ReportState.RETURNED)
    _event(report, user, ReportEvent.Action.RETURNED, reason.strip())
    notify.notify(
        notify.department_reporters(report.organization, report.department_id),
        org=report.organization,
        kind=Notification.Kind.RETURNED,
        key=f"returned:{report.pk}:{report.version}",
        message=_("%(project)s was returned for revision: %(reason)s") % {"project": report.project, "reason": reason},
        url=_report_url(report),
    )
    return report


@transaction.atomic
def report_approve(*, report, access, user, version: int | None = None) -> ProgressReport:
    """Approve a submitted report: from now on its results count in the figures.

    With ``version`` (the report's version the reviewer saw), a report saved since is refused (``Conflict``).
    """
    report = _reviewed(report, access, version)
    if report.state != ReportState.SUBMITTED:
        raise WorkflowError(_("Only a submitted report can be approved."))
    report.approved_at = timezone.now()
    report.return_reason = ""
    _set_state(report, ReportState.APPROVED)
    _event(report, user, ReportEvent.Action.APPROVED)
    notify.notify(
        notify.department_reporters(report.organization, report.department_id),
        org=report.organization,
        kind=Notification.Kind.APPROVED,
        key=f"approved:{report.pk}:{report.version}",
        message=_("%(project)s was approved.") % {"project": report.project},
        url=_report_url(report),
    )
    return report


def _set_state(report, state):
    report.state = state
    if state == ReportState.SUBMITTED:
        report.submitted_at = timezone.now()
    report.version += 1
    report.save()
    report.results.update(state=state)


@transaction.atomic
def period_set_state(*, period, access, state: str, today: date) -> ReportingPeriod:
    """Open, close or lock a period (the audit unit). Locking makes approved reports read-only."""
    _require(access, "period.manage")
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if state not in State.values:
        raise WorkflowError(_("Unknown state."))
    if state == State.OPEN and effective_state(period, policy_for(period.organization), today) == State.CLOSED:
        # reopening a period past its grace: move the deadline so it does not close again at once
        period.deadline = max(period.deadline, today)
    period.state = state
    period.save()
    return period


@transaction.atomic
def lock_exception_grant(*, period, access, user, reason: str, until: date, department=None, project=None):
    """Reopen a closed or locked period for one department or one project, with a reason (as DHIS2 does)."""
    _require(access, "period.manage")
    if (department is None) == (project is None):
        raise WorkflowError(_("Choose either a department or a project."))
    if not reason.strip():
        raise WorkflowError(_("Give the reason for reopening."))
    return LockException.objects.create(
        organization=period.organization,
        period=period,
        department=department,
        project=project,
        reason=reason.strip(),
        until=until,
        granted_by=user,
    )


# Results of organization and strategy KPIs -----------------------------------------------------------
#
# They follow the review of progress reports: saved as a draft, submitted, then approved or returned with
# a reason; only approved results count in the figures (evaluation/rollup.py). Entering needs
# ``result.org`` (the audit unit and the administrator, and planners where the organization's monitoring
# settings say so); approving and returning need ``report.review``, as for reports. As for reports, the
# separation is by these rights, not by person: someone who holds both may approve what they entered.
# Each step is kept in the result's history (who, when, the state and the reason).


def _require_org_indicator(indicator):
    if indicator.project_id:
        raise WorkflowError(_("Results of project indicators are reported with the project."))


def _require_unlocked(period, today):
    if effective_state(period, policy_for(period.organization), today) == State.LOCKED:
        raise WorkflowError(_("This period is locked."))


def _locked_result(result) -> IndicatorResult:
    current = IndicatorResult.objects.select_for_update().select_related("indicator", "period").get(pk=result.pk)
    _require_org_indicator(current.indicator)
    return current


def _save_step(result, user, state, **fields):
    result.state = state
    for name, value in fields.items():
        setattr(result, name, value)
    result._history_user = user  # the history names who took the step, also when a program (the API) did
    result.save()
    return result


def _org_results_url(result):
    period = result.period
    return reverse("monitoring:org_results", args=[result.organization.slug, period.fiscal_year, period.number])


@transaction.atomic
def org_result_save(*, period, indicator, access, user, form, today: date) -> IndicatorResult:
    """Save a draft of an organization or strategy KPI's result for the period.

    A submitted result waits for review and cannot change; changing an approved one makes it a draft
    again, so it stops counting until it is approved again. A returned one stays returned (with its
    reason) until it is submitted again. A locked period refuses it.
    """
    _require(access, "result.org")
    _require_org_indicator(indicator)
    _require_unlocked(period, today)
    result = IndicatorResult.objects.select_for_update().filter(indicator=indicator, period=period).first()
    if result is None:
        result = IndicatorResult(organization=period.organization, indicator=indicator, period=period)
    elif result.state == ReportState.SUBMITTED:
        raise WorkflowError(_("This result waits for review and cannot be changed now."))
    state = ReportState.RETURNED if result.state == ReportState.RETURNED else ReportState.DRAFT
    return _save_step(result, user, state, entered_by=user, **form.values())


@transaction.atomic
def org_result_submit(*, result, access, user, today: date) -> IndicatorResult:
    """Send a draft or returned result to review."""
    _require(access, "result.org")
    result = _locked_result(result)
    if result.state not in (ReportState.DRAFT, ReportState.RETURNED):
        raise WorkflowError(_("Only a draft or a returned result can be submitted."))
    if result.is_empty:
        raise WorkflowError(_("Enter the result before submitting it."))
    _require_unlocked(result.period, today)
    return _save_step(result, user, ReportState.SUBMITTED)


@transaction.atomic
def org_result_approve(*, result, access, user) -> IndicatorResult:
    """Approve a submitted result: from now on it counts in the figures."""
    _require(access, "report.review")
    result = _locked_result(result)
    if result.state != ReportState.SUBMITTED:
        raise WorkflowError(_("Only a submitted result can be approved."))
    return _save_step(result, user, ReportState.APPROVED, return_reason="")


@transaction.atomic
def org_result_return(*, result, access, user, reason: str) -> IndicatorResult:
    """Send a submitted result back to whoever entered it; the reason is required and shown to them."""
    _require(access, "report.review")
    result = _locked_result(result)
    if result.state != ReportState.SUBMITTED:
        raise WorkflowError(_("Only a submitted result can be returned."))
    if not reason.strip():
        raise WorkflowError(_("Say why the result is returned, so whoever entered it knows what to fix."))
    _save_step(result, user, ReportState.RETURNED, return_reason=reason.strip())
    if result.entered_by_id:
        notify.notify(
            [result.entered_by],
            org=result.organization,
            kind=Notification.Kind.RETURNED,
            key=f"result-returned:{result.pk}:{result.history.count()}",
            message=_("The result of %(indicator)s for %(period)s was returned: %(reason)s")
            % {"indicator": result.indicator, "period": result.period, "reason": result.return_reason},
            url=_org_results_url(result),
        )
    return result
