"""The key the site signs with (sessions, CSRF, password-reset links): outside DEBUG, a real one or no start."""

from django.core.exceptions import ImproperlyConfigured

# For `make run` (DEBUG=1) only: it is public in the repository, so it never signs anything in production.
DEVELOPMENT_SECRET_KEY = "tidtam-local-development-key-not-for-production-use-0123456789"  # noqa: S105
MIN_LENGTH = 50
MIN_DISTINCT_CHARACTERS = 5
HOW_TO_SET = (
    "Set the SECRET_KEY environment variable to a long random value of your own, e.g. the output of "
    "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`, or run with DEBUG=1 for development."
)


def secret_key(value: str, *, debug: bool) -> str:
    """The SECRET_KEY to run with, or ImproperlyConfigured.

    In DEBUG a missing key falls back to the development key. Otherwise the key must be set, must not be
    the development key, and must be at least 50 characters with 5 different ones (what Django's
    deployment check asks of a key), so a server started without its configuration refuses to run
    instead of signing sessions and password-reset links with a key anyone can read in the repository.
    """
    if debug:
        return value or DEVELOPMENT_SECRET_KEY
    if not value:
        raise ImproperlyConfigured(f"SECRET_KEY is not set and DEBUG is off. {HOW_TO_SET}")
    if value == DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(f"SECRET_KEY is the development key from the repository. {HOW_TO_SET}")
    if len(value) < MIN_LENGTH or len(set(value)) < MIN_DISTINCT_CHARACTERS or value.startswith("django-insecure-"):
        raise ImproperlyConfigured(
            f"SECRET_KEY is too weak: it needs at least {MIN_LENGTH} characters, "
            f"{MIN_DISTINCT_CHARACTERS} of them different. {HOW_TO_SET}"
        )
    return value
