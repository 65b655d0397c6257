"""Excel (XLSX) export and import of a development plan's project list in the shape of form ผ.02.

``export_plan(plan)`` writes a workbook; ``import_plan(plan, file)`` reads one back. The import reads
and checks every row first: any error and nothing is written (the errors say where and how to fix);
no error and everything is written in one transaction, touching only what changed, so importing the
same file twice changes nothing. Workbooks are opened read-only with cached values only: formulas are
never evaluated, and hostile files (not a workbook, encrypted, too big, zip bombs) are refused.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from core.calendar import from_thai_digits
from core.money import to_baht
from orgs.models import Department
from plans.models import DevelopmentPlan, Goal, Indicator, Program, Project, ProjectBudget, Strategy
from plans.services import next_order

MAIN_SHEET = "ผ.02"
STRATEGY_SHEET = "strategies"
HELP_SHEET = "คำแนะนำ"
MAX_UNCOMPRESSED = 50 * 1024 * 1024  # all the entries of the zip together
MAX_FILE = 20 * 1024 * 1024
MAX_COLUMNS = 100
MAX_AMOUNT = Decimal("999999999999.99")  # 14 digits, 2 places
OLE2 = b"\xd0\xcf\x11\xe0"
ZIP = b"PK\x03\x04"
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")

# Column key → Thai header of form ผ.02. Budgets come between output_target and expected_outcome.
HEAD = {
    "strategy": "ยุทธศาสตร์",
    "goal": "เป้าประสงค์/กลยุทธ์",
    "program": "แผนงาน",
    "code": "รหัสโครงการ",
    "name": "โครงการ",
    "objectives": "วัตถุประสงค์",
    "output_target": "เป้าหมาย (ผลผลิตของโครงการ)",
    "expected_outcome": "ผลที่คาดว่าจะได้รับ",
    "department": "หน่วยงานที่รับผิดชอบ",
    "kpis": "ตัวชี้วัด",
}
BUDGET_HEAD = "งบประมาณ"
REQUIRED = ("strategy", "goal", "program", "code", "name", "department")
WIDTHS = {
    "strategy": 11,
    "goal": 30,
    "program": 28,
    "code": 14,
    "name": 40,
    "objectives": 36,
    "output_target": 30,
    "expected_outcome": 30,
    "department": 20,
    "kpis": 30,
}
STRATEGY_HEAD = ["ยุทธศาสตร์ที่", "ชื่อยุทธศาสตร์", "เป้าประสงค์/กลยุทธ์ที่", "ชื่อเป้าประสงค์/กลยุทธ์"]
HELP_LINES = [
    "วิธีใช้แฟ้มนี้ (แบบ ผ.02 บัญชีโครงการพัฒนา)",
    "1. แผ่นงาน ผ.02: หนึ่งแถวต่อหนึ่งโครงการ ห้ามเปลี่ยนหัวตาราง (ลำดับคอลัมน์เปลี่ยนได้)",
    "2. ยุทธศาสตร์: ใส่เลขที่ยุทธศาสตร์ ชื่อยุทธศาสตร์อยู่ในแผ่นงาน strategies",
    "3. เป้าประสงค์/กลยุทธ์: เลขที่ตามด้วยชื่อ เช่น 1.1 ถนนได้มาตรฐาน",
    "4. รหัสโครงการ: ห้ามว่างและห้ามซ้ำ ใช้จับคู่โครงการเดิม (แก้ไขแทนการเพิ่มใหม่)",
    "5. งบประมาณ: ตัวเลขเท่านั้น (มีจุลภาคหรือเลขไทยได้) ช่องว่าง = ไม่ตั้งงบประมาณปีนั้น",
    "6. หน่วยงานที่รับผิดชอบ: ต้องตรงกับชื่อกอง/สำนักที่มีในระบบ",
    "7. ตัวชี้วัด: หนึ่งบรรทัดต่อหนึ่งตัวชี้วัด ตัวชี้วัดที่ยังไม่มีจะถูกเพิ่ม",
    "8. ห้ามใช้สูตร ให้วางเป็นค่า (Paste values) ก่อนนำเข้า",
    "9. หากมีข้อผิดพลาดแม้แถวเดียว ระบบจะไม่บันทึกอะไรเลย และแสดงรายการที่ต้องแก้",
]


class WorkbookRefused(Exception):
    """The file cannot be read as a workbook at all (the message says why)."""


@dataclass
class RowError:
    sheet: str
    row: int | None
    column: str
    value: str
    message: str


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    counts: dict[str, Counter] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, kind: str, outcome: str) -> None:
        self.counts.setdefault(kind, Counter())[outcome] += 1

    @property
    def summary(self) -> list[tuple[str, int, int, int]]:
        """(kind, created, updated, unchanged) per kind, in a fixed order."""
        kinds = ("strategies", "goals", "programs", "projects", "budgets", "indicators")
        return [
            (
                k,
                self.counts.get(k, Counter())["created"],
                self.counts.get(k, Counter())["updated"],
                self.counts.get(k, Counter())["unchanged"],
            )
            for k in kinds
        ]


# Export ------------------------------------------------------------------------------------------


def _put(cell, value):
    """Write a value; text that a spreadsheet would read as a formula stays text (quotePrefix)."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters cannot be stored in XLSX
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(DANGEROUS_START):
            cell.quotePrefix = True
    return cell


