"""Indicators and their targets in Excel/CSV: template, round trip, idempotence, row-level refusals."""

import csv
import importlib
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from core.excel import put
from jobs.models import Job
from orgs.models import Department, Organization
from plans.excel import export_plan, import_plan
from plans.excel.kpis import SHEET, export_kpis, import_kpis
from plans.models import DevelopmentPlan, Goal, Indicator, Target

MODELS = (Indicator, Target)


def counts():
    return {m.__name__: (m.objects.count(), m.history.count()) for m in MODELS}


def workbook(data):
    return load_workbook(io.BytesIO(data))


def saved(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def heads(sheet):
    return [c.value for c in sheet[1]]


def col(sheet, title):
    return heads(sheet).index(title) + 1


def as_csv(sheet, encoding="utf-8-sig") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in sheet.iter_rows(values_only=True):
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue().replace("\n", "\r\n").encode(encoding, errors="replace")  # as Excel saves it


def shape(org):
    """What the workbook carries of an organization's indicators, without ids."""
    rows = []
    for k in Indicator.objects.for_org(org).select_related("project", "goal", "strategy", "department"):
        owner = (
            k.project.code if k.project else None,
            k.goal.number if k.goal else None,
            getattr(k.strategy, "number", None),
        )
        fields = tuple(getattr(k, f) for f in ("name", "unit", "measure_type", "direction", "aggregation", "weight"))
        targets = tuple(k.targets.exclude(value=None, text="").values_list("fiscal_year", "period", "value", "text"))
        rows.append((k.code, owner, k.department.name if k.department else None, fields, k.levels, targets))
    return sorted(rows, key=repr)


@pytest.fixture
def rich(world):
    """บ้านแพน's plan with KPIs like the demo's: strategy, goal, percentage, range, text; targets per quarter."""
    p = world.plan
    kpi = p.indicator
    kpi.direction, kpi.aggregation, kpi.baseline_value, kpi.baseline_year = "higher", "sum", Decimal(150), 2568
    kpi.level_1, kpi.level_2, kpi.level_3, kpi.level_4, kpi.level_5 = (Decimal(n) for n in (120, 140, 160, 180, 200))
    kpi.department = world.works
    kpi.save()
    for period, value in enumerate([200, 50, 50, 50, 50]):
        Target.objects.update_or_create(
            indicator=kpi, fiscal_year=2569, period=period, defaults={"organization": world.org, "value": value}
        )
    Indicator.objects.create(
        organization=world.org,
        strategy=p.strategy,
        name="ร้อยละครัวเรือนที่มีน้ำประปาใช้",
        measure_type="percentage",
        aggregation="ratio",
        numerator_label="ครัวเรือนที่มีน้ำประปา",
        denominator_label="ครัวเรือนทั้งหมด",
        perspective="citizen",
        weight=Decimal("60.00"),
    )
    Indicator.objects.create(
        organization=world.org,
        goal=p.goal,
        name="ค่าความขุ่นของน้ำประปา",
        direction="range",
        range_low=Decimal(0),
        range_high=Decimal(5),
        aggregation="average",
        unit="NTU",
    )
    text = Indicator.objects.create(
        organization=world.org, project=p.projects[1], name="รายงานผล", measure_type="text", aggregation="latest"
    )
    Target.objects.create(organization=world.org, indicator=text, fiscal_year=2569, period=0, text="=รายงานเสนอนายก")
    return world


@pytest.fixture
def english(world):
    for user in world.users.values():
        user.language = "en"
        user.save()
    with translation.override("en"):
        yield


@pytest.fixture
def empty(world):
    """A new organization with the same departments, and the same plan (through form ผ.02)."""
    org = Organization.objects.create(name="อบต.ใหม่", slug="mai", province="ลพบุรี", district="เมือง")
    for name in ("กองช่าง", "กองคลัง"):
        Department.objects.create(organization=org, name=name)
    plan = DevelopmentPlan.objects.create(organization=org, name="แผนใหม่", first_year=2566, last_year=2570)
    assert import_plan(plan, export_plan(world.plan.plan)).ok
    Indicator.objects.for_org(org).delete()  # the ผ.02 file names KPIs; this test brings them in full
    return plan


def test_every_existing_indicator_has_a_code_and_new_ones_get_one(rich):
    codes = list(Indicator.objects.for_org(rich.org).values_list("code", flat=True))
    assert all(codes) and len(set(codes)) == len(codes)
    assert rich.plan.indicator.code == f"{rich.plan.projects[0].code}-K1"
    assert Indicator.objects.get(name="ร้อยละครัวเรือนที่มีน้ำประปาใช้").code == "S1-K1"
    assert Indicator.objects.get(name="ค่าความขุ่นของน้ำประปา").code == "G1.1-K1"


def test_the_migration_backfills_codes_per_organization(rich):
    Indicator.objects.update(code="")
    migration = importlib.import_module("plans.migrations.0003_indicator_code")
    migration.backfill(apps, None)
    codes = dict(Indicator.objects.for_org(rich.org).values_list("name", "code"))
    assert codes["ร้อยละครัวเรือนที่มีน้ำประปาใช้"] == "S1-K1" and codes["ร้อยละความพึงพอใจ"] == "K1"
    assert Indicator.objects.for_org(rich.other_org).get(project__isnull=False).code.endswith("-K1")


def test_the_template_has_thai_headers_dropdowns_instructions_and_targets(rich):
    book = workbook(export_kpis(rich.plan.plan, [2569, 2570]))
    visible = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
    assert visible == [SHEET, "คำแนะนำ"]
    sheet = book[SHEET]
    titles = heads(sheet)
    assert titles[:4] == ["รหัสตัวชี้วัด", "ชื่อตัวชี้วัด", "ระดับ", "รหัสโครงการ / เลขที่ยุทธศาสตร์ หรือเป้าประสงค์"]
    assert "ค่าเป้าหมาย 2569 ทั้งปี" in titles and "ค่าเป้าหมาย 2570 ไตรมาส 4" in titles
    lists = {str(v.sqref).split(":")[0].rstrip("0123456789") for v in sheet.data_validations.dataValidation}
    for title in ("ระดับ", "ลักษณะการวัด", "ทิศทาง", "การรวมผลระหว่างงวด", "หน่วยงานที่รับผิดชอบ"):
        letter = sheet.cell(row=1, column=col(sheet, title)).column_letter
        assert letter in lists, title
    assert sheet.freeze_panes == "A2"
    kpi_row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == rich.plan.indicator.code)
    assert kpi_row[col(sheet, "ค่าเป้าหมาย 2569 ไตรมาส 1") - 1].value == 50
    text_cell = next(
        r[col(sheet, "ค่าเป้าหมาย 2569 ทั้งปี") - 1] for r in sheet.iter_rows(min_row=2) if r[1].value == "รายงานผล"
    )
    assert text_cell.value == "=รายงานเสนอนายก" and text_cell.data_type == "s"


