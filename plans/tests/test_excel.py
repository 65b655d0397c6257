"""Excel export and import of a development plan (form ผ.02): round trip, idempotence, refusals."""

import csv
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from core import excel
from jobs.models import Job
from orgs.models import Department, Organization
from plans.excel import MAIN_SHEET, export_plan, import_plan
from plans.models import DevelopmentPlan, Goal, Indicator, Program, Project, ProjectBudget, Strategy
from plans.tests.tall import tall_workbook

MODELS = (Strategy, Goal, Program, Project, ProjectBudget, Indicator)


def counts():
    return {m.__name__: (m.objects.count(), m.history.count()) for m in MODELS}


def shape(plan):
    """Everything the workbook carries, without ids, for comparing two plans."""
    projects = Project.objects.filter(program__goal__strategy__plan=plan).select_related("program__goal__strategy")
    return {
        "strategies": sorted(plan.strategies.values_list("number", "name")),
        "goals": sorted(Goal.objects.filter(strategy__plan=plan).values_list("strategy__number", "number", "name")),
        "programs": sorted(Program.objects.filter(goal__strategy__plan=plan).values_list("goal__number", "name")),
        "projects": sorted(
            (
                p.code.split("-")[-1],
                p.name,
                p.program.name,
                p.program.goal.number,
                p.department.name,
                p.objectives,
                tuple(p.budgets.values_list("fiscal_year", "amount")),
                tuple(sorted(p.indicators.values_list("name", flat=True))),
            )
            for p in projects
        ),
    }


@pytest.fixture
def english(world):
    """Messages in English (for words that the Thai catalogue may not have yet)."""
    world.users["planner"].language = "en"
    world.users["planner"].save()
    with translation.override("en"):
        yield


@pytest.fixture
def empty(world):
    """A new organization with departments of the same names and an empty plan of the same years."""
    org = Organization.objects.create(name="อบต.ใหม่", slug="mai", province="ลพบุรี", district="เมือง")
    for name in ("กองช่าง", "กองคลัง"):
        Department.objects.create(organization=org, name=name)
    return DevelopmentPlan.objects.create(organization=org, name="แผนใหม่", first_year=2566, last_year=2570)


def workbook(data):
    return load_workbook(io.BytesIO(data))


def saved(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_export_has_the_form_sheets_and_headers(world):
    book = workbook(export_plan(world.plan.plan))
    visible = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
    assert visible == [MAIN_SHEET, "strategies", "คำแนะนำ"]
    sheet = book[MAIN_SHEET]
    heads = [c.value for c in sheet[1]]
    assert heads[:5] == ["ยุทธศาสตร์", "เป้าประสงค์/กลยุทธ์", "แผนงาน", "รหัสโครงการ", "โครงการ"]
    assert "งบประมาณ 2566" in heads and "งบประมาณ 2570" in heads and heads[-1] == "ตัวชี้วัด"
    assert sheet.freeze_panes == "A2"
    budget = sheet.cell(row=2, column=heads.index("งบประมาณ 2569") + 1)
    assert budget.value == 100000 and budget.number_format == "#,##0.00"


def test_export_then_import_into_an_empty_organization_gives_the_same_plan(world, empty):
    data = export_plan(world.plan.plan)
    # codes are unique per organization, so the same codes can live in the new one
    result = import_plan(empty, io.BytesIO(data))
    assert result.ok, result.errors
    assert shape(empty) == shape(world.plan.plan)
    assert Project.objects.filter(organization=empty.organization, department__name="กองคลัง").count() == 1
    assert dict(result.counts["projects"]) == {"created": 2}


def test_reimporting_the_same_file_changes_nothing(world):
    plan = world.plan.plan
    data = export_plan(plan)
    before = counts()
    result = import_plan(plan, io.BytesIO(data))
    assert result.ok, result.errors
    assert counts() == before
    assert result.counts["projects"]["unchanged"] == 2 and not result.counts["projects"]["updated"]


def test_an_edited_file_updates_in_place(world):
    plan = world.plan.plan
    book = workbook(export_plan(plan))
    sheet = book[MAIN_SHEET]
    heads = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=heads.index("โครงการ") + 1, value="  ถนนคอนกรีต สายใหม่ \r\n")
    sheet.cell(row=2, column=heads.index("งบประมาณ 2570") + 1, value="๑๒๓,๔๕๖.๕๐")
    sheet.cell(row=2, column=heads.index("ตัวชี้วัด") + 1, value="ระยะทางถนน\r\nจำนวนครัวเรือนที่ได้ประโยชน์")
    sheet.append([None] * len(heads))  # trailing empty row
    before = Project.objects.count()
    result = import_plan(plan, io.BytesIO(saved(book)))
    assert result.ok, result.errors
    assert Project.objects.count() == before
    project = Project.objects.get(code=world.plan.projects[0].code)
    assert project.name == "ถนนคอนกรีต สายใหม่"
    assert project.budgets.get(fiscal_year=2570).amount == Decimal("123456.50")
    assert set(project.indicators.values_list("name", flat=True)) == {"ระยะทางถนน", "จำนวนครัวเรือนที่ได้ประโยชน์"}
    assert result.counts["projects"]["updated"] == 1 and result.counts["projects"]["unchanged"] == 1


