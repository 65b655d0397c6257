"""The project card: plan data, KPIs per quarter, progress and disbursement, problems and photos of the
approved reports only — equal to sums computed here from the rows — as a page, an XLSX and a PDF; only
for a project the person may see; a fixed number of queries."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.db.models import Sum
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from conftest import make_user
from core.money import format_baht, share
from monitoring.models import IndicatorResult, ProgressReport, ReportState
from orgs.access import access_for
from orgs.models import Role
from plans.models import ActionPlanItem, Project
from reports import registry
from reports.document import Facts, Photos, Table
from reports.output import render_file
from reports.params import read_params
from reports.tests.conftest import HYPERLINK, YEAR, rpt_grown, rpt_pdf_text, rpt_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def build(world, project, persona="planner", **query):
    access = access_for(world.users[persona], world.org.slug)
    params = read_params({"year": str(YEAR), "project": str(project.pk), **query}, world.org, access)
    return registry.get("project-card").build(world.org, access, params)


def block(report, kind, title=None):
    return next(b for b in report.blocks if isinstance(b, kind) and (title is None or b.title == title))


def progress(report) -> Table:
    return report.sections[2].blocks[0]


def problems(report) -> Table:
    return report.sections[-1].blocks[0]


def approved_reports(project, **filters):
    return ProgressReport.objects.filter(
        project=project, period__fiscal_year=YEAR, state=ReportState.APPROVED, **filters
    )


def test_the_plan_and_the_progress_equal_the_rows(world, rpt_year):
    report = build(world, rpt_year.one)
    assert report.title == rpt_year.one.name and not report.landscape
    facts = {f.label: f.value for f in block(report, Facts).items}
    item = ActionPlanItem.objects.get(project=rpt_year.one, action_plan__fiscal_year=YEAR)
    assert facts["Budget in the action plan (baht)"] == item.budget
    assert facts["Responsible department"] == "กองช่าง" and facts["Program"] == "แผนงานเคหะและชุมชน"

    rows = progress(report).rows
    for q in (1, 2, 3, 4):
        in_quarter = approved_reports(rpt_year.one, period__number=q).aggregate(t=Sum("disbursed"))["t"]
        to_date = approved_reports(rpt_year.one, period__number__lte=q).aggregate(t=Sum("disbursed"))["t"]
        assert rows[q - 1].cells[3] == in_quarter  # None in Q3 (a draft) and Q4
        assert rows[q - 1].cells[4] == to_date == (Decimal("10000.25") if q == 1 else Decimal("60000.25"))
        assert rows[q - 1].cells[5] == share(to_date, item.budget)
    assert [r.cells[1] for r in rows[:4]] == ["In progress", "Completed", "Report not approved yet", "No report"]
    total = rows[-1]
    assert total.style == "total" and total.cells[1] == "Completed" and total.cells[2] == 100
    assert total.cells[3] == approved_reports(rpt_year.one).aggregate(t=Sum("disbursed"))["t"]


def test_kpis_per_quarter_equal_the_approved_results(world, rpt_year):
    table = build(world, rpt_year.one).sections[1].blocks[0]
    plan, result = table.rows  # one KPI: its plan row, then its result row
    assert str(plan.cells[0]).startswith("R-1") and "Baseline 40" in plan.cells[0]
    assert plan.cells[1:6] == [50, 100, 150, 200, 200]
    results = IndicatorResult.objects.filter(indicator=rpt_year.road, state=ReportState.APPROVED)
    assert result.cells[1] == results.filter(period__number__lte=1).aggregate(t=Sum("value"))["t"] == 60
    assert result.cells[2] == results.aggregate(t=Sum("value"))["t"] == 130
    assert result.cells[3:5] == [None, None]  # nothing approved reported in Q3 and Q4
    assert result.cells[5] == 130 and result.cells[6] == Decimal("65.00")
    assert result.cells[0] == "Actual value — Off track"
    assert len(table.columns) == 7

    upto2 = build(world, rpt_year.one, upto="2").sections[1].blocks[0]
    assert len(upto2.columns) == 5  # quarters 1 and 2, then to date
    assert upto2.rows[0].cells[3] == 100 and upto2.rows[1].cells[3] == 130  # the target and actual to Q2


def test_problems_and_photos_come_from_approved_reports_only(world, rpt_year):
    report = build(world, rpt_year.one)
    texts = [r.cells[1] for r in problems(report).rows]
    assert texts == [HYPERLINK, "ฝนตกหนักในเดือนกุมภาพันธ์"]  # not the draft's
    photos = block(report, Photos).items
    assert [p.url for p in photos] == [
        reverse("monitoring:evidence_thumbnail", args=[world.org.slug, rpt_year.photo.pk])
    ]
    assert Path(photos[0].path).is_file()

    _name, content, _type = render_file(report, "xlsx")
    cells = [c for ws in load_workbook(io.BytesIO(content)).worksheets for row in ws.iter_rows() for c in row]
    typed = next(c for c in cells if c.value == HYPERLINK)
    assert typed.data_type == "s" and typed.quotePrefix
    budget = next(c for c in cells if c.value == Decimal("95000.50"))
    assert budget.data_type == "n"
    disbursed = [c for c in cells if c.value == Decimal("60000.25")]
    assert disbursed and all(c.data_type == "n" for c in disbursed)


def test_the_pdf_shows_the_project_its_figures_and_its_photo(world, rpt_year):
    report = build(world, rpt_year.one)
    content = render_file(report, "pdf")[1]
    text = rpt_pdf_text(content)
    assert "โครงการก่อสร้างถนน หมู่ที่ 1" in text and "ฝนตกหนักในเดือนกุมภาพันธ์" in text
    assert format_baht(Decimal("60000.25"), unit=False) in text and format_baht(Decimal("95000.50"), unit=False) in text
    assert b"/Subtype /Image" in content or b"/Subtype/Image" in content  # the thumbnail is drawn


def test_a_project_outside_the_years_action_plan_says_so(world, rpt_year):
    outside = Project.objects.create(
        organization=world.org, program=world.plan.program, code="X-1", name="โครงการนอกแผน", department=world.works
    )
    report = build(world, outside)
    assert "not in the action plan" in report.sections[0].blocks[0].texts[0]


def test_the_page_and_downloads_only_for_a_project_the_person_may_see(world, rpt_year, client_for):
    url = reverse("reports:page", args=[world.org.slug, "project-card"])
    planner = client_for("planner")
    page = planner.get(url, {"year": YEAR, "project": rpt_year.one.pk})
    assert page.status_code == 200 and "โครงการก่อสร้างถนน หมู่ที่ 1" in page.content.decode()
    assert reverse("monitoring:evidence_thumbnail", args=[world.org.slug, rpt_year.photo.pk]) in page.content.decode()
    assert planner.get(url, {"year": YEAR}).status_code == 200  # no project yet: the page asks for one
    assert planner.get(url, {"year": YEAR, "project": "x"}).status_code == 400  # not an id: never a 500
    foreign = world.other_plan.projects[0]
    assert planner.get(url, {"year": YEAR, "project": foreign.pk}).status_code == 404
    pdf = planner.get(
        reverse("reports:download", args=[world.org.slug, "project-card", "pdf"]),
        {"year": YEAR, "project": rpt_year.one.pk},
    )
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    no_project = reverse("reports:download", args=[world.org.slug, "project-card", "xlsx"])
    assert planner.get(no_project, {"year": YEAR}).status_code == 404

    reporter = client_for("reporter")  # กองช่าง
    assert reporter.get(url, {"year": YEAR, "project": rpt_year.one.pk}).status_code == 200
    assert reporter.get(url, {"year": YEAR, "project": rpt_year.two.pk}).status_code == 404  # กองคลัง's
    assert reporter.get(no_project, {"year": YEAR, "project": rpt_year.two.pk}).status_code == 404


def test_the_project_page_links_to_its_card(world, rpt_year, client_for):
    page = client_for("planner").get(reverse("plans:project_detail", args=[world.org.slug, rpt_year.one.pk]))
    assert reverse("reports:page", args=[world.org.slug, "project-card"]) in page.content.decode()


def test_the_card_costs_the_same_queries_at_10_and_200_projects(client):
    counts = []
    for size in (10, 200):
        org = rpt_grown(size)
        client.force_login(make_user(f"card{size}", org, Role.PLANNER))
        project = Project.objects.for_org(org).order_by("code").first()
        url = reverse("reports:page", args=[org.slug, "project-card"])
        counts.append(rpt_queries(client, url, {"year": YEAR, "project": project.pk}))
    assert counts[0] == counts[1], counts
