"""แบบที่ 2 laid out as the DLA form: ส่วนที่ 1 general data, ส่วนที่ 2 the tables, ส่วนที่ 3 only the problems
that were written (no "ไม่มี" or "-" rows), and every heading and figure inside its cell on paper."""

import subprocess
from types import SimpleNamespace

import pytest
from django.db.models import Sum

from monitoring.models import ProgressReport, ReportingPeriod, ReportState
from orgs.access import access_for
from orgs.models import User
from plans.models import ActionPlanItem
from reports import common, registry
from reports.builders.form2 import problem_rows
from reports.document import Facts, Table
from reports.params import read_params
from reports.render.pdf import _stylesheet, render_html_for_pdf, render_pdf
from reports.tests.test_demo_reports import loose, pdf_text

YEAR = 2569
FILLER = ["", "  ", "-", "–", "ไม่มี", "ไม่มี.", " ไม่มี ", "N/A", "n/a", "NA", "None", "ไม่มีปัญหาอุปสรรค", "ไม่มี ปัญหา"]


@pytest.mark.parametrize("text", FILLER)
def test_filler_says_nothing(text):
    assert common.written(text) == ""


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("ราคาวัสดุสูงกว่าที่ประมาณการไว้", "ราคาวัสดุสูงกว่าที่ประมาณการไว้"),
        ("  ฝนตกต่อเนื่อง\n น้ำท่วมขัง  ", "ฝนตกต่อเนื่อง น้ำท่วมขัง"),
        ("ไม่มีผู้ยื่นข้อเสนอ", "ไม่มีผู้ยื่นข้อเสนอ"),  # begins like filler, says something
        ("No bidder came", "No bidder came"),
    ],
)
def test_a_written_problem_is_kept_with_its_spaces_tidied(text, kept):
    assert common.written(text) == kept


def test_the_same_problem_in_several_quarters_is_one_row_naming_them():
    project = SimpleNamespace(pk=1, code="01-001", name="ถนน")
    other = SimpleNamespace(pk=2, code="01-002", name="ประปา")
    q = {n: SimpleNamespace(number=n, kind=ReportingPeriod.Kind.QUARTER) for n in range(1, 5)}

    def report(p, n, problems, solutions="-"):
        return SimpleNamespace(project_id=p.pk, project=p, period=q[n], problems=problems, solutions=solutions)

    rows = problem_rows(
        [
            report(project, 1, "ราคาวัสดุสูง", "ปรับแบบ"),
            report(project, 2, "ไม่มี"),
            report(project, 3, " ราคาวัสดุสูง ", "ปรับแบบ"),
            report(project, 4, "ราคาวัสดุสูง", "ขอโอนงบ"),
            report(other, 1, "-", "-"),
            report(other, 2, "N/A"),
            report(other, 3, "ฝนตก", "ไม่มี"),
        ]
    )
    assert [(p.code, [x.number for x in periods], problem, solutions) for p, periods, problem, solutions in rows] == [
        ("01-001", [1, 3, 4], "ราคาวัสดุสูง", ["ปรับแบบ", "ขอโอนงบ"]),
        ("01-002", [3], "ฝนตก", []),
    ]


# The demo (อบต.บ้านแพน, FY2569 reported in full) -------------------------------------------------------


@pytest.fixture
def form2(seeded):
    user = User.objects.get(username="planner")
    access = access_for(user, seeded.slug)
    return registry.get("form2").build(seeded, access, read_params({"year": str(YEAR)}, seeded, access))


def section(report, key):
    return next(s for s in report.sections if s.key == key)


