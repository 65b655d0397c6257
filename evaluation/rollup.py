"""Roll-ups of a fiscal year's results: project → program → strategy → organization, and by department
and by balanced-scorecard perspective.

Plain functions. Each reads what it needs in a FIXED number of queries whatever the number of projects
(everything is fetched in bulk, then computed in Python with the engine in ``achievement.py``). Only
approved data counts: approved progress reports and approved KPI results; ``official_only=False`` gives
an unofficial preview that also takes drafts, submitted and returned data.

The rules where practice differs:

- A project's status is the status of its latest approved report up to the period (a report without a
  status is skipped); a project without one is "no report yet". Percent complete is the latest approved
  percent. The reported status is taken as it is (a project past its planned end is not made "delayed").
- Budget planned is the action-plan budget (ActionPlanItem.budget); disbursed is Σ of the approved
  reports' disbursement in the periods up to ``upto``.
- A project's KPI score is Σ weight × level ÷ Σ weight × 5 over its KPIs that have a level. Weights are
  Indicator.weight; when none of an owner's KPIs has a weight (all 0) they count equally (100 ÷ n each,
  so every owner's weights add up to 100 as the DLA form expects). A project without a scored KPI has no
  score and is not counted as failed. Groups add points and maxima: Σ points ÷ Σ maxima, never an
  average of percentages.
- ``upto`` None is the year to date: every approved report and result so far, KPIs compared with the
  annual target. A quarter 1–4 counts the periods up to it, KPIs compared with the targets to date.
- The perspective filter narrows the KPIs (their statuses and scores), not the projects; the department
  filter narrows the projects and the organization and strategy KPIs to that responsible department.
- Organization and strategy KPIs (no project) are evaluated separately from the projects' KPIs: a
  strategy's own score is not mixed into the score of its projects. Goal KPIs count as their strategy's.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.conf import settings
from django.db.models import Q, Sum

from core.money import largest_remainder, share
from evaluation import achievement
from monitoring.models import (
    IndicatorResult,
    ProgressReport,
    ProjectStatus,
    ReportingPeriod,
    ReportState,
    last_period_of_quarter,
    quarter_of_period,
)
from monitoring.periods import policy_for
from plans.models import ActionPlan, ActionPlanItem, Indicator, Strategy, Target

ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
QUARTERS = (1, 2, 3, 4)
NO_REPORT = "no_report"
PROJECT_STATUSES = (*ProjectStatus.values, NO_REPORT)  # in the order of ProjectStatus
# A project "carried out" (ได้ดำเนินการ) in the DLA forms: work has started, whether finished or not.
CARRIED_OUT = frozenset(
    {ProjectStatus.IN_PROGRESS, ProjectStatus.COMPLETED, ProjectStatus.DELAYED, ProjectStatus.CARRIED_OVER}
)
KPI_STATUSES = achievement.STATUSES
NO_PERSPECTIVE = "none"


# Figures ----------------------------------------------------------------------------------------------


@dataclass
class KpiFigure:
    """One KPI evaluated: the engine's figures, the weight its score counts with, its targets."""

    kpi: Indicator
    figures: achievement.KpiFigures
    weight: Decimal
    targets: dict[int, Decimal | None] = field(default_factory=dict)
    # Each quarter 1–4 evaluated to its end (actual to date against the target to date), when asked for.
    quarters: list[achievement.KpiFigures] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.figures.status

    @property
    def score(self) -> tuple[Decimal, Decimal]:
        return achievement.weighted_score([(self.weight, self.figures.level)])

    @property
    def annual_target(self) -> Decimal | None:
        return self.targets.get(0)


@dataclass
class KpiSet:
    """KPIs taken together: status counts and Σ points ÷ Σ maxima."""

    kpis: list[KpiFigure]
    key: str = ""
    label: str = ""
    share: Decimal | None = None  # share of all KPIs shown (largest remainder across the sets)

    @property
    def count(self) -> int:
        return len(self.kpis)

    # Computed once: a set kept in the figures' memo is read by every request (its KPIs never change).
    @cached_property
    def counts(self) -> dict[str, int]:
        return achievement.status_counts(k.status for k in self.kpis)

    @cached_property
    def _totals(self) -> tuple[Decimal, Decimal]:
        return achievement.combine_scores(k.score for k in self.kpis)

    @property
    def points(self) -> Decimal:
        return self._totals[0]

    @property
    def maximum(self) -> Decimal:
        return self._totals[1]

    @property
    def score(self) -> Decimal | None:
        return achievement.score_percent(self.points, self.maximum)

    @property
    def official(self) -> bool:
        return all(k.figures.official for k in self.kpis)


