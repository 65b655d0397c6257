"""Indicators (KPIs) and their targets per fiscal year: export, template and import.

One row per indicator: its code (the key an import matches by), name, owner (the organization, a
strategy, a goal or a project of the plan), every setting a planner gives it, and its targets for
each fiscal year in the file (annual and quarters 1–4). The import checks each indicator with the
model's own field checks and ``plans.rules.indicator_errors``; the targets are compared with the
annual target by ``plans.rules.check_targets`` (a disagreement is a warning, as on the screen).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.excel import (
    Book,
    Choices,
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
    number,
    read_fields,
    text,
    yes_no,
)
from core.money import format_number
from core.tenancy import bulk_written
from orgs.models import Department
from plans.models import DevelopmentPlan, Goal, Indicator, Project, Strategy, Target
from plans.rules import check_targets, indicator_errors

SHEET = "ตัวชี้วัด"
HELP_SHEET = "คำแนะนำ"
KINDS = ("indicators", "targets")
HUNDRED = Decimal(100)
OWNER_KINDS = [
    ("organization", gettext_lazy("Organization")),
    ("strategy", gettext_lazy("Strategy")),
    ("goal", gettext_lazy("Goal / tactic")),
    ("project", gettext_lazy("Project")),
]
PERIOD_NAMES = {0: "ทั้งปี", 1: "ไตรมาส 1", 2: "ไตรมาส 2", 3: "ไตรมาส 3", 4: "ไตรมาส 4"}
TARGET_RE = re.compile(r"ค่าเป้าหมาย(?:ปี)?(?:พ\.?ศ\.?|ค\.?ศ\.?)?(\d{4})(?:(ทั้งปี|รายปี)|(?:ไตรมาส(?:ที่)?|q)([1-4]))$")


def fields() -> list[Field]:
    """The indicator's columns, in the template's order (built per call: labels follow the language)."""
    M = Indicator
    return [
        Field("code", ("รหัสตัวชี้วัด", "รหัส"), width=16, limit=50),
        Field("name", ("ชื่อตัวชี้วัด", "ตัวชี้วัด"), width=40, limit=500),
        Field("owner_kind", ("ระดับ", "ระดับของตัวชี้วัด"), "choice", 14, choices=Choices(OWNER_KINDS)),
        Field("owner", ("รหัสโครงการ / เลขที่ยุทธศาสตร์ หรือเป้าประสงค์", "เจ้าของ"), width=18, limit=40),
        Field("department", "หน่วยงานที่รับผิดชอบ", width=20, limit=255),
        Field("kind", "ประเภทตัวชี้วัด", "choice", 12, choices=Choices(M.Kind.choices, blank=M.Kind.OUTPUT)),
        Field("definition", ("นิยาม/คำอธิบาย", "นิยาม"), width=30),
        Field("unit", "หน่วยนับ", width=10, limit=50),
        Field(
            "measure_type",
            "ลักษณะการวัด",
            "choice",
            18,
            choices=Choices(M.MeasureType.choices, blank=M.MeasureType.NUMBER),
        ),
        Field("numerator_label", "ตัวตั้ง (ความหมาย)", width=20, limit=255),
        Field("denominator_label", "ตัวหาร (ความหมาย)", width=20, limit=255),
        Field("numerator_le_denominator", "ตัวตั้งต้องไม่เกินตัวหาร", "yes_no", 12),
        Field("direction", "ทิศทาง", "choice", 16, choices=Choices(M.Direction.choices, blank=M.Direction.HIGHER)),
        Field("range_low", "ช่วงจาก", "number", 10),
        Field("range_high", "ช่วงถึง", "number", 10),
        Field(
            "aggregation",
            "การรวมผลระหว่างงวด",
            "choice",
            20,
            choices=Choices(M.Aggregation.choices, blank=M.Aggregation.SUM),
        ),
        Field("baseline_value", "ค่าฐาน", "number", 10),
        Field("baseline_year", ("ปีของค่าฐาน (พ.ศ.)", "ปีของค่าฐาน"), "year", 10),
        Field("perspective", ("มุมมอง (BSC)", "มุมมอง"), "choice", 18, choices=Choices(M.Perspective.choices, blank="")),
        Field("weight", ("น้ำหนัก (%)", "น้ำหนัก"), "number", 10, places=2, digits=5, minimum=Decimal(0), maximum=HUNDRED),
        *[Field(f"level_{n}", f"เกณฑ์ระดับ {n}", "number", 10) for n in range(1, 6)],
        Field("disaggregation_label", "จำแนกตาม", width=14, limit=100),
        Field("disaggregation_categories", ("กลุ่มที่จำแนก (บรรทัดละกลุ่ม)", "กลุ่มที่จำแนก"), width=20),
        Field("data_source", "แหล่งข้อมูล", width=20, limit=255),
        Field("collection_method", "วิธีเก็บข้อมูล", width=20, limit=255),
        Field(
            "frequency",
            "ความถี่การรายงาน",
            "choice",
            14,
            choices=Choices(M.Frequency.choices, blank=M.Frequency.QUARTERLY),
        ),
    ]


MODEL_FIELDS = [
    "name",
    "kind",
    "definition",
    "unit",
    "measure_type",
    "numerator_label",
    "denominator_label",
    "numerator_le_denominator",
    "direction",
    "range_low",
    "range_high",
    "aggregation",
    "baseline_value",
    "baseline_year",
    "perspective",
    "weight",
    *Indicator.LEVEL_FIELDS,
    "disaggregation_label",
    "disaggregation_categories",
    "data_source",
    "collection_method",
    "frequency",
]
DEFAULTS = {"numerator_le_denominator": True, "weight": Decimal("0.00")}


def _target_title(year: int, period: int) -> str:
    return f"ค่าเป้าหมาย {year} {PERIOD_NAMES[period]}"


def _match_target(key: str):
    if match := TARGET_RE.match(key):
        year = int(match.group(1))
        year = year + 543 if 1900 <= year <= 2200 else year
        return ("target", year, 0 if match.group(2) else int(match.group(3)))
    return None


HELP_LINES = [
    "วิธีใช้แฟ้มนี้ (ตัวชี้วัดและค่าเป้าหมาย)",
    "1. หนึ่งแถวต่อหนึ่งตัวชี้วัด ห้ามเปลี่ยนหัวตาราง (ลำดับคอลัมน์เปลี่ยนได้ ลบคอลัมน์ที่ไม่ต้องการแก้ได้ คอลัมน์ที่ไม่มีในแฟ้มจะไม่ถูกเปลี่ยน)",
    "2. รหัสตัวชี้วัด: ห้ามว่างและห้ามซ้ำ ใช้จับคู่ตัวชี้วัดเดิม (แก้ไขแทนการเพิ่มใหม่) ตัวชี้วัดใหม่ให้ตั้งรหัสใหม่ เช่น รหัสโครงการ-K1",
    "3. ระดับ: อปท. / ยุทธศาสตร์ / เป้าประสงค์ / โครงการ แล้วใส่รหัสโครงการ เลขที่ยุทธศาสตร์ (เช่น 1) "
    "หรือเลขที่เป้าประสงค์ (เช่น 1.1) ในคอลัมน์ถัดไป ตัวชี้วัดเดิมย้ายระดับไม่ได้",
    "4. คอลัมน์ที่มีรายการให้เลือก (ประเภท ลักษณะการวัด ทิศทาง การรวมผล มุมมอง ความถี่) ให้เลือกจากรายการ ช่องว่าง = ค่าเริ่มต้น",
    "5. ตัวเลขใส่จุลภาคหรือเลขไทยได้ ปีเป็น พ.ศ. (ใส่ ค.ศ. ได้ ระบบจะแปลงให้)",
    "6. ค่าเป้าหมาย: หนึ่งคอลัมน์ต่อปีและงวด เช่น ค่าเป้าหมาย 2569 ทั้งปี, ค่าเป้าหมาย 2569 ไตรมาส 1 "
    "ช่องว่าง = ไม่มีค่าเป้าหมายงวดนั้น ตัวชี้วัดเชิงคุณภาพใส่เป็นข้อความ ตัวชี้วัดแบบใช่/ไม่ใช่ใส่ 1 หรือ 0",
    "7. ตัวชี้วัดที่ไม่อยู่ในแฟ้มจะไม่ถูกลบ",
    "8. ห้ามใช้สูตร ให้วางเป็นค่า (Paste values) ก่อนนำเข้า",
    "9. หากมีข้อผิดพลาดแม้แถวเดียว ระบบจะไม่บันทึกอะไรเลย และแสดงรายการที่ต้องแก้ พร้อมแฟ้มรายการข้อผิดพลาด",
    "10. นำเข้าแฟ้ม CSV ได้ (UTF-8 หรือภาษาไทยของ Windows) โดยใช้หัวตารางเดียวกับแผ่นงานตัวชี้วัด",
]


def plan_indicators(plan: DevelopmentPlan):
    """The plan's indicators (of its strategies, goals and projects) and the organization's own."""
    return (
        Indicator.objects.for_org(plan.organization)
        .filter(
            Q(project__program__goal__strategy__plan=plan)
            | Q(goal__strategy__plan=plan)
            | Q(strategy__plan=plan)
            | Q(project__isnull=True, goal__isnull=True, strategy__isnull=True)
        )
        .select_related("project__program__goal__strategy", "goal__strategy", "strategy", "department")
    )


def _owner(kpi) -> tuple[str, str]:
    if kpi.project_id:
        return "project", kpi.project.code
    if kpi.goal_id:
        return "goal", kpi.goal.number
    if kpi.strategy_id:
        return "strategy", str(kpi.strategy.number)
    return "organization", ""


def _sort_key(kpi):
    kind, _ref = _owner(kpi)
    if kpi.project_id:
        p = kpi.project
        g = p.program.goal
        place = (g.strategy.order, g.strategy.number, g.order, g.number, p.program.order, p.order, p.code)
    elif kpi.goal_id:
        place = (kpi.goal.strategy.order, kpi.goal.strategy.number, kpi.goal.order, kpi.goal.number)
    elif kpi.strategy_id:
        place = (kpi.strategy.order, kpi.strategy.number)
    else:
        place = ()
    rank = {"organization": 0, "strategy": 1, "goal": 2, "project": 3}[kind]
    return (rank, *[str(x) if isinstance(x, str) else f"{x:09d}" for x in place], kpi.order, kpi.pk)


# Export ------------------------------------------------------------------------------------------


def export_kpis(plan: DevelopmentPlan, years: list[int], *, access=None, into=None) -> bytes | None:
    """The plan's indicators with their targets of ``years``: the template to fill in and import.

    ``access`` (orgs.access.Access) keeps the indicators to those the person sees, as the indicator pages do
    (a department reporter: their department's projects' and those no project owns); without it (the
    command line) every indicator is written. Given a binary file ``into``, the workbook is written there
    (and None returned).
    """
    specs = fields()
    template = Template()
    columns = [f.column() for f in specs]
    for year in years:
        for period in range(5):
            columns.append(Field(("target", year, period), _target_title(year, period), "number", 14).column())
    sheet = template.sheet(SHEET, columns)
    scoped = plan_indicators(plan)
    if access is not None:
        scoped = access.scope_indicators(scoped)
    kpis = sorted(scoped, key=_sort_key)
    targets = {}
    rows = (
        Target.objects.for_org(plan.organization)
        .filter(indicator__in=scoped.values("pk"), fiscal_year__in=years)
        .values_list("indicator_id", "fiscal_year", "period", "value", "text")
    )
    for indicator_id, year, period, value, words in rows.iterator(chunk_size=5000):
        targets[(indicator_id, year, period)] = (value, words)
    for kpi in kpis:
        kind, ref = _owner(kpi)
        values = {f.key: f.show(getattr(kpi, f.key)) for f in specs if f.key in MODEL_FIELDS}
        values.update(
            {
                "code": kpi.code,
                "owner_kind": specs[2].show(kind),
                "owner": ref,
                "department": kpi.department.name if kpi.department_id else None,
            }
        )
        for year in years:
            for period in range(5):
                target = targets.get((kpi.pk, year, period))
                if target is not None:
                    text_target = kpi.measure_type == Indicator.MeasureType.TEXT
                    values[("target", year, period)] = target[1] if text_target else target[0]
        template.row(sheet, values)
    last = sheet.max_row
    for spec in specs:
        if spec.kind == "choice":
            template.dropdown(sheet, spec.key, spec.choices.labels(), first=2, last=last)
        elif spec.kind == "yes_no":
            template.dropdown(sheet, spec.key, [_("Yes"), _("No")], first=2, last=last)
    template.dropdown(
        sheet, "department", [d.name for d in Department.objects.for_org(plan.organization)], first=2, last=last
    )
    template.instructions(HELP_SHEET, HELP_LINES)
    return template.save(into)


# Import ------------------------------------------------------------------------------------------


@dataclass
class _Planned:
    """One row of the file, checked: the indicator as it will be, what changes, and its targets."""

    number: int
    kpi: Indicator
    changed: list[str]
    targets: dict = field(default_factory=dict)  # (year, period) → value or text, or None to remove


class _Owners:
    """The owners an indicator of this plan may have, found by the file's references."""

    def __init__(self, plan):
        org = plan.organization
        self.projects = {p.code: p for p in Project.objects.for_org(org).filter(program__goal__strategy__plan=plan)}
        self.strategies = {str(s.number): s for s in Strategy.objects.for_org(org).filter(plan=plan)}
        self.goals = {}
        for goal in Goal.objects.for_org(org).filter(strategy__plan=plan).select_related("strategy"):
            self.goals.setdefault(goal.number, goal)

    def find(self, kind, ref):
        """(field, object) of the owner, or raise LookupError with a message."""
        ref = text(ref)
        if kind is None:  # not said: a project code, else a goal number, else a strategy number
            if ref in self.projects:
                kind = "project"
            elif not ref:
                kind = "organization"
            else:
                kind = "goal" if "." in ref else "strategy"
        if kind == "organization":
            return None, None
        table = {"project": self.projects, "goal": self.goals, "strategy": self.strategies}[kind]
        key = ref.rstrip(".") if kind != "project" else ref
        if key not in table:
            raise LookupError(
                {
                    "project": _("No project with the code %(ref)s in this plan."),
                    "goal": _("No goal numbered %(ref)s in this plan."),
                    "strategy": _("No strategy numbered %(ref)s in this plan."),
                }[kind]
                % {"ref": ref or "–"}
            )
        return kind, table[key]