def test_one_bad_row_refuses_the_whole_file_with_row_level_errors(world):
    plan = world.plan.plan
    book = workbook(export_plan(plan))
    sheet = book[MAIN_SHEET]
    heads = [c.value for c in sheet[1]]
    good = [c.value for c in sheet[2]]
    sheet.cell(row=2, column=heads.index("โครงการ") + 1, value="ชื่อใหม่ที่ไม่ควรบันทึก")
    bad = list(good)
    bad[heads.index("รหัสโครงการ")] = "NEW-1"
    bad[heads.index("งบประมาณ 2569")] = "หนึ่งแสน"
    bad[heads.index("หน่วยงานที่รับผิดชอบ")] = "กองที่ไม่มี"
    sheet.append(bad)
    missing = list(good)
    missing[heads.index("รหัสโครงการ")] = None
    sheet.append(missing)
    before = counts()
    result = import_plan(plan, io.BytesIO(saved(book)))
    assert not result.ok
    assert counts() == before
    assert Project.objects.get(code=world.plan.projects[0].code).name != "ชื่อใหม่ที่ไม่ควรบันทึก"
    where = {(e.row, e.column) for e in result.errors}
    budget_col = chr(ord("A") + heads.index("งบประมาณ 2569"))
    dept_col = chr(ord("A") + heads.index("หน่วยงานที่รับผิดชอบ"))
    assert (4, budget_col) in where and (4, dept_col) in where and (5, "D") in where
    assert all(e.sheet == MAIN_SHEET and e.message for e in result.errors)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"just some text, not a workbook", "not an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password-protected"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused_through_the_view(world, client_for, english, content, words):
    url = reverse("plans:plan_import", args=[world.org.slug, world.plan.plan.pk])
    before = counts()
    upload = SimpleUploadedFile("plan.xlsx", content)
    response = client_for("planner").post(url, {"file": upload})
    assert response.status_code == 400
    assert response.context["result"].errors[0].message
    assert words in response.context["result"].errors[0].message
    assert counts() == before


def test_formula_looking_text_round_trips_as_text(world, empty):
    project = world.plan.projects[0]
    project.objectives = '=HYPERLINK("http://example.com")'
    project.output_target = "+66 ครัวเรือน"
    project.expected_outcome = "-ลดอุบัติเหตุ"
    project.location = "\x08"  # not exported; a control character in exported text is dropped, not a crash
    project.name = "ถนน\x0bสาย ๑"
    project.save()
    data = export_plan(world.plan.plan)
    sheet = workbook(data)[MAIN_SHEET]
    heads = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=heads.index("วัตถุประสงค์") + 1)
    assert cell.data_type == "s" and cell.quotePrefix
    result = import_plan(empty, io.BytesIO(data))
    assert result.ok, result.errors
    copy = Project.objects.get(organization=empty.organization, code=project.code)
    assert copy.name == "ถนนสาย ๑"
    assert (copy.objectives, copy.output_target, copy.expected_outcome) == (
        project.objectives,
        project.output_target,
        project.expected_outcome,
    )


