"""Reads of the executive dashboard besides the rollup: disbursement per quarter, reports on time and open
recommendations. Each is one or two queries whatever the number of projects."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Count, Q, Sum

from core.calendar import fiscal_quarter_of, fiscal_year_of
from core.money import share
from evaluation import findings, memo
from evaluation.models import Finding
from monitoring.models import ProgressReport, ReportingPeriod, ReportState, quarter_of_period
from monitoring.selectors import SUBMITTED_STATES
from orgs.models import Department
from people import access as people_access
from people import summary as people_summary
from people.linked import ROUND_UPTO
from plans.models import ActionPlanItem

ZERO = Decimal("0.00")
QUARTERS = (1, 2, 3, 4)


TREND_YEARS = 5


def trend_years(years: list[int], year: int) -> list[int]:
    """The years the dashboard's trend compares: ``year`` and at most four before it that have a plan."""
    return [y for y in years if y <= year][-TREND_YEARS:]


def trend_upto(year: int, upto: int | None, today) -> int | None:
    """The quarter the trend reads every year to: the one asked for; else, when ``year`` is still under way,
    the quarter it has reached (so earlier years are compared on the same part); else None (whole years)."""
    if upto is not None:
        return upto
    if year == fiscal_year_of(today):
        reached = fiscal_quarter_of(today)
        return reached if reached < 4 else None
    return None


def scoped_projects(org, fiscal_year, *, access=None, department_id=None):
    """The year's action-plan projects as ``rollup.year_figures`` scopes them (a subquery, never run alone)."""
    items = ActionPlanItem.objects.for_org(org).filter(action_plan__fiscal_year=fiscal_year)
    if access is not None:
        items = access.scope_projects(items, through="project")
    if department_id:
        items = items.filter(project__department_id=department_id)
    return items.values("project_id")


def disbursed_by_quarter(org, fiscal_year, kind, projects, *, upto=None) -> dict[int, Decimal | None]:
    """Σ approved disbursement per quarter (None after ``upto``). One query."""
    rows = (
        ProgressReport.objects.for_org(org)
        .filter(
            project__in=projects,
            period__fiscal_year=fiscal_year,
            period__kind=kind,
            state=ReportState.APPROVED,
        )
        .order_by()
        .values("period__number")
        .annotate(total=Sum("disbursed"))
    )
    out = dict.fromkeys(QUARTERS, ZERO)
    for row in rows:
        out[quarter_of_period(kind, row["period__number"])] += row["total"] or ZERO
    if upto is not None:
        out = {q: (v if q <= upto else None) for q, v in out.items()}
    return out


@dataclass
class PeriodReports:
    period: ReportingPeriod
    expected: int
    submitted: int
    on_time: int
    due: bool  # the deadline has passed

    @property
    def on_time_share(self) -> Decimal | None:
        return share(self.on_time, self.expected)


@dataclass
class Timeliness:
    periods: list[PeriodReports]

    @property
    def due(self) -> list[PeriodReports]:
        return [p for p in self.periods if p.due]

    @property
    def expected(self) -> int:
        return sum(p.expected for p in self.due)

    @property
    def on_time(self) -> int:
        return sum(p.on_time for p in self.due)

    @property
    def share(self) -> Decimal | None:
        return share(self.on_time, self.expected)


def timeliness(org, fiscal_year, kind, projects, planned: int, today: date) -> Timeliness:
    """Per reporting period: reports submitted and submitted on time out of the projects planned; the year's
    share on time counts only the periods whose deadline has passed. Two queries."""
    periods = list(ReportingPeriod.objects.for_org(org).filter(fiscal_year=fiscal_year, kind=kind))
    counts = defaultdict(dict)
    for row in (
        ProgressReport.objects.for_org(org)
        .filter(period__in=periods, project__in=projects, state__in=SUBMITTED_STATES)
        .values("period_id")
        .annotate(
            submitted=Count("pk"),
            on_time=Count("pk", filter=Q(submitted_at__date__lte=models.F("period__deadline"))),
        )
    ):
        counts[row["period_id"]] = row
    return Timeliness(
        [
            PeriodReports(
                period=p,
                expected=planned,
                submitted=counts[p.pk].get("submitted", 0),
                on_time=counts[p.pk].get("on_time", 0),
                due=p.deadline < today,
            )
            for p in periods
        ]
    )


