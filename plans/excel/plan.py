"""The development plan's project list in the shape of form ผ.02: export, template and import.

``export_plan(plan)`` writes the workbook (it is also the template: dropdowns, instructions);
``import_plan(plan, file)`` reads one back (or a CSV of its main sheet). Every row is read and checked
first: any error and nothing is written; otherwise everything is written in one transaction with bulk
statements, touching only what changed, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.calendar import from_thai_digits
from core.excel import (
    Book,
    Column,
    Errors,
    ImportResult,
    Progress,
    Template,
    exact_headers,
    find_header,
    formula_cells,
    formula_message,
    import_workbook,
    money,
    no_progress,
    text,
)
from core.tenancy import bulk_written
from orgs.models import Department
from plans.models import DevelopmentPlan, Goal, Indicator, Program, Project, ProjectBudget, Strategy, free_code

MAIN_SHEET = "ผ.02"
STRATEGY_SHEET = "strategies"
HELP_SHEET = "คำแนะนำ"
KINDS = ("strategies", "goals", "programs", "projects", "budgets", "indicators")

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
    "1. แผ่นงาน ผ.02: หนึ่งแถวต่อหนึ่งโครงการ ห้ามเปลี่ยนหัวตาราง (ลำดับคอลัมน์เปลี่ยนได้ คอลัมน์อื่นที่เพิ่มจะถูกข้าม)",
    "2. ยุทธศาสตร์: ใส่เลขที่ยุทธศาสตร์ (เลือกจากรายการได้) ชื่อยุทธศาสตร์อยู่ในแผ่นงาน strategies "
    "หรือเขียนต่อท้ายเลขที่ เช่น 1 การพัฒนาโครงสร้างพื้นฐาน",
    "3. เป้าประสงค์/กลยุทธ์: เลขที่ตามด้วยชื่อ เช่น 1.1 ถนนได้มาตรฐาน",
    "4. รหัสโครงการ: ห้ามว่างและห้ามซ้ำ ใช้จับคู่โครงการเดิม (แก้ไขแทนการเพิ่มใหม่)",
    "5. งบประมาณ: ตัวเลขเท่านั้น (มีจุลภาคหรือเลขไทยได้) ช่องว่าง = ไม่ตั้งงบประมาณปีนั้น ปีในหัวคอลัมน์เป็น พ.ศ. (ใส่ ค.ศ. ได้ ระบบจะแปลงให้)",
    "6. หน่วยงานที่รับผิดชอบ: ต้องตรงกับชื่อกอง/สำนักที่มีในระบบ (เลือกจากรายการได้)",
    "7. ตัวชี้วัด: หนึ่งบรรทัดต่อหนึ่งตัวชี้วัด ตัวชี้วัดที่ยังไม่มีจะถูกเพิ่ม (รายละเอียดและค่าเป้าหมายของตัวชี้วัดใช้แฟ้มตัวชี้วัดและค่าเป้าหมาย)",
    "8. ห้ามใช้สูตร ให้วางเป็นค่า (Paste values) ก่อนนำเข้า",
    "9. หากมีข้อผิดพลาดแม้แถวเดียว ระบบจะไม่บันทึกอะไรเลย และแสดงรายการที่ต้องแก้ พร้อมแฟ้มรายการข้อผิดพลาด",
    "10. นำเข้าแฟ้ม CSV ได้ (UTF-8 หรือภาษาไทยของ Windows) โดยใช้หัวตารางเดียวกับแผ่นงาน ผ.02",
]
BUDGET_RE = re.compile(BUDGET_HEAD + r"(?:ปี)?(?:พ\.?ศ\.?|ค\.?ศ\.?)?(\d{4})(?:\(บาท\))?$")
GOAL_RE = re.compile(r"(\d+(?:\.\d+)*)\.?(?:\s+(.*))?$", re.S)
STRATEGY_RE = re.compile(r"(?:ยุทธศาสตร์(?:ที่)?\s*)?(\d{1,4})\.?(?:\s+(.*))?$", re.S)
LIMITS = {"program": 500, "code": 40, "name": 500}
_exact = exact_headers(HEAD)


def _match(key: str):
    if found := _exact(key):
        return found
    if match := BUDGET_RE.match(key):
        year = int(match.group(1))
        return ("budget", year + 543 if 1900 <= year <= 2200 else year)
    return None


# Export ------------------------------------------------------------------------------------------


def export_plan(plan: DevelopmentPlan, *, access=None, into=None) -> bytes | None:
    """Form ผ.02 of the plan: the project list, the strategies sheet and the instructions.

    ``access`` (orgs.access.Access) keeps the projects to those the person sees, as the plan's page does (a
    department reporter: their department's); without it (the command line) every project is written.
    Given a binary file ``into``, the workbook is written there (and None returned).
    """
    org = plan.organization
    years = plan.fiscal_years
    keys = [*list(HEAD)[:7], *[("budget", y) for y in years], *list(HEAD)[7:]]
    columns = [
        Column(key, f"{BUDGET_HEAD} {key[1]}", 16, "#,##0.00")
        if isinstance(key, tuple)
        else Column(key, HEAD[key], WIDTHS[key])
        for key in keys
    ]
    template = Template()
    sheet = template.sheet(MAIN_SHEET, columns)
    projects = Project.objects.for_org(org)
    if access is not None:
        projects = access.scope_projects(projects)
    projects = (
        projects.filter(program__goal__strategy__plan=plan)
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
    for project in projects:
        goal = project.program.goal
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
            **{("budget", b.fiscal_year): b.amount for b in project.budgets.all() if b.fiscal_year in years},
        }
        template.row(sheet, values)
    strategies = list(plan.strategies.prefetch_related("goals"))
    template.dropdown(sheet, "strategy", [str(s.number) for s in strategies], first=2, last=sheet.max_row)
    goals = [f"{g.number} {g.name}" for s in strategies for g in s.goals.all()]
    template.dropdown(sheet, "goal", goals, first=2, last=sheet.max_row)
    departments = [d.name for d in Department.objects.for_org(org)]
    template.dropdown(sheet, "department", departments, first=2, last=sheet.max_row)
    tree = template.sheet(
        STRATEGY_SHEET, [Column(i, t, w) for i, (t, w) in enumerate(zip(STRATEGY_HEAD, (14, 50, 20, 50), strict=True))]
    )
    for strategy in strategies:
        for goal in list(strategy.goals.all()) or [None]:
            template.row(
                tree,
                {
                    0: strategy.number,
                    1: strategy.name,
                    2: goal.number if goal else None,
                    3: goal.name if goal else None,
                },
            )
    template.instructions(HELP_SHEET, HELP_LINES)
    return template.save(into)


# Reading -----------------------------------------------------------------------------------------


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
    kpis: list | None


def _strategy(value) -> tuple[int, str]:
    """(number, name or "") of a strategy cell: "1", "ยุทธศาสตร์ที่ 1", "1 การพัฒนาโครงสร้างพื้นฐาน"."""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ValueError
    if isinstance(value, float) and not value.is_integer():
        raise ValueError
    match = STRATEGY_RE.match(from_thai_digits(text(value)))
    if not match:
        raise ValueError
    return int(match.group(1)), (match.group(2) or "").strip()[:500]


def _goal(value) -> tuple[str, str]:
    match = GOAL_RE.match(from_thai_digits(text(value)))
    if not match or len(match.group(1)) > 20:
        raise ValueError
    return match.group(1), (match.group(2) or "").strip()


def _read_strategy_sheet(sheet, errors: Errors):
    """{strategy number: name}, {(strategy number, goal number): goal name} from the strategies sheet."""
    strategies, goals = {}, {}
    for row in sheet.rows:
        if row.number == 1 or text(row.get(0)) == STRATEGY_HEAD[0]:
            continue
        if any(row.is_formula(c) and row.get(c) is None for c in range(4)):
            errors.add(sheet.name, row.number, None, "", formula_message())
            continue
        try:
            s_number, _name = _strategy(row.get(0))
        except ValueError:
            errors.add(
                sheet.name, row.number, 0, row.get(0), _("The strategy number must be a whole number such as 1.")
            )
            continue
        name = text(row.get(1))
        if name:
            if strategies.get(s_number, name) != name[:500]:
                errors.add(
                    sheet.name,
                    row.number,
                    1,
                    name,
                    _("Strategy %(n)s has two different names; give it one name.") % {"n": s_number},
                )
            strategies[s_number] = name[:500]
        if text(row.get(2)):
            try:
                g_number, _ignored = _goal(row.get(2))
            except ValueError:
                errors.add(sheet.name, row.number, 2, row.get(2), _("The goal number must look like 1.1."))
                continue
            if text(row.get(3)):
                goals[(s_number, g_number)] = text(row.get(3))[:500]
    return strategies, goals


def _read_main(sheet, plan, errors: Errors, strategy_names: dict, progress: Progress):
    """The rows of ผ.02 as _Row objects (errors collected, nothing written)."""
    required = {key: HEAD[key] for key in REQUIRED}
    header = find_header(sheet, _match, anchor="code", required=required, errors=errors)
    if header is None or errors:
        return []
    budgets = {}
    for key, col in header.columns.items():
        if isinstance(key, tuple):
            year = key[1]
            if year not in plan.fiscal_years:
                errors.add(
                    sheet.name,
                    header.row,
                    col,
                    year,
                    _("Fiscal year %(year)s is not a year of this plan (%(first)s–%(last)s). Remove the column.")
                    % {"year": year, "first": plan.first_year, "last": plan.last_year},
                )
            else:
                budgets[year] = col
    if errors:
        return []
    columns = header.columns
    departments = {}
    for dept in Department.objects.for_org(plan.organization):
        departments.setdefault(re.sub(r"\s+", " ", dept.name.strip()), dept)
        if dept.short_name.strip():
            departments.setdefault(re.sub(r"\s+", " ", dept.short_name.strip()), dept)
    rows, seen = [], {}
    total = len(header.data)
    for index, row in enumerate(header.data):
        if index % 200 == 0:
            progress(index, total, _("Checking the rows"))
        if formula_cells(sheet.name, row, errors):
            continue
        before = len(errors)

        def cell(key, row=row):
            return row.get(columns.get(key))

        try:
            strategy, strategy_name = _strategy(cell("strategy"))
            if strategy_name:
                if strategy_names.get(strategy, strategy_name) != strategy_name:
                    errors.add(
                        sheet.name,
                        row.number,
                        columns["strategy"],
                        cell("strategy"),
                        _("Strategy %(n)s has two different names; give it one name.") % {"n": strategy},
                    )
                strategy_names.setdefault(strategy, strategy_name)
        except ValueError:
            strategy = 0
            errors.add(
                sheet.name,
                row.number,
                columns["strategy"],
                cell("strategy"),
                _("The strategy number must be a whole number such as 1."),
            )
        try:
            goal_number, goal_name = _goal(cell("goal"))
        except ValueError:
            goal_number, goal_name = "", ""
            errors.add(
                sheet.name,
                row.number,
                columns["goal"],
                cell("goal"),
                _('Start the goal with its number, e.g. "1.1 ถนนได้มาตรฐาน".'),
            )
        texts = {}
        for key in ("program", "code", "name"):
            value = text(cell(key))
            if not value:
                errors.add(
                    sheet.name,
                    row.number,
                    columns[key],
                    "",
                    _('"%(title)s" is empty; fill it in.') % {"title": HEAD[key]},
                )
            elif len(value) > LIMITS[key]:
                errors.add(
                    sheet.name,
                    row.number,
                    columns[key],
                    value,
                    _('"%(title)s" is longer than %(n)s characters; shorten it.')
                    % {"title": HEAD[key], "n": LIMITS[key]},
                )
            texts[key] = value
        code = texts["code"]
        if code and code in seen:
            errors.add(
                sheet.name,
                row.number,
                columns["code"],
                code,
                _("Project code %(code)s is also on row %(row)s; each project needs its own code.")
                % {"code": code, "row": seen[code]},
            )
        seen.setdefault(code, row.number)
        dept_name = re.sub(r"\s+", " ", text(cell("department")))
        department = departments.get(dept_name)
        if department is None:
            errors.add(
                sheet.name,
                row.number,
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
            try:
                amounts[year] = money(row.get(col))
            except ValueError:
                errors.add(
                    sheet.name,
                    row.number,
                    col,
                    row.get(col),
                    _("The budget of %(year)s must be an amount in baht such as 150,000.00 (or empty).")
                    % {"year": year},
                )
        fields = {
            "name": texts["name"],
            **{key: text(cell(key)) for key in ("objectives", "output_target", "expected_outcome") if key in columns},
        }
        kpis = None
        if "kpis" in columns:
            kpis = list(dict.fromkeys(line.strip()[:500] for line in text(cell("kpis")).split("\n") if line.strip()))
        if len(errors) == before:
            rows.append(
                _Row(
                    row.number,
                    strategy,
                    goal_number,
                    goal_name,
                    texts["program"],
                    code,
                    fields,
                    department,
                    amounts,
                    kpis,
                )
            )
    if not rows and not errors:
        errors.add(sheet.name, None, None, "", _("The sheet has no projects under its header row."))
    return rows


def _check_tree(plan, sheet_name, rows, strategy_names, goal_names, errors: Errors, strategy_sheet: bool):
    """Names for every strategy and goal; no project code of another plan."""
    existing_strategies = {s.number for s in plan.strategies.all()}
    goals = dict(goal_names)
    for row in rows:
        key = (row.strategy, row.goal_number)
        if row.goal_name:
            if goals.get(key, row.goal_name) != row.goal_name:
                errors.add(
                    sheet_name,
                    row.number,
                    None,
                    row.goal_name,
                    _(
                        'Goal %(n)s has another name elsewhere in this file (or on the sheet "%(sheet)s"); '
                        "give it one name."
                    )
                    % {"n": row.goal_number, "sheet": STRATEGY_SHEET},
                )
            goals.setdefault(key, row.goal_name)
        if row.strategy not in strategy_names and row.strategy not in existing_strategies:
            message = (
                _('Strategy %(n)s is not in this plan. Add its number and name to the sheet "%(sheet)s".')
                if strategy_sheet
                else _('Strategy %(n)s is not in this plan. Write its name after the number, e.g. "%(n)s name".')
            )
            errors.add(
                sheet_name, row.number, None, row.strategy, message % {"n": row.strategy, "sheet": STRATEGY_SHEET}
            )
    existing_goals = set(Goal.objects.filter(strategy__plan=plan).values_list("strategy__number", "number"))
    for row in rows:
        key = (row.strategy, row.goal_number)
        if key not in goals and key not in existing_goals:
            errors.add(
                sheet_name,
                row.number,
                None,
                row.goal_number,
                _('Goal %(n)s is new and has no name. Write it as "%(n)s name of the goal".') % {"n": row.goal_number},
            )
    others = dict(
        Project.objects.for_org(plan.organization)
        .exclude(program__goal__strategy__plan=plan)
        .values_list("code", "program__goal__strategy__plan__name")
    )
    for row in rows:
        if row.code in others:
            errors.add(
                sheet_name,
                row.number,
                None,
                row.code,
                _("Project code %(code)s already belongs to another development plan (%(plan)s). Use another code.")
                % {"code": row.code, "plan": others[row.code]},
            )
    return goals


# Writing -----------------------------------------------------------------------------------------


def _save(result, kind, obj, values, user):
    """Set ``values`` on ``obj`` and save only when something differs; count what happened."""
    changed = [name for name, value in values.items() if obj.pk is None or getattr(obj, name) != value]
    if obj.pk is not None and not changed:
        result.count(kind, "unchanged")
        return obj
    outcome = "created" if obj.pk is None else "updated"
    for name in changed:
        setattr(obj, name, values[name])
    obj._history_user = user
    obj.save()
    result.count(kind, outcome)
    return obj


def _next_orders(objects, parent) -> dict:
    """parent id → the next free order among ``objects`` (what next_order gives, for many at once)."""
    orders = {}
    for obj in objects:
        key = getattr(obj, parent)
        orders[key] = max(orders.get(key, 0), obj.order + 1)
    return orders


def _write(plan, rows, strategy_names, goal_names, result, user, progress: Progress):
    org = plan.organization
    strategies = {s.number: s for s in plan.strategies.all()}
    order = max((s.order for s in strategies.values()), default=-1) + 1
    for number in sorted({r.strategy for r in rows} | set(strategy_names)):
        strategy = strategies.get(number)
        if strategy is None:
            strategy = Strategy(organization=org, plan=plan, number=number, order=order)
            order += 1
        strategies[number] = _save(
            result, "strategies", strategy, {"name": strategy_names.get(number, strategy.name)}, user
        )
    goals = {
        (g.strategy.number, g.number): g for g in Goal.objects.filter(strategy__plan=plan).select_related("strategy")
    }
    goal_orders = _next_orders(goals.values(), "strategy_id")
    for key in dict.fromkeys([*goal_names, *((r.strategy, r.goal_number) for r in rows)]):
        goal = goals.get(key)
        if goal is None:
            strategy = strategies[key[0]]
            goal = Goal(organization=org, strategy=strategy, number=key[1], order=goal_orders.get(strategy.pk, 0))
            goal_orders[strategy.pk] = goal.order + 1
        goals[key] = _save(result, "goals", goal, {"name": goal_names.get(key, goal.name)}, user)

    # programs: created in bulk, found by (goal, name)
    existing_programs = list(Program.objects.filter(goal__strategy__plan=plan))
    programs = {(p.goal_id, p.name): p for p in existing_programs}
    program_orders = _next_orders(existing_programs, "goal_id")
    new_programs = []
    for row in rows:
        goal = goals[(row.strategy, row.goal_number)]
        if (goal.pk, row.program) not in programs:
            program = Program(organization=org, goal=goal, name=row.program, order=program_orders.get(goal.pk, 0))
            program_orders[goal.pk] = program.order + 1
            programs[(goal.pk, row.program)] = program
            new_programs.append(program)
    bulk_create_with_history(new_programs, Program, batch_size=500, default_user=user)
    seen_programs = {(goals[(r.strategy, r.goal_number)].pk, r.program) for r in rows}
    result.count("programs", "created", len(new_programs))
    result.count("programs", "unchanged", len(seen_programs) - len(new_programs))
    progress(len(rows) // 4, len(rows), _("Saving the projects"))

    # projects: one bulk insert of the new ones, one bulk update of the changed ones
    existing_projects = list(Project.objects.for_org(org).filter(program__goal__strategy__plan=plan))
    projects = {p.code: p for p in existing_projects}
    project_orders = _next_orders(existing_projects, "program_id")
    new_projects, changed_projects, changed_fields = [], [], set()
    for row in rows:
        program = programs[(goals[(row.strategy, row.goal_number)].pk, row.program)]
        values = {**row.fields, "program_id": program.pk, "department_id": row.department.pk}
        project = projects.get(row.code)
        if project is None:
            project = Project(organization=org, code=row.code, order=project_orders.get(program.pk, 0), **values)
            project_orders[program.pk] = project.order + 1
            projects[row.code] = project
            new_projects.append(project)
            continue
        changed = [name for name, value in values.items() if getattr(project, name) != value]
        if changed:
            for name in changed:
                setattr(project, name, values[name])
            changed_fields.update(changed)
            changed_projects.append(project)
        else:
            result.count("projects", "unchanged")
    bulk_create_with_history(new_projects, Project, batch_size=500, default_user=user)
    if changed_projects:
        bulk_update_with_history(changed_projects, Project, sorted(changed_fields), batch_size=500, default_user=user)
    result.count("projects", "created", len(new_projects))
    result.count("projects", "updated", len(changed_projects))
    progress(len(rows) // 2, len(rows), _("Saving the budgets"))

    # budgets per year
    have = {
        (b.project_id, b.fiscal_year): b
        for b in ProjectBudget.objects.for_org(org).filter(project__program__goal__strategy__plan=plan)
    }
    new_budgets, changed_budgets, removed = [], [], []
    for row in rows:
        project = projects[row.code]
        for year, amount in row.budgets.items():
            budget = have.get((project.pk, year))
            if amount is None:
                if budget is not None:
                    removed.append(budget.pk)
                continue
            if budget is None:
                new_budgets.append(ProjectBudget(organization=org, project=project, fiscal_year=year, amount=amount))
            elif budget.amount != amount:
                budget.amount = amount
                changed_budgets.append(budget)
            else:
                result.count("budgets", "unchanged")
    bulk_create_with_history(new_budgets, ProjectBudget, batch_size=500, default_user=user)
    if changed_budgets:
        bulk_update_with_history(changed_budgets, ProjectBudget, ["amount"], batch_size=500, default_user=user)
    for budget in ProjectBudget.objects.filter(pk__in=removed):
        budget._history_user = user
        budget.delete()
    result.count("budgets", "created", len(new_budgets))
    result.count("budgets", "updated", len(changed_budgets) + len(removed))
    progress(3 * len(rows) // 4, len(rows), _("Saving the indicators"))

    # indicators named in the KPI column: the missing ones are added, with a code
    with_kpis = [r for r in rows if r.kpis is not None]
    if with_kpis:
        names, orders = {}, {}
        for project_id, name, kpi_order in (
            Indicator.objects.for_org(org)
            .filter(project__in=[projects[r.code].pk for r in with_kpis])
            .values_list("project_id", "name", "order")
        ):
            names.setdefault(project_id, set()).add(name)
            orders[project_id] = max(orders.get(project_id, 0), kpi_order + 1)
        taken = set(Indicator.objects.for_org(org).exclude(code="").values_list("code", flat=True))
        new_kpis = []
        for row in with_kpis:
            project = projects[row.code]
            for name in row.kpis:
                if name in names.get(project.pk, ()):
                    result.count("indicators", "unchanged")
                    continue
                kpi = Indicator(organization=org, project=project, name=name, order=orders.get(project.pk, 0))
                kpi.code = free_code(f"{project.code}-K", taken)
                orders[project.pk] = kpi.order + 1
                names.setdefault(project.pk, set()).add(name)
                new_kpis.append(kpi)
        bulk_create_with_history(new_kpis, Indicator, batch_size=500, default_user=user)
        result.count("indicators", "created", len(new_kpis))
    bulk_written.send(sender=Project, org_id=plan.organization_id)
    progress(len(rows), len(rows), _("Saved"))


def import_plan(plan: DevelopmentPlan, file, *, user=None, progress: Progress = no_progress) -> ImportResult:
    """Read and check the whole workbook (or CSV), then write it in one transaction; or write nothing."""

    def read(book, result):
        rows, strategy_names, goal_names, has_strategy_sheet = _read(book, plan, result.errors, progress)
        if not result.errors:
            goal_names = _check_tree(
                plan, MAIN_SHEET, rows, strategy_names, goal_names, result.errors, has_strategy_sheet
            )
        return rows, strategy_names, goal_names

    def write(data, result):
        rows, strategy_names, goal_names = data
        _write(plan, rows, strategy_names, goal_names, result, user, progress)

    return import_workbook(file, kinds=KINDS, csv_sheet=MAIN_SHEET, read=read, write=write)


def _read(book: Book, plan, errors: Errors, progress: Progress):
    main = book.find(MAIN_SHEET)
    if main is None:
        errors.add(
            MAIN_SHEET,
            None,
            None,
            "",
            _('The workbook has no sheet named "%(sheet)s". Export the plan to get the template.')
            % {"sheet": MAIN_SHEET},
        )
        return [], {}, {}, False
    strategy_names, goal_names = {}, {}
    tree = None if book.is_csv else book.find(STRATEGY_SHEET)
    if tree is not None:
        strategy_names, goal_names = _read_strategy_sheet(book.sheet(tree, errors), errors)
    sheet = book.sheet(main, errors)
    sheet.name = MAIN_SHEET
    rows = _read_main(sheet, plan, errors, strategy_names, progress) if not errors else []
    return rows, strategy_names, goal_names, tree is not None


def plan_for_year(org, year: int) -> DevelopmentPlan | None:
    return DevelopmentPlan.objects.for_org(org).filter(first_year__lte=year, last_year__gte=year).first()
