"""A department's results of one reporting period in Excel/CSV: export, template and import.

One sheet: a row per project of the department in the year's action plan (status, percent complete,
disbursed in the period, narrative, problems, solutions) followed by a row per KPI of that project
(its result in its measure type's form: a number, numerator and denominator, yes/no or text). Above
the header the file says which year, period and department it is for; a file of another period or
department is refused.

The import reads every row and checks it with the screens' own forms (``ReportForm``, ``ResultForm``,
so ``monitoring.rules``); only reports whose values differ are saved, each through
``workflow.report_save`` as the data-entry page does (period locking, report states, the reporter's
departments; an approved report needs the reason for the change and goes back to review). Any error,
found while reading or refused by the workflow, and nothing is saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from core.calendar import from_thai_digits
from core.excel import (
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
    yes_no_label,
)
from monitoring import selectors, workflow
from monitoring.forms import ReportForm, ResultForm, report_input, same_result
from monitoring.models import ProjectStatus, ReportState
from plans.models import Indicator

SHEET = "ผลการดำเนินงาน"
HELP_SHEET = "คำแนะนำ"
KINDS = ("reports", "results")
MeasureType = Indicator.MeasureType
ZERO = Decimal(0)
HUNDRED = Decimal(100)
INFO_KEYS = {"year": ("ปีงบประมาณ",), "period": ("งวดรายงาน", "งวดที่", "ไตรมาส"), "department": ("หน่วยงาน",)}
# the report form's fields, by the column that holds them
REPORT_COLUMNS = {
    "status": "project_status",
    "percent": "percent_complete",
    "disbursed": "disbursed",
    "narrative": "narrative",
    "problems": "problems",
    "solutions": "solutions",
    "over_budget_reason": "over_budget_reason",
    "confirm_completed": "confirm_completed",
    "change_reason": "change_reason",
}
RESULT_COLUMNS = {"value": "result", "yes_no": "result", "text": "result", "numerator": "numerator"}
RESULT_COLUMNS |= {"denominator": "denominator", "comment": "comment"}
HELP_LINES = [
    "วิธีใช้แฟ้มนี้ (รายงานผลการดำเนินงานของหน่วยงานในงวดรายงาน)",
    "1. ห้ามแก้ 3 แถวบนสุด (ปีงบประมาณ งวดรายงาน หน่วยงาน) แฟ้มของงวดหรือหน่วยงานอื่นจะนำเข้าไม่ได้",
    "2. แถวโครงการ (ช่องรหัสตัวชี้วัดว่าง): สถานะ ร้อยละความก้าวหน้า เงินที่เบิกจ่ายในงวดนี้ ผลการดำเนินงาน ปัญหาอุปสรรค แนวทางแก้ไข",
    "3. แถวตัวชี้วัด (มีรหัสตัวชี้วัด) อยู่ใต้โครงการของตน: ตัวชี้วัดแบบจำนวนใส่ตัวเลขในช่องผล "
    "แบบร้อยละใส่ตัวตั้งและตัวหาร (ช่องผลเว้นว่าง) แบบใช่/ไม่ใช่ใส่ ใช่ หรือ ไม่ใช่ แบบเชิงคุณภาพใส่ข้อความ",
    "4. แยกตามกลุ่ม: บรรทัดละกลุ่ม เช่น ชาย: 12 (ขึ้นบรรทัดใหม่) หญิง: 15",
    "5. คอลัมน์สีเทาเป็นข้อมูลประกอบ ระบบไม่นำเข้า",
    "6. รายงานที่ส่งแล้วและรอตรวจแก้ไม่ได้ รายงานที่อนุมัติแล้วแก้ได้เมื่อใส่เหตุผลการแก้ไข แล้วจะกลับไปรอตรวจอีกครั้ง",
    "7. ระบบบันทึกเป็นร่าง (เหมือนกดบันทึกร่างบนหน้าจอ) แล้วจึงกดส่งรายงานบนหน้าจอ",
    "8. ตัวเลขใส่จุลภาคหรือเลขไทยได้ ห้ามใช้สูตร ให้วางเป็นค่า (Paste values) ก่อนนำเข้า",
    "9. หากมีข้อผิดพลาดแม้แถวเดียว ระบบจะไม่บันทึกอะไรเลย และแสดงรายการที่ต้องแก้ พร้อมแฟ้มรายการข้อผิดพลาด",
    "10. นำเข้าแฟ้ม CSV ได้ (UTF-8 หรือภาษาไทยของ Windows) โดยใช้แถวบนสุดและหัวตารางเดียวกัน",
]


def fields() -> list[Field]:
    statuses = Choices(ProjectStatus.choices, blank="")
    return [
        Field("project", "รหัสโครงการ", width=14, limit=40),
        Field("indicator", "รหัสตัวชี้วัด", width=14, limit=50),
        Field("title", "โครงการ / ตัวชี้วัด", "info", 40),
        Field("budget", "งบประมาณ (บาท)", "info", 14, format="#,##0.00"),
        Field("status", "สถานะโครงการ", "choice", 20, choices=statuses),
        Field("percent", "ร้อยละความก้าวหน้า", "number", 10, places=2, digits=5, minimum=ZERO, maximum=HUNDRED),
        Field("disbursed", "เบิกจ่ายในงวดนี้ (บาท)", "number", 14, places=2, digits=14, minimum=ZERO, format="#,##0.00"),
        Field("narrative", ("ผลการดำเนินงาน (ทำอะไร ใครได้ประโยชน์ กี่คน)", "ผลการดำเนินงาน"), width=36),
        Field("problems", "ปัญหาอุปสรรค", width=28),
        Field("solutions", "แนวทางแก้ไข", width=28),
        Field("over_budget_reason", "เหตุผลที่เบิกจ่ายเกินงบประมาณ", width=24),
        Field("confirm_completed", "ยืนยันว่าแล้วเสร็จ", "yes_no", 12),
        Field("change_reason", "เหตุผลที่แก้ไขรายงานที่อนุมัติแล้ว", width=24),
        Field("measure", "ลักษณะการวัด", "info", 16),
        Field("unit", "หน่วยนับ", "info", 10),
        Field("target", "ค่าเป้าหมายงวดนี้", "info", 12),
        Field("result", "ผล", "raw", 14),
        Field("numerator", "ตัวตั้ง", "number", 12, minimum=ZERO),
        Field("denominator", "ตัวหาร", "number", 12),
        Field("breakdown", ("แยกตามกลุ่ม (กลุ่ม: ค่า บรรทัดละกลุ่ม)", "แยกตามกลุ่ม"), width=22),
        Field("comment", "หมายเหตุ", width=24),
        Field("state", "สถานะรายงาน", "info", 14),
    ]


# Export ------------------------------------------------------------------------------------------


def _target(card, kpi, period):
    targets = card.targets.get(kpi.pk, {})
    target = targets.get(period.quarter) or targets.get(0)
    if target is None:
        return None
    return target.text if kpi.measure_type == MeasureType.TEXT else target.value


def _result_cell(kpi, result):
    if result is None:
        return None
    if kpi.measure_type == MeasureType.YES_NO:
        return yes_no_label(result.yes_no) or None
    if kpi.measure_type == MeasureType.TEXT:
        return result.text
    if kpi.measure_type == MeasureType.PERCENTAGE:
        return None
    return result.value


def export_results(period, department, *, access, today=None, into=None) -> bytes | None:
    """The department's projects and KPIs of the period with what was reported so far (the template);
    written into the binary file ``into`` when given."""
    today = today or timezone.localdate()
    specs = fields()
    by_key = {f.key: f for f in specs}
    template = Template()
    above = [
        ["ปีงบประมาณ", period.fiscal_year],
        ["งวดรายงาน", period.number, str(period)],
        ["หน่วยงาน", department.name],
    ]
    sheet = template.sheet(SHEET, [f.column() for f in specs], above=above)
    first = sheet.max_row + 1
    measures = Choices(MeasureType.choices)
    for card in selectors.cards(period.organization, period, access, today, department_id=department.pk):
        report, project = card.report, card.project
        template.row(
            sheet,
            {
                "project": project.code,
                "title": project.name,
                "budget": card.item.budget,
                "status": by_key["status"].show(report.project_status),
                "percent": report.percent_complete,
                "disbursed": report.disbursed,
                "narrative": report.narrative,
                "problems": report.problems,
                "solutions": report.solutions,
                "over_budget_reason": report.over_budget_reason,
                "state": report.get_state_display() if report.pk else None,
            },
        )
        for kpi in card.indicators:
            result = card.results.get(kpi.pk)
            template.row(
                sheet,
                {
                    "project": project.code,
                    "indicator": kpi.code,
                    "title": kpi.name,
                    "measure": measures.label(kpi.measure_type),
                    "unit": kpi.unit,
                    "target": _target(card, kpi, period),
                    "result": _result_cell(kpi, result),
                    "numerator": result.numerator if result else None,
                    "denominator": result.denominator if result else None,
                    "breakdown": "\n".join(f"{k}: {v}" for k, v in result.breakdown.items()) if result else None,
                    "comment": result.comment if result else None,
                },
            )
    last = sheet.max_row
    template.dropdown(sheet, "status", by_key["status"].choices.labels(), first=first, last=last)
    template.dropdown(sheet, "confirm_completed", [_("Yes"), _("No")], first=first, last=last)
    template.instructions(HELP_SHEET, HELP_LINES)
    return template.save(into)


# Import ------------------------------------------------------------------------------------------


@dataclass
class _Project:
    card: object
    row: int
    values: dict = field(default_factory=dict)  # column key → value read from the project row
    kpis: dict = field(default_factory=dict)  # indicator id → (row number, values)


@dataclass
class _Save:
    card: object
    form: ReportForm
    result_forms: list
    row: int
    new_results: int
    changed_results: int


def _squash(value) -> str:
    return re.sub(r"\s+", "", text(value))


def _check_info(sheet, header, period, department, errors) -> None:
    """The year, period and department the file says it is for must be this page's."""
    for row in sheet.rows:
        if row.number >= header.row:
            break
        key = _squash(row.get(0))
        value = from_thai_digits(text(row.get(1)))  # "๒๕๖๙" is 2569 (\D keeps Thai digits)
        if key in INFO_KEYS["year"] and value:
            wanted, found = str(period.fiscal_year), re.sub(r"\D", "", value)
        elif key in INFO_KEYS["period"] and value:
            wanted, found = str(period.number), re.sub(r"\D", "", value)
        elif key in INFO_KEYS["department"] and value:
            wanted, found = _squash(department.name), _squash(value)
        else:
            continue
        if found != wanted:
            errors.add(
                SHEET,
                row.number,
                1,
                value,
                _(
                    "This file is for another fiscal year, period or department (%(found)s). Export the file of "
                    "%(department)s, %(period)s and fill that one in."
                )
                % {"found": value, "department": department.name, "period": period},
            )


