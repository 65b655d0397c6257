"""Authentication of API requests: a personal token (``Authorization: Bearer <token>``, or ``Token
<token>``), or the signed-in session with its CSRF check (DRF's SessionAuthentication)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from api import tokens

KEYWORDS = (b"bearer", b"token")


class TokenAuthentication(authentication.BaseAuthentication):
    """A personal API token. An unknown, revoked or expired token is refused with 401."""

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after the word Bearer, separated by one space."))
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("The token is not valid, or it was revoked or expired.")) from None
        token = tokens.authenticate(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is not valid, or it was revoked or expired."))
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