@dataclass
class QuarterFigures:
    """A project's quarter: what the counted reports say, and the disbursement so far."""

    quarter: int
    status: str | None = None
    percent_complete: Decimal | None = None
    disbursed: Decimal | None = None
    disbursed_to_date: Decimal = ZERO
    states: list[str] = field(default_factory=list)  # states of every report in the quarter, counted or not
    counted: bool = False  # a report of the quarter is counted (approved, or any in a preview)
    rate_to_date: Decimal | None = None  # disbursed to date ÷ the action-plan budget


@dataclass
class ProjectFigures:
    """A project of the year's action plan: status, budget, disbursement and KPIs to a period."""

    project: object
    item: ActionPlanItem
    status: str = NO_REPORT
    status_period: int | None = None  # the quarter of the report the status comes from
    percent_complete: Decimal | None = None
    disbursed: Decimal = ZERO
    kpis: list[KpiFigure] = field(default_factory=list)
    history: list[QuarterFigures] = field(default_factory=list)
    official: bool = True

    @property
    def budget(self) -> Decimal:
        return self.item.budget

    @property
    def rate(self) -> Decimal | None:
        return share(self.disbursed, self.budget)

    @property
    def kpi_set(self) -> KpiSet:
        return KpiSet(self.kpis)

    @property
    def kpi_counts(self) -> dict[str, int]:
        return self.kpi_set.counts

    @property
    def points(self) -> Decimal:
        return self.kpi_set.points

    @property
    def maximum(self) -> Decimal:
        return self.kpi_set.maximum

    @property
    def score(self) -> Decimal | None:
        return self.kpi_set.score

    @property
    def strategy(self):
        return self.project.program.goal.strategy

    def status_at(self, quarter: int) -> str:
        """The status of the latest counted report up to the end of ``quarter`` (NO_REPORT if none)."""
        found = NO_REPORT
        for q in self.history[:quarter]:
            if q.counted and q.status:
                found = q.status
        return found


@dataclass
class Group:
    """Projects taken together (a program, a strategy, a department, the organization): counts by status,
    budget planned and disbursed, KPI status counts and the score Σ points ÷ Σ maxima. Every figure is
    computed from the projects themselves, so a group always equals the sum of its rows."""

    key: str
    obj: object
    projects: list[ProjectFigures]
    children: list["Group"] = field(default_factory=list)
    plan_share: Decimal | None = None  # this group's projects ÷ all projects of the year (largest remainder)
    # completed ÷ ALL projects of the plan year (the published DLA tables' denominator); set by done_shares
    completed_share_of_all: Decimal | None = None

    def __post_init__(self):
        counted = defaultdict(int)
        for p in self.projects:
            counted[p.status] += 1
        self.statuses = {s: counted[s] for s in PROJECT_STATUSES}
        self.planned = len(self.projects)
        self.budget = sum((p.budget for p in self.projects), ZERO)
        self.disbursed = sum((p.disbursed for p in self.projects), ZERO)
        kpis = [k for p in self.projects for k in p.kpis]
        self.kpi_set = KpiSet(kpis)
        self.kpi_counts = self.kpi_set.counts
        self.kpi_count = len(kpis)
        self.points, self.maximum = achievement.combine_scores((p.points, p.maximum) for p in self.projects)
        self.scored_projects = sum(1 for p in self.projects if p.maximum)

    @property
    def pk(self):
        return getattr(self.obj, "pk", None)

    @property
    def completed(self) -> int:
        return self.statuses[ProjectStatus.COMPLETED.value]

    @property
    def carried_out(self) -> int:
        """Projects whose status says the work has started (CARRIED_OUT)."""
        return sum(self.statuses[s] for s in CARRIED_OUT)

    @property
    def completed_share(self) -> Decimal | None:
        """Completed ÷ the group's own projects × 100 (the one place this share is computed)."""
        return share(self.completed, self.planned)

    @property
    def status_shares(self) -> dict[str, Decimal]:
        """Each status as a share of the group's projects, adding up to exactly 100.00."""
        return dict(zip(PROJECT_STATUSES, largest_remainder(list(self.statuses.values())), strict=True))

    @property
    def rate(self) -> Decimal | None:
        return share(self.disbursed, self.budget)

    @property
    def score(self) -> Decimal | None:
        return achievement.score_percent(self.points, self.maximum)

    @cached_property
    def by_quarter(self) -> list[tuple[int, Decimal]]:
        """For each quarter 1–4: the projects carried out by its end and the budget disbursed in it (computed
        once: remembered figures keep it, so a page of thousands of projects does not count them again)."""
        return [
            (
                sum(1 for p in self.projects if p.status_at(q) in CARRIED_OUT),
                sum((p.history[q - 1].disbursed or ZERO for p in self.projects), ZERO),
            )
            for q in QUARTERS
        ]


