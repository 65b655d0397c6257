"""Reporting periods: creating a year's periods, their effective state, and who may still report."""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction

from core.calendar import fiscal_month_bounds, quarter_bounds
from monitoring.models import LockException, MonitoringPolicy, ReportingPeriod

State = ReportingPeriod.State


def policy_for(org) -> MonitoringPolicy:
    """The organization's monitoring settings; until someone saves them, the defaults in settings (unsaved:
    reading never writes)."""
    policy = MonitoringPolicy.objects.for_org(org).first()
    if policy is None:
        policy = MonitoringPolicy(organization=org, **settings.TIDTAM_MONITORING)
    return policy


def _period(org, policy, fiscal_year: int, number: int) -> ReportingPeriod:
    """Period ``number`` of the year as the settings make it (unsaved). A period opens for reporting on its
    first day; its deadline is ``deadline_days`` after its end."""
    kind = policy.period_kind
    start, end = quarter_bounds(fiscal_year, number) if kind == "quarter" else fiscal_month_bounds(fiscal_year, number)
    return ReportingPeriod(
        organization=org,
        fiscal_year=fiscal_year,
        kind=kind,
        number=number,
        starts_on=start,
        ends_on=end,
        opens_on=start,
        deadline=end + timedelta(days=policy.deadline_days),
    )


def year_periods(org, fiscal_year: int) -> list[ReportingPeriod]:
    """The year's reporting periods, quarters or months as the organization chose: those set up, and in
    the place of any not set up yet the period it will be, computed and unsaved (``pk`` None). Writes nothing."""
    policy = policy_for(org)
    numbers = range(1, 5) if policy.period_kind == ReportingPeriod.Kind.QUARTER else range(1, 13)
    saved = {
        p.number: p
        for p in ReportingPeriod.objects.for_org(org).filter(fiscal_year=fiscal_year, kind=policy.period_kind)
    }
    return [saved.get(number) or _period(org, policy, fiscal_year, number) for number in numbers]


def is_set_up(periods: list[ReportingPeriod]) -> bool:
    """Whether every one of a year's periods (``year_periods``) is saved."""
    return all(p.pk for p in periods)


@transaction.atomic
def ensure_periods(org, fiscal_year: int) -> list[ReportingPeriod]:
    """Set up the year: save its reporting periods not saved yet (and the organization's settings, which
    fix their kind); the year's periods. Called when a year is set up (plans.services.year_set_up) and by
    the first write of a period; never by a read."""
    policy = policy_for(org)
    if policy.pk is None:
        policy.save()
    periods = year_periods(org, fiscal_year)
    for period in periods:
        if period.pk is None:
            period.save()
    return periods


def closes_on(period: ReportingPeriod, policy: MonitoringPolicy) -> date:
    """The day after which an open period closes by itself: the deadline plus the grace days."""
    return period.deadline + timedelta(days=policy.grace_days)


def effective_state(period: ReportingPeriod, policy: MonitoringPolicy, today: date) -> str:
    """The state that applies today: an open period past its grace closes even before the job runs."""
    if period.state == State.OPEN and today > closes_on(period, policy):
        return State.CLOSED
    return period.state


def is_upcoming(period: ReportingPeriod, today: date) -> bool:
    return today < period.opens_on


def accepts_reports(period, policy, today, *, project=None, exceptions=None) -> bool:
    """Whether a report of ``project`` may be edited in ``period`` today.

    Open periods accept reports from their opening day; a closed or locked one only through a lock
    exception for the project or its department that runs until at least today.
    """
    if is_upcoming(period, today):
        return False
    if effective_state(period, policy, today) == State.OPEN:
        return True
    if project is None:
        return False
    if exceptions is None:
        exceptions = LockException.objects.filter(period=period, until__gte=today)
    return any(
        e.until >= today and (e.project_id == project.pk or e.department_id == project.department_id)
        for e in exceptions
    )


def close_overdue_periods(today: date) -> int:
    """Close every open period past its deadline and grace (run by the reminders job)."""
    closed = 0
    for period in ReportingPeriod.objects.filter(state=State.OPEN, deadline__lt=today).select_related("organization"):
        if effective_state(period, policy_for(period.organization), today) == State.CLOSED:
            period.state = State.CLOSED
            period.save(update_fields=["state"])
            closed += 1
    return closed


def round_periods(periods: list[ReportingPeriod], round_name: str) -> list[ReportingPeriod]:
    """The periods of a report round: "half" = 1 Oct – 31 Mar (ending 31 March), "year" = the whole year."""
    if round_name == "half":
        return [p for p in periods if p.quarter <= 2]
    return list(periods)


def current_period(periods: list[ReportingPeriod], today: date) -> ReportingPeriod | None:
    """The period today falls in, or the latest that has begun."""
    begun = [p for p in periods if p.starts_on <= today]
    return max(begun, key=lambda p: p.starts_on) if begun else (periods[0] if periods else None)