def test_export_then_import_into_another_organization_gives_the_same_indicators(rich, empty):
    data = export_kpis(rich.plan.plan, rich.plan.plan.fiscal_years)
    result = import_kpis(empty, data)
    assert result.ok, result.errors
    mine = [r for r in shape(rich.org) if r[1] != (None, None, None) or r[0] == "K1"]
    assert shape(empty.organization) == mine
    assert result.counts["indicators"]["created"] == len(mine)


def test_reimporting_the_same_file_changes_nothing_and_an_edit_updates_in_place(rich):
    plan = rich.plan.plan
    data = export_kpis(plan, [2569])
    before = counts()
    result = import_kpis(plan, io.BytesIO(data))
    assert result.ok, result.errors
    assert counts() == before
    assert not result.changed
    book = workbook(data)
    sheet = book[SHEET]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == rich.plan.indicator.code)[0].row
    sheet.cell(row=row, column=col(sheet, "ชื่อตัวชี้วัด"), value="  ระยะทางถนนที่ก่อสร้าง\r\n")
    sheet.cell(row=row, column=col(sheet, "ค่าเป้าหมาย 2569 ทั้งปี"), value="๒๕๐")
    sheet.cell(row=row, column=col(sheet, "ค่าเป้าหมาย 2569 ไตรมาส 4"), value="1,100.50")
    sheet.cell(row=row, column=col(sheet, "ปีของค่าฐาน (พ.ศ.)"), value=2024)  # a Christian year
    sheet.cell(row=row, column=col(sheet, "เกณฑ์ระดับ 5"), value=" 1,500 ")
    sheet.cell(row=row, column=col(sheet, "ค่าเป้าหมาย 2569 ไตรมาส 3")).value = None
    new = [c.value for c in sheet[row]]
    new[0], new[1] = "NEW-1", "จำนวนผู้ใช้ถนน"
    sheet.append(new)
    sheet.append([None] * len(new))  # trailing empty row
    result = import_kpis(plan, saved(book))
    assert result.ok, result.errors
    kpi = Indicator.objects.get(pk=rich.plan.indicator.pk)
    assert kpi.name == "ระยะทางถนนที่ก่อสร้าง" and kpi.baseline_year == 2567 and kpi.level_5 == 1500
    targets = dict(kpi.targets.filter(fiscal_year=2569).values_list("period", "value"))
    assert targets == {0: 250, 1: 50, 2: 50, 4: Decimal("1100.5")}
    added = Indicator.objects.get(code="NEW-1")
    assert added.project_id == kpi.project_id and added.targets.count() == 4
    assert result.counts["indicators"] == {"created": 1, "updated": 1, "unchanged": 5}
    assert result.warnings and "NEW-1" in " ".join(result.warnings)  # quarters no longer add up to the year
    again = import_kpis(plan, saved(book))
    assert again.ok and not again.changed


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp874"])
def test_a_csv_file_imports_like_the_workbook(rich, empty, encoding):
    sheet = workbook(export_kpis(rich.plan.plan, [2569]))[SHEET]
    upload = SimpleUploadedFile("kpis.csv", as_csv(sheet, encoding))
    result = import_kpis(empty, upload)
    assert result.ok, result.errors
    again = import_kpis(empty, SimpleUploadedFile("kpis.csv", as_csv(sheet, encoding)))
    assert again.ok and not again.changed


