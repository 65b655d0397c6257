"""Reminders of the findings register: recommendations past their due date and still open or in progress.

Run by ``manage.py send_reminders`` through ``settings.TIDTAM_REMINDER_JOBS``. Like the monitoring
reminders it takes the day explicitly and repeats nothing: each person gets one notification per
overdue finding (key ``finding-overdue:<pk>``), however often it runs.
"""

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from core.calendar import format_date
from evaluation.findings import overdue
from monitoring import notify
from monitoring.models import Notification
from orgs.models import Membership, Organization, Role


def key_of(finding) -> str:
    return f"finding-overdue:{finding.pk}"


def due_notifications(today: date) -> int:
    """Notify each overdue finding's owner department reporters and the org's auditors and admins, once.

    Returns how many notifications were created. A fixed number of queries per organization, plus
    one insert per new notification.
    """
    created = 0
    for org in Organization.objects.order_by("pk"):
        with transaction.atomic():
            created += _org_due_notifications(org, today)
    return created


def _org_due_notifications(org, today: date) -> int:
    findings = list(overdue(org, today))
    if not findings:
        return 0
    reporters: dict[int, list] = defaultdict(list)
    for membership in (
        Membership.objects.for_org(org)
        .filter(role=Role.REPORTER, user__is_active=True, department__isnull=False)
        .select_related("user")
        .order_by("user_id")
    ):
        reporters[membership.department_id].append(membership.user)
    reviewers = [user for user in notify.reviewers(org).order_by("pk") if user.is_active]
    have = set(
        Notification.objects.for_org(org).filter(key__in=[key_of(f) for f in findings]).values_list("user_id", "key")
    )
    created = 0
    for finding in findings:
        key = key_of(finding)
        users = {u.pk: u for u in [*reporters.get(finding.owner_id, []), *reviewers]}
        by_language = defaultdict(list)
        for user in users.values():
            if (user.pk, key) not in have:
                by_language[user.language or settings.LANGUAGE_CODE].append(user)
        if not by_language:
            continue
        url = reverse("evaluation:finding_detail", args=[org.slug, finding.pk])
        for language, recipients in by_language.items():
            with translation.override(language):
                message = gettext("The recommendation '%(title)s' was due on %(due)s.") % {
                    "title": finding.title,
                    "due": format_date(finding.due_on, lang=language),
                }
            created += notify.notify(
                recipients, org=org, kind=Notification.Kind.OVERDUE, key=key, message=message, url=url
            )
    return created
