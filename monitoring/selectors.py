"""Reads for the monitoring pages, each in a fixed number of queries whatever the number of projects."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.core.paginator import Page
from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Sum

from core import pages
from core.money import round_to, share
from monitoring.models import (
    Evidence,
    IndicatorResult,
    LockException,
    ProgressReport,
    ProjectStatus,
    ReportEvent,
    ReportingPeriod,
    ReportState,
)
from monitoring.periods import accepts_reports, policy_for
from monitoring.rules import ReportContext
from monitoring.workflow import can_edit
from orgs.models import Department
from plans.models import ActionPlanItem, Indicator, Target

ZERO = Decimal("0.00")
SUBMITTED_STATES = (ReportState.SUBMITTED, ReportState.APPROVED)


@dataclass
class Card:
    """One project on the data-entry page: its plan data, its report (saved or new) and what it needs."""

    item: ActionPlanItem
    report: ProgressReport
    indicators: list[Indicator]
    results: dict[int, IndicatorResult]
    context: ReportContext
    editable: bool
    evidence: list[Evidence] = field(default_factory=list)
    targets: dict[int, dict[int, object]] = field(default_factory=dict)  # indicator id → period → Target

    @property
    def project(self):
        return self.item.project

    @property
    def disbursed_to_date(self) -> Decimal:
        return self.context.disbursed_before + (self.report.disbursed or ZERO)


def year_items(org, fiscal_year, *, department_id=None, project_ids=None):
    items = ActionPlanItem.objects.for_org(org).filter(action_plan__fiscal_year=fiscal_year)
    if department_id:
        items = items.filter(project__department_id=department_id)
    if project_ids is not None:
        items = items.filter(project_id__in=project_ids)
    return items.select_related("project__department", "project__program__goal__strategy").order_by(
        "project__program__goal__strategy__number", "project__order", "project__code"
    )


def cards(org, period, access, today, *, department_id=None, project_ids=None) -> list[Card]:
    """The data-entry cards of a department (or of some projects) for a period, of the projects the
    person sees (a department reporter: their department's, whatever is asked)."""
    items = year_items(org, period.fiscal_year, department_id=department_id, project_ids=project_ids)
    items = list(access.scope_projects(items, through="project"))
    projects = [item.project for item in items]
    indicators = defaultdict(list)
    for kpi in Indicator.objects.for_org(org).filter(project__in=projects).order_by("order", "pk"):
        indicators[kpi.project_id].append(kpi)
    reports = {
        r.project_id: r
        for r in ProgressReport.objects.for_org(org)
        .filter(period=period, project__in=projects)
        .prefetch_related("results", Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at")))
    }
    earlier = ProgressReport.objects.for_org(org).filter(
        period__fiscal_year=period.fiscal_year,
        period__kind=period.kind,
        period__number__lt=period.number,
        project__in=projects,
    )
    disbursed_before = dict(
        earlier.values("project_id").annotate(total=Sum("disbursed")).values_list("project_id", "total")
    )
    previous = {}
    for indicator_id, value in (
        IndicatorResult.objects.for_org(org)
        .filter(
            indicator__project__in=projects,
            period__fiscal_year=period.fiscal_year,
            period__kind=period.kind,
            period__number__lt=period.number,
            value__isnull=False,
        )
        .order_by("period__number")
        .values_list("indicator_id", "value")
    ):
        previous[indicator_id] = value  # the latest earlier period wins
    targets = defaultdict(dict)
    for target in Target.objects.for_org(org).filter(indicator__project__in=projects, fiscal_year=period.fiscal_year):
        targets[target.indicator_id][target.period] = target
    policy = policy_for(org)
    exceptions = list(LockException.objects.for_org(org).filter(period=period, until__gte=today))
    result = []
    for item in items:
        project = item.project
        report = reports.get(project.pk) or ProgressReport(
            organization=org, period=period, project=project, department_id=project.department_id
        )
        report.period, report.project = period, project  # already read: no query per card
        kpis = indicators[project.pk]
        context = ReportContext(
            budget=item.budget,
            disbursed_before=disbursed_before.get(project.pk) or ZERO,
            previous_values={k.pk: previous[k.pk] for k in kpis if k.pk in previous},
        )
        editable = can_edit(report, access, today, policy=policy, exceptions=exceptions)
        result.append(
            Card(
                item=item,
                report=report,
                indicators=kpis,
                results={r.indicator_id: r for r in report.results.all()} if report.pk else {},
                context=context,
                editable=editable,
                evidence=list(report.evidence.all()) if report.pk else [],
                targets={k.pk: targets[k.pk] for k in kpis},
            )
        )
    return result


# The data-entry list of a department ------------------------------------------------------------------

# Its filters (?show=): other pages link to them by these values (the home page: ?show=returned).
SHOW_TODO, SHOW_RETURNED, SHOW_ALL = "todo", "returned", "all"
ENTRY_FILTERS = (SHOW_TODO, SHOW_RETURNED, SHOW_ALL)
NOT_STARTED = "not_started"  # the state of a project without a report in the period
ENTRY_STATES = (NOT_STARTED, ReportState.DRAFT, ReportState.SUBMITTED, ReportState.RETURNED, ReportState.APPROVED)
TODO_STATES = (NOT_STARTED, ReportState.DRAFT, ReportState.RETURNED)
ENTRY_PAGE_SIZE = 25


def entry_state(state: str | None) -> str:
    """A project's state on the data-entry list: its report's state, or ``NOT_STARTED`` without a report."""
    return state or NOT_STARTED


def is_shown(state: str | None, show: str) -> bool:
    """Whether a project whose report is in ``state`` (None: no report yet) is on the list filtered by
    ``show``: ``todo`` holds what the department still has to report (no report, a draft not submitted
    yet, a report returned for revision), ``returned`` only the returned ones, ``all`` every project."""
    state = entry_state(state)
    if show == SHOW_TODO:
        return state in TODO_STATES
    if show == SHOW_RETURNED:
        return state == ReportState.RETURNED
    return True


def _show_filter(show: str) -> Q:
    """``is_shown`` as a filter of the rows ``_entry_items`` annotates (the same rule, in the database)."""
    if show == SHOW_TODO:
        return Q(report_state__isnull=True) | Q(report_state__in=[ReportState.DRAFT, ReportState.RETURNED])
    if show == SHOW_RETURNED:
        return Q(report_state=ReportState.RETURNED)
    return Q()


def _entry_items(org, period, access, department_id):
    """The action plan items of a department's projects for the period's year that the person sees, in
    the data-entry order, each with ``report_state`` (None: no report in the period yet)."""
    items = access.scope_projects(
        year_items(org, period.fiscal_year, department_id=department_id), through="project"
    ).order_by("project__program__goal__strategy__number", "project__order", "project__code", "project_id")
    state = ProgressReport.objects.filter(period=period, project=OuterRef("project_id")).values("state")[:1]
    return items.annotate(report_state=Subquery(state))


@dataclass
class EntryRow:
    item: ActionPlanItem
    report: ProgressReport | None

    @property
    def project(self):
        return self.item.project

    @property
    def state(self) -> str:
        return entry_state(self.report.state if self.report else None)


@dataclass
class EntryList:
    """One page of a department's data-entry list and the counts of the whole department."""

    show: str
    page: Page  # of EntryRow
    counts: dict[str, int]  # per state of ENTRY_STATES, and per filter of ENTRY_FILTERS

    @property
    def rows(self) -> list[EntryRow]:
        return list(self.page.object_list)


def entry_list(org, period, access, department_id, *, show: str = SHOW_TODO, page: int = 1) -> EntryList:
    """A department's projects of the period's year, those ``show`` keeps (see ``is_shown``),
    ``ENTRY_PAGE_SIZE`` a page, each with its report; the counts per state are the whole department's,
    whatever the filter and the page. Four queries, whatever the number of projects."""
    items = _entry_items(org, period, access, department_id)
    by_state = {key: Count("pk", filter=Q(report_state=key)) for key in ENTRY_STATES if key != NOT_STARTED}
    counts = items.order_by().aggregate(
        **{NOT_STARTED: Count("pk", filter=Q(report_state__isnull=True))}, **by_state, all=Count("pk")
    )
    counts[SHOW_TODO] = sum(counts[state] for state in TODO_STATES)
    counts[SHOW_RETURNED] = counts[ReportState.RETURNED]
    one_page = pages.page_of(items.filter(_show_filter(show)), page, per_page=ENTRY_PAGE_SIZE, count=counts[show])
    found = list(one_page.object_list)
    reports = {
        r.project_id: r
        for r in ProgressReport.objects.for_org(org).filter(period=period, project__in=[i.project_id for i in found])
    }
    one_page.object_list = [EntryRow(item, reports.get(item.project_id)) for item in found]
    return EntryList(show=show, page=one_page, counts=counts)


@dataclass
class Neighbours:
    """Where a project stands on its department's data-entry list filtered by ``show``."""

    show: str
    previous: int | None  # project ids
    next: int | None
    position: int  # 1-based on the filtered list (of the next project shown when this one is not)
    total: int  # projects on the filtered list
    shown: bool  # whether this project itself is on it

    @property
    def page(self) -> int:
        """The list's page holding this project (or the place it would have)."""
        return max(self.position - 1, 0) // ENTRY_PAGE_SIZE + 1


def entry_neighbours(org, period, access, project, *, show: str = SHOW_TODO) -> Neighbours:
    """The previous and next projects of ``project`` on its department's list filtered by ``show``, in the
    list's order. They are found from the project's place among all the department's projects, so a report
    that leaves the filter once saved (submitted under ``todo``) still has the same next project. One query."""
    rows = list(_entry_items(org, period, access, project.department_id).values_list("project_id", "report_state"))
    ids = [pk for pk, _state in rows]
    here = ids.index(project.pk) if project.pk in ids else len(ids)
    kept = [is_shown(state, show) for _pk, state in rows]
    before = [pk for pk, keep in zip(ids[:here], kept[:here], strict=True) if keep]
    after = [pk for pk, keep in zip(ids[here + 1 :], kept[here + 1 :], strict=True) if keep]
    shown = here < len(ids) and kept[here]
    return Neighbours(
        show=show,
        previous=before[-1] if before else None,
        next=after[0] if after else None,
        position=len(before) + 1,
        total=sum(kept),
        shown=shown,
    )


def completeness(org, period, today):
    """Per department: projects planned, reports submitted (on time or late), returned, approved, missing."""
    items = ActionPlanItem.objects.for_org(org).filter(action_plan__fiscal_year=period.fiscal_year)
    planned = dict(
        items.values("project__department_id").annotate(n=Count("pk")).values_list("project__department_id", "n")
    )
    reports = ProgressReport.objects.for_org(org).filter(period=period, project__in=items.values("project_id"))
    on_time = Q(submitted_at__date__lte=period.deadline)
    rows = {
        row["department_id"]: row
        for row in reports.values("department_id").annotate(
            submitted=Count("pk", filter=Q(state__in=SUBMITTED_STATES)),
            on_time=Count("pk", filter=Q(state__in=SUBMITTED_STATES) & on_time),
            approved=Count("pk", filter=Q(state=ReportState.APPROVED)),
            returned=Count("pk", filter=Q(state=ReportState.RETURNED)),
            drafts=Count("pk", filter=Q(state=ReportState.DRAFT)),
        )
    }
    result = []
    for department in Department.objects.for_org(org).filter(pk__in=planned):
        row = rows.get(department.pk, {})
        total = planned[department.pk]
        submitted = row.get("submitted", 0)
        result.append(
            {
                "department": department,
                "planned": total,
                "submitted": submitted,
                "on_time": row.get("on_time", 0),
                "late": submitted - row.get("on_time", 0),
                "approved": row.get("approved", 0),
                "returned": row.get("returned", 0),
                "missing": total - submitted,
                "overdue": today > period.deadline and total > submitted,
            }
        )
    return result


def missing_projects(org, period, access):
    """Projects of the year that the person sees (``Access.scope_projects``) without a submitted or approved
    report in the period, with their report state."""
    items = access.scope_projects(year_items(org, period.fiscal_year), through="project")
    states = dict(ProgressReport.objects.for_org(org).filter(period=period).values_list("project_id", "state"))
    return [
        (item, states.get(item.project_id)) for item in items if states.get(item.project_id) not in SUBMITTED_STATES
    ]


def waiting_for_review(org, period, access):
    """Submitted reports of the period that the person sees (``Access.scope_projects``), oldest submission
    first: the audit unit's queue."""
    reports = ProgressReport.objects.for_org(org).filter(period=period, state=ReportState.SUBMITTED)
    return (
        access.scope_projects(reports, through="project")
        .select_related("project__department")
        .order_by("submitted_at", "pk")
    )


def next_for_review(org, period, access, after):
    """The report to review after ``after`` (a report of the period just approved or returned): the next one
    in the queue's order, else the first one still waiting, else None (the queue is empty)."""
    queue = waiting_for_review(org, period, access).exclude(pk=after.pk)
    if after.submitted_at is not None:
        later = Q(submitted_at__gt=after.submitted_at) | Q(submitted_at=after.submitted_at, pk__gt=after.pk)
        following = queue.filter(later).first()
        if following is not None:
            return following
    return queue.first()


def timeline(report):
    return ReportEvent.objects.filter(report=report).select_related("actor")


def year_completeness(org, periods, today):
    """Per department over the year: reports submitted per period, and the share submitted on time
    counted over the periods whose deadline has passed (a period still running is not late yet)."""
    if not periods:
        return []
    year = periods[0].fiscal_year
    planned = dict(
        ActionPlanItem.objects.for_org(org)
        .filter(action_plan__fiscal_year=year)
        .values("project__department_id")
        .annotate(n=Count("pk"))
        .values_list("project__department_id", "n")
    )
    counts = defaultdict(dict)
    for row in (
        ProgressReport.objects.for_org(org)
        .filter(period__in=periods, state__in=SUBMITTED_STATES)
        .values("department_id", "period_id")
        .annotate(
            submitted=Count("pk"),
            on_time=Count("pk", filter=Q(submitted_at__date__lte=models.F("period__deadline"))),
        )
    ):
        counts[row["department_id"]][row["period_id"]] = row
    due = [p for p in periods if p.deadline < today]
    rows = []
    for department in Department.objects.for_org(org).filter(pk__in=planned):
        cells = [counts[department.pk].get(p.pk, {"submitted": 0, "on_time": 0}) for p in periods]
        expected = planned[department.pk] * len(due)
        on_time = sum(counts[department.pk].get(p.pk, {}).get("on_time", 0) for p in due)
        rows.append(
            {
                "department": department,
                "planned": planned[department.pk],
                "cells": cells,
                "on_time_share": round_to(share(on_time, expected), 1),
            }
        )
    return rows


# Next actions on the home page ---------------------------------------------------------------------


@dataclass
class DueReports:
    """A department's reports of one period: projects the year plans for it, and how many are in."""

    period: models.Model
    department: Department
    planned: int
    submitted: int

    @property
    def due(self) -> int:
        """Reports still to submit (not submitted nor approved)."""
        return self.planned - self.submitted


@dataclass
class PeriodCount:
    """How many rows (reports or results) of one period (and one department, where it matters) wait."""

    period: models.Model
    count: int
    department: Department | None = None
    open: bool = True  # whether the person may still act on them today (see ``returned_reports``)


def next_period(org, today):
    """The period the organization reports next: the saved period of its kind whose deadline is the first
    still to come (today included), or None when no such period is set up. One query with ``policy``."""
    policy = policy_for(org)
    return (
        ReportingPeriod.objects.for_org(org)
        .filter(kind=policy.period_kind, deadline__gte=today)
        .order_by("deadline", "number")
        .first()
    )


def reports_due(org, access, today) -> list[DueReports]:
    """Per department the person sees (a department reporter: their own), the reports of the next period
    (``next_period``) the year's action plan asks for and how many are submitted or approved. Departments
    with nothing planned that year are left out. Five queries whatever the number of projects."""
    period = next_period(org, today)
    if period is None:
        return []
    items = access.scope_projects(
        ActionPlanItem.objects.for_org(org).filter(action_plan__fiscal_year=period.fiscal_year), through="project"
    )
    planned = dict(
        items.values("project__department_id").annotate(n=Count("pk")).values_list("project__department_id", "n")
    )
    reports = access.scope_projects(
        ProgressReport.objects.for_org(org).filter(
            period=period, state__in=SUBMITTED_STATES, project__in=items.values("project_id")
        ),
        through="project",
    )
    submitted = dict(
        reports.values("project__department_id").annotate(n=Count("pk")).values_list("project__department_id", "n")
    )
    departments = access.scope_departments(Department.objects.for_org(org)).filter(pk__in=planned)
    return [DueReports(period, d, planned[d.pk], submitted.get(d.pk, 0)) for d in departments]


def _with_periods(org, rows) -> list[PeriodCount]:
    """``rows`` (dicts of ``period_id`` and ``n``) as PeriodCounts in the order of the periods, which are read
    in one query."""
    periods = ReportingPeriod.objects.for_org(org).in_bulk({r["period_id"] for r in rows})
    counts = [PeriodCount(periods[r["period_id"]], r["n"]) for r in rows]
    return sorted(counts, key=lambda c: (c.period.fiscal_year, c.period.number))


def returned_reports(org, access, today) -> list[PeriodCount]:
    """Reports returned for revision and not yet sent back, per period and department, of the projects the
    person sees (a department reporter: their department's). ``open`` tells those the person may correct
    today (the period accepts reports, or a lock exception reopens it for the project or its department)
    from those waiting for the audit unit to reopen their period. Five queries at most."""
    reports = access.scope_projects(
        ProgressReport.objects.for_org(org).filter(state=ReportState.RETURNED), through="project"
    )
    rows = list(reports.values_list("period_id", "project_id", "project__department_id"))
    if not rows:
        return []
    policy = policy_for(org)
    periods = ReportingPeriod.objects.for_org(org).in_bulk({period_id for period_id, *_ in rows})
    departments = Department.objects.for_org(org).in_bulk({department_id for *_, department_id in rows})
    exceptions = defaultdict(list)
    for exception in LockException.objects.for_org(org).filter(period__in=list(periods), until__gte=today):
        exceptions[exception.period_id].append(exception)
    counts = defaultdict(int)
    for period_id, project_id, department_id in rows:
        period = periods[period_id]
        project = SimpleNamespace(pk=project_id, department_id=department_id)
        is_open = accepts_reports(period, policy, today, project=project, exceptions=exceptions[period_id])
        counts[(period_id, department_id, is_open)] += 1
    result = [
        PeriodCount(periods[period_id], n, departments[department_id], is_open)
        for (period_id, department_id, is_open), n in counts.items()
    ]
    return sorted(result, key=lambda c: (not c.open, c.period.fiscal_year, c.period.number, str(c.department)))


def review_queue(org, access) -> dict[str, list[PeriodCount]]:
    """What waits for the audit unit's review, per period: submitted progress reports (``reports``) and
    submitted results of organization and strategy KPIs (``results``; every one counts, as no project owns
    them). Four queries."""
    reports = access.scope_projects(
        ProgressReport.objects.for_org(org).filter(state=ReportState.SUBMITTED), through="project"
    )
    results = IndicatorResult.objects.for_org(org).filter(report=None, state=ReportState.SUBMITTED)
    return {
        "reports": _with_periods(org, list(reports.values("period_id").annotate(n=Count("pk")).order_by())),
        "results": _with_periods(org, list(results.values("period_id").annotate(n=Count("pk")).order_by())),
    }


def late_departments(org, access, today) -> tuple[object, list[dict]]:
    """The latest period whose deadline has passed, and its departments (those the person sees) still
    missing reports the year's action plan asks for, with how many. ``(None, [])`` before any deadline.
    Five queries whatever the number of projects."""
    policy = policy_for(org)
    period = (
        ReportingPeriod.objects.for_org(org)
        .filter(kind=policy.period_kind, deadline__lt=today)
        .order_by("-deadline", "-number")
        .first()
    )
    if period is None:
        return None, []
    items = access.scope_projects(
        ActionPlanItem.objects.for_org(org).filter(action_plan__fiscal_year=period.fiscal_year), through="project"
    )
    planned = dict(
        items.values("project__department_id").annotate(n=Count("pk")).values_list("project__department_id", "n")
    )
    reports = access.scope_projects(
        ProgressReport.objects.for_org(org).filter(
            period=period, state__in=SUBMITTED_STATES, project__in=items.values("project_id")
        ),
        through="project",
    )
    submitted = dict(
        reports.values("project__department_id").annotate(n=Count("pk")).values_list("project__department_id", "n")
    )
    late = [pk for pk, n in planned.items() if n > submitted.get(pk, 0)]
    departments = access.scope_departments(Department.objects.for_org(org)).filter(pk__in=late)
    return period, [{"department": d, "missing": planned[d.pk] - submitted.get(d.pk, 0)} for d in departments]


def latest_reported_year(org, access, today) -> int | None:
    """The latest fiscal year with approved data in a period whose deadline has passed: an approved
    progress report of a project the person sees, or an approved result of an organization or strategy
    KPI. None when there is none. Two queries."""
    past = Q(period__deadline__lt=today, state=ReportState.APPROVED)
    reports = access.scope_projects(ProgressReport.objects.for_org(org).filter(past), through="project")
    results = IndicatorResult.objects.for_org(org).filter(past, report=None)
    years = [qs.aggregate(year=models.Max("period__fiscal_year"))["year"] for qs in (reports, results)]
    return max((y for y in years if y is not None), default=None)


def latest_project_statuses(org, fiscal_year: int, project_ids) -> dict[int, tuple[str, str]]:
    """Each project's status in its latest approved progress report of the year: {project id: (status,
    label)}; a project without an approved report with a status is left out. One query."""
    latest = {}
    for project_id, status in (
        ProgressReport.objects.for_org(org)
        .filter(project__in=list(project_ids), period__fiscal_year=fiscal_year, state=ReportState.APPROVED)
        .exclude(project_status="")
        .order_by("project_id", "-period__ends_on", "-period__number")
        .values_list("project_id", "project_status")
    ):
        latest.setdefault(project_id, (status, str(ProjectStatus(status).label)))
    return latest
