"""The indicator tracking table: every KPI's figures per quarter and to date equal sums computed here from
the approved results; the page, the XLSX and the PDF show them; the page's queries do not grow."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from conftest import make_user
from core.money import format_number
from evaluation import rollup
from monitoring.models import IndicatorResult, ReportState
from orgs.access import access_for
from orgs.models import Role
from reports import registry
from reports.output import render_file
from reports.params import read_params
from reports.tests.conftest import YEAR, rpt_grown, rpt_pdf_text, rpt_queries

pytestmark = pytest.mark.django_db

QUARTER_COLUMNS = {q: (2 + 2 * (q - 1), 3 + 2 * (q - 1)) for q in rollup.QUARTERS}  # (plan, actual) per quarter
ACTUAL, ACHIEVEMENT, LEVEL, STATUS = 10, 11, 12, 13


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def build(world, persona="planner", **query):
    access = access_for(world.users[persona], world.org.slug)
    params = read_params({"year": str(YEAR), **query}, world.org, access)
    return registry.get("iptt").build(world.org, access, params)


def table_of(report):
    return report.sections[1].blocks[0]


def rows_by_code(report) -> dict:
    return {str(r.cells[0]).split()[0]: r for r in table_of(report).rows if r.style != "group"}


def headings(report) -> list[str]:
    return [str(r.cells[0]) for r in table_of(report).rows if r.style == "group"]


def approved(kpi, upto):
    return IndicatorResult.objects.filter(
        indicator=kpi, period__fiscal_year=YEAR, period__number__lte=upto, state=ReportState.APPROVED
    )


def sum_to(kpi, upto) -> Decimal:
    return approved(kpi, upto).aggregate(t=Sum("value"))["t"]


def ratio_to(kpi, upto) -> Decimal:
    sums = approved(kpi, upto).aggregate(n=Sum("numerator"), d=Sum("denominator"))
    return sums["n"] / sums["d"] * 100


def test_quarters_and_year_to_date_equal_the_approved_results(world, rpt_year):
    rows = rows_by_code(build(world))
    road = rows["R-1"].cells
    assert road[1] == 40  # the baseline
    for q, expected_target in ((1, 50), (2, 100), (3, 150), (4, 200)):  # a sum KPI: Σ of the quarter targets
        assert road[QUARTER_COLUMNS[q][0]] == expected_target
    assert road[QUARTER_COLUMNS[1][1]] == sum_to(rpt_year.road, 1) == 60
    assert road[QUARTER_COLUMNS[2][1]] == sum_to(rpt_year.road, 2) == 130
    assert road[QUARTER_COLUMNS[3][1]] is None  # only a draft in Q3: nothing reported that counts
    assert road[ACTUAL] == sum_to(rpt_year.road, 4) == 130
    assert road[ACHIEVEMENT] == Decimal("65.00")  # 130 of the annual 200
    assert road[STATUS] == "Off track"

    share = rows["S-1"].cells
    assert share[QUARTER_COLUMNS[1][1]] is None  # the Q1 result was only submitted
    assert share[QUARTER_COLUMNS[2][1]] == ratio_to(rpt_year.share, 2) == 81
    assert (share[ACTUAL], share[STATUS]) == (81, "On track")

    own = rows["O-1"].cells  # the organization's ratio KPI: 8/10 approved, the Q2 draft left out
    assert own[ACTUAL] == ratio_to(rpt_year.org_kpi, 4) == 80
    assert own[ACHIEVEMENT] == (Decimal(80) / 90 * 100).quantize(Decimal("0.01")) and own[STATUS] == "At risk"
    strategy_kpi = rows["ST-1"].cells  # lower is better, latest value 18 against 20
    assert strategy_kpi[ACTUAL] == 18 and strategy_kpi[STATUS] == "On track"
    assert rows["D-1"].cells[QUARTER_COLUMNS[4][0]] is True and rows["D-1"].cells[STATUS] == "No data"


def test_every_kpi_of_the_year_is_a_row_under_its_strategy_or_department(world, rpt_year):
    report = build(world)
    assert set(rows_by_code(report)) == {"O-1", "R-1", "S-1", "ST-1", "D-1"}
    order = [str(r.cells[0]).split()[0] for r in table_of(report).rows]
    assert order[0] == "Organization" and order.index("ST-1") < order.index("D-1")  # own KPIs before projects'
    assert headings(report)[1:] == ["Strategy 1 โครงสร้างพื้นฐาน", "Strategy 2 พัฒนาคุณภาพชีวิต"]
    link = rows_by_code(report)["R-1"].cells[0]
    assert link.url == reverse("evaluation:indicator_results", args=[world.org.slug, YEAR, rpt_year.road.pk])

    by_department = build(world, group="department")
    assert headings(by_department) == ["กองคลัง", "กองช่าง", "No responsible department"]  # by order, then name
    assert "department" in by_department.filename
    facts = by_department.sections[0].blocks[0].items
    assert [f.value for f in facts] == [5, 2, 1, 1, 1]  # indicators; on track, at risk, off track, no data


def test_the_department_filter_and_a_reporter_see_only_their_kpis(world, rpt_year):
    finance = build(world, department=str(world.finance.pk))
    assert set(rows_by_code(finance)) == {"S-1", "ST-1"}  # its project's KPI and the KPI it is responsible for
    reporter = build(world, "reporter")
    assert {"R-1", "D-1"} <= set(rows_by_code(reporter)) and "S-1" not in rows_by_code(reporter)


def test_the_xlsx_keeps_numbers_as_numbers(world, rpt_year):
    report = build(world)
    _name, content, _type = render_file(report, "xlsx")
    book = load_workbook(io.BytesIO(content))
    assert len(book.worksheets) == 2  # the summary, then the wide table on its own sheet
    sheet = book.worksheets[1]
    row = next(r for r in sheet.iter_rows() if str(r[0].value).startswith("R-1"))
    assert [row[QUARTER_COLUMNS[q][1]].value for q in (1, 2)] == [60, 130]
    assert row[ACTUAL].value == sum_to(rpt_year.road, 4) and row[ACTUAL].data_type == "n"
    assert row[ACHIEVEMENT].data_type == "n" and row[LEVEL].value is None
    assert row[0].data_type == "s"


def test_the_pdf_and_the_page_show_the_kpis_and_their_figures(world, rpt_year, client_for):
    report = build(world)
    text = rpt_pdf_text(render_file(report, "pdf")[1])
    assert "บ้านแพน" in text and "ร้อยละครัวเรือนที่" in text and "R-1" in text  # the name may wrap in its cell
    assert "65.00%" in text and format_number(Decimal(130)) in text
    page = client_for("planner").get(reverse("reports:page", args=[world.org.slug, "iptt"]), {"year": YEAR})
    html = page.content.decode()
    assert page.status_code == 200 and "ร้อยละครัวเรือนที่พึงพอใจ" in html and "65.00%" in html
    assert reverse("evaluation:indicator_results", args=[world.org.slug, YEAR, rpt_year.road.pk]) in html


def test_bad_or_foreign_parameters_are_400_or_404_never_500(world, rpt_year, client_for):
    url = reverse("reports:page", args=[world.org.slug, "iptt"])
    client = client_for("reporter")
    assert client.get(url, {"year": YEAR, "department": world.finance.pk}).status_code == 404
    assert client.get(url, {"year": "abc"}).status_code == 400  # not a fiscal year
    assert client.get(url, {"group": "nonsense"}).status_code == 400
    assert client.get(url, {"year": 2400}).status_code == 400
    assert client.get(url, {"year": 2600}).status_code == 404  # a fiscal year without an action plan
    assert client_for("outsider").get(url).status_code == 404
    download = client_for("planner").get(reverse("reports:download", args=[world.org.slug, "iptt", "xlsx"]))
    assert download.status_code == 200 and download["Content-Disposition"].endswith('.xlsx"')


def test_the_page_costs_the_same_queries_at_10_and_200_projects(client):
    counts = []
    for size in (10, 200):
        org = rpt_grown(size)
        client.force_login(make_user(f"iptt{size}", org, Role.PLANNER))
        url = reverse("reports:page", args=[org.slug, "iptt"])
        counts.append(
            [rpt_queries(client, url, {"year": YEAR, "group": group}) for group in ("strategy", "department")]
        )
    assert counts[0] == counts[1], counts


def test_the_quarters_equal_the_engines_view_of_one_kpi_at_no_extra_query(world, rpt_year):
    with CaptureQueriesContext(connection) as plain:
        rollup.year_figures(world.org, YEAR)
    with CaptureQueriesContext(connection) as with_quarters:
        figures = rollup.year_figures(world.org, YEAR, quarters=True)
    assert len(with_quarters) == len(plain)
    assert len(figures.all_kpis) == 5
    for k in figures.all_kpis:
        one = rollup.indicator_periods(world.org, k.kpi, YEAR)
        assert k.quarters == [q.figures for q in one.quarters] and k.figures == one.year_to_date
    assert all(k.quarters == [] for k in rollup.year_figures(world.org, YEAR).all_kpis)
