"""Reads for the monitoring pages, each in a fixed number of queries whatever the number of projects."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import Count, Prefetch, Q, Sum

from core.money import round_to, share
from monitoring.models import Evidence, IndicatorResult, LockException, ProgressReport, ReportEvent, ReportState
from monitoring.periods import policy_for
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


def missing_projects(org, period):
    """Projects of the year without a submitted or approved report in the period, with their report state."""
    items = year_items(org, period.fiscal_year)
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