@dataclass
class YearFigures:
    """Everything the results pages show of a fiscal year."""

    org: object
    fiscal_year: int
    upto: int | None
    action_plan: ActionPlan | None
    projects: list[ProjectFigures]
    organization: Group
    strategies: list[Group]
    departments: list[Group]
    perspectives: list[KpiSet]
    org_kpis: KpiSet
    strategy_kpis: dict[int, KpiSet]
    official: bool = True

    def strategy(self, pk) -> Group | None:
        return next((g for g in self.strategies if g.pk == pk), None)

    @property
    def all_kpis(self) -> list[KpiFigure]:
        own = [k for s in self.strategy_kpis.values() for k in s.kpis]
        return [k for p in self.projects for k in p.kpis] + own + self.org_kpis.kpis

    @property
    def department_total(self) -> int:
        return sum(g.planned for g in self.departments)


# Helpers ----------------------------------------------------------------------------------------------


def _check_upto(upto):
    if upto is not None and upto not in QUARTERS:
        raise ValueError(f"upto must be a quarter 1–4 or None, not {upto}")


@dataclass(frozen=True)
class _Result:
    """An IndicatorResult as the engine reads it (period is the period number)."""

    period: int
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    yes_no: bool | None
    text: str
    state: str


RESULT_FIELDS = ("indicator_id", "period__number", "value", "numerator", "denominator", "yes_no", "text", "state")


def _results(org, indicators, fiscal_year, kind) -> dict[int, list[_Result]]:
    """The year's KPI results of the indicators (a queryset: one query), by indicator; every state."""
    out = defaultdict(list)
    rows = (
        IndicatorResult.objects.for_org(org)
        .filter(indicator__in=indicators, period__fiscal_year=fiscal_year, period__kind=kind)
        .values_list(*RESULT_FIELDS)
    )
    for indicator_id, number, value, numerator, denominator, yes_no, text, state in rows:
        out[indicator_id].append(_Result(number, value, numerator, denominator, yes_no, text or "", state))
    return out


def _targets(org, indicators, fiscal_year) -> dict[int, dict[int, Decimal | None]]:
    out = defaultdict(dict)
    rows = Target.objects.for_org(org).filter(indicator__in=indicators, fiscal_year=fiscal_year)
    for indicator_id, period, value in rows.values_list("indicator_id", "period", "value"):
        out[indicator_id][period] = value
    return out


def evaluate_kpi(kpi, results, targets, *, upto=None, kind=ReportingPeriod.Kind.QUARTER, official_only=True):
    """The engine's figures of a KPI to quarter ``upto``. Targets are per quarter; with monthly reporting
    the actual is taken over the months up to the end of that quarter."""
    band = settings.TIDTAM_EVALUATION["at_risk_band"]
    if kind == ReportingPeriod.Kind.QUARTER:
        return achievement.evaluate(kpi, results, targets, upto=upto, official_only=official_only, at_risk_band=band)
    months = achievement.evaluate(
        kpi, results, {}, upto=last_period_of_quarter(kind, upto), official_only=official_only, periods_in_year=12
    )
    target = achievement.target_to_date(kpi, targets, upto=upto)
    percent = achievement.achievement(kpi, months.actual.value, target)
    return achievement.KpiFigures(
        actual=months.actual,
        target=target,
        achievement=percent,
        progress=achievement.baseline_progress(kpi, months.actual.value, target, kpi.baseline_value),
        level=months.level,
        status=achievement.status(kpi, percent, at_risk_band=band),
        official=months.official,
    )