def open_recommendations(org, access, today: date) -> dict[str, int]:
    """Recommendations still open or in progress, and those of them past their due date. One query."""
    return (
        findings.visible(org, access)
        .filter(kind=Finding.Kind.RECOMMENDATION, status__in=findings.STILL_OPEN)
        .aggregate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(due_on__lt=today)),
        )
    )


# Individual results beside the organization's KPI results ------------------------------------------------


@dataclass
class PeopleRow:
    department: object  # a Department, or None (staff without a department)
    evaluated: int
    individual: Decimal | None  # the average achievement score (of 100) of the department's rated staff
    kpi_score: Decimal | None  # the score (%) of the KPIs of the department's projects, approved data only
    hidden: bool = False  # too few rated for this access to see their average (``individual`` is then None)


@dataclass
class PeopleVsKpis:
    round: object
    upto: int | None  # the quarter the KPI figures are read to (the round's end)
    rows: list[PeopleRow]
    total: PeopleRow
    min_group: int = 0  # averages of fewer rated people are hidden from this access (0: none hidden)

    @property
    def any_hidden(self) -> bool:
        return self.total.hidden or any(row.hidden for row in self.rows)


def people_vs_kpis(org, access, *, department_id=None) -> PeopleVsKpis | None:
    """For the latest round with rated results: per department (of the person's scope, and of the
    dashboard's department filter) the average individual achievement score of its staff beside the score of
    its projects' KPIs from the approved monitoring data to the round's end (``rollup.year_figures`` through
    the dashboard's memo, so the same scope); the organization's row last. Averages only: no name, no salary;
    to anyone who may not see each person's result, not the average of a group too small to hide one
    (``people_summary.hidden_groups``, ``TIDTAM_PEOPLE["min_group"]``). None when no round has a rated
    result. A fixed number of queries."""
    round_ = people_summary.latest_rated_round(org)
    if round_ is None:
        return None
    departments = list(access.scope_departments(Department.objects.for_org(org)))
    if department_id:
        departments = [d for d in departments if d.pk == int(department_id)]
    narrowed = department_id or not access.sees_all_departments
    staff = people_summary.achievement_by_department(
        round_, department_ids=[d.pk for d in departments] if narrowed else None
    )
    upto = ROUND_UPTO[round_.number]
    figures = memo.year_figures(org, round_.fiscal_year, upto=upto, department_id=department_id, access=access)
    kpis = {g.pk: g.score for g in figures.departments}
    rows = [
        PeopleRow(d, staff[d.pk].evaluated if d.pk in staff else 0, _average(staff.get(d.pk)), kpis.get(d.pk))
        for d in departments
        if d.pk in staff or d.pk in kpis
    ]
    if None in staff:
        rows.append(PeopleRow(None, staff[None].evaluated, staff[None].average, None))
    evaluated = sum(s.evaluated for s in staff.values())
    score_sum = sum((s.score_sum for s in staff.values()), Decimal(0))
    total = PeopleRow(None, evaluated, score_sum / evaluated if evaluated else None, figures.organization.score)
    table = PeopleVsKpis(round=round_, upto=upto, rows=rows, total=total)
    if not access.can(people_access.VIEW_ALL):
        table.min_group = settings.TIDTAM_PEOPLE["min_group"]
        _hide_small_groups(rows, total, table.min_group)
    return table


def _hide_small_groups(rows: list[PeopleRow], total: PeopleRow, minimum: int) -> None:
    total_shown = total.evaluated >= minimum
    rated = {n: row.evaluated for n, row in enumerate(rows) if row.evaluated}
    hidden = people_summary.hidden_groups(rated, minimum, total_shown=total_shown)
    for row in [rows[n] for n in hidden] + ([] if total_shown else [total]):
        row.individual, row.hidden = None, True


def _average(found) -> Decimal | None:
    return found.average if found else None
