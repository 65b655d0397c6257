"""The staff import from Excel: the template, the rules of a row, all or nothing, re-import, privacy."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from conftest import make_user
from jobs.models import Job
from orgs.access import access_for
from orgs.models import Department, Role
from people.excel import SHEET, import_staff
from people.factories import make_person
from people.models import Person, Position

HEAD = [
    "ชื่อ-สกุล",
    "หน่วยงาน",
    "ตำแหน่ง",
    "ระดับ",
    "สายงาน",
    "ผู้บังคับบัญชา (ผู้ประเมิน)",
    "ผู้บังคับบัญชาเหนือขึ้นไป",
    "บัญชีผู้ใช้ (ชื่อผู้ใช้หรืออีเมล)",
    "เงินเดือน (บาท)",
    "อยู่ในตำแหน่ง",
]
BOSS = ["นายใหญ่ ใจดี", "", "ปลัด อบต.", "อำนวยการท้องถิ่น ระดับกลาง", "บริหารงานท้องถิ่น", "", "", "", "60000", "ใช่"]
HEAD_WORKS = ["นางสาวช่าง เก่ง", "กองช่าง", "ผู้อำนวยการกองช่าง", "ต้น", "บริหารงานช่าง", "นายใหญ่ ใจดี", "", "", "", ""]
TECH = ["นายช่าง ขยัน", "กองช่าง", "นายช่างโยธา", "ชำนาญงาน", "ช่างโยธา", "นางสาวช่าง เก่ง", "นายใหญ่ ใจดี"]
TECH += ["reporter", "18,760.50", "ใช่"]


def workbook(*rows, head=HEAD) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = SHEET
    ws.append(head)
    for row in rows:
        ws.append(list(row))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def run(world, persona, *rows, head=HEAD):
    access = access_for(world.users[persona], world.org.slug)
    return import_staff(world.org, BytesIO(workbook(*rows, head=head)), access=access)


@pytest.fixture
def hr(world):
    world.users["hr"] = make_user("hr", world.org, Role.HR)
    return world.users["hr"]


def messages(result):
    return [(e.row, e.column, e.message) for e in result.errors]


def nothing_written(world):
    return not Person.objects.exists() and not Position.objects.exists()


# The happy path ---------------------------------------------------------------------------------


def test_hr_imports_the_staff_with_their_line_positions_accounts_and_salaries(world, hr):
    result = run(world, "hr", TECH, HEAD_WORKS, BOSS)  # the supervisor may come later in the file
    assert result.ok, messages(result)
    assert {row["kind"]: (row["created"], row["updated"]) for row in result.summary} == {
        "people": (3, 0),
        "positions": (3, 0),
    }
    boss, head, tech = (Person.objects.get(name=n) for n in ("นายใหญ่ ใจดี", "นางสาวช่าง เก่ง", "นายช่าง ขยัน"))
    assert tech.supervisor == head and tech.reviewer == boss and head.supervisor == boss
    assert tech.department == world.works and boss.department is None
    assert tech.user == world.users["reporter"] and tech.salary == Decimal("18760.50") and tech.active
    assert (tech.position.name, tech.position.level, tech.position.line) == ("นายช่างโยธา", "ชำนาญงาน", "ช่างโยธา")
    assert boss.salary == Decimal("60000.00") and head.salary is None
    assert all(p.organization == world.org for p in Person.objects.all())


def test_existing_positions_and_people_of_the_organization_are_used(world, hr):
    position = Position.objects.create(organization=world.org, name="นายช่างโยธา", level="ชำนาญงาน", line="")
    boss = make_person(world.org, "นายใหญ่ ใจดี")
    result = run(world, "hr", HEAD_WORKS, TECH)
    assert result.ok, messages(result)
    assert Person.objects.get(name="นางสาวช่าง เก่ง").supervisor == boss
    position.refresh_from_db()
    assert position.line == "ช่างโยธา" and Person.objects.get(name="นายช่าง ขยัน").position == position
    assert Position.objects.count() == 2


def test_a_reimport_changes_nothing_and_updates_people_matched_by_name_and_department(world, hr):
    assert run(world, "hr", BOSS, HEAD_WORKS, TECH).ok
    again = run(world, "hr", BOSS, HEAD_WORKS, TECH)
    assert again.ok and not again.changed
    assert {row["kind"]: row["unchanged"] for row in again.summary} == {"people": 3, "positions": 3}
    tech = Person.objects.get(name="นายช่าง ขยัน")
    history = tech.history.count()
    moved = [*TECH[:1], "กองคลัง", *TECH[2:8], "", "ไม่ใช่"]  # another department, salary kept, not in post
    result = run(world, "hr", BOSS, HEAD_WORKS, moved)
    assert result.ok, messages(result)
    assert {row["kind"]: (row["updated"], row["unchanged"]) for row in result.summary}["people"] == (1, 2)
    tech.refresh_from_db()
    assert Person.objects.count() == 3
    assert tech.department == world.finance and not tech.active and tech.salary == Decimal("18760.50")
    assert tech.history.count() == history + 1


def test_the_template_opens_has_thai_headers_and_reads_back_unchanged(world, hr, client_for):
    assert run(world, "hr", BOSS, HEAD_WORKS, TECH).ok
    response = client_for("hr").get(reverse("people:staff_template", args=[world.org.slug]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    book = load_workbook(BytesIO(data))
    assert book.sheetnames[:2] == [SHEET, "คำแนะนำ"]
    titles = [c.value for c in book[SHEET][1]]
    assert titles == HEAD
    rows = {row[0]: row for row in book[SHEET].iter_rows(min_row=2, values_only=True)}
    assert rows["นายช่าง ขยัน"][:3] == ("นายช่าง ขยัน", "กองช่าง", "นายช่างโยธา")
    assert rows["นายช่าง ขยัน"][5:] == ("นางสาวช่าง เก่ง", "นายใหญ่ ใจดี", "reporter", 18760.5, "ใช่")
    again = import_staff(world.org, BytesIO(data), access=access_for(hr, world.org.slug))
    assert again.ok and not again.changed, messages(again)


def test_the_template_of_an_administrator_has_no_salaries(world, hr, client_for):
    assert run(world, "hr", BOSS).ok
    response = client_for("admin").get(reverse("people:staff_template", args=[world.org.slug]))
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    titles = [c.value for c in book[SHEET][1]]
    assert "เงินเดือน (บาท)" not in titles and "ชื่อ-สกุล" in titles
    assert "60000" not in str([[c.value for c in row] for row in book[SHEET].iter_rows()])


# Errors: each with its row, and nothing written ----------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "row", "column", "says"),
    [
        ([["", "กองช่าง"]], 2, "A", "ว่าง"),
        ([["ก ข", "กองไม่มี"]], 2, "B", "กองไม่มี"),
        ([["ก ข", "", "", "ชำนาญการ"]], 2, "C", "ตำแหน่ง"),
        ([["ก ข", "", "", "", "", "ไม่มีใคร"]], 2, "F", "ไม่มีใคร"),
        ([["ก ข", "", "", "", "", "", "ไม่มีใคร"]], 2, "G", "ไม่มีใคร"),
        ([["ก ข", "", "", "", "", "ก ข"]], 2, "F", "ตนเอง"),
        ([["ก ข", "", "", "", "", "", "ก ข"]], 2, "G", "ตนเอง"),
        ([["ก ข"], ["ก  ข"]], 3, "A", "แถว 3"),
        ([["ก ข", "", "", "", "", "", "", "nobody"]], 2, "H", "nobody"),
        ([["ก ข", "", "", "", "", "", "", "outsider"]], 2, "H", "outsider"),
        ([["ก ข", "", "", "", "", "", "", "reporter"], ["ค ง", "", "", "", "", "", "", "reporter"]], 3, "H", "แถว 3"),
        ([["ก ข", "", "", "", "", "", "", "", "หนึ่งหมื่น"]], 2, "I", "เงินเดือน"),
        ([["ก ข", "", "", "", "", "", "", "", "-5"]], 2, "I", "เงินเดือน"),
        ([["ก ข", "", "", "", "", "", "", "", "", "อาจจะ"]], 2, "J", "ใช่"),
        ([["ก ข", "", "ครู", "", "ครู"], ["ค ง", "", "ครู", "", "ช่าง"]], 3, "E", "แถว 3"),
    ],
    ids=[
        "no-name",
        "unknown-department",
        "level-without-position",
        "unknown-supervisor",
        "unknown-reviewer",
        "own-supervisor",
        "own-reviewer",
        "same-person-twice",
        "unknown-account",
        "account-of-another-org",
        "one-account-two-people",
        "salary-not-a-number",
        "negative-salary",
        "in-post-not-yes-no",
        "two-job-lines",
    ],
)
def test_each_error_is_reported_with_its_row_and_nothing_is_written(world, hr, rows, row, column, says):
    result = run(world, "hr", ["ผู้ดี มีสุข", "กองคลัง", "นักวิชาการ", "ปฏิบัติการ", "วิชาการ"], *rows)
    assert not result.ok
    found = [(e.row, e.column) for e in result.errors]
    assert (row + 1, column) in found, messages(result)
    text = " ".join(e.message + e.value for e in result.errors)
    assert says in text, messages(result)
    assert nothing_written(world)


def test_a_cycle_of_supervisors_is_an_error_on_each_of_its_rows(world, hr):
    rows = [["ก ข", "", "", "", "", "ค ง"], ["ค ง", "", "", "", "", "จ ฉ"], ["จ ฉ", "", "", "", "", "ก ข"], ["ช ซ"]]
    result = run(world, "hr", *rows)
    assert sorted(e.row for e in result.errors) == [2, 3, 4]
    assert all("ก ข → ค ง → จ ฉ → ก ข" in e.message for e in result.errors)
    assert nothing_written(world)


def test_a_cycle_through_people_already_recorded_is_found_too(world, hr):
    top = make_person(world.org, "ก ข")
    make_person(world.org, "ค ง", supervisor=top)
    result = run(world, "hr", ["ก ข", "", "", "", "", "ค ง"])  # ก ข under ค ง, who is under ก ข
    assert [e.row for e in result.errors] == [2] and "ค ง" in result.errors[0].message
    assert Person.objects.get(name="ก ข").supervisor is None


def test_only_hr_imports_salaries(world, hr):
    result = run(world, "admin", ["ก ข", "", "", "", "", "", "", "", "15000"])
    assert [(e.row, e.column) for e in result.errors] == [(2, "I")]
    assert nothing_written(world)
    assert run(world, "admin", ["ก ข", "", "", "", "", "", "", "", ""]).ok  # an empty salary column is fine
    assert Person.objects.get().salary is None


def test_a_file_with_an_error_saves_none_of_its_good_rows(world, hr):
    result = run(world, "hr", BOSS, HEAD_WORKS, [*TECH[:5], "ไม่มีใคร", *TECH[6:]])
    assert [e.row for e in result.errors] == [4]
    assert nothing_written(world)


def test_a_workbook_without_the_sheet_or_the_name_column_is_refused(world, hr):
    result = run(world, "hr", ["ก ข"], head=["ชื่อเล่น", "หน่วยงาน"])
    assert not result.ok and "ชื่อ-สกุล" in result.errors[0].message
    access = access_for(hr, world.org.slug)
    assert not import_staff(world.org, BytesIO(b"not a workbook \x00"), access=access).ok
    assert nothing_written(world)


# Tenancy: another organization's names are never matched --------------------------------------------


def test_another_organizations_departments_people_and_accounts_are_not_matched(world, hr):
    other = world.other_org
    make_person(other, "นายใหญ่ ใจดี", department=Department.objects.get(organization=other))
    Position.objects.create(organization=other, name="นายช่างโยธา", level="ชำนาญงาน")
    assert not run(world, "hr", ["ก ข", "สำนักปลัด"]).ok  # a department of the other organization only
    assert not run(world, "hr", ["ก ข", "", "", "", "", "นายใหญ่ ใจดี"]).ok  # their person
    assert not run(world, "hr", ["ก ข", "", "", "", "", "", "", "outsider"]).ok  # their administrator
    result = run(world, "hr", BOSS, HEAD_WORKS, TECH)
    assert result.ok, messages(result)
    assert Person.objects.filter(organization=world.org).count() == 3
    assert Person.objects.filter(organization=other).count() == 1
    mine = Person.objects.get(organization=world.org, name="นายช่าง ขยัน").position
    assert mine.organization == world.org and Position.objects.filter(name="นายช่างโยธา").count() == 2


# The pages -----------------------------------------------------------------------------------------


def import_url(world):
    return reverse("people:staff_import", args=[world.org.slug])


def test_the_staff_list_links_to_the_import_and_the_template_for_those_who_manage_only(world, hr, client_for):
    staff = reverse("people:staff_list", args=[world.org.slug])
    for persona in ("hr", "admin"):
        page = client_for(persona).get(staff).content.decode()
        assert import_url(world) in page and reverse("people:staff_template", args=[world.org.slug]) in page
    for persona in ("executive", "planner", "reporter"):
        page = client_for(persona).get(staff).content.decode()
        assert import_url(world) not in page and "staff/template" not in page


def test_the_import_page_imports_or_shows_each_rows_error(world, hr, client_for):
    client = client_for("hr")
    page = client.get(import_url(world))
    assert page.status_code == 200 and "นำเข้า" in page.content.decode()
    bad = client.post(import_url(world), {"file": SimpleUploadedFile("s.xlsx", workbook(["ก ข", "กองไม่มี"]))})
    assert bad.status_code == 400 and "กองไม่มี" in bad.content.decode()
    assert nothing_written(world)
    good = client.post(import_url(world), {"file": SimpleUploadedFile("s.xlsx", workbook(BOSS, HEAD_WORKS, TECH))})
    assert good.status_code == 200 and Person.objects.count() == 3
    assert client_for("executive").get(import_url(world)).status_code == 403
    assert client_for("planner").get(import_url(world)).status_code == 403
    assert client_for("outsider").get(import_url(world)).status_code == 404


def test_a_large_file_goes_to_a_background_job(world, hr, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TIDTAM_IMPORT_BACKGROUND_ROWS = 1
    upload = SimpleUploadedFile("s.xlsx", workbook(BOSS, HEAD_WORKS, TECH))
    response = client_for("hr").post(import_url(world), {"file": upload})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.kind == "people.import_staff" and job.state == Job.State.DONE, job.error
    assert job.result["ok"] and Person.objects.get(name="นายช่าง ขยัน").salary == Decimal("18760.50")


def test_a_background_job_with_errors_writes_nothing_and_keeps_the_errors(world, hr, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TIDTAM_IMPORT_BACKGROUND_ROWS = 1
    upload = SimpleUploadedFile("s.xlsx", workbook(BOSS, ["ก ข", "", "", "", "", "ก ข"]))
    client_for("hr").post(import_url(world), {"file": upload})
    job = Job.objects.get()
    assert job.state == Job.State.DONE and not job.result["ok"]
    assert [e["row"] for e in job.result["errors"]] == [3]
    assert nothing_written(world)
