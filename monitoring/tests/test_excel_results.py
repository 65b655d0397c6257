"""A department's period results in Excel/CSV: through the screens' forms and the workflow, all or nothing."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from core.calendar import to_thai_digits
from jobs.models import Job
from monitoring import workflow
from monitoring.excel import SHEET, export_results, import_results
from monitoring.models import IndicatorResult, ProgressReport, ReportEvent, ReportingPeriod, ReportState
from monitoring.tests.conftest import TODAY
from orgs.access import access_for
from plans.models import Indicator, Project

MODELS = (ProgressReport, IndicatorResult, ReportEvent)
HEAD_ROW = 4  # three rows say what the file is for


def counts():
    return {m.__name__: (m.objects.count(), m.history.count() if hasattr(m, "history") else 0) for m in MODELS}


def workbook(data):
    return load_workbook(io.BytesIO(data))


def saved(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class Sheet:
    """The results sheet with cells found by header title and by project / indicator code."""

    def __init__(self, data):
        self.book = workbook(data)
        self.ws = self.book[SHEET]
        self.titles = [c.value for c in self.ws[HEAD_ROW]]

    def col(self, title):
        return self.titles.index(title) + 1

    def row(self, project, indicator=None):
        for row in self.ws.iter_rows(min_row=HEAD_ROW + 1):
            if row[0].value == project and row[1].value == indicator:
                return row[0].row
        raise KeyError(project, indicator)

    def set(self, project, indicator=None, **cells):
        number = self.row(project, indicator)
        for title, value in cells.items():
            self.ws.cell(row=number, column=self.col(title.replace("_", " "))).value = value
        return number

    def letter(self, title):
        return self.ws.cell(row=HEAD_ROW, column=self.col(title)).column_letter

    def bytes(self):
        return saved(self.book)


@pytest.fixture
def works(world, q1):
    """กองช่าง's project of FY2570 Q1 with a number KPI and a percentage KPI; the reporter's access."""
    project = world.plan.projects[0]
    Indicator.objects.create(
        organization=world.org,
        project=project,
        name="ร้อยละครัวเรือนที่พอใจ",
        code="P-PCT",
        measure_type="percentage",
        aggregation="ratio",
    )
    return project


def reporter(world):
    return access_for(world.users["reporter"], world.org.slug)


def run(world, period, data, persona="reporter", name="results.xlsx"):
    access = access_for(world.users[persona], world.org.slug)
    upload = SimpleUploadedFile(name, data)
    return import_results(period, world.works, upload, access=access, user=world.users[persona], today=TODAY)


def fill(world, period, works):
    sheet = Sheet(export_results(period, world.works, access=reporter(world), today=TODAY))
    code = works.code
    sheet.set(code, สถานะโครงการ="อยู่ระหว่างดำเนินการ", ร้อยละความก้าวหน้า="๔๐", **{"เบิกจ่ายในงวดนี้ (บาท)": "12,500.50"})
    sheet.set(code, **{"ผลการดำเนินงาน (ทำอะไร ใครได้ประโยชน์ กี่คน)": "เทคอนกรีตแล้ว 200 เมตร\r\nชาวบ้าน 120 ครัวเรือน"})
    sheet.set(code, world.plan.indicator.code, ผล="120")
    sheet.set(code, "P-PCT", ตัวตั้ง=45, ตัวหาร=" 50 ", หมายเหตุ="สำรวจ")
    return sheet


def test_the_template_says_what_it_is_for_and_lists_projects_and_kpis(world, works):
    sheet = Sheet(
        export_results(
            ReportingPeriod.objects.get(fiscal_year=2570, number=1), world.works, access=reporter(world), today=TODAY
        )
    )
    ws = sheet.ws
    assert [ws.cell(row=r, column=1).value for r in (1, 2, 3)] == ["ปีงบประมาณ", "งวดรายงาน", "หน่วยงาน"]
    assert (ws["B1"].value, ws["B2"].value, ws["B3"].value) == (2570, 1, "กองช่าง")
    assert sheet.titles[:2] == ["รหัสโครงการ", "รหัสตัวชี้วัด"]
    assert sheet.row(works.code) and sheet.row(works.code, "P-PCT")
    codes = {r[0].value for r in ws.iter_rows(min_row=HEAD_ROW + 1)}
    assert codes == {works.code}  # only the department's projects
    status = sheet.letter("สถานะโครงการ")
    assert any(str(v.sqref).startswith(status) for v in ws.data_validations.dataValidation)
    assert ws.freeze_panes == f"A{HEAD_ROW + 1}"
    assert "คำแนะนำ" in sheet.book.sheetnames


def test_an_import_saves_drafts_through_the_workflow_and_a_reimport_changes_nothing(world, works, q1):
    sheet = fill(world, q1, works)
    result = run(world, q1, sheet.bytes())
    assert result.ok, result.errors
    report = ProgressReport.objects.get(period=q1, project=works)
    assert report.state == ReportState.DRAFT and report.project_status == "in_progress"
    assert (report.percent_complete, report.disbursed) == (Decimal(40), Decimal("12500.50"))
    assert report.narrative == "เทคอนกรีตแล้ว 200 เมตร\nชาวบ้าน 120 ครัวเรือน"
    assert (
        report.events.get().action == ReportEvent.Action.SAVED and report.events.get().actor == world.users["reporter"]
    )
    results = {r.indicator.code: r for r in report.results.select_related("indicator")}
    assert results[world.plan.indicator.code].value == 120
    assert (results["P-PCT"].numerator, results["P-PCT"].denominator, results["P-PCT"].comment) == (45, 50, "สำรวจ")
    assert {r["kind"]: r["created"] for r in result.summary} == {"reports": 1, "results": 2}
    before = counts()
    again = run(world, q1, sheet.bytes())
    assert again.ok and not again.changed and counts() == before
    exported = export_results(q1, world.works, access=reporter(world), today=TODAY)
    round_trip = run(world, q1, exported)
    assert round_trip.ok and not round_trip.changed and counts() == before
    sheet.set(works.code, world.plan.indicator.code, ผล=150)
    edited = run(world, q1, sheet.bytes())
    assert edited.ok and {r["kind"]: r["updated"] for r in edited.summary} == {"reports": 1, "results": 1}
    assert ProgressReport.objects.get(pk=report.pk).version == report.version + 1
    assert ProgressReport.objects.count() == 1


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp874"])
def test_a_csv_file_is_read_like_the_workbook(world, works, q1, encoding):
    sheet = fill(world, q1, works)
    out = io.StringIO()
    csv.writer(out).writerows([["" if v is None else v for v in r] for r in sheet.ws.iter_rows(values_only=True)])
    data = out.getvalue().encode(encoding, errors="replace")
    result = run(world, q1, data, name="results.csv")
    assert result.ok, result.errors
    assert ProgressReport.objects.get(project=works).percent_complete == 40


@pytest.fixture
def english(world):
    for user in world.users.values():
        user.language = "en"
        user.save()
    with translation.override("en"):
        yield


def test_every_bad_row_is_reported_and_nothing_is_saved(world, works, q1, english):
    sheet = fill(world, q1, works)
    code = works.code
    percent_row = sheet.set(code, ร้อยละความก้าวหน้า=120)
    kpi_row = sheet.set(code, world.plan.indicator.code, ผล="สิบ")
    pct_row = sheet.set(code, "P-PCT", ตัวตั้ง=60)  # more than the denominator: the rules refuse
    finance = world.plan.projects[1].code  # a project of another department
    sheet.ws.append([finance, None, "x"])
    other_row = sheet.ws.max_row
    sheet.ws.append(["NO-SUCH", None])
    unknown_row = sheet.ws.max_row
    before = counts()
    result = run(world, q1, sheet.bytes())
    assert not result.ok and counts() == before
    where = {(e.row, e.column) for e in result.errors}
    assert (percent_row, sheet.letter("ร้อยละความก้าวหน้า")) in where
    assert (kpi_row, sheet.letter("ผล")) in where
    assert (other_row, "A") in where and (unknown_row, "A") in where
    assert all(e.sheet == SHEET and e.message for e in result.errors)
    sheet.set(code, ร้อยละความก้าวหน้า=40)
    sheet.set(code, world.plan.indicator.code, ผล=10)
    sheet.ws.delete_rows(other_row, 2)
    result = run(world, q1, sheet.bytes())
    assert [(e.row, e.column) for e in result.errors] == [(pct_row, sheet.letter("ตัวตั้ง"))]
    assert "may not exceed the denominator" in result.errors[0].message  # monitoring.rules.result_errors


def test_a_file_of_another_period_or_department_is_refused(world, works, q1, english):
    sheet = fill(world, q1, works)
    sheet.ws["B2"] = 2
    result = run(world, q1, sheet.bytes())
    assert not result.ok and (2, "B") in {(e.row, e.column) for e in result.errors}
    assert "another fiscal year, period or department" in result.errors[0].message


def test_submitted_approved_and_locked_reports_follow_the_workflow(world, works, q1, english):
    assert run(world, q1, fill(world, q1, works).bytes()).ok
    report = ProgressReport.objects.get(project=works)
    workflow.report_submit(report=report, access=reporter(world), user=world.users["reporter"], today=TODAY)
    sheet = Sheet(export_results(q1, world.works, access=reporter(world), today=TODAY))
    assert run(world, q1, sheet.bytes()).ok  # unchanged: nothing to refuse
    sheet.set(works.code, ร้อยละความก้าวหน้า=50)
    refused = run(world, q1, sheet.bytes())
    assert not refused.ok and "waits for review" in refused.errors[0].message
    auditor = access_for(world.users["auditor"], world.org.slug)
    workflow.report_approve(report=report, access=auditor, user=world.users["auditor"])
    no_reason = run(world, q1, sheet.bytes())
    assert [e.column for e in no_reason.errors] == [sheet.letter("เหตุผลที่แก้ไขรายงานที่อนุมัติแล้ว")]
    sheet.set(works.code, เหตุผลที่แก้ไขรายงานที่อนุมัติแล้ว="แก้ตัวเลขตามใบเบิก")
    changed = run(world, q1, sheet.bytes())
    assert changed.ok, changed.errors
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.percent_complete == 50  # back to review
    assert report.events.filter(action=ReportEvent.Action.CHANGED_AFTER_APPROVAL, note="แก้ตัวเลขตามใบเบิก").exists()
    workflow.report_approve(report=report, access=auditor, user=world.users["auditor"])
    workflow.period_set_state(period=q1, access=auditor, state="locked", today=TODAY)
    sheet.set(works.code, ร้อยละความก้าวหน้า=60)
    locked = run(world, q1, sheet.bytes())
    assert not locked.ok and "closed for reporting" in locked.errors[0].message


def results_urls(world, department=None):
    """The export and the import of FY2570 Q1's results of the department (กองช่าง unless given)."""
    args = [world.org.slug, 2570, 1, (department or world.works).pk]
    return reverse("monitoring:results_export", args=args), reverse("monitoring:results_import", args=args)