def _in_plan(kpi, plan) -> bool:
    if kpi.project_id:
        return kpi.project.program.goal.strategy.plan_id == plan.pk
    if kpi.goal_id:
        return kpi.goal.strategy.plan_id == plan.pk
    if kpi.strategy_id:
        return kpi.strategy.plan_id == plan.pk
    return True


def _read(book: Book, plan, errors: Errors, progress: Progress) -> list[_Planned]:
    name = book.find(SHEET)
    if name is None:
        errors.add(
            SHEET,
            None,
            None,
            "",
            _('The workbook has no sheet named "%(sheet)s". Export the indicators to get the template.')
            % {"sheet": SHEET},
        )
        return []
    sheet = book.sheet(name, errors)
    sheet.name = SHEET
    if errors:
        return []
    specs = fields()
    by_key = {f.key: f for f in specs}
    header = find_header(
        sheet,
        field_matcher(specs, _match_target),
        anchor="code",
        required={"code": by_key["code"].heading, "name": by_key["name"].heading},
        errors=errors,
    )
    if header is None or errors:
        return []
    columns = header.columns
    target_cols = {}
    for key, col in columns.items():
        if isinstance(key, tuple):
            if key[1] not in plan.fiscal_years:
                errors.add(
                    SHEET,
                    header.row,
                    col,
                    key[1],
                    _("Fiscal year %(year)s is not a year of this plan (%(first)s–%(last)s). Remove the column.")
                    % {"year": key[1], "first": plan.first_year, "last": plan.last_year},
                )
            target_cols[(key[1], key[2])] = col
    if errors:
        return []
    org = plan.organization
    owners = _Owners(plan)
    existing = {
        k.code: k
        for k in Indicator.objects.for_org(org)
        .exclude(code="")
        .select_related("project__program__goal__strategy", "goal__strategy", "strategy")
    }
    departments = {}
    for dept in Department.objects.for_org(org):
        departments.setdefault(re.sub(r"\s+", " ", dept.name.strip()), dept)
        if dept.short_name.strip():
            departments.setdefault(re.sub(r"\s+", " ", dept.short_name.strip()), dept)
    planned, seen = [], {}
    total = len(header.data)
    for index, row in enumerate(header.data):
        if index % 200 == 0:
            progress(index, total, _("Checking the rows"))
        if formula_cells(SHEET, row, errors):
            continue
        before = len(errors)
        values = read_fields(SHEET, row, columns, specs, errors)
        code = values.get("code", "")
        if not code:
            errors.add(
                SHEET,
                row.number,
                columns["code"],
                "",
                _('"%(title)s" is empty; fill it in.') % {"title": by_key["code"].heading},
            )
        elif code in seen:
            errors.add(
                SHEET,
                row.number,
                columns["code"],
                code,
                _("Indicator code %(code)s is also on row %(row)s; each indicator needs its own code.")
                % {"code": code, "row": seen[code]},
            )
        seen.setdefault(code, row.number)
        if "name" in values and not values["name"]:
            errors.add(
                SHEET,
                row.number,
                columns["name"],
                "",
                _('"%(title)s" is empty; fill it in.') % {"title": by_key["name"].heading},
            )
        current = existing.get(code)
        if current is not None and not _in_plan(current, plan):
            errors.add(
                SHEET,
                row.number,
                columns["code"],
                code,
                _("Indicator code %(code)s belongs to an indicator of another development plan. Use another code.")
                % {"code": code},
            )
            continue
        # the owner: said by the file, or kept
        owner_field, owner = None, None
        if "owner" in columns or "owner_kind" in columns:
            try:
                owner_field, owner = owners.find(values.get("owner_kind"), row.get(columns.get("owner")))
            except LookupError as missing:
                errors.add(SHEET, row.number, columns.get("owner"), row.get(columns.get("owner")), str(missing))
                continue
            if current is not None and (owner_field, getattr(owner, "pk", None)) != _owner_key(current):
                errors.add(
                    SHEET,
                    row.number,
                    columns.get("owner", columns.get("owner_kind")),
                    row.get(columns.get("owner")),
                    _(
                        "An indicator cannot move to another owner. Keep the owner of %(code)s, or give the new "
                        "indicator a new code."
                    )
                    % {"code": code},
                )
                continue
        elif current is None:
            errors.add(
                SHEET,
                row.number,
                None,
                code,
                _('Indicator %(code)s is new: say what it belongs to in the column "%(title)s".')
                % {"code": code, "title": by_key["owner"].heading},
            )
            continue
        if "department" in values:
            dept_name = re.sub(r"\s+", " ", values["department"])
            values["department"] = departments.get(dept_name) if dept_name else None
            if dept_name and values["department"] is None:
                errors.add(
                    SHEET,
                    row.number,
                    columns["department"],
                    dept_name,
                    _(
                        'Unknown department "%(name)s". Use the name of a department of this organization '
                        "(Manage organization lists them)."
                    )
                    % {"name": dept_name},
                )
        if len(errors) != before:
            continue
        kpi = _candidate(org, current, owner_field, owner, values)
        changed = [n for n in [*MODEL_FIELDS, "department"] if n in values and _differs(current, n, values)]
        _check(kpi, row, columns, by_key, errors)
        targets = _targets(kpi, row, target_cols, errors)
        if len(errors) == before:
            planned.append(_Planned(row.number, kpi, changed, targets))
    if not planned and not errors:
        errors.add(SHEET, None, None, "", _("The sheet has no indicators under its header row."))
    return planned


