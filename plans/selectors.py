"""Reads of the plan for pages: each fetches what a page needs in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.paginator import Page
from django.db.models import Count, Prefetch, Q, Sum
from django.utils.module_loading import import_string

from core import pages
from core.calendar import current_fiscal_year
from orgs.models import Department, Membership, Role
from plans import rules
from plans.models import (
    ActionPlan,
    ActionPlanItem,
    DevelopmentPlan,
    Goal,
    Indicator,
    Program,
    Project,
    ProjectBudget,
    Strategy,
)

ZERO = Decimal("0.00")


@dataclass
class Node:
    """One row of the plan tree with budgets summed per fiscal year below it."""

    kind: str
    obj: object
    years: list[int]
    children: list["Node"] = field(default_factory=list)
    budgets: dict[int, Decimal] = field(default_factory=dict)
    project_count: int = 0

    @property
    def budget_list(self) -> list[Decimal]:
        return [self.budgets.get(year, ZERO) for year in self.years]

    @property
    def total(self) -> Decimal:
        return sum(self.budgets.values(), ZERO)

    def add(self, child: "Node") -> None:
        self.children.append(child)
        for year, amount in child.budgets.items():
            self.budgets[year] = self.budgets.get(year, ZERO) + amount
        self.project_count += child.project_count

    def rows(self):
        """The subtree flattened in display order, for a table."""
        yield self
        for child in self.children:
            yield from child.rows()


def plan_tree(plan: DevelopmentPlan, access, *, department_id: int | None = None) -> Node:
    """The strategy → goal → program → project tree of a plan with budgets per plan year.

    Five queries whatever the plan's size. A reporter sees only their department's projects.
    """
    org = plan.organization
    years = plan.fiscal_years
    strategies = list(Strategy.objects.for_org(org).filter(plan=plan))
    goals = list(Goal.objects.for_org(org).filter(strategy__plan=plan))
    programs = list(Program.objects.for_org(org).filter(goal__strategy__plan=plan))
    projects = Project.objects.for_org(org).filter(program__goal__strategy__plan=plan).select_related("department")
    projects = access.scope_projects(projects)
    if department_id:
        projects = projects.filter(department_id=department_id)
    budgets = defaultdict(dict)
    for project_id, year, amount in (
        ProjectBudget.objects.for_org(org)
        .filter(project__in=projects, fiscal_year__in=years)
        .values_list("project_id", "fiscal_year", "amount")
    ):
        budgets[project_id][year] = amount

    projects_by_program = defaultdict(list)
    for project in projects:
        node = Node("project", project, years, budgets=budgets[project.pk], project_count=1)
        projects_by_program[project.program_id].append(node)
    programs_by_goal = defaultdict(list)
    for program in programs:
        node = Node("program", program, years)
        for child in projects_by_program[program.pk]:
            node.add(child)
        programs_by_goal[program.goal_id].append(node)
    goals_by_strategy = defaultdict(list)
    for goal in goals:
        node = Node("goal", goal, years)
        for child in programs_by_goal[goal.pk]:
            node.add(child)
        goals_by_strategy[goal.strategy_id].append(node)
    root = Node("plan", plan, years)
    for strategy in strategies:
        node = Node("strategy", strategy, years)
        for child in goals_by_strategy[strategy.pk]:
            node.add(child)
        root.add(node)
    return root


def tree_page(tree: Node, number: int = 1, per_page: int = pages.PAGE_SIZE) -> tuple[list[Node], Page]:
    """Page ``number`` of the plan tree's rows (under the root), counted in projects and in the strategies,
    goals and programs that have none below them (the place to add one). A page opens with the strategy,
    goal and program of its first project again; every sum stays that of ALL the projects below it."""
    entries = []

    def walk(node, path):
        if node.kind == "project" or not node.children:
            entries.append((path, node))
        for child in node.children:
            walk(child, [*path, node])

    for child in tree.children:
        walk(child, [])
    page = pages.page_of(entries, number, per_page=per_page)
    rows, shown = [], []
    for path, node in page:
        for level, ancestor in enumerate(path):
            if len(shown) <= level or shown[level] is not ancestor:
                shown = [*shown[:level], ancestor]
                rows.append(ancestor)
        rows.append(node)
        shown = [*path, node]
    return rows, page


def project_rows(org, access, *, fiscal_year=None, department_id=None, strategy_id=None, query=""):
    """Projects for the list page, each with its strategy and the budget of the chosen year."""
    projects = access.scope_projects(Project.objects.for_org(org)).select_related(
        "department", "program__goal__strategy__plan"
    )
    if department_id:
        projects = projects.filter(department_id=department_id)
    if strategy_id:
        projects = projects.filter(program__goal__strategy_id=strategy_id)
    if query:
        projects = projects.filter(Q(name__icontains=query) | Q(code__icontains=query))
    if fiscal_year:
        projects = projects.annotate(
            year_budget=Sum("budgets__amount", filter=Q(budgets__fiscal_year=fiscal_year)),
            in_action_plan=Count(
                "action_plan_items", filter=Q(action_plan_items__action_plan__fiscal_year=fiscal_year)
            ),
        )
    return projects.order_by("program__goal__strategy__number", "program__goal__strategy__order", "order", "code")


@dataclass
class ActionPlanRows:
    """A page of the action plan's projects grouped by strategy; the sums are those of ALL its projects
    (each strategy's, and the whole plan's), whatever the page."""

    groups: list[dict]  # {"strategy", "items" (of the page), "total" (all the strategy's items)}
    total: Decimal
    count: int
    page: Page


def action_plan_rows(action_plan: ActionPlan, access, page: int = 1) -> ActionPlanRows:
    """The action plan's projects that the person sees, ``pages.PAGE_SIZE`` a page, grouped by strategy
    (a strategy continued from the page before is headed again), with the sums of all of them. Four
    queries whatever the number of projects."""
    items = ActionPlanItem.objects.for_org(action_plan.organization).filter(action_plan=action_plan)
    items = access.scope_projects(items, through="project")
    strategy = "project__program__goal__strategy"
    sums = {
        row[strategy]: row for row in items.order_by().values(strategy).annotate(total=Sum("budget"), n=Count("pk"))
    }
    count = sum(row["n"] for row in sums.values())
    items = items.select_related("project__department", f"{strategy}").order_by(
        f"{strategy}__order", f"{strategy}__number", "project__order", "project__code", "pk"
    )
    one_page = pages.page_of(items, page, count=count)
    groups: dict[int, dict] = {}
    for item in one_page:
        found = item.project.program.goal.strategy
        total = sums[found.pk]["total"] or ZERO
        groups.setdefault(found.pk, {"strategy": found, "items": [], "total": total})["items"].append(item)
    total = sum((row["total"] or ZERO for row in sums.values()), ZERO)
    return ActionPlanRows(list(groups.values()), total, count, one_page)


def plan_years(org) -> set[int]:
    """Every fiscal year the organization's development plans and action plans cover."""
    years = set(ActionPlan.objects.for_org(org).values_list("fiscal_year", flat=True))
    for first, last in DevelopmentPlan.objects.for_org(org).values_list("first_year", "last_year"):
        years.update(range(first, last + 1))
    return years


