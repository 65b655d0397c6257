"""Reminders: the notifications that fall due on a day, and the daily email that batches them.

Both functions take the day (or the moment) explicitly and never read the clock, so the rules can be
tested with any date. ``manage.py send_reminders`` runs them; running it again the same day, or every
hour, repeats nothing: each notification has a ``key`` naming its occasion (one per person and key),
and an email only lists notifications whose ``emailed_at`` is still empty.

Notifications of a return or an approval are created by ``monitoring/workflow.py`` at the moment of the
action, not here.
"""

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext, ngettext_lazy

from core.calendar import fiscal_year_of, format_date
from monitoring import notify
from monitoring.models import Notification, ProgressReport, ReportingPeriod, ReportState
from monitoring.periods import close_overdue_periods, closes_on, effective_state, ensure_periods, policy_for
from orgs.models import Department, Membership, Organization, Role
from plans.models import ActionPlan, ActionPlanItem

logger = logging.getLogger(__name__)

Kind = Notification.Kind
REPORTED = (ReportState.SUBMITTED, ReportState.APPROVED)  # a project with such a report is not missing


@dataclass
class _Occasion:
    """One notification to create for some people: its message is written in each recipient's language."""

    users: list
    kind: str
    key: str
    message: Callable[[str], str]  # language code -> text
    url: str


# --- which notifications are due ----------------------------------------------------------------


def due_notifications(today: date) -> int:
    """Create every notification that is due on ``today``; returns how many were created.

    First closes the periods past their deadline and grace (``periods.close_overdue_periods``). Then, for
    every organization, each reporting period of the fiscal year containing ``today`` and of the year
    before, when that year has an action plan, and for each department with projects in that action plan
    that still lack a submitted or approved report in the period ("missing" projects):

    a) period opened — from the period's opening day to its deadline, while the period is open: to the
       department's reporters (key ``opened:<period>:<department>``);
    b) deadline soon — when the deadline is 0 to ``reminder_days`` days away: to the department's
       reporters, with the number of missing projects (key ``deadline:<period>:<department>``);
    c) overdue — after the deadline, while the period still accepts reports (its grace days): to the
       department's reporters (key ``overdue:<period>:<department>``) and, once per period, a summary of
       every department's missing projects to the reviewers, i.e. auditors and administrators (key
       ``overdue-summary:<period>``).

    A department whose projects are all reported gets none of these. Closed or locked periods, and
    periods not yet open, get none. Each organization runs in its own transaction; the number of
    queries depends on the organization's periods, departments and recipients, never on its projects.
    """
    close_overdue_periods(today)
    created = 0
    for org in Organization.objects.order_by("pk"):
        with transaction.atomic():
            created += _org_due_notifications(org, today)
    return created