def test_part_1_holds_the_general_data(seeded, form2):
    assert [s.key for s in form2.sections] == ["general", "results", "problems"]
    part1 = section(form2, "general")
    assert part1.title.startswith("ส่วนที่ 1")
    facts = {str(f.label): f for f in part1.blocks[0].items}
    assert isinstance(part1.blocks[0], Facts)
    assert facts["ชื่อองค์กรปกครองส่วนท้องถิ่น"].value == seeded.name
    assert "เสนา" in facts["ชื่อองค์กรปกครองส่วนท้องถิ่น"].detail
    assert facts["ปีงบประมาณ"].value == "ปีงบประมาณ พ.ศ. 2569"
    items = ActionPlanItem.objects.for_org(seeded).filter(action_plan__fiscal_year=YEAR)
    assert facts["โครงการในแผนดำเนินงาน"].value == items.count()
    assert facts["งบประมาณตามแผนดำเนินงาน (บาท)"].value == items.aggregate(s=Sum("budget"))["s"]
    disbursed = (
        ProgressReport.objects.for_org(seeded)
        .filter(period__fiscal_year=YEAR, state=ReportState.APPROVED, project__in=items.values("project"))
        .aggregate(s=Sum("disbursed"))["s"]
    )
    assert facts["เบิกจ่าย (บาท)"].value == disbursed


def test_part_3_keeps_every_written_problem_and_drops_the_filler(seeded, form2):
    table = section(form2, "problems").blocks[0]
    approved = ProgressReport.objects.for_org(seeded).filter(period__fiscal_year=YEAR, state=ReportState.APPROVED)
    written = {(r.project.code, common.written(r.problems)) for r in approved.select_related("project")}
    written = {pair for pair in written if pair[1]}
    fillers = approved.filter(problems__in=["ไม่มี", "-", ""]).count()
    assert fillers > 100  # the demo's reports say "ไม่มี" or nothing in most quarters
    shown = {(row.cells[0].split()[0], row.cells[2]) for row in table.rows}
    assert shown == written and len(table.rows) == len(written)  # each written problem once, nothing else
    for row in table.rows:
        assert row.cells[2] and common.written(row.cells[2]) == row.cells[2]
        assert all(common.written(s) for s in row.cells[3].split("\n") if row.cells[3])
    merged = [row for row in table.rows if "," in row.cells[1]]
    assert merged, "a problem written in several quarters names them in one row"


def test_the_pdf_has_the_three_parts_and_fewer_pages(seeded, form2):
    content = render_pdf(form2)
    text = loose(pdf_text(content))
    for part in ("ส่วนที่ 1 ข้อมูลทั่วไป", "ส่วนที่ 2 ผลการดำเนินงาน", "ส่วนที่ 3 ปัญหาและอุปสรรค"):
        assert loose(part) in text
    assert loose(seeded.name) in text
    info = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True).stdout.decode()
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages <= 13  # it was 22, mostly Part 3 rows of "ไม่มี" and "-"


def _cells(box):
    """Every table cell box (th and td) under ``box``."""
    for child in getattr(box, "children", []) or []:
        if getattr(child, "element_tag", "") in ("th", "td") and type(child).__name__ == "TableCellBox":
            yield child
        else:
            yield from _cells(child)


def _texts(box):
    for child in getattr(box, "children", []) or []:
        if type(child).__name__ == "TextBox":
            yield child
        else:
            yield from _texts(child)


def test_every_heading_and_figure_fits_inside_its_cell_on_paper(form2):
    """Laid out by WeasyPrint as the PDF is: no text of a table's cell runs past the cell's right edge."""
    from weasyprint import HTML

    css, fonts = _stylesheet()
    document = HTML(string=render_html_for_pdf(form2)).render(stylesheets=[css], font_config=fonts)
    overflowing, checked = [], 0
    for number, page in enumerate(document.pages, start=1):
        for cell in _cells(page._page_box):
            right = cell.content_box_x() + cell.width
            for text in _texts(cell):
                checked += 1
                if text.position_x + text.width > right + 0.5:
                    overflowing.append(
                        (number, cell.element_tag, text.text, round(text.position_x + text.width - right))
                    )
    assert checked > 500
    assert not overflowing, overflowing[:10]


def test_the_plan_tables_columns_have_short_headings(form2):
    plan = section(form2, "results").blocks[0]
    assert isinstance(plan, Table)
    assert [str(c.label) for c in plan.columns[1:]] == [
        "โครงการ",
        "งบประมาณ (บาท)",
        "โครงการ",
        "ร้อยละ",
        "เบิกจ่าย (บาท)",
        "ร้อยละ",
    ]