def test_the_reporter_downloads_the_departments_results_as_a_workbook(world, works, q1, client_for, today):
    export, _import = results_urls(world)
    response = client_for("reporter").get(export)
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')


def test_the_reporter_opens_the_import_page(world, works, q1, client_for, today):
    _export, url = results_urls(world)
    assert client_for("reporter").get(url).status_code == 200


def test_a_filled_workbook_imports_through_the_import_page(world, works, q1, client_for, today):
    _export, url = results_urls(world)
    ok = client_for("reporter").post(url, {"file": SimpleUploadedFile("r.xlsx", fill(world, q1, works).bytes())})
    assert ok.status_code == 200 and ok.context["result"].ok
    assert ProgressReport.objects.get(project=works).percent_complete == 40


def test_a_broken_workbook_is_refused_with_a_link_to_its_errors(world, works, q1, client_for, today):
    _export, url = results_urls(world)
    bad = client_for("reporter").post(url, {"file": SimpleUploadedFile("r.xlsx", b"PK\x03\x04 broken")})
    assert bad.status_code == 400 and bad.context["errors_url"]


def test_the_entry_page_links_to_the_export_and_the_import(world, works, q1, client_for, today):
    export, url = results_urls(world)
    entry = client_for("reporter").get(reverse("monitoring:entry", args=[world.org.slug, 2570, 1, world.works.pk]))
    assert url.encode() in entry.content and export.encode() in entry.content