def export_plan(plan: DevelopmentPlan) -> bytes:
    years = plan.fiscal_years
    book = Workbook()
    sheet = book.active
    sheet.title = MAIN_SHEET
    keys = [*list(HEAD)[:7], *[("budget", y) for y in years], *list(HEAD)[7:]]
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for col, key in enumerate(keys, start=1):
        title = f"{BUDGET_HEAD} {key[1]}" if isinstance(key, tuple) else HEAD[key]
        cell = _put(sheet.cell(row=1, column=col), title)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        width = 16 if isinstance(key, tuple) else WIDTHS[key]
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A2"
    projects = (
        Project.objects.for_org(plan.organization)
        .filter(program__goal__strategy__plan=plan)
        .select_related("program__goal__strategy", "department")
        .prefetch_related("budgets", "indicators")
        .order_by(
            "program__goal__strategy__order",
            "program__goal__strategy__number",
            "program__goal__order",
            "program__goal__number",
            "program__order",
            "program__name",
            "order",
            "code",
        )
    )
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, project in enumerate(projects, start=2):
        goal = project.program.goal
        budgets = {b.fiscal_year: b.amount for b in project.budgets.all()}
        values = {
            "strategy": goal.strategy.number,
            "goal": f"{goal.number} {goal.name}",
            "program": project.program.name,
            "code": project.code,
            "name": project.name,
            "objectives": project.objectives,
            "output_target": project.output_target,
            "expected_outcome": project.expected_outcome,
            "department": project.department.name,
            "kpis": "\n".join(i.name for i in project.indicators.all()),
        }
        for col, key in enumerate(keys, start=1):
            cell = sheet.cell(row=row, column=col)
            if isinstance(key, tuple):
                amount = budgets.get(key[1])
                if amount is not None:
                    cell.value = amount
                    cell.number_format = "#,##0.00"
                cell.alignment = Alignment(vertical="top")
            else:
                _put(cell, values[key] if values[key] != "" else None)
                cell.alignment = wrap
    strategies = book.create_sheet(STRATEGY_SHEET)
    for col, title in enumerate(STRATEGY_HEAD, start=1):
        _put(strategies.cell(row=1, column=col), title).font = bold
        strategies.column_dimensions[get_column_letter(col)].width = (14, 50, 20, 50)[col - 1]
    strategies.freeze_panes = "A2"
    row = 2
    for strategy in plan.strategies.prefetch_related("goals"):
        goals = list(strategy.goals.all()) or [None]
        for goal in goals:
            strategies.cell(row=row, column=1, value=strategy.number)
            _put(strategies.cell(row=row, column=2), strategy.name)
            if goal is not None:
                _put(strategies.cell(row=row, column=3), goal.number)
                _put(strategies.cell(row=row, column=4), goal.name)
            row += 1
    instructions = book.create_sheet(HELP_SHEET)
    instructions.column_dimensions["A"].width = 100
    for n, line in enumerate(HELP_LINES, start=1):
        _put(instructions.cell(row=n, column=1), line)
    instructions["A1"].font = bold
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# Reading -----------------------------------------------------------------------------------------


