"""Disaggregated results (e.g. by sex) on the KPI results page and in the IPTT (page, XLSX, PDF): the parts
of the approved results, adding up to the KPI's total, never another organization's, at a fixed cost."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from conftest import make_user
from core.money import format_number
from core.pages import PAGE_SIZE
from evaluation import disaggregation
from monitoring.models import IndicatorResult
from monitoring.periods import ensure_periods
from orgs.access import access_for
from orgs.models import Role
from plans.models import Indicator
from reports import registry
from reports.output import render_file
from reports.params import read_params
from reports.tests.conftest import APPROVED, DRAFT, YEAR, rpt_grown, rpt_pdf_text, rpt_queries

pytestmark = pytest.mark.django_db

QUARTER_ACTUAL = {q: 3 + 2 * (q - 1) for q in (1, 2, 3, 4)}
ACTUAL = 10


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def by_sex(world, rpt_year):
    """R-1 (sum) by sex: Q1 60 = 25 + 35, Q2 70 = 38 + 32 (to date ชาย 63, หญิง 67, total 130); the Q3 draft
    999 = 500 + 499 must not count. Another organization's KPI, by sex too, reports 777 ชาย."""
    road = rpt_year.road
    road.disaggregation_label, road.disaggregation_categories = "เพศ", "ชาย\nหญิง"
    road.save()
    parts = {1: {"ชาย": "25", "หญิง": "35"}, 2: {"ชาย": "38", "หญิง": "32"}, 3: {"ชาย": "500", "หญิง": "499"}}
    for number, breakdown in parts.items():
        IndicatorResult.objects.filter(indicator=road, period__number=number).update(breakdown=breakdown)
    other_kpi = world.other_plan.indicator
    other_kpi.disaggregation_label, other_kpi.disaggregation_categories = "เพศ", "ชาย\nหญิง"
    other_kpi.save()
    period = ensure_periods(world.other_org, YEAR)[0]
    IndicatorResult.objects.create(
        organization=world.other_org,
        indicator=other_kpi,
        period=period,
        value=Decimal(1554),
        breakdown={"ชาย": "777", "หญิง": "777"},
        state=APPROVED,
    )
    return road


def build(world, persona="planner", **query):
    access = access_for(world.users[persona], world.org.slug)
    params = read_params({"year": str(YEAR), **query}, world.org, access)
    return registry.get("iptt").build(world.org, access, params)


def sub_rows(report, code):
    rows = report.sections[1].blocks[0].rows
    start = next(n for n, r in enumerate(rows) if str(r.cells[0]).startswith(code))
    found = []
    for row in rows[start + 1 :]:
        if row.style != "sub":
            break
        found.append(row)
    return rows[start], found


def test_the_parts_are_the_approved_results_by_category_and_add_up_to_the_total(world, by_sex):
    kpi_row, parts = sub_rows(build(world), "R-1")
    assert [str(r.cells[0]) for r in parts] == ["เพศ: ชาย", "เพศ: หญิง"]
    male, female = parts
    assert [male.cells[QUARTER_ACTUAL[q]] for q in (1, 2, 3, 4)] == [25, 63, None, None]  # Q3 is a draft
    assert [female.cells[QUARTER_ACTUAL[q]] for q in (1, 2)] == [35, 67]
    assert male.cells[ACTUAL] == 63 and female.cells[ACTUAL] == 67
    for column in (QUARTER_ACTUAL[1], QUARTER_ACTUAL[2], ACTUAL):
        assert male.cells[column] + female.cells[column] == kpi_row.cells[column]
    # achievement, level and status belong to the KPI, not to its parts
    assert male.cells[11:] == [None, None, None]
    # a KPI without categories has no sub-rows
    assert sub_rows(build(world), "S-1")[1] == []


def test_a_period_without_parts_is_shown_as_not_disaggregated_so_the_rows_still_add_up(world, by_sex):
    IndicatorResult.objects.filter(indicator=by_sex, period__number=2).update(breakdown={})
    kpi_row, parts = sub_rows(build(world), "R-1")
    assert [str(r.cells[0]) for r in parts] == ["เพศ: ชาย", "เพศ: หญิง", "เพศ: not disaggregated"]
    assert [r.cells[ACTUAL] for r in parts] == [25, 35, 70]
    assert sum(r.cells[ACTUAL] for r in parts) == kpi_row.cells[ACTUAL] == 130


