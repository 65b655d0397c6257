"""The IPTT page shows its indicators 50 a page (each page under its heading again), with the summary of
every indicator; the filters are kept from page to page; the downloads hold every row."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from conftest import body, make_user
from orgs.models import Department, Role
from reports.document import LazyRow, Row, Table, page_rows
from reports.tests.conftest import YEAR, rpt_grown

pytestmark = pytest.mark.django_db

PROJECTS = 90  # 90 project KPIs and the organization's own: 91 rows, 30 projects a department


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def grown():
    return rpt_grown(PROJECTS)


def url(org):
    return reverse("reports:page", args=[org.slug, "iptt"])


def kpi_rows(answer):
    table = next(b for s in answer.context["report"].sections for b in s.blocks if isinstance(b, Table))
    return table, [r for r in table.rows if r.style == ""]


def summary_count(answer) -> int:
    facts = answer.context["report"].sections[0].blocks[0]
    return facts.items[0].value


def test_the_iptt_page_shows_50_indicators_a_page_and_the_summary_of_all_of_them(grown, client):
    client.force_login(make_user("rpt-planner", grown, Role.PLANNER))
    first = client.get(url(grown), {"year": YEAR})
    table, rows = kpi_rows(first)
    assert len(rows) == 50 and first.context["page"].paginator.count == PROJECTS + 1
    assert summary_count(first) == PROJECTS + 1  # every indicator, not the page's
    second = client.get(url(grown), {"year": YEAR, "page": 2})
    table, rest = kpi_rows(second)
    assert len(rest) == PROJECTS + 1 - 50 and summary_count(second) == PROJECTS + 1
    assert table.rows[0].style == "group"  # the page opens under its strategy's heading again
    labels = [str(r.cells[0]) for r in rows + rest]
    assert len(set(labels)) == len(labels) == PROJECTS + 1
    html = second.content.decode()
    assert "51–91" in html  # rows 51–91 of 91


def test_the_iptt_filters_are_kept_from_page_to_page(grown, client):
    department = Department.objects.for_org(grown).order_by("pk").first()
    client.force_login(make_user("rpt-planner", grown, Role.PLANNER))
    query = {"year": YEAR, "group": "department", "department": department.pk}
    answer = client.get(url(grown), query)
    assert not answer.context["page"].has_other_pages()  # 30 indicators of the department: one page
    answer = client.get(url(grown), {"year": YEAR, "group": "department"})
    assert f"?year={YEAR}&amp;group=department&amp;page=2" in answer.content.decode()
    second = client.get(url(grown), {"year": YEAR, "group": "department", "page": 2})
    assert second.context["params"].group == "department"
    assert len(kpi_rows(second)[1]) == PROJECTS + 1 - 50


def test_a_bad_iptt_page_number_is_refused_and_one_past_the_last_shows_the_last(grown, client):
    client.force_login(make_user("rpt-planner", grown, Role.PLANNER))
    assert client.get(url(grown), {"year": YEAR, "page": "two"}).status_code == 400
    assert client.get(url(grown), {"year": YEAR, "page": "0"}).status_code == 400
    last = client.get(url(grown), {"year": YEAR, "page": "40"})
    assert last.status_code == 200 and last.context["page"].number == 2


def test_the_iptt_download_holds_every_indicator(grown, client):
    client.force_login(make_user("rpt-planner", grown, Role.PLANNER))
    answer = client.get(reverse("reports:download", args=[grown.slug, "iptt", "xlsx"]), {"year": YEAR, "page": 2})
    book = load_workbook(io.BytesIO(body(answer)))
    cells = [str(r[0]) for sheet in book.worksheets for r in sheet.iter_rows(values_only=True) if r[0]]
    assert len([c for c in cells if "ระยะทางถนน" in c]) == PROJECTS, cells[:20]


def test_every_iptt_page_costs_the_same_number_of_queries(grown, client):
    client.force_login(make_user("rpt-planner", grown, Role.PLANNER))
    counts = []
    for page in (1, 2):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(grown), {"year": YEAR, "page": page}).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_a_page_of_a_table_counts_a_row_with_its_sub_rows_and_repeats_the_heading_and_totals():
    heading, other = Row(["A"], style="group"), Row(["B"], style="group")
    total = Row(["Σ"], style="total")
    rows = [heading, Row(["a1"]), Row(["a1 part"], style="sub"), Row(["a2"]), other, Row(["b1"]), total]
    table = Table(columns=[], rows=rows, paged=True)
    first, page = page_rows(table, 1, per_page=2)
    assert [r.cells[0] for r in first] == ["A", "a1", "a1 part", "a2", "Σ"]
    assert page.paginator.count == 3 and page.paginator.num_pages == 2
    second, _page = page_rows(table, 2, per_page=2)
    assert [r.cells[0] for r in second] == ["B", "b1", "Σ"]
    after, _page = page_rows(table, 9, per_page=1)
    assert [r.cells[0] for r in after] == ["B", "b1", "Σ"]
    middle, _page = page_rows(table, 2, per_page=1)
    assert [r.cells[0] for r in middle] == ["A", "a2", "Σ"]  # the heading of a group continued


def test_a_page_makes_the_cells_of_its_own_rows_only():
    made = []

    def row(n):
        def cells():
            made.append(n)
            return [f"KPI {n}"]

        return LazyRow(cells)

    table = Table(columns=[], rows=[Row(["heading"], style="group"), *(row(n) for n in range(120))], paged=True)
    rows, page = page_rows(table, 2)
    assert [r.cells for r in rows] == [["heading"], *([f"KPI {n}"] for n in range(50, 100))]
    assert made == list(range(50, 100))
    assert page.paginator.count == 120
    assert [r.cells for r in table.rows[1:3]] == [["KPI 0"], ["KPI 1"]]  # a download reads every row
