"""core.pages and params.page_number: one way to read a page number and to page a list."""

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.test import RequestFactory

from core import pages, params


@pytest.mark.parametrize(("raw", "number"), [(None, 1), ("", 1), (" 3 ", 3), ("1", 1), ("9" * 50, 10**40)])
def test_a_page_number_is_a_whole_number_from_one(raw, number):
    query = {} if raw is None else {"page": raw}
    assert params.page_number(query) == number


@pytest.mark.parametrize("raw", ["0", "-2", "two", "1.5", "1e3", "๒"])
def test_anything_else_is_refused(raw):
    with pytest.raises(params.InvalidParameter):
        params.page_number({"page": raw})


def test_a_page_past_the_last_is_the_last_and_a_known_count_is_taken_as_it_is():
    rows = list(range(120))
    assert list(pages.paginate(rows, {"page": "3"})) == rows[100:]
    assert pages.paginate(rows, {"page": "99"}).number == 3
    assert pages.paginate([], {"page": "5"}).number == 1
    page = pages.page_of(rows, 2, per_page=10, count=15)
    assert page.paginator.count == 15 and page.paginator.num_pages == 2
    assert pages.paginate(rows, QueryDict("other=2&page=1"), name="other").number == 2


def test_the_page_links_keep_every_parameter_and_replace_only_the_page():
    request = RequestFactory().get("/x/", {"years": ["2568", "2569"], "q": "ถนน & สะพาน", "page": "2", "b": "1"})
    html = Template('{% include "core/_pagination.html" %}|{% page_href 5 "rows_page" "rows" %}').render(
        Context({"request": request, "page": pages.paginate(list(range(200)), request.GET)})
    )
    assert "years=2568&amp;years=2569" in html  # a repeated parameter keeps all its values
    assert "q=%E0%B8%96%E0%B8%99%E0%B8%99+%26+%E0%B8%AA%E0%B8%B0%E0%B8%9E%E0%B8%B2%E0%B8%99" in html
    assert "b=1&amp;page=1" in html and "b=1&amp;page=3" in html
    assert html.endswith("page=2&amp;b=1&amp;rows_page=5#rows")