def effective_weights(kpis) -> dict[int, Decimal]:
    """Indicator.weight; when no KPI of the group has a weight, equal weights adding up to 100."""
    kpis = list(kpis)
    if any(k.weight for k in kpis):
        return {k.pk: k.weight for k in kpis}
    return {k.pk: HUNDRED / len(kpis) for k in kpis}


def _owner(kpi) -> tuple[str, int | None]:
    if kpi.project_id:
        return ("project", kpi.project_id)
    if kpi.strategy_id:
        return ("strategy", kpi.strategy_id)
    if kpi.goal_id:
        return ("strategy", kpi.goal.strategy_id)
    return ("organization", None)


def _perspective_matches(kpi, perspective) -> bool:
    if not perspective:
        return True
    return kpi.perspective == ("" if perspective == NO_PERSPECTIVE else perspective)


def _evaluate_all(kpis, results, targets, *, upto, kind, official_only, perspective=None) -> dict[tuple, list]:
    """KpiFigures of the KPIs, grouped by owner; weights are settled over each owner's KPIs (all of them,
    whatever the perspective filter keeps)."""
    by_owner = defaultdict(list)
    for kpi in kpis:
        by_owner[_owner(kpi)].append(kpi)
    out = defaultdict(list)
    for owner, group in by_owner.items():
        weights = effective_weights(group)
        for kpi in group:
            if not _perspective_matches(kpi, perspective):
                continue
            figures = evaluate_kpi(
                kpi, results.get(kpi.pk, []), targets.get(kpi.pk, {}), upto=upto, kind=kind, official_only=official_only
            )
            out[owner].append(KpiFigure(kpi, figures, weights[kpi.pk], targets.get(kpi.pk, {})))
    return out


def _add_quarters(evaluated, results, targets, *, kind, official_only) -> None:
    """Fill each KpiFigure's ``quarters``: the KPI evaluated to the end of every quarter, from the results
    and targets already fetched (no query)."""
    for figures in evaluated.values():
        for k in figures:
            found, goals = results.get(k.kpi.pk, []), targets.get(k.kpi.pk, {})
            k.quarters = [
                evaluate_kpi(k.kpi, found, goals, upto=q, kind=kind, official_only=official_only) for q in QUARTERS
            ]


def _report_rows(org, projects, fiscal_year, kind, *, official_only):
    """The year's progress reports of the projects (one query), ordered by period."""
    reports = ProgressReport.objects.for_org(org).filter(
        project__in=projects, period__fiscal_year=fiscal_year, period__kind=kind
    )
    if official_only:
        reports = reports.filter(state=ReportState.APPROVED)
    return reports.order_by("period__number").values_list(
        "project_id", "period__number", "project_status", "percent_complete", "disbursed", "state"
    )


def _disbursed(org, projects, fiscal_year, kind, *, upto, official_only) -> dict[int, Decimal]:
    """Σ disbursed per project up to quarter ``upto``: one SQL aggregate."""
    reports = ProgressReport.objects.for_org(org).filter(
        project__in=projects, period__fiscal_year=fiscal_year, period__kind=kind
    )
    if official_only:
        reports = reports.filter(state=ReportState.APPROVED)
    if upto is not None:
        reports = reports.filter(period__number__lte=last_period_of_quarter(kind, upto))
    rows = reports.order_by().values("project_id").annotate(total=Sum("disbursed"))
    return {row["project_id"]: row["total"] or ZERO for row in rows}


def _apply_reports(figure: ProjectFigures, rows, *, kind, upto, official_only):
    """Status and percent complete from the counted reports up to ``upto`` (rows ordered by period)."""
    for _pid, number, status, percent, _disbursed, state in rows:
        counted = not official_only or state == ReportState.APPROVED
        if not counted or (upto is not None and quarter_of_period(kind, number) > upto):
            continue
        if status:
            figure.status, figure.status_period = status, quarter_of_period(kind, number)
        if percent is not None:
            figure.percent_complete = percent
        if state != ReportState.APPROVED:
            figure.official = False


