"""Every report on the demo's FY2569 (อบต.บ้านแพน, reported in full): it renders as a page, an XLSX and
a PDF; the figures equal totals computed here straight from the rows; LibreOffice opens the workbooks;
text that people typed never becomes a formula."""

import io
import shutil
import subprocess
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse
from openpyxl import load_workbook

from core.money import format_baht
from evaluation.models import Finding
from evaluation.rollup import CARRIED_OUT
from monitoring.models import ProgressReport, ReportState
from orgs.access import access_for
from orgs.models import User
from plans.models import ActionPlanItem
from reports import registry
from reports.document import Table
from reports.output import render_file
from reports.params import read_params
from reports.render.pdf import render_pdf

YEAR = 2569
HYPERLINK = '=HYPERLINK("http://example.com","คลิก")'


@pytest.fixture
def planner(seeded):
    return User.objects.get(username="planner")


def build(slug, org, user, **query):
    access = access_for(user, org.slug)
    params = read_params({"year": str(YEAR), **query}, org, access)
    return registry.get(slug).build(org, access, params)


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def loose(text: str) -> str:
    """Text as pdftotext can give it back: it drops ำ and a tone mark before it, and breaks lines."""
    return "".join(ch for ch in text if ch not in "\u0e33\u0e48\u0e49\u0e4a\u0e4b\u0e32 \n")


def expected_by_strategy(org):
    """Planned projects, budget, disbursed to date and projects carried out, per strategy, from the rows."""
    items = ActionPlanItem.objects.for_org(org).filter(action_plan__fiscal_year=YEAR)
    expected = defaultdict(lambda: {"planned": 0, "budget": Decimal(0), "disbursed": Decimal(0), "carried_out": 0})
    strategy_of = {}
    for item in items.select_related("project__program__goal__strategy"):
        strategy = item.project.program.goal.strategy
        strategy_of[item.project_id] = strategy.pk
        expected[strategy.pk]["planned"] += 1
        expected[strategy.pk]["budget"] += item.budget
    approved = ProgressReport.objects.for_org(org).filter(
        period__fiscal_year=YEAR, state=ReportState.APPROVED, project_id__in=strategy_of
    )
    for row in approved.values("project_id").annotate(total=Sum("disbursed")):
        expected[strategy_of[row["project_id"]]]["disbursed"] += row["total"] or 0
    latest = {}
    for r in approved.exclude(project_status="").order_by("period__number"):
        latest[r.project_id] = r.project_status
    for project_id, status in latest.items():
        if status in CARRIED_OUT:
            expected[strategy_of[project_id]]["carried_out"] += 1
    return expected


def test_form2_figures_equal_the_rows_in_the_page_the_xlsx_and_the_pdf(seeded, planner, client):
    expected = expected_by_strategy(seeded)
    report = build("form2", seeded, planner)
    table = next(s for s in report.sections if s.key == "results").blocks[0]
    rows = {row.url.rstrip("/").split("/")[-1]: row.cells for row in table.rows if row.url}
    assert len(rows) == len(expected)
    for strategy_pk, figures in expected.items():
        cells = rows[str(strategy_pk)]
        assert cells[1:4] == [figures["planned"], figures["budget"], figures["carried_out"]]
        assert cells[5] == figures["disbursed"]
    total = table.rows[-1].cells
    assert total[1] == sum(f["planned"] for f in expected.values())
    assert total[2] == sum(f["budget"] for f in expected.values())
    assert total[5] == sum(f["disbursed"] for f in expected.values())

    _, content, _ = render_file(report, "xlsx")
    sheet = load_workbook(io.BytesIO(content)).worksheets[1]  # after Part 1's general data
    total_row = next(r for r in sheet.iter_rows() if r[0].value == table.rows[-1].cells[0])
    assert [c.value for c in total_row[1:3]] == [total[1], total[2]]
    assert total_row[2].data_type == "n" and total_row[5].data_type == "n"

    text = pdf_text(render_pdf(report))
    assert format_baht(total[2], unit=False) in text and format_baht(total[5], unit=False) in text
    assert "ยุทธศาสตร์" in text and "บ้านแพน" in text

    page = client_page(client, planner, seeded, "form2")
    assert format_baht(total[2], unit=False) in page and format_baht(total[5], unit=False) in page


def client_page(client, user, org, slug, **query):
    client.force_login(user)
    response = client.get(reverse("reports:page", args=[org.slug, slug]), {"year": YEAR, **query})
    assert response.status_code == 200
    return response.content.decode()


