"""What carrying a year's plan forward should consider for the next year.

(a) The projects of the year's action plan that are not completed: by the status of their latest
approved progress report (the latest period of the year) in progress, delayed, not started, budget
carried over to next year, or without any approved report. A cancelled project is not proposed.
Each says whether next year's action plan already schedules it.
(b) The open and in-progress recommendations raised in that year or earlier that no plan has used yet.

A fixed number of queries whatever the number of projects or recommendations.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from evaluation.findings import STILL_OPEN, visible
from evaluation.models import Finding
from monitoring.models import ProgressReport, ProjectStatus, ReportState
from plans.models import ActionPlan, ActionPlanItem

NOT_PROPOSED = (ProjectStatus.COMPLETED, ProjectStatus.CANCELLED)


@dataclass(frozen=True)
class ProjectProposal:
    project: object
    status: str  # a ProjectStatus value, or "" without an approved report (or without a status in it)
    report: object | None  # the latest approved report of the year, if any
    in_next_year: bool

    @property
    def status_label(self) -> str:
        return ProjectStatus(self.status).label if self.status else ""


@dataclass
class Proposals:
    fiscal_year: int
    action_plan: ActionPlan | None
    next_action_plan: ActionPlan | None
    projects: list[ProjectProposal] = field(default_factory=list)
    recommendations: list[Finding] = field(default_factory=list)


def proposals(org, fiscal_year: int, *, access=None) -> Proposals:
    """The projects and recommendations to consider for ``fiscal_year + 1``.

    ``access`` limits both lists to what the person sees (a pure reporter: their departments).
    """
    plans = {
        p.fiscal_year: p for p in ActionPlan.objects.for_org(org).filter(fiscal_year__in=[fiscal_year, fiscal_year + 1])
    }
    result = Proposals(fiscal_year, plans.get(fiscal_year), plans.get(fiscal_year + 1))
    result.recommendations = list(_recommendations(org, fiscal_year, access))
    if result.action_plan is None:
        return result

    items = ActionPlanItem.objects.for_org(org).filter(action_plan=result.action_plan)
    if access is not None:
        items = access.scope_projects(items, through="project")
    projects = [
        item.project
        for item in items.select_related("project", "project__department").order_by("project__order", "project__code")
    ]
    latest = {}
    for report in (
        ProgressReport.objects.for_org(org)
        .filter(
            project__in=[p.pk for p in projects],
            period__fiscal_year=fiscal_year,
            state=ReportState.APPROVED,
        )
        .select_related("period")
        .order_by("project_id", "-period__ends_on", "-period__number")
    ):
        latest.setdefault(report.project_id, report)
    scheduled = set()
    if result.next_action_plan is not None:
        scheduled = set(
            ActionPlanItem.objects.for_org(org)
            .filter(action_plan=result.next_action_plan)
            .values_list("project_id", flat=True)
        )
    for project in projects:
        report = latest.get(project.pk)
        status = report.project_status if report else ""
        if status in NOT_PROPOSED:
            continue
        result.projects.append(ProjectProposal(project, status, report, project.pk in scheduled))
    return result


def _recommendations(org, fiscal_year: int, access):
    findings = visible(org, access) if access is not None else Finding.objects.for_org(org)
    used = Finding.used_in.through.objects.filter(finding_id=OuterRef("pk"))
    return (
        findings.filter(kind=Finding.Kind.RECOMMENDATION, status__in=STILL_OPEN, fiscal_year__lte=fiscal_year)
        .exclude(Exists(used))
        .select_related("owner")
        .order_by("fiscal_year", "due_on", "pk")
    )
