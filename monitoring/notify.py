"""Notifications in the app (the bell); ``send_reminders`` batches the unsent ones into one email per person."""

from django.db import IntegrityError, transaction

from monitoring.models import Notification
from orgs.models import Role


def notify(users, *, org, kind: str, key: str, message: str, url: str = "") -> int:
    """Create one notification per user for this occasion (``key``), never twice. Returns how many are new."""
    created = 0
    for user in {u.pk: u for u in users}.values():
        try:
            with transaction.atomic():
                Notification.objects.create(organization=org, user=user, kind=kind, key=key, message=message, url=url)
            created += 1
        except IntegrityError:  # already notified of this occasion
            pass
    return created


def department_reporters(org, department_id):
    """The people who report for a department."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            memberships__organization=org, memberships__role=Role.REPORTER, memberships__department_id=department_id
        )
        .distinct()
    )


def reviewers(org):
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(memberships__organization=org, memberships__role__in=[Role.AUDITOR, Role.ADMIN])
        .distinct()
    )