def indicators_with_owner(org):
    return Indicator.objects.for_org(org).select_related("strategy", "goal", "project", "department")


def plan_lists(org) -> dict:
    """The organization's development plans (with their number of strategies) and action plans (with their
    number of projects and budget), for the lists of plans. Two queries."""
    return {
        "plans": list(DevelopmentPlan.objects.for_org(org).annotate(strategy_count=Count("strategies"))),
        "action_plans": list(
            ActionPlan.objects.for_org(org).annotate(item_count=Count("items"), budget_total=Sum("items__budget"))
        ),
    }


def org_overview(org, access) -> dict:
    """What the plans page shows: the organization's plans and this year's action plan."""
    year = current_fiscal_year()
    lists = plan_lists(org)
    return {
        "fiscal_year": year,
        **lists,
        "current_action_plan": next((a for a in lists["action_plans"] if a.fiscal_year == year), None),
        "project_count": access.scope_projects(Project.objects.for_org(org)).count(),
        "indicator_count": access.scope_indicators(Indicator.objects.for_org(org)).count(),
    }


def project_page(org, access, pk):
    """One project with its budgets, action-plan entries and indicators with targets."""
    from django.shortcuts import get_object_or_404

    projects = (
        access.scope_projects(Project.objects.for_org(org))
        .select_related("department", "program__goal__strategy__plan", "revision")
        .prefetch_related(
            Prefetch("budgets", queryset=ProjectBudget.objects.order_by("fiscal_year")),
            Prefetch("action_plan_items", queryset=ActionPlanItem.objects.select_related("action_plan")),
            Prefetch("indicators", queryset=Indicator.objects.select_related("department").prefetch_related("targets")),
        )
    )
    return get_object_or_404(projects, pk=pk)