def _history(rows, kind, *, official_only) -> list[QuarterFigures]:
    """Per quarter: the counted reports' status, percent and disbursement, and every report's state."""
    quarters = {q: QuarterFigures(q) for q in QUARTERS}
    for _pid, number, status, percent, disbursed, state in rows:
        quarter = quarters[quarter_of_period(kind, number)]
        quarter.states.append(state)
        if official_only and state != ReportState.APPROVED:
            continue
        quarter.counted = True
        if status:
            quarter.status = status
        if percent is not None:
            quarter.percent_complete = percent
        if disbursed is not None:
            quarter.disbursed = (quarter.disbursed or ZERO) + disbursed
    running = ZERO
    for q in QUARTERS:
        running += quarters[q].disbursed or ZERO
        quarters[q].disbursed_to_date = running
    return [quarters[q] for q in QUARTERS]


# The year -------------------------------------------------------------------------------------------


def _one_instance_each(items) -> None:
    """One instance of each department, program, goal and strategy for all the items' projects (a join makes
    one per row): at 5,000 projects, 20,000 fewer objects to keep in memory and to share (``memo``)."""
    seen = {}

    def one(obj):
        return None if obj is None else seen.setdefault((type(obj), obj.pk), obj)

    for item in items:
        project = item.project
        goal = project.program.goal
        goal.strategy = one(goal.strategy)
        project.program.goal = one(goal)
        project.program = one(project.program)
        project.department = one(project.department)


def year_figures(
    org,
    fiscal_year: int,
    *,
    upto: int | None = None,
    department_id=None,
    perspective=None,
    access=None,
    official_only: bool = True,
    quarters: bool = False,
) -> YearFigures:
    """The year's figures for every project of its action plan, rolled up by program, strategy,
    organization, department and perspective. Nine queries (ten when the monitoring settings are created)
    whatever the number of projects.

    ``access`` (orgs.access.Access) limits the projects to those the person may see (a reporter: their
    department's). ``perspective`` is an Indicator.Perspective value or "none" (KPIs without one).
    ``quarters`` also evaluates every KPI to the end of each quarter (KpiFigure.quarters), for tracking
    tables; it costs no query.
    """
    _check_upto(upto)
    kind = policy_for(org).period_kind
    action_plan = ActionPlan.objects.for_org(org).filter(fiscal_year=fiscal_year).select_related("plan").first()

    scoped = ActionPlanItem.objects.for_org(org).filter(action_plan__fiscal_year=fiscal_year)
    if access is not None:
        scoped = access.scope_projects(scoped, through="project")
    if department_id:
        scoped = scoped.filter(project__department_id=department_id)
    items = list(
        scoped.select_related("project__department", "project__program__goal__strategy").order_by(
            "project__program__goal__strategy__order",
            "project__program__goal__strategy__number",
            "project__program__goal__order",
            "project__program__goal__number",
            "project__program__order",
            "project__program__name",
            "project__order",
            "project__code",
        )
    )
    _one_instance_each(items)
    project_subquery = scoped.values("project_id")  # used inside the queries below, never run on its own
    strategies = list(Strategy.objects.for_org(org).filter(plan_id=action_plan.plan_id)) if action_plan else []

    # Reports: status rows and the SQL sum of disbursement.
    rows_by_project = defaultdict(list)
    disbursed = {}
    if items:
        for row in _report_rows(org, project_subquery, fiscal_year, kind, official_only=official_only):
            rows_by_project[row[0]].append(row)
        disbursed = _disbursed(org, project_subquery, fiscal_year, kind, upto=upto, official_only=official_only)

    # KPIs: the projects', and the organization's and strategies' own (those of this plan's strategies).
    own = Q(project__isnull=True, strategy__isnull=True, goal__isnull=True)
    if action_plan:
        own |= Q(project__isnull=True) & (
            Q(strategy__plan_id=action_plan.plan_id) | Q(goal__strategy__plan_id=action_plan.plan_id)
        )
    indicators = Indicator.objects.for_org(org).filter(own | Q(project__in=project_subquery) if items else own)
    kpis = list(indicators.select_related("goal").order_by("order", "pk"))
    targets = _targets(org, indicators, fiscal_year)
    results = _results(org, indicators, fiscal_year, kind)
    evaluated = _evaluate_all(
        kpis, results, targets, upto=upto, kind=kind, official_only=official_only, perspective=perspective
    )
    if quarters:
        _add_quarters(evaluated, results, targets, kind=kind, official_only=official_only)

    projects = []
    for item in items:
        figure = ProjectFigures(
            project=item.project,
            item=item,
            disbursed=disbursed.get(item.project_id, ZERO),
            kpis=evaluated.get(("project", item.project_id), []),
        )
        _apply_reports(figure, rows_by_project[item.project_id], kind=kind, upto=upto, official_only=official_only)
        figure.history = _history(rows_by_project[item.project_id], kind, official_only=official_only)
        for k in figure.kpis:
            k.kpi.project = item.project  # already fetched: pages name a KPI's project without a query
        projects.append(figure)

    def own_kpis(owner):
        found = evaluated.get(owner, [])
        if department_id:
            found = [k for k in found if k.kpi.department_id == int(department_id)]
        return found

    strategy_groups = _strategy_groups(strategies, projects)
    strategy_kpis = {s.pk: KpiSet(own_kpis(("strategy", s.pk))) for s in (g.obj for g in strategy_groups)}
    organization = Group("organization", org, projects, children=strategy_groups)
    _set_plan_shares(strategy_groups)
    organization.plan_share = HUNDRED.quantize(Decimal("0.01")) if organization.planned else None
    departments = _department_groups(projects)
    done_shares(strategy_groups, organization)
    done_shares([c for g in strategy_groups for c in g.children], organization)
    done_shares(departments, organization)
    org_kpis = KpiSet(own_kpis(("organization", None)))
    figures = YearFigures(
        org=org,
        fiscal_year=fiscal_year,
        upto=upto,
        action_plan=action_plan,
        projects=projects,
        organization=organization,
        strategies=strategy_groups,
        departments=departments,
        perspectives=[],
        org_kpis=org_kpis,
        strategy_kpis=strategy_kpis,
        official=all(p.official for p in projects),
    )
    figures.perspectives = _perspective_sets(figures.all_kpis)
    figures.official = figures.official and all(k.figures.official for k in figures.all_kpis)
    return figures