def _read(book, period, department, cards, errors, progress) -> tuple[list[_Project], dict]:
    name = book.find(SHEET)
    if name is None:
        errors.add(
            SHEET,
            None,
            None,
            "",
            _('The workbook has no sheet named "%(sheet)s". Export the results to get the template.')
            % {"sheet": SHEET},
        )
        return [], {}
    sheet = book.sheet(name, errors)
    sheet.name = SHEET
    if errors:
        return [], {}
    specs = fields()
    by_key = {f.key: f for f in specs}
    header = find_header(
        sheet, field_matcher(specs), anchor="project", required={"project": by_key["project"].heading}, errors=errors
    )
    if header is None or errors:
        return [], {}
    _check_info(sheet, header, period, department, errors)
    if errors:
        return [], {}
    columns = header.columns
    by_code = {card.project.code: card for card in cards}
    projects: dict[str, _Project] = {}
    current = None
    total = len(header.data)
    for index, row in enumerate(header.data):
        if index % 100 == 0:
            progress(index, total, _("Checking the rows"))
        if formula_cells(SHEET, row, errors):
            continue
        values = read_fields(SHEET, row, columns, [f for f in specs if f.kind != "raw"], errors)
        values["result"] = row.get(columns.get("result"))
        code = values.get("project") or (current.card.project.code if current and values.get("indicator") else "")
        if not code:
            errors.add(
                SHEET,
                row.number,
                columns["project"],
                "",
                _('"%(title)s" is empty; fill it in.') % {"title": by_key["project"].heading},
            )
            continue
        card = by_code.get(code)
        if card is None:
            errors.add(
                SHEET,
                row.number,
                columns["project"],
                code,
                _(
                    "Project %(code)s is not a project of %(department)s in the action plan of %(year)s. "
                    "Export the file again to get the department's projects."
                )
                % {"code": code, "department": department.name, "year": period.fiscal_year},
            )
            continue
        item = projects.get(code)
        kpi_code = values.get("indicator")
        if not kpi_code:
            if item is not None and item.row:
                errors.add(
                    SHEET,
                    row.number,
                    columns["project"],
                    code,
                    _("Project %(code)s is also on row %(row)s; keep one row per project.")
                    % {"code": code, "row": item.row},
                )
                continue
            if item is None:
                item = projects[code] = _Project(card, row.number)
            item.row, item.values = row.number, values
            current = item
            continue
        kpi = next((k for k in card.indicators if k.code == kpi_code), None)
        if kpi is None:
            errors.add(
                SHEET,
                row.number,
                columns.get("indicator"),
                kpi_code,
                _("Indicator %(kpi)s is not an indicator of project %(code)s.") % {"kpi": kpi_code, "code": code},
            )
            continue
        if item is None:
            item = projects[code] = _Project(card, 0)
        if kpi.pk in item.kpis:
            errors.add(
                SHEET,
                row.number,
                columns.get("indicator"),
                kpi_code,
                _("Indicator %(kpi)s is also on row %(row)s; keep one row per indicator.")
                % {"kpi": kpi_code, "row": item.kpis[kpi.pk][0]},
            )
            continue
        item.kpis[kpi.pk] = (row.number, values)
        current = item
    return list(projects.values()), columns