def test_a_formula_without_a_cached_value_is_refused(world):
    book = workbook(export_plan(world.plan.plan))
    sheet = book[MAIN_SHEET]
    heads = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=heads.index("งบประมาณ 2569") + 1, value="=1+1")  # openpyxl stores no cached value
    result = import_plan(world.plan.plan, io.BytesIO(saved(book)))
    assert not result.ok and "วางแบบค่า" in result.errors[0].message


def test_a_huge_sheet_is_refused(world, settings, english):
    settings.TIDTAM_IMPORT_MAX_ROWS = 5
    book = workbook(export_plan(world.plan.plan))
    sheet = book[MAIN_SHEET]
    row = [c.value for c in sheet[2]]
    for n in range(20):
        sheet.append([*row[:3], f"X-{n}", *row[4:]])
    last = sheet.max_row
    result = import_plan(world.plan.plan, io.BytesIO(saved(book)))
    assert not result.ok
    assert f'"{MAIN_SHEET}" has {last} rows' in result.errors[0].message
    assert "more than the 5 an import takes" in result.errors[0].message


def header_of(plan):
    return [c.value for c in workbook(export_plan(plan))[MAIN_SHEET][1]]


@pytest.fixture
def cells_never_parsed(monkeypatch):
    """Opening the workbook with openpyxl (which parses the cells) fails the test."""

    def opened(*args, **kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(excel, "load_workbook", opened)


def test_a_workbook_declaring_400000_rows_is_refused_before_its_cells_are_parsed(world, english, cells_never_parsed):
    data = tall_workbook(MAIN_SHEET, header_of(world.plan.plan), 400_000)
    result = import_plan(world.plan.plan, io.BytesIO(data))
    assert not result.ok and len(result.errors) == 1
    message = result.errors[0].message
    assert f'The sheet "{MAIN_SHEET}" has 400,001 rows (its size as saved in the file)' in message
    assert "more than the 5,000 an import takes" in message
    assert Project.objects.filter(code__startswith="1").count() == 0


@pytest.mark.parametrize("declared", [None, "A1:C10"])
def test_a_sheet_without_its_size_or_lying_about_it_is_refused_by_counting_its_rows(
    world, settings, english, cells_never_parsed, declared
):
    settings.TIDTAM_IMPORT_MAX_ROWS = 50
    data = tall_workbook(MAIN_SHEET, header_of(world.plan.plan), 100_000, declared=declared)
    result = import_plan(world.plan.plan, io.BytesIO(data))
    assert not result.ok and len(result.errors) == 1
    assert result.errors[0].message.startswith(f'The sheet "{MAIN_SHEET}" has more than 50 rows.')


def test_a_sheet_declaring_fewer_rows_than_it_has_is_read_to_its_end(world):
    data = tall_workbook(MAIN_SHEET, header_of(world.plan.plan), 40, declared="A1:C3")
    assert excel.count_rows(io.BytesIO(data), MAIN_SHEET) == 41


def test_the_refusal_of_a_tall_workbook_is_shown_in_thai_on_the_import_page(world, client_for):
    plan = world.plan.plan
    data = tall_workbook(MAIN_SHEET, header_of(plan), 400_000)
    url = reverse("plans:plan_import", args=[world.org.slug, plan.pk])
    page = client_for("planner").post(url, {"file": SimpleUploadedFile("plan.xlsx", data)})
    assert page.status_code == 400
    assert not Job.objects.exists()
    assert f"แผ่นงาน &quot;{MAIN_SHEET}&quot; มี 400,001 แถว" in page.content.decode()


def test_a_csv_file_is_refused_at_the_first_filled_line_past_the_limit(world, settings, english):
    settings.TIDTAM_IMPORT_MAX_ROWS = 5
    head = ",".join(str(h) for h in header_of(world.plan.plan))
    with pytest.raises(excel.WorkbookRefused, match="more than 5 rows"):
        excel.open_book(("\n".join([head] + [f"{n},x" for n in range(400_000)])).encode(), csv_sheet=MAIN_SHEET)
    empty_tail = "\n".join([head, "1,x"] + [",,,"] * 50).encode()
    assert len(excel.open_book(empty_tail, csv_sheet=MAIN_SHEET).sheet(MAIN_SHEET, excel.Errors()).rows) == 2


def export_url(world):
    return reverse("plans:plan_export", args=[world.org.slug, world.plan.plan.pk])


def import_url(world):
    return reverse("plans:plan_import", args=[world.org.slug, world.plan.plan.pk])


def test_the_planner_downloads_the_plan_as_a_workbook_named_after_its_years(world, client_for):
    response = client_for("planner").get(export_url(world))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="plan-2566-2570.xlsx"'
    assert workbook(response.content).sheetnames[0] == MAIN_SHEET


def test_the_workbook_the_planner_downloaded_imports_through_the_import_page(world, client_for):
    downloaded = client_for("planner").get(export_url(world)).content
    page = client_for("planner").post(import_url(world), {"file": SimpleUploadedFile("plan.xlsx", downloaded)})
    assert page.status_code == 200 and page.context["result"].ok


def test_the_executive_downloads_the_plan(world, client_for):
    assert client_for("executive").get(export_url(world)).status_code == 200


def test_the_executive_may_not_open_the_import_page(world, client_for):
    assert client_for("executive").get(import_url(world)).status_code == 403


def test_another_organizations_people_find_neither_the_export_nor_the_import(world, client_for):
    outsider = client_for("outsider")
    assert outsider.get(export_url(world)).status_code == 404
    assert outsider.get(import_url(world)).status_code == 404


def test_the_management_commands(world, empty, tmp_path):
    path = tmp_path / "plan.xlsx"
    call_command("export_plan", str(path), org=world.org.slug, year=2570)
    call_command("import_plan", str(path), org=empty.organization.slug, plan_years="2566-2570")
    assert shape(empty) == shape(world.plan.plan)


# Damaged workbooks: imported whole or refused whole. ---------------------------------------------

DAMAGE = st.sampled_from(["text_budget", "blank_code", "extra_sheet", "drop_column", "negative", "number_code", "ok"])


TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=8)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(damages=st.lists(st.tuples(DAMAGE, st.integers(0, 1), TEXT), max_size=3))
def test_damaged_workbooks_are_imported_whole_or_refused_whole(world, damages):
    plan = world.plan.plan
    book = workbook(export_plan(plan))
    sheet = book[MAIN_SHEET]
    heads = [c.value for c in sheet[1]]
    for damage, index, text in damages:
        row = index + 2
        if damage == "text_budget" and "งบประมาณ 2569" in heads:
            sheet.cell(row=row, column=heads.index("งบประมาณ 2569") + 1, value=text or "x")
        elif damage == "blank_code" and "รหัสโครงการ" in heads:
            sheet.cell(row=row, column=heads.index("รหัสโครงการ") + 1).value = None
        elif damage == "extra_sheet":
            book.create_sheet(f"อื่น ๆ {len(book.sheetnames)}").append([text, 1, 2])
        elif damage == "drop_column" and sheet.max_column > 1:
            sheet.delete_cols(1 + index * 3)
            heads = [c.value for c in sheet[1]]
        elif damage == "negative" and "งบประมาณ 2570" in heads:
            sheet.cell(row=row, column=heads.index("งบประมาณ 2570") + 1, value=-5)
        elif damage == "number_code" and "รหัสโครงการ" in heads:
            sheet.cell(row=row, column=heads.index("รหัสโครงการ") + 1, value=9000 + index)
    before = counts()
    result = import_plan(plan, io.BytesIO(saved(book)))
    after = counts()
    if not result.ok:
        assert after == before
        assert all(e.message for e in result.errors)
    else:
        # written whole: every project row of the file is in the plan
        sheet = load_workbook(io.BytesIO(saved(book)), data_only=True)[MAIN_SHEET]
        code_col = [c.value for c in sheet[1]].index("รหัสโครงการ")
        codes = {str(r[code_col]).strip() for r in sheet.iter_rows(min_row=2, values_only=True) if r[code_col]}
        in_plan = set(Project.objects.filter(program__goal__strategy__plan=plan).values_list("code", flat=True))
        assert codes <= in_plan