def _strategy_groups(strategies, projects) -> list[Group]:
    """Every strategy of the plan (and any other a project belongs to), each with its programs."""
    by_strategy = defaultdict(list)
    known = {s.pk: s for s in strategies}
    for p in projects:
        by_strategy[p.strategy.pk].append(p)
        known.setdefault(p.strategy.pk, p.strategy)
    ordered = sorted(known.values(), key=lambda s: (s.order, s.number, s.pk))
    groups = []
    for strategy in ordered:
        members = by_strategy[strategy.pk]
        by_program = {}
        for p in members:
            by_program.setdefault(p.project.program_id, (p.project.program, []))[1].append(p)
        programs = [Group("program", program, rows) for program, rows in by_program.values()]
        groups.append(Group("strategy", strategy, members, children=programs))
    return groups


def _set_plan_shares(groups: list[Group]) -> None:
    """Each group's projects as a share of all the groups' projects, adding up to exactly 100.00."""
    if not sum(g.planned for g in groups):
        return
    for group, part in zip(groups, largest_remainder([g.planned for g in groups]), strict=True):
        group.plan_share = part


def done_shares(groups: list[Group], whole: Group) -> None:
    """Each group's completed projects ÷ ALL the projects of ``whole`` (the plan year) × 100, rounded to
    the cent so that the groups' shares add up to exactly the whole's own completed share (rounded):
    the one place the share of all projects is computed, for every page, report and the API. ``groups``
    are a partition of ``whole``'s projects (its strategies, its programs or its departments)."""
    overall = whole.completed_share
    if overall is None:
        whole.completed_share_of_all = None
        for group in groups:
            group.completed_share_of_all = None
        return
    overall = overall.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole.completed_share_of_all = overall
    for group, part in zip(groups, largest_remainder([g.completed for g in groups], total=overall), strict=True):
        group.completed_share_of_all = part


def _department_groups(projects) -> list[Group]:
    by_department = {}
    for p in projects:
        by_department.setdefault(p.project.department_id, (p.project.department, []))[1].append(p)
    groups = [Group("department", d, rows) for d, rows in by_department.values()]
    groups.sort(key=lambda g: (g.obj.order, g.obj.name))
    _set_plan_shares(groups)
    return groups