def _owner_key(kpi) -> tuple:
    kind, _ref = _owner(kpi)
    ids = {"project": kpi.project_id, "goal": kpi.goal_id, "strategy": kpi.strategy_id, "organization": None}
    return (None if kind == "organization" else kind, ids[kind])


def _candidate(org, current, owner_field, owner, values) -> Indicator:
    """The indicator as the row says it is (a copy of the current one, or a new one)."""
    if current is not None:
        kpi = copy.copy(current)
    else:
        kpi = Indicator(organization=org, code=values["code"], **DEFAULTS)
        if owner_field:
            setattr(kpi, owner_field, owner)
    for name in MODEL_FIELDS:
        if name in values:
            value = values[name]
            if value is None and name in DEFAULTS:
                value = DEFAULTS[name]
            setattr(kpi, name, value)
    if "department" in values:
        kpi.department = values["department"]
    return kpi


def _differs(current, name, values) -> bool:
    if current is None:
        return True
    value = values[name]
    if value is None and name in DEFAULTS:
        value = DEFAULTS[name]
    if name == "department":
        return current.department_id != (value.pk if value else None)
    return getattr(current, name) != value


def _check(kpi, row, columns, by_key, errors) -> None:
    """The model's own field checks and the plan's rules (``indicator_errors``), put on their columns."""
    problems = {}
    try:
        kpi.clean_fields(exclude=["organization", "strategy", "goal", "project", "department", "code", "order"])
    except ValidationError as error:
        problems.update(error.message_dict)
    try:
        indicator_errors(kpi)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            problems.setdefault(name, []).extend(messages)
    for name, messages in problems.items():
        col = columns.get(name)
        for message in dict.fromkeys(messages):
            if col is None and name in by_key:
                message = f"{by_key[name].heading}: {message}"
            errors.add(SHEET, row.number, col, row.get(col) if col is not None else "", message)