def test_the_parts_follow_the_kpis_aggregation():
    kpi = Indicator(measure_type="number", aggregation="cumulative", disaggregation_categories="a\nb")
    rows = [(1, Decimal(10), {"a": "4", "b": "6"}), (2, Decimal(25), {"a": "10", "b": "15"})]
    found = disaggregation.split(kpi, rows)
    assert [(p.label, p.to_date) for p in found.parts] == [("a", 10), ("b", 15)]  # the latest, never summed
    assert found.total.to_date == 25 and found.reported == (True, True, False, False)
    kpi.aggregation = "average"
    found = disaggregation.split(kpi, rows)
    assert sum(p.to_date for p in found.parts) == found.total.to_date == Decimal("17.5")
    assert disaggregation.split(kpi, [(1, Decimal(10), {})]) is None  # no parts at all: nothing to show
    kpi.measure_type = "percentage"
    assert not disaggregation.disaggregated(kpi)


def test_the_page_xlsx_and_pdf_show_the_parts(world, by_sex, client_for):
    report = build(world)
    book = load_workbook(io.BytesIO(render_file(report, "xlsx")[1]))
    sheet = book.worksheets[1]
    lines = [[c.value for c in r] for r in sheet.iter_rows()]
    start = next(n for n, line in enumerate(lines) if str(line[0]).startswith("R-1"))
    male, female = lines[start + 1], lines[start + 2]
    assert male[0] == "เพศ: ชาย" and female[0] == "เพศ: หญิง"
    assert (male[QUARTER_ACTUAL[2]], female[QUARTER_ACTUAL[2]], male[ACTUAL], female[ACTUAL]) == (63, 67, 63, 67)
    assert male[ACTUAL] + female[ACTUAL] == lines[start][ACTUAL]
    assert sheet.cell(start + 2, 1).alignment.indent == 2

    text = rpt_pdf_text(render_file(report, "pdf")[1])
    assert "เพศ: ชาย" in text and "เพศ: หญิง" in text
    assert format_number(Decimal(63)) in text and format_number(Decimal(67)) in text
    assert "777" not in text and "500" not in text

    page = client_for("planner").get(reverse("reports:page", args=[world.org.slug, "iptt"]), {"year": YEAR})
    html = page.content.decode()
    assert page.status_code == 200 and html.count('class="row-sub"') == 2
    assert "เพศ: ชาย" in html and "777" not in html


def test_the_kpi_results_page_has_the_breakdown_table(world, rpt_year, by_sex, client_for):
    url = reverse("evaluation:indicator_results", args=[world.org.slug, YEAR, by_sex.pk])
    page = client_for("planner").get(url)
    html = page.content.decode()
    assert page.status_code == 200 and 'id="indicator-breakdown"' in html
    breakdown = page.context["breakdown"]
    assert [(p.label, p.to_date) for p in breakdown.parts] == [("ชาย", 63), ("หญิง", 67)]
    assert breakdown.total.to_date == 130 and breakdown.total_line == [60, 130, None, None]
    preview = client_for("planner").get(url, {"preview": "1"}).context["breakdown"]
    assert [p.to_date for p in preview.parts] == [563, 566]  # the unofficial preview takes the Q3 draft too
    # a KPI without categories has no such table
    share = reverse("evaluation:indicator_results", args=[world.org.slug, YEAR, rpt_year.share.pk])
    assert 'id="indicator-breakdown"' not in client_for("planner").get(share).content.decode()


def test_another_organizations_results_are_never_counted(world, by_sex):
    other_kpi = world.other_plan.indicator
    assert disaggregation.breakdowns(world.org, [other_kpi], YEAR) == {}
    assert set(disaggregation.breakdowns(world.other_org, [other_kpi, by_sex], YEAR)) == {other_kpi.pk}
    assert IndicatorResult.objects.filter(indicator=by_sex, state=DRAFT).exists()


def test_the_iptt_costs_the_same_queries_at_10_and_200_disaggregated_kpis(client):
    counts = []
    for size in (10, 200):
        org = rpt_grown(size)
        Indicator.objects.filter(organization=org, project__isnull=False).update(
            disaggregation_label="เพศ", disaggregation_categories="ชาย\nหญิง"
        )
        IndicatorResult.objects.filter(organization=org).update(breakdown={"ชาย": "20", "หญิง": "30"})
        client.force_login(make_user(f"dis{size}", org, Role.PLANNER))
        url = reverse("reports:page", args=[org.slug, "iptt"])
        counts.append(rpt_queries(client, url, {"year": YEAR}))
        shown = min(size, PAGE_SIZE - 1)  # the page's 50 rows: the organization's own KPI, then the projects'
        assert client.get(url, {"year": YEAR}).content.decode().count('class="row-sub"') == 2 * shown
    assert counts[0] == counts[1], counts