def test_a_zip_bomb_is_refused_before_it_is_unpacked(world):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<x/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (51 * 1024 * 1024))
    result = import_plan(world.plan.plan, io.BytesIO(data.getvalue()))
    assert not result.ok and "50 MB" in result.errors[0].message


def test_a_two_row_header_with_merged_budget_cells_and_numbers_as_text(world, empty):
    book = workbook(export_plan(world.plan.plan))
    sheet = book[MAIN_SHEET]
    heads = [c.value for c in sheet[1]]
    first = heads.index("งบประมาณ 2566") + 1
    sheet.insert_rows(2)
    for offset, year in enumerate(range(2566, 2571)):
        sheet.cell(row=2, column=first + offset, value=str(year).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")))
        sheet.cell(row=1, column=first + offset, value=None)
    sheet.cell(row=1, column=first, value="งบประมาณ")
    sheet.merge_cells(start_row=1, start_column=first, end_row=1, end_column=first + 4)
    sheet.cell(row=3, column=first + 3, value=" ๑๐๐,๐๐๐.๐๐ ")  # 2569 as Thai text
    result = import_plan(empty, io.BytesIO(saved(book)))
    assert result.ok, result.errors
    assert shape(empty) == shape(world.plan.plan)


def as_csv(sheet, encoding="utf-8-sig") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)])
    return out.getvalue().replace("\n", "\r\n").encode(encoding, errors="replace")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp874"])