def test_a_two_row_header_with_merged_target_cells(rich, empty):
    sheet = workbook(export_kpis(rich.plan.plan, [2569]))[SHEET]
    titles = heads(sheet)
    first = titles.index("ค่าเป้าหมาย 2569 ทั้งปี") + 1
    book = Workbook()
    out = book.active
    out.title = SHEET
    out.append([*titles[: first - 1], "ค่าเป้าหมาย ๒๕๖๙", None, None, None, None])
    out.append([None] * (first - 1) + ["ทั้งปี", "ไตรมาส 1", "ไตรมาส 2", "ไตรมาส 3", "ไตรมาส 4"])
    out.merge_cells(start_row=1, start_column=first, end_row=1, end_column=first + 4)
    for n, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=3):
        for c, value in enumerate(row, start=1):
            put(out.cell(row=n, column=c), value)
    result = import_kpis(empty, saved(book))
    assert result.ok, result.errors
    assert Target.objects.for_org(empty.organization).filter(period=1).count() == 1


def test_each_bad_row_is_reported_where_it_is_and_nothing_is_written(rich, english):
    plan = rich.plan.plan
    book = workbook(export_kpis(plan, [2569]))
    sheet = book[SHEET]
    base = [c.value for c in sheet[2]]

    def put(row, **cells):
        values = list(base)
        for title, value in cells.items():
            values[heads(sheet).index(title)] = value
        sheet.append(values)
        return sheet.max_row

    range_row = put(**{"รหัสตัวชี้วัด": "X-1", "ทิศทาง": "อยู่ในช่วงที่กำหนด", "ช่วงจาก": None, "ช่วงถึง": None}, row=0)
    choice_row = put(**{"รหัสตัวชี้วัด": "X-2", "ลักษณะการวัด": "ไม่รู้"}, row=0)
    project_row = put(**{"รหัสตัวชี้วัด": "X-3", "ระดับ": "โครงการ", "รหัสโครงการ / เลขที่ยุทธศาสตร์ หรือเป้าประสงค์": "ZZZ"}, row=0)
    weight_row = put(**{"รหัสตัวชี้วัด": "X-4", "น้ำหนัก (%)": "120"}, row=0)
    target_row = put(**{"รหัสตัวชี้วัด": "X-5", "ค่าเป้าหมาย 2569 ไตรมาส 2": "สองร้อย"}, row=0)
    twice_row = put(**{"รหัสตัวชี้วัด": "X-5"}, row=0)
    levels_row = put(**{"รหัสตัวชี้วัด": "X-6", "เกณฑ์ระดับ 3": 10}, row=0)
    before = counts()
    result = import_kpis(plan, saved(book))
    assert not result.ok
    assert counts() == before
    where = {(e.row, e.column) for e in result.errors}
    letter = {t: sheet.cell(row=1, column=col(sheet, t)).column_letter for t in heads(sheet)}
    assert (range_row, letter["ช่วงจาก"]) in where  # plans.rules.indicator_errors, on its column
    assert (choice_row, letter["ลักษณะการวัด"]) in where
    assert (project_row, letter["รหัสโครงการ / เลขที่ยุทธศาสตร์ หรือเป้าประสงค์"]) in where
    assert (weight_row, letter["น้ำหนัก (%)"]) in where
    assert (target_row, letter["ค่าเป้าหมาย 2569 ไตรมาส 2"]) in where
    assert (twice_row, letter["รหัสตัวชี้วัด"]) in where
    assert (levels_row, letter["เกณฑ์ระดับ 5"]) in where  # levels must rise with the direction
    assert all(e.sheet == SHEET and e.message for e in result.errors)
    message = next(e.message for e in result.errors if e.row == range_row)
    assert message == "A range needs its lower bound."


