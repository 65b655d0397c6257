"""The staff of an organization in Excel/CSV: the template (with the staff recorded so far) and its import.

One sheet, a row per person: name, department (by its name in this organization), position, level, job
line, supervisor and second-level reviewer (by name), user account (username or email), salary and
whether the person is in post. The import runs on the core toolkit (``core/excel.py``) through the one
upload page of every import (``jobs/imports.py``): every row is read and checked first, each problem is
reported with its row, and if any row has an error nothing is saved; otherwise everything is saved in one
transaction. A long file is imported by a background job (``people/tasks.py``).

Rules of the import:

- **Matching (a re-import updates, never duplicates).** A row is the person of this organization with the
  same name (spaces and case aside) in the same department (no department matches no department). When
  there is none, the one person of the organization with that name, wherever they work, is that row (the
  person moved: their department is updated), unless another row of the file already is that person; with
  several people of that name elsewhere the row is an error. Otherwise the row is a new person. Without a
  department column, rows are matched by name alone. Two rows of the file for the same name and department
  are an error. People of the organization missing from the file are left as they are.
- **What a row changes.** A column missing from the header changes nothing. A column present sets the
  value, an empty cell clears it (department, position, supervisor, reviewer, user account), except two:
  an empty salary keeps the salary recorded, and an empty "in post" keeps the status (a new person is in
  post). Reading the same file again changes nothing (the rows are counted unchanged).
- **Positions** are found by name and level, and created when missing; a job line given updates the
  position's (two rows giving one position two job lines are an error).
- **Supervisor and reviewer** are names: of a row of the file or of a person of the organization not in
  the file; a name that is nobody's, or several people's, is an error, and so is a person above
  themselves: their own supervisor or reviewer, or a cycle of supervisors and reviewers.
- **User accounts** must be members of this organization, and one account is one person's.
- **Salaries** are personal data: only those who see them (``people.access.sees_salary``: HR and the
  executive) may import them; a salary in the file of anyone else is an error on its row. The template has
  the salary column only for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from core.excel import (
    Errors,
    Field,
    ImportResult,
    Progress,
    Template,
    field_matcher,
    find_header,
    formula_cells,
    import_workbook,
    no_progress,
    read_fields,
    yes_no_label,
)
from orgs.models import Department
from people.access import sees_salary
from people.models import Person, Position

SHEET = "บุคลากร"
HELP_SHEET = "คำแนะนำ"
KINDS = ("people", "positions")
HELP_LINES = [
    "วิธีใช้แฟ้มนี้ (นำเข้ารายชื่อบุคลากร)",
    "1. แถวละหนึ่งคน ช่องชื่อ-สกุลต้องไม่ว่าง",
    "2. หน่วยงานใส่ชื่อกองหรือสำนักตามที่มีในระบบ (เลือกจากรายการ) ว่างได้",
    "3. ตำแหน่งที่ยังไม่มีในระบบ (ชื่อตำแหน่งและระดับ) ระบบจะสร้างให้",
    "4. ผู้บังคับบัญชาและผู้บังคับบัญชาเหนือขึ้นไปใส่ชื่อ-สกุล ของบุคคลในแฟ้มนี้หรือที่มีในระบบแล้ว "
    "ห้ามเป็นตนเอง และห้ามวนกลับมาเป็นผู้ใต้บังคับบัญชาของตนเอง",
    "5. บัญชีผู้ใช้ใส่ชื่อผู้ใช้หรืออีเมลของผู้ใช้ในหน่วยงานนี้ ว่างได้ (บุคคลที่ไม่มีบัญชีก็ประเมินได้)",
    "6. เงินเดือนเป็นข้อมูลส่วนบุคคล เฉพาะงานการเจ้าหน้าที่และผู้บริหารนำเข้าได้ ช่องว่างคือคงเงินเดือนเดิมไว้",
    "7. อยู่ในตำแหน่งใส่ ใช่ หรือ ไม่ใช่ (ว่าง: คนใหม่ถือว่าอยู่ในตำแหน่ง คนเดิมคงค่าเดิม)",
    "8. นำเข้าซ้ำได้: คนที่ชื่อ-สกุลและหน่วยงานตรงกับที่มีในระบบจะถูกปรับปรุง ไม่สร้างซ้ำ",
    "9. หากมีข้อผิดพลาดแม้แถวเดียว ระบบจะไม่บันทึกอะไรเลย และแสดงรายการที่ต้องแก้ พร้อมแฟ้มรายการข้อผิดพลาด",
    "10. นำเข้าแฟ้ม CSV ได้ (UTF-8 หรือภาษาไทยของ Windows) โดยใช้หัวตารางเดียวกัน",
]
PERSON_FIELDS = ("name", "department", "position", "user", "supervisor", "reviewer", "salary", "active")


def fields(*, salary: bool = True) -> list[Field]:
    specs = [
        Field("name", ("ชื่อ-สกุล", "ชื่อ - สกุล", "ชื่อ"), width=28, limit=200),
        Field("department", ("หน่วยงาน", "กอง/สำนัก", "กอง"), width=22, limit=200),
        Field("position", ("ตำแหน่ง", "ชื่อตำแหน่ง"), width=24, limit=200),
        Field("level", "ระดับ", width=14, limit=100),
        Field("line", "สายงาน", width=18, limit=200),
        Field("supervisor", ("ผู้บังคับบัญชา (ผู้ประเมิน)", "ผู้บังคับบัญชา"), width=26, limit=200),
        Field("reviewer", ("ผู้บังคับบัญชาเหนือขึ้นไป", "ผู้บังคับบัญชาชั้นเหนือขึ้นไป"), width=26, limit=200),
        Field("user", ("บัญชีผู้ใช้ (ชื่อผู้ใช้หรืออีเมล)", "บัญชีผู้ใช้"), width=24, limit=254),
    ]
    if salary:
        specs.append(
            Field(
                "salary",
                ("เงินเดือน (บาท)", "เงินเดือน"),
                "number",
                14,
                places=2,
                digits=12,
                minimum=Decimal(0),
                format="#,##0.00",
            )
        )
    specs.append(Field("active", ("อยู่ในตำแหน่ง", "ปฏิบัติงานอยู่"), "yes_no", 14))
    return specs


def squash(value: str) -> str:
    """A name for matching: spaces collapsed, case folded."""
    return " ".join(str(value or "").split()).casefold()


def tidy(value: str) -> str:
    return " ".join(str(value or "").split())


# Template ----------------------------------------------------------------------------------------


def export_staff(org, *, access, into=None) -> bytes | None:
    """The template: the organization's staff as recorded now (the salary column only for those who see
    salaries), with the departments to choose from and the instructions."""
    salary = sees_salary(access)
    specs = fields(salary=salary)
    by_key = {f.key: f for f in specs}
    template = Template()
    sheet = template.sheet(SHEET, [f.column() for f in specs])
    first = sheet.max_row + 1
    people = Person.objects.for_org(org).select_related("department", "position", "supervisor", "reviewer", "user")
    for person in people.order_by("department__order", "department__name", "name"):
        position = person.position
        template.row(
            sheet,
            {
                "name": person.name,
                "department": person.department.name if person.department else None,
                "position": position.name if position else None,
                "level": position.level if position else None,
                "line": position.line if position else None,
                "supervisor": person.supervisor.name if person.supervisor else None,
                "reviewer": person.reviewer.name if person.reviewer else None,
                "user": person.user.username if person.user else None,
                "salary": person.salary if salary else None,
                "active": by_key["active"].show(person.active),
            },
        )
    last = sheet.max_row
    departments = list(Department.objects.for_org(org).values_list("name", flat=True))
    template.dropdown(sheet, "department", departments, first=first, last=last)
    template.dropdown(sheet, "active", [yes_no_label(True), yes_no_label(False)], first=first, last=last)
    template.instructions(HELP_SHEET, HELP_LINES)
    return template.save(into)


# Import ------------------------------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    name: str
    values: dict  # column key → value read (only the columns present)
    department: Department | None = None
    position_key: tuple[str, str] | None = None
    user: object = None
    person: Person | None = None  # the existing person this row is
    supervisor: object = None  # resolved: a _Row or a Person (or None)
    reviewer: object = None


@dataclass
class _Plan:
    rows: list[_Row]
    columns: dict
    positions: dict = field(default_factory=dict)  # (name, level) → (line given or None, Position or None)


class _Reader:
    def __init__(self, org, access, errors: Errors, progress: Progress):
        self.org, self.access, self.errors, self.progress = org, access, errors, progress
        self.specs = fields()
        self.by_key = {f.key: f for f in self.specs}
        self.departments = {squash(d.name): d for d in Department.objects.for_org(org)}
        self.people = list(Person.objects.for_org(org).select_related("department", "position", "user"))
        self.positions = {(squash(p.name), squash(p.level)): p for p in Position.objects.for_org(org)}

    def error(self, row: int | None, key: str | None, value, message: str) -> None:
        self.errors.add(SHEET, row, self.columns.get(key) if key else None, value, message)

    def title(self, key: str) -> str:
        return self.by_key[key].heading

    # reading the rows ----------------------------------------------------------------------------

    def read(self, book) -> _Plan | None:
        name = book.find(SHEET)
        if name is None:
            self.errors.add(
                SHEET,
                None,
                None,
                "",
                _('The workbook has no sheet named "%(sheet)s". Download the template and fill that one in.')
                % {"sheet": SHEET},
            )
            return None
        sheet = book.sheet(name, self.errors)
        sheet.name = SHEET
        if self.errors:
            return None
        header = find_header(
            sheet,
            field_matcher(self.specs),
            anchor="name",
            required={"name": self.title("name")},
            errors=self.errors,
        )
        if header is None or self.errors:
            return None
        self.columns = header.columns
        rows = []
        total = len(header.data)
        for index, row in enumerate(header.data):
            if index % 100 == 0:
                self.progress(index, total, _("Checking the rows"))
            if formula_cells(SHEET, row, self.errors):
                continue
            values = read_fields(SHEET, row, self.columns, self.specs, self.errors)
            name = tidy(values.get("name"))
            if not name:
                self.error(
                    row.number, "name", "", _('"%(title)s" is empty; fill it in.') % {"title": self.title("name")}
                )
                continue
            item = _Row(row.number, name, values)
            self._department(item)
            self._position(item)
            self._user(item)
            self._salary(item)
            rows.append(item)
        plan = _Plan(rows, self.columns)
        self._duplicates(rows)
        self._match(rows)
        self._positions(rows, plan)
        self._accounts(rows)
        self._line(rows)
        self.errors.sort(key=lambda e: e.row or 0)  # in the file's order (stable: a row's own order kept)
        return plan

    def _department(self, item: _Row) -> None:
        raw = tidy(item.values.get("department"))
        if not raw:
            return
        department = self.departments.get(squash(raw))
        if department is None:
            self.error(
                item.number,
                "department",
                raw,
                _('No department named "%(name)s" in this organization. Choose one of: %(list)s.')
                % {"name": raw, "list": ", ".join(d.name for d in self.departments.values()) or "–"},
            )
            item.values.pop("department", None)
            return
        item.department = department

    def _position(self, item: _Row) -> None:
        name, level, line = (tidy(item.values.get(k)) for k in ("position", "level", "line"))
        if name:
            item.position_key = (name, level)
        elif level or line:
            self.error(
                item.number,
                "position",
                "",
                _('Give the position\'s name in "%(title)s", or leave its level and job line empty.')
                % {"title": self.title("position")},
            )

    def _user(self, item: _Row) -> None:
        raw = tidy(item.values.get("user"))
        if not raw:
            return
        users = list(
            get_user_model()
            .objects.filter(memberships__organization=self.org)
            .filter(Q(username__iexact=raw) | Q(email__iexact=raw))
            .distinct()[:2]
        )
        if len(users) != 1:
            message = (
                _('No user account "%(account)s" in this organization. Give the username or the email of a member.')
                if not users
                else _('Several user accounts have "%(account)s"; give the username instead.')
            )
            self.error(item.number, "user", raw, message % {"account": raw})
            return
        item.user = users[0]

    def _salary(self, item: _Row) -> None:
        if item.values.get("salary") is not None and not sees_salary(self.access):
            self.error(
                item.number,
                "salary",
                item.values["salary"],
                _("Only HR and the executive may import salaries. Leave the salary column empty or delete it."),
            )

    def _duplicates(self, rows: list[_Row]) -> None:
        seen: dict[tuple, int] = {}
        for item in rows:
            key = (squash(item.name), item.department.pk if item.department else None)
            if key in seen:
                self.error(
                    item.number,
                    "name",
                    item.name,
                    _("%(name)s is also on row %(row)s; keep one row per person.")
                    % {"name": item.name, "row": seen[key]},
                )
            else:
                seen[key] = item.number

    def _match(self, rows: list[_Row]) -> None:
        """Each row's existing person: same name and department first, then the one person of that name."""
        by_name: dict[str, list[Person]] = {}
        for person in self.people:
            by_name.setdefault(squash(person.name), []).append(person)
        claimed: set[int] = set()
        by_department = "department" in self.columns
        later = []
        for item in rows:
            same = by_name.get(squash(item.name), [])
            if by_department:
                here = [p for p in same if p.department_id == (item.department.pk if item.department else None)]
                if len(here) == 1 and here[0].pk not in claimed:
                    item.person = here[0]
                    claimed.add(here[0].pk)
                    continue
                if len(here) > 1:
                    self._ambiguous(item, "name", item.name)
                    continue
            later.append(item)
        for item in later:
            same = [p for p in by_name.get(squash(item.name), []) if p.pk not in claimed]
            if len(same) == 1:
                item.person = same[0]
                claimed.add(same[0].pk)
            elif len(same) > 1:
                self._ambiguous(item, "name", item.name)

    def _ambiguous(self, item: _Row, key: str, name: str) -> None:
        self.error(
            item.number,
            key,
            name,
            _(
                'Several people of this organization are named "%(name)s"; tell them apart by their department, '
                "or change one of them on their page first."
            )
            % {"name": name},
        )

    def _positions(self, rows: list[_Row], plan: _Plan) -> None:
        has_line = "line" in self.columns
        first_row: dict[tuple, int] = {}
        for item in rows:
            if item.position_key is None:
                continue
            key = (squash(item.position_key[0]), squash(item.position_key[1]))
            line = tidy(item.values.get("line")) if has_line else None
            if key in plan.positions:
                known = plan.positions[key][0]
                if line and known and squash(line) != squash(known):
                    self.error(
                        item.number,
                        "line",
                        line,
                        _("Row %(row)s gives this position the job line %(line)s; give one job line per position.")
                        % {"row": first_row[key], "line": known},
                    )
                elif line and not known:
                    plan.positions[key] = (line, plan.positions[key][1], plan.positions[key][2])
                continue
            first_row[key] = item.number
            plan.positions[key] = (line or None, self.positions.get(key), item.position_key)

    def _accounts(self, rows: list[_Row]) -> None:
        """One account, one person: as the staff will be once the file is saved."""
        owner: dict[int, str] = {}  # user id → who has it ("row n" or a person's name)
        in_file = {item.person.pk for item in rows if item.person is not None}
        has_user = "user" in self.columns
        for person in self.people:
            if person.user_id and (person.pk not in in_file or not has_user):
                owner[person.user_id] = person.name
        if not has_user:
            return
        for item in rows:
            if item.user is None:
                continue
            if item.user.pk in owner:
                self.error(
                    item.number,
                    "user",
                    tidy(item.values.get("user")),
                    _("This account already belongs to %(who)s; one account is one person's.")
                    % {"who": owner[item.user.pk]},
                )
            else:
                owner[item.user.pk] = _("row %(row)s") % {"row": item.number}

    # the line: supervisors and reviewers ----------------------------------------------------------

    def _line(self, rows: list[_Row]) -> None:
        by_name: dict[str, list] = {}
        for item in rows:
            by_name.setdefault(squash(item.name), []).append(item)
        in_file = {item.person.pk for item in rows if item.person is not None}
        for person in self.people:
            if person.pk not in in_file:
                by_name.setdefault(squash(person.name), []).append(person)
        for item in rows:
            for key in ("supervisor", "reviewer"):
                if key not in self.columns:
                    continue
                raw = tidy(item.values.get(key))
                if not raw:
                    continue
                found = by_name.get(squash(raw), [])
                if not found:
                    self.error(
                        item.number,
                        key,
                        raw,
                        _('"%(name)s" is neither a row of this file nor a person of this organization.')
                        % {"name": raw},
                    )
                elif len(found) > 1:
                    self._ambiguous(item, key, raw)
                elif found[0] is item:
                    self.error(
                        item.number,
                        key,
                        raw,
                        _("A person cannot be their own supervisor or second-level reviewer."),
                    )
                else:
                    setattr(item, key, found[0])
        self._cycles(rows)

    def _cycles(self, rows: list[_Row]) -> None:
        """A cycle of supervisors and reviewers (someone above themselves), once the file is saved."""
        node_of_person = {item.person.pk: item for item in rows if item.person is not None}

        def node(target):
            if isinstance(target, Person):
                return node_of_person.get(target.pk, target)
            return target

        above: dict[int, list] = {}
        for person in self.people:
            if person.pk in node_of_person:
                continue
            above[id(person)] = [
                node(p) for p in (self._person(person.supervisor_id), self._person(person.reviewer_id)) if p is not None
            ]
        for item in rows:
            heads = []
            for key in ("supervisor", "reviewer"):
                if key in self.columns:
                    target = getattr(item, key)
                elif item.person is not None:
                    target = self._person(getattr(item.person, f"{key}_id"))
                else:
                    target = None
                if target is not None:
                    heads.append(node(target))
            above[id(item)] = heads
        reported: set[int] = set()
        for item in rows:
            cycle = self._cycle_from(item, above)
            if cycle is None or id(item) in reported:
                continue
            names = " → ".join(n.name for n in [*cycle, cycle[0]])
            for member in cycle:
                if isinstance(member, _Row) and id(member) not in reported:
                    reported.add(id(member))
                    self.error(
                        member.number,
                        "supervisor",
                        member.name,
                        _("The supervisors go round in a circle (%(cycle)s); a person cannot be above themselves.")
                        % {"cycle": names},
                    )

    def _person(self, pk):
        if pk is None:
            return None
        if not hasattr(self, "_by_pk"):
            self._by_pk = {p.pk: p for p in self.people}
        return self._by_pk.get(pk)

    @staticmethod
    def _cycle_from(start, above) -> list | None:
        """The cycle through ``start`` going up the line, or None (a search of everyone above it)."""
        stack = [(start, [start])]
        seen = set()
        while stack:
            current, path = stack.pop()
            for head in above.get(id(current), []):
                if head is start:
                    return path
                if id(head) not in seen:
                    seen.add(id(head))
                    stack.append((head, [*path, head]))
        return None