@dataclass
class YearPlanState:
    """Where a fiscal year's plan stands: its action plan (and next year's), the development plan that
    covers it, and what its projects still lack (KPIs, targets for the year)."""

    fiscal_year: int
    action_plan: ActionPlan | None
    next_action_plan: ActionPlan | None
    development_plan: DevelopmentPlan | None
    projects: int
    budget: Decimal
    projects_without_kpis: int
    kpis: int
    kpis_without_targets: int


def year_plan_state(org, access, fiscal_year: int) -> YearPlanState:
    """The plan state of ``fiscal_year`` for the home page: the action plans of the year and the next (with
    their number of projects and budget), the development plan covering the year, and among the year's
    projects the person sees (a department reporter: their department's), their budget in the year's action
    plan, how many have no KPI, and their KPIs and how many have no target for the year. Five queries
    whatever the size of the plan."""
    action_plans = {
        a.fiscal_year: a
        for a in ActionPlan.objects.for_org(org)
        .filter(fiscal_year__in=[fiscal_year, fiscal_year + 1])
        .annotate(item_count=Count("items"), budget_total=Sum("items__budget"))
    }
    development_plan = (
        DevelopmentPlan.objects.for_org(org)
        .filter(first_year__lte=fiscal_year, last_year__gte=fiscal_year)
        .order_by("-first_year")
        .first()
    )
    projects = access.scope_projects(
        Project.objects.for_org(org).filter(action_plan_items__action_plan__fiscal_year=fiscal_year)
    ).distinct()
    project_counts = projects.aggregate(
        total=Count("pk", distinct=True), without=Count("pk", filter=Q(indicators=None), distinct=True)
    )
    budget = access.scope_projects(
        ActionPlanItem.objects.for_org(org).filter(action_plan__fiscal_year=fiscal_year), through="project"
    ).aggregate(total=Sum("budget"))["total"]
    kpis = Indicator.objects.for_org(org).filter(project__in=projects.values("pk"))
    kpi_counts = kpis.aggregate(
        total=Count("pk"),
        without=Count("pk", filter=~Q(pk__in=kpis.filter(targets__fiscal_year=fiscal_year).values("pk"))),
    )
    return YearPlanState(
        fiscal_year=fiscal_year,
        action_plan=action_plans.get(fiscal_year),
        next_action_plan=action_plans.get(fiscal_year + 1),
        development_plan=development_plan,
        projects=project_counts["total"],
        budget=budget or ZERO,
        projects_without_kpis=project_counts["without"],
        kpis=kpi_counts["total"],
        kpis_without_targets=kpi_counts["without"],
    )


def departments_without_reporter(org, fiscal_year: int) -> list:
    """Departments with projects in the year's action plan but no department reporter to report them (for
    the administrator, who sees every department). One query."""
    reporters = Membership.objects.for_org(org).filter(role=Role.REPORTER).values("department_id")
    planned = Project.objects.for_org(org).filter(action_plan_items__action_plan__fiscal_year=fiscal_year)
    return list(
        Department.objects.for_org(org).filter(pk__in=planned.values("department_id")).exclude(pk__in=reporters)
    )