def test_the_reporter_finds_neither_the_export_nor_the_import_of_another_department(
    world, works, q1, client_for, today
):
    export, url = results_urls(world, world.finance)
    assert client_for("reporter").get(url).status_code == 404
    assert client_for("reporter").get(export).status_code == 404


def test_the_executive_downloads_the_results(world, works, q1, client_for, today):
    export, _import = results_urls(world)
    assert client_for("executive").get(export).status_code == 200


def test_the_executive_may_not_open_the_import_page(world, works, q1, client_for, today):
    _export, url = results_urls(world)
    assert client_for("executive").get(url).status_code == 403


def test_another_organizations_people_find_neither_the_export_nor_the_import(world, works, q1, client_for, today):
    export, url = results_urls(world)
    assert client_for("outsider").get(url).status_code == 404
    assert client_for("outsider").get(export).status_code == 404


def test_a_large_file_goes_to_a_background_job(world, works, q1, client_for, today, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TIDTAM_IMPORT_BACKGROUND_ROWS = 1
    url = reverse("monitoring:results_import", args=[world.org.slug, 2570, 1, world.works.pk])
    response = client_for("reporter").post(url, {"file": SimpleUploadedFile("r.xlsx", fill(world, q1, works).bytes())})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.kind == "monitoring.import_results" and job.state == Job.State.DONE, job.error
    assert job.result["ok"] and ProgressReport.objects.get(project=works).project_status == "in_progress"
    assert job.user == world.users["reporter"]


# Damaged workbooks: imported whole or refused whole. ---------------------------------------------

DAMAGE = st.sampled_from(["text_percent", "blank_project", "bad_status", "extra_sheet", "drop_column", "float", "ok"])
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=8)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(damages=st.lists(st.tuples(DAMAGE, st.integers(0, 3), TEXT), max_size=3))
def test_damaged_workbooks_are_imported_whole_or_refused_whole(world, works, q1, damages):
    sheet = fill(world, q1, works)
    ws = sheet.ws
    for damage, index, text in damages:
        row = HEAD_ROW + 1 + index
        titles = [c.value for c in ws[HEAD_ROW]]
        if damage == "text_percent" and "ร้อยละความก้าวหน้า" in titles:
            ws.cell(row=row, column=titles.index("ร้อยละความก้าวหน้า") + 1).value = text or "x"
        elif damage == "blank_project":
            ws.cell(row=row, column=1).value = None
        elif damage == "bad_status" and "สถานะโครงการ" in titles:
            ws.cell(row=row, column=titles.index("สถานะโครงการ") + 1).value = text
        elif damage == "extra_sheet":
            sheet.book.create_sheet(f"อื่น ๆ {len(sheet.book.sheetnames)}").append([text, 1])
        elif damage == "drop_column":
            ws.delete_cols(1 + index * 4)
        elif damage == "float" and "ผล" in titles:
            ws.cell(row=row, column=titles.index("ผล") + 1).value = 0.1 + 0.2
    before = counts()
    result = run(world, q1, sheet.bytes())
    if not result.ok:
        assert counts() == before
        assert all(e.message for e in result.errors)
    else:
        assert all(r.project_id == works.pk for r in ProgressReport.objects.all())
        assert Project.objects.get(pk=works.pk).reports.count() <= 1