def _targets(kpi, row, target_cols, errors) -> dict:
    textual = kpi.measure_type == Indicator.MeasureType.TEXT
    found = {}
    for (year, period), col in target_cols.items():
        raw = row.get(col)
        try:
            if textual:
                value = text(raw)
                if len(value) > 500:
                    raise ValueError
                value = value or None
            elif kpi.measure_type == Indicator.MeasureType.YES_NO and not isinstance(raw, int | float | Decimal):
                flag = yes_no(raw)
                value = None if flag is None else Decimal(int(flag))
            else:
                value = number(raw)
        except (ValueError, TypeError):
            message = (
                _("The target must be a text of at most 500 characters.")
                if textual
                else _("The target of %(year)s (%(period)s) must be a number such as 1,234.5 (or empty).")
                % {"year": year, "period": PERIOD_NAMES[period]}
            )
            errors.add(SHEET, row.number, col, raw, message)
            continue
        found[(year, period)] = value
    return found


def _warnings(planned: list[_Planned]) -> list[str]:
    """Years whose quarter targets do not add up to the annual target (saved all the same, as on screen)."""
    warnings = []
    for item in planned:
        kpi = item.kpi
        if kpi.measure_type == Indicator.MeasureType.TEXT:
            continue
        for year in sorted({y for y, _p in item.targets}):
            if any((year, p) not in item.targets for p in range(5)):
                continue
            values = [item.targets[(year, p)] for p in range(5)]
            check = check_targets(kpi, values[0], values[1:])
            if not check.agrees:
                warnings.append(
                    _(
                        "%(code)s, %(year)s: the quarter targets give %(implied)s for the year, "
                        "not the annual target %(annual)s."
                    )
                    % {
                        "code": kpi.code,
                        "year": year,
                        "implied": format_number(check.implied),
                        "annual": format_number(check.annual),
                    }
                )
    return warnings