@dataclass
class CarryCandidate:
    """A project of a year's action plan as a candidate for the next year's."""

    item: ActionPlanItem  # in the year's action plan
    state: str  # rules.CONTINUED, UNFINISHED or FINISHED
    status: str = ""  # its latest approved status of the year ("" without one)
    status_label: str = ""
    scheduled: bool = False  # next year's action plan already has it (or its copy in the new development plan)

    @property
    def project(self):
        return self.item.project

    @property
    def chosen_by_default(self) -> bool:
        return self.scheduled or self.state != rules.FINISHED


@dataclass
class CarryForward:
    """What carrying ``source`` into the next fiscal year would do: the development plan that covers that
    year (None: there is none yet), its action plan if it exists, and the candidates grouped by state."""

    source: ActionPlan
    fiscal_year: int
    plan: DevelopmentPlan | None
    next_action_plan: ActionPlan | None
    groups: dict[str, list[CarryCandidate]] = field(default_factory=dict)

    @property
    def into_new_plan(self) -> bool:
        """The next year belongs to another development plan: the chosen projects are copied into it."""
        return self.plan is not None and self.plan.pk != self.source.plan_id

    @property
    def candidates(self) -> list[CarryCandidate]:
        return [c for state in rules.CARRY_STATES for c in self.groups.get(state, [])]

    def default_choice(self) -> list[int]:
        return [c.project.pk for c in self.candidates if c.chosen_by_default]

    def group_list(self) -> list[tuple[str, list[CarryCandidate]]]:
        return [(state, self.groups.get(state, [])) for state in rules.CARRY_STATES]


def carry_forward_candidates(source: ActionPlan) -> CarryForward:
    """The projects of ``source`` grouped for the next fiscal year (``rules.carry_forward_state``), with
    the statuses of ``settings.TIDTAM_CARRY_FORWARD``. Six queries whatever the number of projects."""
    org, year = source.organization, source.fiscal_year + 1
    config = settings.TIDTAM_CARRY_FORWARD
    next_action_plan = ActionPlan.objects.for_org(org).filter(fiscal_year=year).select_related("plan").first()
    if next_action_plan is not None:
        plan = next_action_plan.plan
    else:
        plans = DevelopmentPlan.objects.for_org(org).filter(first_year__lte=year, last_year__gte=year)
        plan = plans.order_by("-first_year", "-pk").first()
    carry = CarryForward(source, year, plan, next_action_plan, {state: [] for state in rules.CARRY_STATES})
    items = list(
        ActionPlanItem.objects.for_org(org)
        .filter(action_plan=source)
        .select_related("project__department", "project__program__goal__strategy")
        .order_by(
            "project__program__goal__strategy__order",
            "project__program__goal__strategy__number",
            "project__order",
            "project__code",
        )
    )
    ids = [item.project_id for item in items]
    statuses = import_string(config["statuses"])(org, source.fiscal_year, ids)
    funded = set(
        ProjectBudget.objects.for_org(org)
        .filter(project__in=ids, fiscal_year=year, amount__gt=0)
        .values_list("project_id", flat=True)
    )
    scheduled = set()
    if next_action_plan is not None:
        for project_id, origin_id in (
            ActionPlanItem.objects.for_org(org)
            .filter(action_plan=next_action_plan)
            .values_list("project_id", "project__carried_from_id")
        ):
            scheduled.update({project_id, origin_id})
    for item in items:
        status, label = statuses.get(item.project_id, ("", ""))
        state = rules.carry_forward_state(
            status,
            funded_next_year=item.project_id in funded,
            finished=config["finished"],
            continued=config["continued"],
        )
        carry.groups[state].append(CarryCandidate(item, state, status, label, item.project_id in scheduled))
    return carry