def _string(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _report_data(item: _Project, columns) -> dict:
    """The report form's input: what is saved now, with what the file's project row says over it."""
    report = item.card.report
    data = {
        "version": str(report.version),
        "project_status": report.project_status,
        "percent_complete": _string(report.percent_complete),
        "disbursed": _string(report.disbursed),
        "over_budget_reason": report.over_budget_reason,
        "narrative": report.narrative,
        "problems": report.problems,
        "solutions": report.solutions,
        "change_reason": "",
    }
    for key, name in REPORT_COLUMNS.items():
        if key in item.values:
            value = item.values[key]
            if name == "confirm_completed":
                if value:
                    data[name] = "on"
            else:
                data[name] = _string(value)
    prefix = f"r{item.card.project.pk}"
    return {f"{prefix}-{k}": v for k, v in data.items()}


def _breakdown(kpi, raw) -> dict:
    """{"part_n": "value"} of lines "category: value"; ValueError with a message for people."""
    parts = {}
    categories = kpi.categories
    for line in text(raw).split("\n"):
        if not line.strip():
            continue
        match = re.match(r"\s*(.+?)\s*[:=]\s*(.*)$", line)
        if not match or match.group(1) not in categories:
            raise ValueError(
                _('Write one category per line as "category: value"; the categories are: %(list)s.')
                % {"list": ", ".join(categories) or "–"}
            )
        value = number(match.group(2))
        parts[f"part_{categories.index(match.group(1))}"] = _string(value)
    return parts


def _result_data(kpi, result, context, values, row, columns, errors) -> dict:
    """The result form's input: what is saved now, with what the file's KPI row says over it."""
    initial = ResultForm(indicator=kpi, result=result, context=context).initial
    data = {k: ("" if v is None else str(v)) for k, v in initial.items()}
    if values is not None:
        raw = values.get("result")
        col = columns.get("result")
        kind = kpi.measure_type
        try:
            if "result" in columns:
                if kind == MeasureType.NUMBER:
                    data["value"] = _string(number(raw))
                elif kind == MeasureType.YES_NO:
                    flag = yes_no(raw)
                    data["yes_no"] = "" if flag is None else ("yes" if flag else "no")
                elif kind == MeasureType.TEXT:
                    data["text"] = text(raw)
                elif text(raw):
                    raise ValueError(
                        _("For a percentage indicator give the numerator and the denominator; leave the result empty.")
                    )
        except ValueError as error:
            message = str(error) if error.args else None
            if message is None:
                message = (
                    _('The result must be "%(yes)s" or "%(no)s" (or empty).') % {"yes": _("Yes"), "no": _("No")}
                    if kind == MeasureType.YES_NO
                    else _("The result must be a number such as 1,234.5 (or empty).")
                )
            errors.add(SHEET, row, col, raw, message)
        for key in ("numerator", "denominator"):
            if key in values:
                if kind != MeasureType.PERCENTAGE and values[key] is not None:
                    errors.add(
                        SHEET,
                        row,
                        columns[key],
                        values[key],
                        _("Only percentage indicators take a numerator and a denominator."),
                    )
                data[key] = _string(values[key])
        if "comment" in values:
            data["comment"] = values["comment"]
        if "breakdown" in values:
            if kind == MeasureType.NUMBER and kpi.categories:
                try:
                    for n in range(len(kpi.categories)):
                        data[f"part_{n}"] = ""
                    data.update(_breakdown(kpi, values["breakdown"]))
                except ValueError as error:
                    errors.add(SHEET, row, columns["breakdown"], values["breakdown"], str(error))
            elif text(values["breakdown"]):
                errors.add(
                    SHEET,
                    row,
                    columns["breakdown"],
                    values["breakdown"],
                    _("This indicator is not disaggregated; leave the column empty."),
                )
    return {f"kpi{kpi.pk}-{k}": v for k, v in data.items()}


def _norm(value):
    return None if value in ("", None) else value


def _blocked(card, access) -> str | None:
    """Why this report cannot be changed now (the workflow's own messages), or None."""
    if card.editable:
        return None
    if not access.can("report.edit"):
        return _("Your role does not allow this.")
    if not access.sees_project(card.project):
        return _("This project belongs to another department.")
    if card.report.state == ReportState.SUBMITTED:
        return _("This report waits for review and cannot be changed now.")
    return _("This period is closed for reporting. Ask the audit unit to reopen it.")


def _plan_saves(items: list[_Project], columns, access, errors: Errors) -> tuple[list[_Save], int, int]:
    """Check each project with the screens' forms; the reports that change, and the counts of the rest."""
    saves, unchanged_reports, unchanged_results = [], 0, 0
    col_of = {name: columns.get(key) for key, name in REPORT_COLUMNS.items()}
    for item in items:
        card = item.card
        row = item.row or min(r for r, _v in item.kpis.values())
        before = len(errors)
        snapshot = {name: getattr(card.report, name) for name in workflow.REPORT_FIELDS}
        form = ReportForm(
            _report_data(item, columns), instance=card.report, context=card.context, prefix=f"r{card.project.pk}"
        )
        result_forms, kpi_rows = [], {}
        for kpi in card.indicators:
            kpi_row, values = item.kpis.get(kpi.pk, (row, None))
            kpi_rows[kpi.pk] = kpi_row
            data = _result_data(kpi, card.results.get(kpi.pk), card.context, values, kpi_row, columns, errors)
            result_forms.append(ResultForm(data, indicator=kpi, result=card.results.get(kpi.pk), context=card.context))
        if len(errors) != before:
            continue
        if not form.is_valid():
            for name, messages in form.errors.items():
                for message in messages:
                    errors.add(SHEET, row, col_of.get(name), "", message)
        for result_form in result_forms:
            if not result_form.is_valid():
                kpi_row = kpi_rows[result_form.indicator.pk]
                for name, messages in result_form.errors.items():
                    key = "breakdown" if name.startswith("part_") else RESULT_COLUMNS.get(name)
                    for message in messages:
                        errors.add(SHEET, kpi_row, columns.get(key), "", f"{result_form.indicator.code}: {message}")
        if len(errors) != before:
            continue
        report_changed = any(
            _norm(form.cleaned_data.get(name)) != _norm(snapshot[name]) for name in workflow.REPORT_FIELDS
        )
        new_results = changed_results = 0
        for result_form in result_forms:
            result = card.results.get(result_form.indicator.pk)
            if not same_result(result, result_form.values()):
                if result is None:
                    new_results += 1
                else:
                    changed_results += 1
        if not report_changed and not new_results and not changed_results:
            unchanged_reports += 1 if card.report.pk else 0
            unchanged_results += len(card.results)
            continue
        reason = _blocked(card, access)
        if reason is not None:
            errors.add(SHEET, row, None, card.project.code, f"{card.project.code}: {reason}")
            continue
        if card.report.state == ReportState.APPROVED and not form.cleaned_data.get("change_reason", "").strip():
            errors.add(
                SHEET,
                row,
                col_of.get("change_reason"),
                "",
                f"{card.project.code}: " + _("This report was approved: give the reason for the change."),
            )
            continue
        saves.append(_Save(card, form, result_forms, row, new_results, changed_results))
    return saves, unchanged_reports, unchanged_results


def import_results(
    period, department, file, *, access, user, today=None, progress: Progress = no_progress
) -> ImportResult:
    """Read and check the whole file, then save the changed reports as drafts through the workflow; or nothing."""
    today = today or timezone.localdate()
    cards = selectors.cards(period.organization, period, access, today, department_id=department.pk)

    def read(book, result):
        items, columns = _read(book, period, department, cards, result.errors, progress)
        return _plan_saves(items, columns, access, result.errors)  # every row's errors

    def write(planned, result):
        saves, unchanged_reports, unchanged_results = planned
        result.count("reports", "unchanged", unchanged_reports)
        result.count("results", "unchanged", unchanged_results)
        for n, save in enumerate(saves):
            progress(n, len(saves), _("Saving the reports"))
            card = save.card
            created = card.report.pk is None
            try:
                report = card.report if not created else workflow.report_for(period=period, project=card.project)
                workflow.report_save(
                    report=report,
                    access=access,
                    user=user,
                    values=report_input(save.form, save.result_forms),
                    today=today,
                )
            except workflow.WorkflowError as refusal:
                result.errors.add(SHEET, save.row, None, card.project.code, f"{card.project.code}: {refusal}")
                continue
            result.count("reports", "created" if created else "updated")
            result.count("results", "created", save.new_results)
            result.count("results", "updated", save.changed_results)
            result.count("results", "unchanged", len(save.result_forms) - save.new_results - save.changed_results)

    return import_workbook(file, kinds=KINDS, csv_sheet=SHEET, read=read, write=write)