# Writing -----------------------------------------------------------------------------------------


def _write(org, access, plan: _Plan, result: ImportResult, progress: Progress) -> None:
    columns = plan.columns
    positions = {}
    for key, (line, position, names) in plan.positions.items():
        if position is None:
            position = Position.objects.create(organization=org, name=names[0], level=names[1], line=line or "")
            result.count("positions", "created")
        elif line and position.line != line:
            position.line = line
            position.save()
            result.count("positions", "updated")
        else:
            result.count("positions", "unchanged")
        positions[key] = position
    may_salary = sees_salary(access)
    created: set[int] = set()
    changed: set[int] = set()
    for n, item in enumerate(plan.rows):
        if n % 100 == 0:
            progress(n, len(plan.rows), _("Saving the staff"))
        person = item.person
        if person is None:
            person = item.person = Person(organization=org, name=item.name)
        wanted = {}
        if "department" in columns:
            wanted["department"] = item.department
        if "position" in columns:
            key = item.position_key
            wanted["position"] = positions[(squash(key[0]), squash(key[1]))] if key else None
        if "user" in columns:
            wanted["user"] = item.user
        if may_salary and item.values.get("salary") is not None:
            wanted["salary"] = item.values["salary"]
        if item.values.get("active") is not None:
            wanted["active"] = item.values["active"]
        dirty = person.pk is None
        for name, value in wanted.items():
            if getattr(person, name) != value:
                setattr(person, name, value)
                dirty = True
        if person.pk is None:
            person.save()
            created.add(person.pk)
        elif dirty:
            changed.add(person.pk)
    for item in plan.rows:  # the line, now that everyone has a record
        person = item.person
        for key in ("supervisor", "reviewer"):
            if key not in columns:
                continue
            target = getattr(item, key)
            target = target.person if isinstance(target, _Row) else target
            if getattr(person, f"{key}_id") != (target.pk if target else None):
                setattr(person, key, target)
                changed.add(person.pk)
        if person.pk in changed:
            person.save()
        if person.pk in created:
            result.count("people", "created")
        elif person.pk in changed:
            result.count("people", "updated")
        else:
            result.count("people", "unchanged")


def import_staff(org, file, *, access, progress: Progress = no_progress) -> ImportResult:
    """Read and check the whole file, then save the staff (and the new positions) in one transaction; or
    nothing. The rules: this module's docstring."""

    def read(book, result):
        return _Reader(org, access, result.errors, progress).read(book)

    def write(plan, result):
        _write(org, access, plan, result, progress)

    return import_workbook(file, kinds=KINDS, csv_sheet=SHEET, read=read, write=write)