def test_a_csv_of_the_main_sheet_imports_and_names_new_strategies_itself(world, empty, encoding):
    sheet = workbook(export_plan(world.plan.plan))[MAIN_SHEET]
    heads = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[2]]
    row[heads.index("ยุทธศาสตร์")] = "ยุทธศาสตร์ที่ ๒ การพัฒนาคุณภาพชีวิต"
    row[heads.index("เป้าประสงค์/กลยุทธ์")] = "2.1 ประชาชนมีสุขภาพดี"
    row[heads.index("รหัสโครงการ")] = "CSV-1"
    sheet.append(row)
    sheet.cell(row=2, column=1).value = "1 โครงสร้างพื้นฐาน"  # named once; the other rows say "1"
    result = import_plan(empty, SimpleUploadedFile("plan.csv", as_csv(sheet, encoding)))
    assert result.ok, result.errors
    assert dict(empty.strategies.values_list("number", "name")) == {1: "โครงสร้างพื้นฐาน", 2: "การพัฒนาคุณภาพชีวิต"}
    assert Project.objects.get(organization=empty.organization, code="CSV-1").program.goal.name == "ประชาชนมีสุขภาพดี"
    again = import_plan(empty, SimpleUploadedFile("plan.csv", as_csv(sheet, encoding)))
    assert again.ok and not again.changed


def test_a_new_strategy_without_a_name_is_refused_in_a_csv(world, empty, english):
    sheet = workbook(export_plan(world.plan.plan))[MAIN_SHEET]
    sheet.cell(row=2, column=1).value = 7
    result = import_plan(empty, SimpleUploadedFile("plan.csv", as_csv(sheet)))
    assert not result.ok and "Write its name after the number" in result.errors[0].message


def test_a_large_plan_is_imported_by_a_background_job(world, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TIDTAM_IMPORT_BACKGROUND_ROWS = 1
    plan = world.plan.plan
    url = reverse("plans:plan_import", args=[world.org.slug, plan.pk])
    response = client_for("planner").post(url, {"file": SimpleUploadedFile("plan.xlsx", export_plan(plan))})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.state == Job.State.DONE and job.result["ok"] and job.kind == "plans.import_plan"
    assert {r["kind"]: r["unchanged"] for r in job.result["summary"]}["projects"] == 2
    assert job.done == job.total  # the progress reached its end
