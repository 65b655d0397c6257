"""Check-in reminders of the performance agreements (step 2 of the cycle, monitoring).

Run by ``manage.py send_reminders`` through ``settings.TIDTAM_REMINDER_JOBS``, like the reminders of
monitoring and of the findings: it takes the day explicitly and repeats nothing.

A person in post whose agreement (a draft or agreed) belongs to a round in progress (``starts_on`` ≤ today
≤ ``ends_on``, results not final) is reminded when no check-in was recorded on any KPI of the agreement for
the round's ``checkin_reminder_weeks`` weeks, counted from the later of the round's first day and the last
check-in: due on the day exactly that many weeks later, and after. 0 weeks: the round reminds nobody. The
person's supervisor is told too. Only people with an active user account can be told: a person without
one is skipped, their supervisor still gets it.

The occasion's key is ``checkin-due:<agreement>:<day counted from>``: one notification per person and
occasion (``monitoring.notify``), however often it runs; a new check-in starts a new occasion.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from core.calendar import format_date
from monitoring import notify
from monitoring.models import Notification
from orgs.models import Organization
from people.models import Agreement, CheckIn, Round


def key_of(agreement, since: date) -> str:
    return f"checkin-due:{agreement.pk}:{since.isoformat()}"


def due_notifications(today: date) -> int:
    """Remind the people whose agreements went without a check-in too long, and their supervisors, once.

    Returns how many notifications were created. A fixed number of queries per organization with a round
    in progress, plus one insert per new notification.
    """
    created = 0
    orgs = Organization.objects.filter(pk__in=_rounds_in_progress(today).values("organization")).order_by("pk")
    for org in orgs:
        with transaction.atomic():
            created += _org_due_notifications(org, today)
    return created


def _rounds_in_progress(today: date):
    return Round.objects.filter(
        starts_on__lte=today, ends_on__gte=today, finalized_at__isnull=True, checkin_reminder_weeks__gt=0
    )


def due_agreements(org, today: date) -> list[tuple[Agreement, date]]:
    """(agreement, the day the weeks are counted from) of the agreements due a reminder today."""
    rounds = {r.pk: r for r in _rounds_in_progress(today).filter(organization=org)}
    if not rounds:
        return []
    agreements = list(
        Agreement.objects.for_org(org)
        .filter(round__in=rounds, person__active=True)
        .select_related("person__user", "person__supervisor__user")
        .order_by("pk")
    )
    last = dict(
        CheckIn.objects.for_org(org)
        .filter(kpi__agreement__in=[a.pk for a in agreements])
        .values("kpi__agreement")
        .annotate(last=Max("on"))
        .values_list("kpi__agreement", "last")
    )
    due = []
    for agreement in agreements:
        round_ = rounds[agreement.round_id]
        since = max(round_.starts_on, last.get(agreement.pk) or round_.starts_on)
        if today >= since + timedelta(weeks=round_.checkin_reminder_weeks):
            agreement.round = round_
            due.append((agreement, since))
    return due


def _recipients(person) -> list[tuple[object, bool]]:
    """(user, whether they are the person's supervisor) of those to tell: the person and their supervisor,
    each with an active account."""
    found = []
    if person.user is not None and person.user.is_active:
        found.append((person.user, False))
    supervisor = person.supervisor
    boss = supervisor.user if supervisor is not None else None
    if boss is not None and boss.is_active and boss.pk != person.user_id:
        found.append((boss, True))
    return found


def _message(agreement, since: date, *, for_supervisor: bool, language: str) -> str:
    values = {
        "person": agreement.person.name,
        "round": agreement.round,
        "since": format_date(since, lang=language),
    }
    if for_supervisor:
        return (
            gettext("No progress was checked in on the agreement of %(person)s (%(round)s) since %(since)s.") % values
        )
    return gettext("No progress was checked in on your agreement (%(round)s) since %(since)s: record a check-in.") % (
        values
    )


def _org_due_notifications(org, today: date) -> int:
    due = due_agreements(org, today)
    if not due:
        return 0
    have = set(
        Notification.objects.for_org(org)
        .filter(key__in=[key_of(a, since) for a, since in due])
        .values_list("user_id", "key")
    )
    created = 0
    for agreement, since in due:
        key = key_of(agreement, since)
        groups = defaultdict(list)  # (language, for the supervisor) → users
        for user, for_supervisor in _recipients(agreement.person):
            if (user.pk, key) not in have:
                groups[(user.language or settings.LANGUAGE_CODE, for_supervisor)].append(user)
        if not groups:
            continue
        url = reverse("people:agreement_detail", args=[org.slug, agreement.pk])
        for (language, for_supervisor), users in groups.items():
            with translation.override(language):
                message = _message(agreement, since, for_supervisor=for_supervisor, language=language)
            created += notify.notify(users, org=org, kind=Notification.Kind.OVERDUE, key=key, message=message, url=url)
    return created
