"""Paginated lists, by one mechanism: every page and list that grows with the organization shows
``PAGE_SIZE`` rows a page and the totals of ALL its rows (computed apart, never from the page).

    page = pages.paginate(rows, request.GET)           # a queryset or a list
    ... {"page": page} ... {% include "core/_pagination.html" %}

The page number is read by ``core.params.page_number`` (not a number, or below 1: 400); a number past
the last page shows the last page. The page links keep every other parameter of the query string (the
filters, a department), see ``core.templatetags.ui.page_href``. A table's XLSX download
(``core.tables``) is built from the rows, never from the page.
"""

from django.core.paginator import Page, Paginator

from core import params

PAGE_SIZE = 50


def paginate(rows, query, *, per_page: int = PAGE_SIZE, count: int | None = None, name: str = "page") -> Page:
    """The page of ``rows`` the query string asks for (``?page=``; the last one when past it). ``count``:
    the number of rows when it is known already (no COUNT query)."""
    return page_of(rows, params.page_number(query, name), per_page=per_page, count=count)


def page_of(rows, number: int = 1, *, per_page: int = PAGE_SIZE, count: int | None = None) -> Page:
    """Page ``number`` (from 1, as ``params.page_number`` reads it) of ``rows``; the last one when past it."""
    paginator = Paginator(rows, per_page)
    if count is not None:
        paginator.count = count  # known already: no COUNT query
    return paginator.page(min(max(number, 1), paginator.num_pages))