def _write(plan, planned: list[_Planned], result: ImportResult, user, progress: Progress) -> None:
    org = plan.organization
    new = [p.kpi for p in planned if p.kpi.pk is None]
    changed = [p for p in planned if p.kpi.pk is not None and p.changed]
    orders = {}
    for owner in Indicator.objects.for_org(org).values_list("project_id", "goal_id", "strategy_id", "order"):
        key = owner[:3]
        orders[key] = max(orders.get(key, 0), owner[3] + 1)
    for kpi in new:
        key = (kpi.project_id, kpi.goal_id, kpi.strategy_id)
        kpi.order = orders.get(key, 0)
        orders[key] = kpi.order + 1
    bulk_create_with_history(new, Indicator, batch_size=500, default_user=user)
    if changed:
        names = sorted({n for p in changed for n in p.changed})
        bulk_update_with_history([p.kpi for p in changed], Indicator, names, batch_size=500, default_user=user)
    result.count("indicators", "created", len(new))
    result.count("indicators", "updated", len(changed))
    result.count("indicators", "unchanged", len(planned) - len(new) - len(changed))
    progress(len(planned) // 2, len(planned), _("Saving the targets"))

    have = {
        (t.indicator_id, t.fiscal_year, t.period): t
        for t in Target.objects.for_org(org).filter(indicator__in=[p.kpi.pk for p in planned if p.kpi.pk])
    }
    create, update, remove = [], [], []
    for item in planned:
        kpi = item.kpi
        textual = kpi.measure_type == Indicator.MeasureType.TEXT
        for (year, period), value in item.targets.items():
            target = have.get((kpi.pk, year, period))
            if value is None:
                if target is not None and (target.value is not None or target.text):
                    remove.append(target.pk)  # an empty target row is as good as none: left alone
                continue
            wanted = {"text": value, "value": None} if textual else {"value": value, "text": ""}
            if target is None:
                create.append(Target(organization=org, indicator=kpi, fiscal_year=year, period=period, **wanted))
            elif any(getattr(target, k) != v for k, v in wanted.items()):
                for k, v in wanted.items():
                    setattr(target, k, v)
                update.append(target)
            else:
                result.count("targets", "unchanged")
    bulk_create_with_history(create, Target, batch_size=500, default_user=user)
    if update:
        bulk_update_with_history(update, Target, ["value", "text"], batch_size=500, default_user=user)
    for target in Target.objects.filter(pk__in=remove):
        target._history_user = user
        target.delete()
    result.count("targets", "created", len(create))
    result.count("targets", "updated", len(update) + len(remove))
    bulk_written.send(sender=Target, org_id=plan.organization_id)
    progress(len(planned), len(planned), _("Saved"))


def import_kpis(plan: DevelopmentPlan, file, *, user=None, progress: Progress = no_progress) -> ImportResult:
    """Read and check every indicator row, then write them and their targets in one transaction; or nothing."""

    def read(book, result):
        planned = _read(book, plan, result.errors, progress)
        if not result.errors:
            result.warnings = _warnings(planned)
        return planned

    return import_workbook(
        file,
        kinds=KINDS,
        csv_sheet=SHEET,
        read=read,
        write=lambda planned, result: _write(plan, planned, result, user, progress),
    )
