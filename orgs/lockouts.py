"""Sign-in lockouts (django-axes) as an organization administrator sees them: who is locked out, and unlocking.

Axes locks a username at one address (``AXES_LOCKOUT_PARAMETERS``) once ``AXES_FAILURE_LIMIT`` failures
from there fall within the cool-off (``AXES_COOLOFF_TIME``); its AccessAttempt rows are the record.
"""

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _


def locked_usernames(usernames) -> set[str]:
    """The usernames among ``usernames`` that are locked out now, from at least one address."""
    threshold = timezone.now() - get_cool_off()
    locked = (
        AccessAttempt.objects.filter(username__in=list(usernames), attempt_time__gte=threshold)
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    return {row["username"] for row in locked}


def member_unlock(*, membership, by) -> bool:
    """Lift the lockouts of a member's username, from every address, and forget its failed attempts.

    Returns whether the member was locked out. An unlock is recorded in the history of the user in the
    system administration (who unlocked, for which organization).
    """
    user = membership.user
    was_locked = bool(locked_usernames([user.username]))
    reset(username=user.username)
    if was_locked:
        LogEntry.objects.log_actions(
            user_id=by.pk,
            queryset=[user],
            action_flag=CHANGE,
            change_message=_("Sign-in lockout lifted by %(admin)s, administrator of %(org)s.")
            % {"admin": by.username, "org": membership.organization.name},
            single_object=True,
        )
    return was_locked