def _org_due_notifications(org, today: date) -> int:
    fiscal_year = fiscal_year_of(today)
    years = sorted(
        set(
            ActionPlan.objects.for_org(org)
            .filter(fiscal_year__in=[fiscal_year - 1, fiscal_year])
            .values_list("fiscal_year", flat=True)
        )
    )
    if not years:
        return 0
    policy = policy_for(org)
    periods = [
        period
        for year in years
        for period in ensure_periods(org, year)
        if period.opens_on <= today and effective_state(period, policy, today) == ReportingPeriod.State.OPEN
    ]
    if not periods:
        return 0

    # The projects of each year's action plan, by responsible department (one query).
    projects: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    for year, project_id, department_id in (
        ActionPlanItem.objects.for_org(org)
        .filter(action_plan__fiscal_year__in=years)
        .values_list("action_plan__fiscal_year", "project_id", "project__department_id")
    ):
        projects[year][department_id].add(project_id)
    reported = set(
        ProgressReport.objects.for_org(org)
        .filter(period__in=periods, state__in=REPORTED)
        .values_list("period_id", "project_id")
    )
    departments = {d.pk: d for d in Department.objects.for_org(org)}
    reporters: dict[int, list] = defaultdict(list)
    for membership in (
        Membership.objects.for_org(org)
        .filter(role=Role.REPORTER, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    ):
        reporters[membership.department_id].append(membership.user)
    reviewers = [user for user in notify.reviewers(org).order_by("pk") if user.is_active]

    occasions: list[_Occasion] = []
    for period in periods:
        missing = {
            department_id: len([p for p in project_ids if (period.pk, p) not in reported])
            for department_id, project_ids in projects[period.fiscal_year].items()
        }
        missing = {d: n for d, n in missing.items() if n and d in departments}
        occasions += _period_occasions(org, period, policy, today, missing, departments, reporters, reviewers)
    return _create(org, occasions)


def _period_occasions(org, period, policy, today, missing, departments, reporters, reviewers) -> list[_Occasion]:
    """The occasions of one open period; ``missing`` maps department id -> projects still to report."""
    days_left = (period.deadline - today).days
    occasions = []
    for department_id, count in missing.items():
        department = departments[department_id]
        users = reporters.get(department_id, [])
        if not users:
            continue
        url = _period_url(org, period, department)
        facts = {"period": period, "department": department, "count": count, "deadline": period.deadline}
        if days_left >= 0:
            occasions.append(
                _Occasion(users, Kind.PERIOD_OPENED, f"opened:{period.pk}:{department.pk}", _opened(facts), url)
            )
        if 0 <= days_left <= policy.reminder_days:
            occasions.append(
                _Occasion(users, Kind.DEADLINE_SOON, f"deadline:{period.pk}:{department.pk}", _soon(facts), url)
            )
        if days_left < 0:
            facts["closes"] = closes_on(period, policy)
            occasions.append(
                _Occasion(users, Kind.OVERDUE, f"overdue:{period.pk}:{department.pk}", _overdue(facts), url)
            )
    if days_left < 0 and missing and reviewers:
        by_department = [
            (departments[d], n)
            for d, n in sorted(missing.items(), key=lambda i: (departments[i[0]].order, departments[i[0]].name))
        ]
        facts = {"period": period, "deadline": period.deadline, "departments": by_department}
        key = f"overdue-summary:{period.pk}"
        occasions.append(_Occasion(reviewers, Kind.OVERDUE, key, _summary(facts), _period_url(org, period)))
    return occasions


def _create(org, occasions: list[_Occasion]) -> int:
    """Create the occasions' notifications for the people who do not have them yet, each in their language."""
    if not occasions:
        return 0
    have = set(
        Notification.objects.for_org(org).filter(key__in={o.key for o in occasions}).values_list("user_id", "key")
    )
    created = 0
    for occasion in occasions:
        by_language = defaultdict(list)
        for user in occasion.users:
            if (user.pk, occasion.key) not in have:
                by_language[user.language or settings.LANGUAGE_CODE].append(user)
        for language, users in by_language.items():
            with translation.override(language):
                message = occasion.message(language)
            created += notify.notify(
                users, org=org, kind=occasion.kind, key=occasion.key, message=message, url=occasion.url
            )
    return created


def _period_url(org, period, department=None) -> str:
    """The page of the period, or of the department's reports in it."""
    args = [org.slug, period.fiscal_year, period.number]
    if department is None:
        return reverse("monitoring:period", args=args)
    return reverse("monitoring:entry", args=[*args, department.pk])


def _department_name(department) -> str:
    return department.short_name or department.name


def _department_message(template):
    """A message about one department's missing reports, written later in each reader's language.

    ``template`` is an ``ngettext_lazy`` whose plural form follows the "count" it is formatted with.
    """

    def for_facts(facts) -> Callable[[str], str]:
        def message(lang: str) -> str:
            return template % {
                "period": facts["period"],
                "department": _department_name(facts["department"]),
                "count": facts["count"],
                "deadline": format_date(facts["deadline"], lang=lang),
                "closes": format_date(facts.get("closes"), lang=lang),
            }

        return message

    return for_facts


_opened = _department_message(
    ngettext_lazy(
        "%(period)s is open for reporting: %(department)s has %(count)s project to report by %(deadline)s.",
        "%(period)s is open for reporting: %(department)s has %(count)s projects to report by %(deadline)s.",
        "count",
    )
)
_soon = _department_message(
    ngettext_lazy(
        "The deadline of %(period)s is %(deadline)s: %(department)s still has %(count)s project "
        "without a submitted report.",
        "The deadline of %(period)s is %(deadline)s: %(department)s still has %(count)s projects "
        "without a submitted report.",
        "count",
    )
)
_overdue = _department_message(
    ngettext_lazy(
        "The deadline of %(period)s (%(deadline)s) has passed: %(department)s has %(count)s project "
        "without a submitted report. Reports are accepted until %(closes)s.",
        "The deadline of %(period)s (%(deadline)s) has passed: %(department)s has %(count)s projects "
        "without a submitted report. Reports are accepted until %(closes)s.",
        "count",
    )
)


def _summary(facts) -> Callable[[str], str]:
    def message(lang: str) -> str:
        total = sum(n for _dept, n in facts["departments"])
        departments = ", ".join(f"{_department_name(d)}: {n}" for d, n in facts["departments"])
        return ngettext(
            "The deadline of %(period)s (%(deadline)s) has passed: %(count)s project has no submitted "
            "report (%(departments)s).",
            "The deadline of %(period)s (%(deadline)s) has passed: %(count)s projects have no submitted "
            "report (%(departments)s).",
            total,
        ) % {
            "period": facts["period"],
            "deadline": format_date(facts["deadline"], lang=lang),
            "count": total,
            "departments": departments,
        }

    return message


# --- the email ----------------------------------------------------------------------------------


def send_email_batches(now: datetime) -> int:
    """Send each person one email listing all their notifications not yet emailed; returns emails sent.

    Only active people with an email address get one; it lists their unread notifications whose
    ``emailed_at`` is empty, in their language (``user.language``), with links made absolute with
    ``settings.SITE_URL``. Those notifications, exactly, get ``emailed_at = now`` (claimed before sending,
    so two runs at once never send the same one twice; released again if sending fails, and the
    failure is logged). People without an address keep their notifications unmarked: they see them
    in the app (the bell).
    """
    users = (
        get_user_model()
        .objects.filter(is_active=True, notifications__emailed_at__isnull=True, notifications__read_at__isnull=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    sent = 0
    for user in users:
        with transaction.atomic():
            items = list(
                Notification.objects.select_for_update(of=("self",))
                .filter(user=user, emailed_at__isnull=True, read_at__isnull=True)
                .select_related("organization")
                .order_by("organization__name", "created_at", "pk")
            )
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=now)
        if not items:
            continue
        try:
            _email(user, items).send()
        except Exception:
            logger.exception("reminder email to user %s failed; it will be tried again", user.pk)
            Notification.objects.filter(pk__in=[n.pk for n in items], emailed_at=now).update(emailed_at=None)
            continue
        sent += 1
    return sent


def _absolute(url: str) -> str:
    site = settings.SITE_URL.rstrip("/")
    if not url:
        return site + "/"
    return site + url if url.startswith("/") else url


def _email(user, items) -> EmailMultiAlternatives:
    """One person's email, rendered in their language from templates/monitoring/email/reminders.txt/.html."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        groups = defaultdict(list)
        for item in items:
            groups[item.organization].append({"message": item.message, "url": _absolute(item.url), "kind": item.kind})
        context = {
            "user": user,
            "name": user.get_full_name() or user.username,
            "count": len(items),
            "groups": [{"organization": org, "items": group} for org, group in groups.items()],
            "site_url": _absolute(reverse("notifications")),
        }
        subject = ngettext(
            "Tidtam: %(count)s item needs your attention", "Tidtam: %(count)s items need your attention", len(items)
        ) % {"count": len(items)}
        text = render_to_string("monitoring/email/reminders.txt", context)
        html = render_to_string("monitoring/email/reminders.html", context)
    email = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
    email.attach_alternative(html, "text/html")
    return email
