from functools import cache

from monitoring.models import Notification


def unread_notifications(request):
    """The number on the bell: the signed-in user's unread notifications, counted only if a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def count():
        return Notification.objects.filter(user=user, read_at__isnull=True).count()

    return {"unread_notifications": count}