def test_the_management_commands(world, works, q1, tmp_path, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: TODAY)
    path = tmp_path / "results.xlsx"
    args = {"org": world.org.slug, "year": 2570, "period": 1, "department": "กองช่าง"}
    call_command("export_results", str(path), **args)
    sheet = Sheet(path.read_bytes())
    sheet.set(works.code, ร้อยละความก้าวหน้า=30)
    path.write_bytes(sheet.bytes())
    out = io.StringIO()
    call_command("import_results", str(path), user="reporter", stdout=out, **args)
    assert "reports: 1 created" in out.getvalue()
    assert ProgressReport.objects.get(project=works).percent_complete == 30
    with pytest.raises(CommandError, match="not a member"):
        call_command("import_results", str(path), user="outsider", **args)


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"PK\x03\x04garbage", "r.xlsx"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 600, "r.xls"),
        (b"\x81\x82\x83\x84\0\0", "r.csv"),
        (b"", "r.xlsx"),
    ],
)
def test_hostile_or_empty_files_are_refused_with_a_message(world, works, q1, content, name):
    before = counts()
    result = run(world, q1, content, name=name)
    assert not result.ok and result.errors[0].message and counts() == before


def test_a_year_written_in_thai_digits_in_the_top_rows_is_the_same_year(world, works, q1):
    sheet = fill(world, q1, works)
    year_row = next(row for row in sheet.ws.iter_rows() if row[0].value == "ปีงบประมาณ")
    year_row[1].value = to_thai_digits(str(q1.fiscal_year))
    result = run(world, q1, sheet.bytes())
    assert result.ok, result.errors
