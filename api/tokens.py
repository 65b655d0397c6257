"""Personal API tokens: make one, find the token a request presents, revoke one. Plain functions.

A token is ``tt_`` followed by 43 random URL-safe characters (``secrets.token_urlsafe(32)``). Only its
SHA-256 is stored, with the first characters kept visible so a person can tell their tokens apart.
"""

import hashlib
import secrets
from datetime import date, timedelta

from django.utils import timezone

from api.models import ApiToken

PREFIX = "tt_"
VISIBLE = 10  # characters of the token shown in lists (the "tt_" and 7 random ones)
LAST_USED_EVERY = timedelta(minutes=1)  # how often "last used" is written, not on every request


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create(*, user, name: str, expires_on: date | None = None) -> tuple[ApiToken, str]:
    """A new token for ``user``: the stored row and the token itself (to show once, never again)."""
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=raw[:VISIBLE], key_hash=hash_token(raw), expires_on=expires_on
    )
    return token, raw


def is_active(token: ApiToken, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return token.revoked_at is None and (token.expires_on is None or today <= token.expires_on)


def authenticate(raw: str) -> ApiToken | None:
    """The active token ``raw`` is, with its user (active accounts only); None when it is unknown, revoked
    or expired. Notes the time of use (at most once a minute per token)."""
    if not raw.startswith(PREFIX) or len(raw) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(raw)).first()
    if token is None or not is_active(token) or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def revoke(*, user, pk: int) -> bool:
    """Revoke one of the user's own tokens; False when it is not theirs or already revoked."""
    return bool(ApiToken.objects.filter(user=user, pk=pk, revoked_at__isnull=True).update(revoked_at=timezone.now()))
