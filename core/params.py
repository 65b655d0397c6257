"""Query-string parameters, read in one place.

Every helper takes the query (a ``QueryDict`` such as ``request.GET``, or a plain dict) and the parameter's
name, and returns the typed value, or ``None`` (or the ``default``) when the parameter is absent or empty,
as a form's empty choice sends it. A value that makes no sense raises ``InvalidParameter``, which the site
answers with 400 and the message (``core.views.bad_request``); an id larger than any row can have raises
``Http404``, as any id of a row that does not exist. Nothing out of range ever reaches the database or the
calendar arithmetic.
"""

import re

from django.core.exceptions import BadRequest
from django.http import Http404
from django.utils.translation import gettext as _

from core.calendar import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR, is_fiscal_year

MAX_ID = 2**63 - 1  # ids are 64-bit (BigAutoField): a larger number is no row's id
MAX_TEXT = 200  # a search box's text
_WHOLE = re.compile(r"[+-]?[0-9]{1,40}")
_TOO_LONG = 10**40  # stands for any number written with more digits than _WHOLE reads


class InvalidParameter(BadRequest):
    """A query-string value that makes no sense: answered 400 with this message."""


def _raw(query, name: str) -> str | None:
    value = query.get(name)
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _whole(raw: str, name: str) -> int:
    """A whole number written in ASCII digits; any number longer than 40 digits reads as a huge one."""
    if _WHOLE.fullmatch(raw):
        return int(raw)
    if re.fullmatch(r"[+-]?[0-9]+", raw):
        return -_TOO_LONG if raw.startswith("-") else _TOO_LONG
    raise InvalidParameter(_("“%(name)s” must be a whole number, not “%(value)s”.") % {"name": name, "value": raw[:40]})


def fiscal_year(query, name: str = "year", *, default: int | None = None) -> int | None:
    """A BE fiscal year between FIRST_FISCAL_YEAR and LAST_FISCAL_YEAR; ``default`` when absent."""
    raw = _raw(query, name)
    if raw is None:
        return default
    year = _whole(raw, name)
    if not is_fiscal_year(year):
        raise InvalidParameter(
            _("“%(name)s” must be a fiscal year (Buddhist Era) from %(first)s to %(last)s.")
            % {"name": name, "first": FIRST_FISCAL_YEAR, "last": LAST_FISCAL_YEAR}
        )
    return year


def fiscal_years(query, name: str = "years") -> list[int]:
    """Fiscal years given as ?years=2568,2569 or ?years=2568&years=2569, ascending, each checked."""
    values = query.getlist(name) if hasattr(query, "getlist") else [query.get(name) or ""]
    parts = [part for value in values for part in str(value).split(",") if part.strip()]
    return sorted({fiscal_year({name: part}, name) for part in parts})


def object_id(query, name: str) -> int | None:
    """The id of a row (?department=12): a positive whole number; one larger than any id is not found (404)."""
    raw = _raw(query, name)
    if raw is None:
        return None
    pk = _whole(raw, name)
    if pk < 1:
        raise InvalidParameter(_("“%(name)s” must be a positive id number.") % {"name": name})
    if pk > MAX_ID:
        raise Http404
    return pk


def number(query, name: str, *, low: int, high: int, default: int | None = None) -> int | None:
    """A whole number from ``low`` to ``high`` (a period or quarter number); ``default`` when absent."""
    raw = _raw(query, name)
    if raw is None:
        return default
    value = _whole(raw, name)
    if not low <= value <= high:
        raise InvalidParameter(
            _("“%(name)s” must be a number from %(low)s to %(high)s.") % {"name": name, "low": low, "high": high}
        )
    return value


def choice(query, name: str, choices, *, default: str | None = None) -> str | None:
    """One of ``choices`` (values, or (value, label) pairs, or a dict's keys); ``default`` when absent."""
    raw = _raw(query, name)
    if raw is None:
        return default
    values = {c[0] if isinstance(c, tuple | list) else c for c in choices}
    if raw not in values:
        raise InvalidParameter(_("“%(value)s” is not a choice of “%(name)s”.") % {"name": name, "value": raw[:40]})
    return raw


def text(query, name: str, *, max_length: int = MAX_TEXT) -> str:
    """Free text (a search box), stripped; "" when absent. No control characters (the NUL byte breaks
    PostgreSQL), no more than ``max_length`` characters."""
    raw = _raw(query, name) or ""
    if len(raw) > max_length:
        raise InvalidParameter(_("“%(name)s” may have at most %(max)s characters.") % {"name": name, "max": max_length})
    if any(ord(c) < 32 for c in raw):
        raise InvalidParameter(_("“%(name)s” contains characters that are not allowed.") % {"name": name})
    return raw


def page_number(query, name: str = "page") -> int:
    """The page of a paginated list (?page=2): a whole number from 1, 1 when absent. Anything else is
    refused (400); a number past the last page is read as it is (``core.pages.paginate`` shows the last)."""
    raw = _raw(query, name)
    if raw is None:
        return 1
    value = _whole(raw, name)
    if value < 1:
        message = _("“%(name)s” must be a page number from 1, not “%(value)s”.")
        raise InvalidParameter(message % {"name": name, "value": raw[:40]})
    return value
