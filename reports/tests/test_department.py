"""The department report: each project's figures and the department's totals equal sums computed here
from the approved rows; without a department, every department side by side; a reporter only ever sees
their own; the page's queries do not grow with the number of projects."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from conftest import make_user
from core.money import format_baht, share
from monitoring.models import ProgressReport, ReportState
from orgs.access import access_for
from orgs.models import Department, Role
from plans.models import ActionPlanItem
from reports import registry
from reports.output import render_file
from reports.params import read_params
from reports.tests.conftest import HYPERLINK, YEAR, rpt_grown, rpt_pdf_text, rpt_queries

pytestmark = pytest.mark.django_db

STATUS, PERCENT, BUDGET, DISBURSED, RATE = 1, 2, 3, 4, 5
KPI_COUNTS = slice(6, 10)  # on track, at risk, off track, no data


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def build(world, persona="planner", **query):
    access = access_for(world.users[persona], world.org.slug)
    params = read_params({"year": str(YEAR), **query}, world.org, access)
    return registry.get("department").build(world.org, access, params)


def approved(**filters):
    return ProgressReport.objects.filter(period__fiscal_year=YEAR, state=ReportState.APPROVED, **filters)


def items(**filters):
    return ActionPlanItem.objects.filter(action_plan__fiscal_year=YEAR, **filters)


def rows_by_code(table) -> dict:
    return {str(r.cells[0]).split()[0]: r for r in table.rows if r.style != "total"}


def test_one_department_equals_the_approved_rows(world, rpt_year):
    report = build(world, department=str(world.works.pk))
    assert len(report.sections) == 1 and report.sections[0].title == "กองช่าง"
    projects, pending, problems = report.sections[0].blocks
    rows = rows_by_code(projects)
    assert set(rows) == set(items(project__department=world.works).values_list("project__code", flat=True))
    for project in (rpt_year.one, rpt_year.three):
        cells = rows[project.code].cells
        assert cells[BUDGET] == items(project=project).get().budget
        assert cells[DISBURSED] == (approved(project=project).aggregate(t=Sum("disbursed"))["t"] or 0)
        assert cells[RATE] == share(cells[DISBURSED], cells[BUDGET])
    assert rows[rpt_year.one.code].cells[STATUS] == "Completed" and rows[rpt_year.one.code].cells[PERCENT] == 100
    assert rows[rpt_year.three.code].cells[STATUS] == "No approved report yet"
    assert rows[rpt_year.one.code].cells[KPI_COUNTS] == [0, 0, 1, 0]  # the road KPI: 130 of 200
    assert rows[rpt_year.three.code].cells[KPI_COUNTS] == [0, 0, 0, 1]
    assert rows[rpt_year.one.code].url.endswith(f"project={rpt_year.one.pk}")

    total = projects.rows[-1].cells
    assert total[BUDGET] == items(project__department=world.works).aggregate(t=Sum("budget"))["t"]
    assert total[DISBURSED] == approved(project__department=world.works).aggregate(t=Sum("disbursed"))["t"]
    assert total[DISBURSED] == Decimal("60000.25")  # the Q3 draft's 99,999 never counts
    assert total[KPI_COUNTS] == [0, 0, 1, 1]

    # The period is Q4 (a past year): neither project of กองช่าง has an approved Q4 report.
    assert {str(r.cells[0]).split()[0] for r in pending.rows} == {rpt_year.one.code, rpt_year.three.code}
    assert [r.cells[1] for r in problems.rows] == ["Quarter 1", "Quarter 2"]
    assert [r.cells[2] for r in problems.rows] == [HYPERLINK, "ฝนตกหนักในเดือนกุมภาพันธ์"]


def test_to_the_end_of_a_quarter(world, rpt_year):
    report = build(world, department=str(world.works.pk), upto="1")
    projects, pending, problems = report.sections[0].blocks
    one = rows_by_code(projects)[rpt_year.one.code].cells
    assert one[DISBURSED] == approved(project=rpt_year.one, period__number__lte=1).aggregate(t=Sum("disbursed"))["t"]
    assert one[STATUS] == "In progress"
    assert {str(r.cells[0]).split()[0] for r in pending.rows} == {rpt_year.three.code}  # one's Q1 is approved
    assert [r.cells[2] for r in problems.rows] == [HYPERLINK]


def test_the_period_to_date_is_the_latest_one_open_for_reporting(world, rpt_year, monkeypatch):
    monkeypatch.setattr("reports.builders.department.timezone.localdate", lambda: date(2026, 2, 1))  # in Q2
    pending = build(world, department=str(world.finance.pk)).sections[0].blocks[1]
    assert pending.rows == [] and "quarter 2" in pending.title  # two's Q2 report is approved


def test_without_a_department_every_department_side_by_side(world, rpt_year):
    report = build(world)
    overview = report.sections[0].blocks[0]
    by_name = {r.cells[0]: r.cells for r in overview.rows}
    for department in (world.works, world.finance):
        cells = by_name[department.name]
        assert cells[1] == items(project__department=department).count()
        assert cells[3] == items(project__department=department).aggregate(t=Sum("budget"))["t"]
        assert cells[4] == approved(project__department=department).aggregate(t=Sum("disbursed"))["t"]
    total = overview.rows[-1].cells
    assert total[1] == items().filter(project__organization=world.org).count() == 3
    assert total[4] == approved(project__organization=world.org).aggregate(t=Sum("disbursed"))["t"]
    assert total[-1] == 0  # no project has an approved Q4 report
    assert [s.title for s in report.sections[1:]] == ["กองคลัง", "กองช่าง"]
    assert all(s.new_page and s.sheet for s in report.sections[1:])


def test_a_reporter_sees_only_their_own_department(world, rpt_year, client_for):
    report = build(world, "reporter")
    assert [r.cells[0] for r in report.sections[0].blocks[0].rows[:-1]] == ["กองช่าง"]
    url = reverse("reports:page", args=[world.org.slug, "department"])
    client = client_for("reporter")
    assert client.get(url, {"year": YEAR, "department": world.finance.pk}).status_code == 404
    page = client.get(url, {"year": YEAR, "department": world.works.pk})
    assert page.status_code == 200 and rpt_year.one.name in page.content.decode()
    assert rpt_year.two.name not in page.content.decode()
    assert client_for("outsider").get(url).status_code == 404


def test_the_xlsx_and_the_pdf(world, rpt_year):
    report = build(world)
    _name, content, _type = render_file(report, "xlsx")
    book = load_workbook(io.BytesIO(content))
    assert [ws.title for ws in book.worksheets][1:] == ["กองคลัง", "กองช่าง"]
    sheet = book["กองช่าง"]
    row = next(r for r in sheet.iter_rows() if str(r[0].value).startswith(rpt_year.one.code))
    assert row[DISBURSED].value == Decimal("60000.25") and row[DISBURSED].data_type == "n"
    assert row[BUDGET].data_type == "n" and row[KPI_COUNTS][2].value == 1 and row[KPI_COUNTS][2].data_type == "n"
    typed = next(c for r in sheet.iter_rows() for c in r if c.value == HYPERLINK)
    assert typed.data_type == "s" and typed.quotePrefix

    text = rpt_pdf_text(render_file(report, "pdf")[1])
    assert "กองช่าง" in text and "ร่างที่ยังไม่อนุมัติ" not in text
    assert "โครงการรณรงค์ป้องกันไข้เลือดออก" in text
    assert format_baht(Decimal("60000.25"), unit=False) in text and format_baht(Decimal("7000.50"), unit=False) in text


def test_the_page_costs_the_same_queries_at_10_and_200_projects(client):
    counts = []
    for size in (10, 200):
        org = rpt_grown(size)
        client.force_login(make_user(f"dept{size}", org, Role.PLANNER))
        department = Department.objects.for_org(org).order_by("pk").first()
        url = reverse("reports:page", args=[org.slug, "department"])
        counts.append(
            [rpt_queries(client, url, {"year": YEAR}), rpt_queries(client, url, {"department": department.pk})]
        )
    assert counts[0] == counts[1], counts