def test_an_indicator_cannot_change_owner_or_take_another_plans_code(rich, english):
    plan = rich.plan.plan
    book = workbook(export_kpis(plan, [2569]))
    sheet = book[SHEET]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == rich.plan.indicator.code)[0].row
    sheet.cell(row=row, column=4, value=rich.plan.projects[1].code)
    other = Indicator.objects.for_org(rich.other_org).first()
    other.code = "SHARED"
    other.save()
    old = DevelopmentPlan.objects.create(organization=rich.org, name="แผนเก่า", first_year=2561, last_year=2565)
    strategy = old.strategies.create(organization=rich.org, number=1, name="เดิม")
    Indicator.objects.create(organization=rich.org, strategy=strategy, name="เก่า", code="OLD-1")
    values = [c.value for c in sheet[2]]
    values[0] = "OLD-1"
    sheet.append(values)
    values = list(values)
    values[0] = "SHARED"  # another organization's code: free here
    sheet.append(values)
    result = import_kpis(plan, saved(book))
    messages = {e.row: e.message for e in result.errors}
    assert "cannot move" in messages[row]
    assert "another development plan" in messages[sheet.max_row - 1]
    assert sheet.max_row not in messages


def test_missing_columns_extra_sheets_and_a_missing_sheet(rich, english):
    plan = rich.plan.plan
    book = workbook(export_kpis(plan, [2569]))
    sheet = book[SHEET]
    sheet.delete_cols(col(sheet, "ชื่อตัวชี้วัด"))
    result = import_kpis(plan, saved(book))
    assert not result.ok and "is missing" in result.errors[0].message
    book = workbook(export_kpis(plan, [2569]))
    book.create_sheet("อื่น ๆ").append(["x"])
    book[SHEET].delete_cols(col(book[SHEET], "หน่วยนับ"))  # an optional column left out: left as it is
    result = import_kpis(plan, saved(book))
    assert result.ok and not result.changed
    book[SHEET].title = "KPI"
    result = import_kpis(plan, saved(book))
    assert not result.ok and SHEET in result.errors[0].message