def _open(data: bytes):
    """(values workbook, formulas workbook), or WorkbookRefused with a message for people."""
    if data[:4] == OLE2:
        raise WorkbookRefused(
            _(
                "This file is password-protected or an old .xls workbook. Remove the password or save it "
                "as an Excel workbook (.xlsx) and upload again."
            )
        )
    if data[:4] != ZIP:
        raise WorkbookRefused(_("This file is not an Excel workbook (.xlsx). Save it as .xlsx and upload again."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > 10000 or sum(e.file_size for e in entries) > MAX_UNCOMPRESSED:
                raise WorkbookRefused(
                    _("This workbook is too large once unpacked (over 50 MB). Remove other sheets and pictures.")
                )
        values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except WorkbookRefused:
        raise
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, TypeError) as error:
        raise WorkbookRefused(
            _("This file is not a readable Excel workbook (.xlsx). Save it again as .xlsx and upload again.")
        ) from error
    except Exception as error:  # any parser failure of a hostile file is a refusal, not a 500
        raise WorkbookRefused(_("This workbook could not be read. Save it again as .xlsx and upload again.")) from (
            error
        )
    return values, formulas


def _read_bytes(file) -> bytes:
    if isinstance(file, bytes | bytearray):
        return bytes(file)
    if isinstance(file, str) or hasattr(file, "__fspath__"):
        with open(file, "rb") as handle:
            return handle.read(MAX_FILE + 1)
    if hasattr(file, "seek"):
        file.seek(0)
    return file.read(MAX_FILE + 1)


def _text(value) -> str:
    """A cell as clean text: numbers without ".0", Windows line breaks folded, outer spaces dropped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _head_key(value) -> str:
    return re.sub(r"\s+", "", from_thai_digits(_text(value)))


HEAD_KEYS = {re.sub(r"\s+", "", title): key for key, title in HEAD.items()}
BUDGET_RE = re.compile(BUDGET_HEAD + r"(?:ปี)?(?:พ\.?ศ\.?)?(\d{4})$")
YEAR_RE = re.compile(r"(\d{4})")


class _Sheet:
    """Rows of one worksheet as (row number, values, formula flags), bounded in size."""

    def __init__(self, values_book, formulas_book, name, errors):
        self.name = name
        self.rows = []
        max_rows = settings.TIDTAM_IMPORT_MAX_ROWS
        value_rows = values_book[name].iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
        formula_rows = formulas_book[name].iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
        for number, (row, frow) in enumerate(zip(value_rows, formula_rows, strict=False), start=1):
            if len(row) > MAX_COLUMNS and any(v not in (None, "") for v in row[MAX_COLUMNS:]):
                errors.append(
                    RowError(
                        name,
                        number,
                        get_column_letter(MAX_COLUMNS + 1),
                        "",
                        _("The sheet has more than %(n)s columns. Delete the columns that are not part of the form.")
                        % {"n": MAX_COLUMNS},
                    )
                )
                self.rows = []
                return
            row = list(row[:MAX_COLUMNS])
            flags = [isinstance(v, str) and v.startswith("=") for v in frow[:MAX_COLUMNS]]
            if all(v is None or _text(v) == "" for v in row) and not any(flags):
                if number > 4 * max_rows:
                    break  # a long tail of empty formatted rows
                continue
            if number > max_rows + 10:
                errors.append(
                    RowError(
                        name,
                        number,
                        "",
                        "",
                        _("The sheet has more than %(n)s rows. Split the plan into smaller files.") % {"n": max_rows},
                    )
                )
                self.rows = []
                return
            self.rows.append((number, row, flags))


@dataclass
class _Row:
    number: int
    strategy: int
    goal_number: str
    goal_name: str
    program: str
    code: str
    fields: dict
    department: Department | None
    budgets: dict
    kpis: list


def _cell_error(errors, sheet, row, col, value, message):
    errors.append(RowError(sheet, row, get_column_letter(col + 1), _text(value)[:100], message))


def _amount(value):
    """Decimal baht of a budget cell, None for empty; ValueError when it is not an amount."""
    if value is None:
        return None
    if isinstance(value, bool | datetime | date | time):
        raise ValueError
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, str):
        value = value.strip()
        if value in ("", "-", "–"):
            return None
    amount = to_baht(value)
    if amount < 0 or amount > MAX_AMOUNT:
        raise ValueError
    return amount


def _strategy_number(value) -> int:
    if isinstance(value, bool | datetime | date | time):
        raise ValueError
    text = from_thai_digits(_text(value))
    text = re.sub(r"^ยุทธศาสตร์(ที่)?\s*", "", text)
    if not re.fullmatch(r"\d{1,4}", text):
        raise ValueError
    return int(text)


GOAL_RE = re.compile(r"(\d+(?:\.\d+)*)\.?(?:\s+(.*))?$", re.S)


def _goal(value) -> tuple[str, str]:
    text = from_thai_digits(_text(value))
    match = GOAL_RE.match(text)
    if not match or len(match.group(1)) > 20:
        raise ValueError
    return match.group(1), (match.group(2) or "").strip()


LIMITS = {"program": 500, "code": 40, "name": 500}


def _read_strategy_sheet(sheet, errors):
    """{strategy number: name}, {(strategy number, goal number): goal name} from the strategies sheet."""
    strategies, goals = {}, {}
    for number, row, flags in sheet.rows:
        if number == 1 or _text(row[0] if row else "") == STRATEGY_HEAD[0]:
            continue
        row = row + [None] * (4 - len(row))
        if any(flags[:4]) and any(f and row[i] is None for i, f in enumerate(flags[:4])):
            errors.append(RowError(sheet.name, number, "", "", _formula_message()))
            continue
        try:
            s_number = _strategy_number(row[0])
        except ValueError:
            _cell_error(
                errors, sheet.name, number, 0, row[0], _("The strategy number must be a whole number such as 1.")
            )
            continue
        name = _text(row[1])
        if name:
            if strategies.get(s_number, name) != name:
                _cell_error(
                    errors,
                    sheet.name,
                    number,
                    1,
                    name,
                    _("Strategy %(n)s has two different names; give it one name.") % {"n": s_number},
                )
            strategies[s_number] = name[:500]
        if _text(row[2]):
            try:
                g_number, _ignored = _goal(row[2])
            except ValueError:
                _cell_error(errors, sheet.name, number, 2, row[2], _("The goal number must look like 1.1."))
                continue
            if _text(row[3]):
                goals[(s_number, g_number)] = _text(row[3])[:500]
    return strategies, goals


def _formula_message():
    return _("Formulas are not accepted; copy the cells and paste them as values, then upload again.")


def _read_main(sheet, plan, errors):
    """The rows of ผ.02 as _Row objects (errors collected, nothing written)."""
    if not sheet.rows:
        errors.append(
            RowError(sheet.name, None, "", "", _("The sheet is empty: it needs the header row of form ผ.02."))
        )
        return []
    # The header row: the first row naming the project-code column.
    head_at = next(
        (i for i, (_n, row, _f) in enumerate(sheet.rows[:20]) if HEAD["code"] in {_head_key(v) for v in row}), None
    )
    if head_at is None:
        errors.append(
            RowError(
                sheet.name,
                sheet.rows[0][0],
                "",
                "",
                _('No header row found. The first row must hold the headers of form ผ.02, e.g. "%(code)s".')
                % {"code": HEAD["code"]},
            )
        )
        return []
    head_number, head, _flags = sheet.rows[head_at]
    columns, budgets = {}, {}
    data = sheet.rows[head_at + 1 :]
    # A second header row under merged "งบประมาณ" cells, holding the years.
    sub = data[0][1] if data else []
    carried = ""
    sub_used = False
    for col, value in enumerate(head):
        key = _head_key(value)
        carried = key or carried
        year = None
        if key in HEAD_KEYS:
            columns.setdefault(HEAD_KEYS[key], col)
            continue
        if match := BUDGET_RE.match(key):
            year = int(match.group(1))
        elif carried.startswith(BUDGET_HEAD) and col < len(sub) and (m := YEAR_RE.fullmatch(_head_key(sub[col]))):
            year, sub_used = int(m.group(1)), True
        if year is None:
            continue
        if year not in plan.fiscal_years:
            _cell_error(
                errors,
                sheet.name,
                head_number,
                col,
                value,
                _("Fiscal year %(year)s is not a year of this plan (%(first)s–%(last)s). Remove the column.")
                % {"year": year, "first": plan.first_year, "last": plan.last_year},
            )
        elif year in budgets:
            _cell_error(
                errors,
                sheet.name,
                head_number,
                col,
                value,
                _("Two columns hold the budget of %(year)s; keep one.") % {"year": year},
            )
        else:
            budgets[year] = col
    if sub_used:
        data = data[1:]
    for key in REQUIRED:
        if key not in columns:
            errors.append(
                RowError(
                    sheet.name,
                    head_number,
                    "",
                    "",
                    _('The column "%(title)s" is missing. Add it to the header row.') % {"title": HEAD[key]},
                )
            )
    if errors:
        return []
    departments = {}
    for dept in Department.objects.for_org(plan.organization):
        departments.setdefault(dept.name.strip(), dept)
        if dept.short_name.strip():
            departments.setdefault(dept.short_name.strip(), dept)
    rows, seen = [], {}
    for number, row, flags in data:
        row = row + [None] * (len(head) - len(row))
        flags = flags + [False] * (len(row) - len(flags))

        def cell(key, row=row):
            return row[columns[key]] if key in columns and columns[key] < len(row) else None

        bad = False
        for col, is_formula in enumerate(flags):
            if is_formula and row[col] is None:
                _cell_error(errors, sheet.name, number, col, "", _formula_message())
                bad = True
        if bad:
            continue
        count_before = len(errors)
        try:
            strategy = _strategy_number(cell("strategy"))
        except ValueError:
            strategy = 0
            _cell_error(
                errors,
                sheet.name,
                number,
                columns["strategy"],
                cell("strategy"),
                _("The strategy number must be a whole number such as 1."),
            )
        try:
            goal_number, goal_name = _goal(cell("goal"))
        except ValueError:
            goal_number, goal_name = "", ""
            _cell_error(
                errors,
                sheet.name,
                number,
                columns["goal"],
                cell("goal"),
                _('Start the goal with its number, e.g. "1.1 ถนนได้มาตรฐาน".'),
            )
        texts = {key: _text(cell(key)) for key in ("program", "code", "name")}
        for key, text in texts.items():
            if not text:
                _cell_error(
                    errors,
                    sheet.name,
                    number,
                    columns[key],
                    "",
                    _('"%(title)s" is empty; fill it in.') % {"title": HEAD[key]},
                )
            elif len(text) > LIMITS[key]:
                _cell_error(
                    errors,
                    sheet.name,
                    number,
                    columns[key],
                    text,
                    _('"%(title)s" is longer than %(n)s characters; shorten it.')
                    % {"title": HEAD[key], "n": LIMITS[key]},
                )
        code = texts["code"]
        if code and code in seen:
            _cell_error(
                errors,
                sheet.name,
                number,
                columns["code"],
                code,
                _("Project code %(code)s is also on row %(row)s; each project needs its own code.")
                % {"code": code, "row": seen[code]},
            )
        seen.setdefault(code, number)
        dept_name = _text(cell("department"))
        department = departments.get(re.sub(r"\s+", " ", dept_name))
        if department is None:
            _cell_error(
                errors,
                sheet.name,
                number,
                columns["department"],
                dept_name,
                _(
                    'Unknown department "%(name)s". Use the name of a department of this organization '
                    "(Manage organization lists them)."
                )
                % {"name": dept_name},
            )
        amounts = {}
        for year, col in budgets.items():
            value = row[col] if col < len(row) else None
            try:
                amounts[year] = _amount(value)
            except (ValueError, TypeError):
                _cell_error(
                    errors,
                    sheet.name,
                    number,
                    col,
                    value,
                    _("The budget of %(year)s must be an amount in baht such as 150,000.00 (or empty).")
                    % {"year": year},
                )
        fields = {
            "name": texts["name"],
            **{key: _text(cell(key)) for key in ("objectives", "output_target", "expected_outcome") if key in columns},
        }
        kpis = None
        if "kpis" in columns:
            kpis = list(dict.fromkeys(line.strip()[:500] for line in _text(cell("kpis")).split("\n") if line.strip()))
        if len(errors) == count_before:
            rows.append(
                _Row(
                    number, strategy, goal_number, goal_name, texts["program"], code, fields, department, amounts, kpis
                )
            )
    if not rows and not errors:
        errors.append(RowError(sheet.name, None, "", "", _("The sheet has no projects under its header row.")))
    return rows


def _check_tree(plan, rows, strategy_names, goal_names, errors):
    """Names for every strategy and goal; no project code of another plan."""
    existing_strategies = {s.number: s for s in plan.strategies.all()}
    goals = dict(goal_names)
    for row in rows:
        key = (row.strategy, row.goal_number)
        if row.goal_name:
            if goals.get(key, row.goal_name) != row.goal_name:
                errors.append(
                    RowError(
                        MAIN_SHEET,
                        row.number,
                        "",
                        row.goal_name,
                        _(
                            'Goal %(n)s has another name elsewhere in this file (or on the sheet "%(sheet)s"); '
                            "give it one name."
                        )
                        % {"n": row.goal_number, "sheet": STRATEGY_SHEET},
                    )
                )
            goals.setdefault(key, row.goal_name)
        if row.strategy not in strategy_names and row.strategy not in existing_strategies:
            errors.append(
                RowError(
                    MAIN_SHEET,
                    row.number,
                    "",
                    str(row.strategy),
                    _('Strategy %(n)s is not in this plan. Add its number and name to the sheet "%(sheet)s".')
                    % {"n": row.strategy, "sheet": STRATEGY_SHEET},
                )
            )
    existing_goals = set(Goal.objects.filter(strategy__plan=plan).values_list("strategy__number", "number"))
    for row in rows:
        key = (row.strategy, row.goal_number)
        if key not in goals and key not in existing_goals:
            errors.append(
                RowError(
                    MAIN_SHEET,
                    row.number,
                    "",
                    row.goal_number,
                    _('Goal %(n)s is new and has no name. Write it as "%(n)s name of the goal".')
                    % {"n": row.goal_number},
                )
            )
    others = dict(
        Project.objects.for_org(plan.organization)
        .filter(code__in=[r.code for r in rows])
        .exclude(program__goal__strategy__plan=plan)
        .values_list("code", "program__goal__strategy__plan__name")
    )
    for row in rows:
        if row.code in others:
            errors.append(
                RowError(
                    MAIN_SHEET,
                    row.number,
                    "",
                    row.code,
                    _("Project code %(code)s already belongs to another development plan (%(plan)s). Use another code.")
                    % {"code": row.code, "plan": others[row.code]},
                )
            )
    return goals


# Writing -----------------------------------------------------------------------------------------


def _save(result, kind, obj, values):
    """Set ``values`` on ``obj`` and save only when something differs; count what happened."""
    if obj.pk is None:
        for name, value in values.items():
            setattr(obj, name, value)
        obj.save()
        result.count(kind, "created")
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
        result.count(kind, "updated")
    else:
        result.count(kind, "unchanged")
    return obj


def _write(plan, rows, strategy_names, goal_names, result):
    org = plan.organization
    strategies = {s.number: s for s in plan.strategies.all()}
    for number in sorted({r.strategy for r in rows} | set(strategy_names)):
        strategy = strategies.get(number) or Strategy(
            organization=org, plan=plan, number=number, order=next_order(plan.strategies.all())
        )
        name = strategy_names.get(number, strategy.name)
        strategies[number] = _save(result, "strategies", strategy, {"name": name})
    goals = {
        (g.strategy.number, g.number): g for g in Goal.objects.filter(strategy__plan=plan).select_related("strategy")
    }
    wanted = list(dict.fromkeys([*goal_names, *((r.strategy, r.goal_number) for r in rows)]))
    for key in wanted:
        strategy = strategies[key[0]]
        goal = goals.get(key) or Goal(
            organization=org, strategy=strategy, number=key[1], order=next_order(strategy.goals.all())
        )
        goals[key] = _save(result, "goals", goal, {"name": goal_names.get(key, goal.name)})
    programs = {(p.goal_id, p.name): p for p in Program.objects.filter(goal__strategy__plan=plan)}
    projects = {p.code: p for p in Project.objects.for_org(org).filter(program__goal__strategy__plan=plan)}
    for row in rows:
        goal = goals[(row.strategy, row.goal_number)]
        program = programs.get((goal.pk, row.program))
        if program is None:
            program = Program(organization=org, goal=goal, name=row.program, order=next_order(goal.programs.all()))
            program.save()
            programs[(goal.pk, row.program)] = program
            result.count("programs", "created")
        project = projects.get(row.code)
        if project is None:
            project = Project(organization=org, code=row.code, order=next_order(program.projects.all()))
        project = _save(result, "projects", project, {**row.fields, "program": program, "department": row.department})
        have = {b.fiscal_year: b for b in project.budgets.all()}
        for year, amount in row.budgets.items():
            budget = have.get(year)
            if amount is None:
                if budget is not None:
                    budget.delete()
                    result.count("budgets", "updated")
                continue
            budget = budget or ProjectBudget(organization=org, project=project, fiscal_year=year)
            _save(result, "budgets", budget, {"amount": amount})
        if row.kpis is not None:
            names = set(project.indicators.values_list("name", flat=True))
            for name in row.kpis:
                if name in names:
                    result.count("indicators", "unchanged")
                else:
                    Indicator.objects.create(
                        organization=org, project=project, name=name, order=next_order(project.indicators.all())
                    )
                    result.count("indicators", "created")
    # programs seen again without a change
    seen_programs = {(goals[(r.strategy, r.goal_number)].pk, r.program) for r in rows}
    created = result.counts.get("programs", Counter())["created"]
    result.counts.setdefault("programs", Counter())["unchanged"] = len(seen_programs) - created


def import_plan(plan: DevelopmentPlan, file) -> ImportResult:
    """Read and check the whole workbook, then write it in one transaction; or write nothing."""
    result = ImportResult()
    errors = result.errors
    try:
        data = _read_bytes(file)
        if len(data) > MAX_FILE:
            raise WorkbookRefused(_("This file is larger than 20 MB. Remove other sheets and pictures."))
        values, formulas = _open(data)
    except WorkbookRefused as refused:
        errors.append(RowError("", None, "", "", str(refused)))
        return result
    try:
        if MAIN_SHEET not in values.sheetnames:
            errors.append(
                RowError(
                    MAIN_SHEET,
                    None,
                    "",
                    "",
                    _('The workbook has no sheet named "%(sheet)s". Export the plan to get the template.')
                    % {"sheet": MAIN_SHEET},
                )
            )
            return result
        strategy_names, goal_names = {}, {}
        if STRATEGY_SHEET in values.sheetnames:
            strategy_sheet = _Sheet(values, formulas, STRATEGY_SHEET, errors)
            strategy_names, goal_names = _read_strategy_sheet(strategy_sheet, errors)
        main = _Sheet(values, formulas, MAIN_SHEET, errors)
        rows = _read_main(main, plan, errors) if not errors else []
    except Exception as error:  # a damaged sheet deep in the zip: refuse, never 500
        errors.append(
            RowError("", None, "", "", _("This workbook could not be read. Save it again as .xlsx and upload again."))
        )
        del error
        return result
    finally:
        values.close()
        formulas.close()
    if errors:
        return result
    goal_names = _check_tree(plan, rows, strategy_names, goal_names, errors)
    if errors:
        return result
    with transaction.atomic():
        _write(plan, rows, strategy_names, goal_names, result)
    return result


def plan_for_year(org, year: int) -> DevelopmentPlan | None:
    return DevelopmentPlan.objects.for_org(org).filter(first_year__lte=year, last_year__gte=year).first()