def _perspective_sets(kpis) -> list[KpiSet]:
    """KPIs by balanced-scorecard perspective (the four in order, then those without one)."""
    by_key = defaultdict(list)
    for k in kpis:
        by_key[k.kpi.perspective or NO_PERSPECTIVE].append(k)
    labels = dict(Indicator.Perspective.choices)
    sets = [KpiSet(by_key[key], key=key, label=labels[key]) for key in Indicator.Perspective.values]
    if by_key[NO_PERSPECTIVE]:
        sets.append(KpiSet(by_key[NO_PERSPECTIVE], key=NO_PERSPECTIVE, label=""))
    shares = largest_remainder([s.count for s in sets])
    total = sum(s.count for s in sets)
    for s, part in zip(sets, shares, strict=True):
        s.share = part if total else None
    return sets


# One project, one indicator -----------------------------------------------------------------------------


def project_figures(
    org, project, fiscal_year: int, upto: int | None = None, *, official_only: bool = True, quarters: bool = False
):
    """One project's figures to ``upto`` with its quarter-by-quarter history; None when the project is not
    in the year's action plan. Six queries (seven when the monitoring settings are created). ``quarters``
    also evaluates each KPI to the end of every quarter (KpiFigure.quarters), at no extra query."""
    _check_upto(upto)
    kind = policy_for(org).period_kind
    item = (
        ActionPlanItem.objects.for_org(org)
        .filter(action_plan__fiscal_year=fiscal_year, project=project)
        .select_related("project__department", "project__program__goal__strategy")
        .first()
    )
    if item is None:
        return None
    rows = list(_report_rows(org, [project.pk], fiscal_year, kind, official_only=False))
    indicators = Indicator.objects.for_org(org).filter(project=project)
    kpis = list(indicators.order_by("order", "pk"))
    targets = _targets(org, indicators, fiscal_year)
    results = _results(org, indicators, fiscal_year, kind)
    evaluated = _evaluate_all(kpis, results, targets, upto=upto, kind=kind, official_only=official_only)
    if quarters:
        _add_quarters(evaluated, results, targets, kind=kind, official_only=official_only)
    history = _history(rows, kind, official_only=official_only)
    for quarter in history:
        quarter.rate_to_date = share(quarter.disbursed_to_date, item.budget)
    last = upto or 4
    figure = ProjectFigures(
        project=item.project,
        item=item,
        disbursed=history[last - 1].disbursed_to_date,
        kpis=evaluated.get(("project", project.pk), []),
        history=history,
    )
    _apply_reports(figure, rows, kind=kind, upto=upto, official_only=official_only)
    figure.official = figure.official and all(k.figures.official for k in figure.kpis)
    return figure


@dataclass
class IndicatorQuarter:
    """One quarter of a KPI: the results reported in it, its target, and the figures to the end of it."""

    quarter: int
    results: list[_Result]
    target: Decimal | None
    figures: achievement.KpiFigures


@dataclass
class IndicatorPeriods:
    kpi: Indicator
    targets: dict[int, Decimal | None]
    quarters: list[IndicatorQuarter]
    year_to_date: achievement.KpiFigures
    weight: Decimal | None = None

    @property
    def official(self) -> bool:
        return self.year_to_date.official and all(q.figures.official for q in self.quarters)


def indicator_periods(org, indicator, fiscal_year: int, *, official_only: bool = True) -> IndicatorPeriods:
    """A KPI quarter by quarter (each evaluated to the end of that quarter) and for the year to date.
    Three queries (four when the monitoring settings are created)."""
    kind = policy_for(org).period_kind
    one = Indicator.objects.filter(pk=indicator.pk)
    targets = _targets(org, one, fiscal_year).get(indicator.pk, {})
    results = _results(org, one, fiscal_year, kind).get(indicator.pk, [])
    quarters = [
        IndicatorQuarter(
            quarter=q,
            results=sorted((r for r in results if quarter_of_period(kind, r.period) == q), key=lambda r: r.period),
            target=targets.get(q),
            figures=evaluate_kpi(indicator, results, targets, upto=q, kind=kind, official_only=official_only),
        )
        for q in QUARTERS
    ]
    ytd = evaluate_kpi(indicator, results, targets, upto=None, kind=kind, official_only=official_only)
    return IndicatorPeriods(kpi=indicator, targets=targets, quarters=quarters, year_to_date=ytd)
