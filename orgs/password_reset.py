"""Limits on password-reset emails, so the form cannot be used to flood a mailbox or probe many addresses.

Counted in Django's cache per hour: requests from one client address (``per_address``) and requests for one
email address (``per_email``) of ``settings.TIDTAM_PASSWORD_RESET_LIMITS``. Every request counts, whether or
not an account uses the email, so the limits say nothing about which accounts exist.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60 * 60
ADDRESS = "address"
EMAIL = "email"


def password_reset_throttle(*, address: str, email: str) -> str | None:
    """Count one reset request; the limit it exceeds (``ADDRESS`` first, then ``EMAIL``) or None.

    An address over its limit is refused before its request counts against the email, so one client
    cannot use up another person's allowance on its own.
    """
    limits = settings.TIDTAM_PASSWORD_RESET_LIMITS
    if _count(f"password-reset:address:{_digest(address or '')}") > limits["per_address"]:
        return ADDRESS
    if _count(f"password-reset:email:{_digest(email.strip().lower())}") > limits["per_email"]:
        return EMAIL
    return None


def _count(key: str) -> int:
    """Add one to the requests of the hour that began with the key's first request; the new count."""
    now = time.time()
    started, count = cache.get(key, (now, 0))
    count += 1
    cache.set(key, (started, count), timeout=max(1, round(started + WINDOW_SECONDS - now)))
    return count


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()