def test_form3_1_summary_equals_the_rows_and_shows_the_evaluations(seeded, planner):
    expected = expected_by_strategy(seeded)
    report = build("form3-1", seeded, planner)
    summary = report.sections[0].blocks[0]
    for row in summary.rows[:-1]:
        figures = expected[int(row.url.rstrip("/").split("/")[-1])]
        assert row.cells[1:3] == [figures["planned"], figures["carried_out"]]
        # after completed: its share of the strategy's projects and of all projects, then the money
        assert row.cells[6:8] == [figures["budget"], figures["disbursed"]]
    assert len(report.sections) == 1 + len(expected)  # the summary, then one section per strategy


def test_the_annual_report_holds_the_year_its_findings_and_the_regulation_dates(seeded, planner):
    report = build("annual", seeded, planner)
    assert report.cover
    titles = [s.title for s in report.sections]
    assert any("ภาคผนวก" in t or "Annex" in t for t in titles)
    findings = next(s for s in report.sections if s.key == "findings").blocks[0]
    assert len(findings.rows) == Finding.objects.for_org(seeded).filter(fiscal_year=YEAR).count()
    dates = next(s for s in report.sections if s.key == "dates").blocks[0]
    assert len(dates.rows) == 4
    expected = expected_by_strategy(seeded)
    facts = report.sections[2].blocks[0].items
    assert facts[0].value == sum(f["planned"] for f in expected.values())
    assert facts[4].value == sum(f["disbursed"] for f in expected.values())
    text = pdf_text(render_pdf(report))
    assert "บ้านแพน" in text and format_baht(facts[4].value, unit=False) in text


@pytest.mark.parametrize("slug", ["form2", "form3-1", "annual", "iptt", "department", "project-card"])
def test_every_report_renders_three_ways_and_typed_text_never_becomes_a_formula(
    seeded, planner, client, slug, tmp_path
):
    if registry.get(slug) is None:
        pytest.fail(f"the report {slug} is not registered")
    approved = ProgressReport.objects.for_org(seeded).filter(period__fiscal_year=YEAR, state=ReportState.APPROVED)
    poisoned = approved.order_by("pk").first()
    ProgressReport.objects.filter(pk=poisoned.pk).update(problems=HYPERLINK, solutions="+SUM(A1:A9)")
    Finding.objects.create(organization=seeded, fiscal_year=YEAR, title=HYPERLINK, owner=poisoned.project.department)
    query = {"project": str(poisoned.project_id)} if slug == "project-card" else {}
    if slug == "department":
        query = {"department": str(poisoned.project.department_id)}
    report = build(slug, seeded, planner, **query)

    name, content, _type = render_file(report, "xlsx")
    book = load_workbook(io.BytesIO(content))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"], "no formula in any report"
    typed = [c for c in cells if isinstance(c.value, str) and ("HYPERLINK(" in c.value or "SUM(A1" in c.value)]
    risky = [c for c in cells if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@", "\t"))]
    assert all(c.data_type == "s" and c.quotePrefix for c in typed + risky)
    if slug in ("form2", "annual", "project-card", "department"):
        assert typed, "the typed text is in the workbook, as text"
    numbers = [c for c in cells if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)]
    assert numbers and all(c.data_type == "n" for c in numbers)

    path = tmp_path / name
    path.write_bytes(content)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    converted = subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "csv",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        timeout=120,
    )
    assert converted.returncode == 0 and (tmp_path / (path.stem + ".csv")).exists(), converted.stderr

    text = pdf_text(render_file(report, "pdf")[1])
    assert "บ้านแพน" in text
    first_table = next(b for b in report.blocks if isinstance(b, Table))
    first_text = next(str(c) for row in first_table.rows for c in row.cells if isinstance(c, str) and len(c) > 5)
    assert loose(first_text)[:8] in loose(text)  # a name from the first table (wrapped lines joined)

    client.force_login(planner)
    page = client.get(reverse("reports:page", args=[seeded.slug, slug]), {"year": YEAR, **query})
    assert page.status_code == 200 and report.title in page.content.decode()


def test_the_demo_fills_in_form_1_of_the_year_two_items_not_done(seeded, planner):
    report = build("form1", seeded, planner)
    table = next(b for b in report.blocks if isinstance(b, Table))
    items = [row for row in table.rows if row.style != "group"]
    assert len(items) == 19
    done = [row for row in items if row.cells[1] == "✓"]
    not_done = [row for row in items if row.cells[2] == "✓"]
    assert (len(done), len(not_done)) == (17, 2)
    assert "6. มีการจัดประชุมอย่างต่อเนื่องสม่ำเสมอ" in [row.cells[0] for row in not_done]
    assert [row.cells[0] for row in table.rows if row.style == "group"] == [
        "ส่วนที่ 1 การจัดตั้งคณะกรรมการพัฒนาท้องถิ่น",
        "ส่วนที่ 2 การจัดทำแผนพัฒนาท้องถิ่น",
    ]