def test_hostile_files_are_refused(rich, english):
    for content, name in [
        (b"PK\x03\x04garbage", "k.xlsx"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 600, "k.xlsx"),
        (b"\xff\xfe\0\0", "k.csv"),
    ]:
        result = import_kpis(rich.plan.plan, SimpleUploadedFile(name, content))
        assert not result.ok and result.errors[0].message


def kpi_export_url(rich, query=""):
    return reverse("plans:kpi_export", args=[rich.org.slug, rich.plan.plan.pk]) + query


def kpi_import_url(rich):
    return reverse("plans:kpi_import", args=[rich.org.slug, rich.plan.plan.pk])


def downloaded(rich, client_for) -> SimpleUploadedFile:
    """The workbook the executive downloads for 2569 and 2590 (a year the plan does not cover). The test
    client is signed in as the executive afterwards: call it before signing in the one who uploads."""
    content = client_for("executive").get(kpi_export_url(rich, "?year=2569&year=2590")).content
    return SimpleUploadedFile("k.xlsx", content)


def test_an_export_asking_for_a_year_that_is_not_a_fiscal_year_is_refused(rich, client_for):
    assert client_for("executive").get(kpi_export_url(rich, "?year=2569&year=9999")).status_code == 400


def test_the_export_leaves_out_a_year_the_plan_does_not_cover_and_is_named_after_the_plan_and_its_years(
    rich, client_for
):
    response = client_for("executive").get(kpi_export_url(rich, "?year=2569&year=2590"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="indicators-2566-2570-2569.xlsx"'


def test_the_planner_opens_the_import_page(rich, client_for):
    assert client_for("planner").get(kpi_import_url(rich)).status_code == 200


def test_the_downloaded_workbook_imports_through_the_import_page(rich, client_for):
    upload = downloaded(rich, client_for)
    ok = client_for("planner").post(kpi_import_url(rich), {"file": upload})
    assert ok.status_code == 200 and ok.context["result"].ok


def test_a_file_that_is_not_a_workbook_is_refused_with_a_link_to_its_errors(rich, client_for):
    bad = client_for("planner").post(kpi_import_url(rich), {"file": SimpleUploadedFile("k.xlsx", b"not a workbook")})
    assert bad.status_code == 400 and bad.context["errors_url"]


def test_the_errors_of_a_refused_file_download_as_a_workbook_that_says_what_is_wrong(rich, client_for):
    bad = client_for("planner").post(kpi_import_url(rich), {"file": SimpleUploadedFile("k.xlsx", b"not a workbook")})
    errors = client_for("planner").get(bad.context["errors_url"])
    assert errors.status_code == 200 and workbook(errors.content).active.cell(row=2, column=5).value


def test_sending_the_import_form_without_a_file_shows_the_form_again(rich, client_for):
    assert client_for("planner").post(kpi_import_url(rich), {}).status_code == 200  # no file: the form says so


def test_the_executive_may_not_open_the_import_page(rich, client_for):
    assert client_for("executive").get(kpi_import_url(rich)).status_code == 403


def test_a_reporter_may_not_import_indicators(rich, client_for):
    upload = downloaded(rich, client_for)
    assert client_for("reporter").post(kpi_import_url(rich), {"file": upload}).status_code == 403


def test_another_organizations_people_find_neither_the_export_nor_the_import(rich, client_for):
    outsider = client_for("outsider")
    assert outsider.get(kpi_import_url(rich)).status_code == 404
    assert outsider.get(kpi_export_url(rich)).status_code == 404


def test_a_large_file_is_imported_by_a_background_job(rich, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TIDTAM_IMPORT_BACKGROUND_ROWS = 2
    plan = rich.plan.plan
    url = reverse("plans:kpi_import", args=[rich.org.slug, plan.pk])
    book = workbook(export_kpis(plan, [2569]))
    book[SHEET].cell(row=2, column=2, value="ชื่อใหม่")
    response = client_for("planner").post(url, {"file": SimpleUploadedFile("k.xlsx", saved(book))})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.state == Job.State.DONE and job.kind == "plans.import_kpis"
    assert job.result["ok"] and {r["kind"]: r["updated"] for r in job.result["summary"]}["indicators"] == 1
    page = client_for("planner").get(job.get_absolute_url())
    assert page.status_code == 200 and b"import-summary" in page.content
    book[SHEET].cell(row=2, column=col(book[SHEET], "ทิศทาง"), value="ขึ้นลง")
    before = counts()
    client_for("planner").post(url, {"file": SimpleUploadedFile("k.xlsx", saved(book))})
    failed = Job.objects.order_by("-pk").first()
    assert failed.state == Job.State.DONE and not failed.result["ok"] and counts() == before
    with failed.result_file.open("rb") as f:
        listed = workbook(f.read()).active
    assert listed.cell(row=2, column=2).value == 2 and listed.cell(row=2, column=4).value == "ขึ้นลง"
    assert b"import-errors" in client_for("planner").get(failed.get_absolute_url()).content


# Damaged workbooks: imported whole or refused whole. ---------------------------------------------

DAMAGE = st.sampled_from(
    ["text_number", "blank_code", "bad_choice", "extra_sheet", "drop_column", "negative_weight", "float_code", "ok"]
)
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=8)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(damages=st.lists(st.tuples(DAMAGE, st.integers(0, 3), TEXT), max_size=3))
def test_damaged_workbooks_are_imported_whole_or_refused_whole(rich, damages):
    plan = rich.plan.plan
    book = workbook(export_kpis(plan, [2569]))
    sheet = book[SHEET]

    def at(title):
        titles = heads(sheet)
        return titles.index(title) + 1 if title in titles else None

    for damage, index, text in damages:
        row = index + 2
        if damage == "text_number" and at("ค่าฐาน"):
            sheet.cell(row=row, column=at("ค่าฐาน"), value=text or "x")
        elif damage == "blank_code" and at("รหัสตัวชี้วัด"):
            sheet.cell(row=row, column=at("รหัสตัวชี้วัด")).value = None
        elif damage == "bad_choice" and at("ทิศทาง"):
            sheet.cell(row=row, column=at("ทิศทาง"), value=text)
        elif damage == "extra_sheet":
            book.create_sheet(f"อื่น ๆ {len(book.sheetnames)}").append([text, 1, 2])
        elif damage == "drop_column" and sheet.max_column > 1:
            sheet.delete_cols(1 + index * 5)
        elif damage == "negative_weight" and at("น้ำหนัก (%)"):
            sheet.cell(row=row, column=at("น้ำหนัก (%)"), value=-5)
        elif damage == "float_code" and at("รหัสตัวชี้วัด"):
            sheet.cell(row=row, column=at("รหัสตัวชี้วัด"), value=9000.5 + index)
    before = counts()
    result = import_kpis(plan, saved(book))
    if not result.ok:
        assert counts() == before
        assert all(e.message for e in result.errors)
    else:
        data = load_workbook(io.BytesIO(saved(book)), data_only=True)[SHEET]
        code_col = [c.value for c in data[1]].index("รหัสตัวชี้วัด")
        codes = {str(r[code_col]).strip() for r in data.iter_rows(min_row=2, values_only=True) if r[code_col]}
        assert codes <= set(Indicator.objects.for_org(rich.org).values_list("code", flat=True))
        assert all(g.strategy.plan_id == plan.pk for g in Goal.objects.filter(indicators__code__in=codes))


def test_the_management_commands_take_the_shape(rich, empty, tmp_path):
    path = tmp_path / "kpis.xlsx"
    call_command("export_plan", str(path), org=rich.org.slug, year=2569, shape="kpis", all_years=True)
    out = io.StringIO()
    call_command("import_plan", str(path), org=empty.organization.slug, shape="kpis", stdout=out)
    assert "indicators: 6 created" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text("รหัสตัวชี้วัด,ชื่อตัวชี้วัด\nX,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_plan", str(bad), org=empty.organization.slug, shape="kpis", stderr=io.StringIO())
