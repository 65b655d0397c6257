"""The register of findings and recommendations (step 9 of ten): reads for its pages and its one write.

A recommendation is *used* when a project of a later year's action plan puts it into practice
(``Finding.used_in``). A finding is *overdue* when its due date has passed and it is still open or
in progress. A pure department reporter sees and follows up only the items their department owns.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Prefetch, Q, Value, When
from django.utils import timezone

from core import params
from evaluation.models import Finding, FollowUp
from plans.models import ActionPlanItem, Indicator, Project, Strategy

STILL_OPEN = (Finding.Status.OPEN, Finding.Status.IN_PROGRESS)
FOLLOW_UP_STATUSES = (Finding.Status.IN_PROGRESS, Finding.Status.DONE)
STATUS_ORDER = (Finding.Status.OPEN, Finding.Status.IN_PROGRESS, Finding.Status.DONE, Finding.Status.NOT_ADOPTED)


@dataclass(frozen=True)
class Filters:
    """What the register is narrowed to; every field empty means everything the person may see."""

    status: str = ""
    year: int | None = None
    owner: int | None = None
    priority: str = ""
    used: str = ""  # "yes" | "no" | ""

    @classmethod
    def from_query(cls, query) -> "Filters":
        """Read ?status=&year=&owner=&priority=&used= (core.params: a value that makes no sense is a 400)."""
        return cls(
            status=params.choice(query, "status", Finding.Status.values, default=""),
            year=params.fiscal_year(query),
            owner=params.object_id(query, "owner"),
            priority=params.choice(query, "priority", Finding.Priority.values, default=""),
            used=params.choice(query, "used", ("yes", "no"), default=""),
        )


def _used():
    return Exists(Finding.used_in.through.objects.filter(finding_id=OuterRef("pk")))


def _overdue(today: date):
    # a Case, not a bare Q: no due date must give False, not NULL (NULL sorts first descending in PostgreSQL)
    return Case(
        When(due_on__lt=today, status__in=STILL_OPEN, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def visible(org, access):
    """The findings of ``org`` the person may see: all, or those their department owns (reporters)."""
    return access.scope_owned(Finding.objects.for_org(org), owner="owner")


def register(org, access, filters: Filters | None = None, *, today: date | None = None):
    """The register's rows, each with ``is_used`` and ``is_overdue``, its owner and its four links prefetched.

    A fixed number of queries whatever the number of rows (one for the rows, one per link).
    """
    filters = filters or Filters()
    today = today or timezone.localdate()
    findings = (
        visible(org, access)
        .select_related("owner")
        .prefetch_related("projects", "indicators", "strategies", "used_in")
        .annotate(is_used=_used(), is_overdue=_overdue(today))
    )
    if filters.status:
        findings = findings.filter(status=filters.status)
    if filters.year:
        findings = findings.filter(fiscal_year=filters.year)
    if filters.owner:
        findings = findings.filter(owner_id=filters.owner)
    if filters.priority:
        findings = findings.filter(priority=filters.priority)
    if filters.used == "yes":
        findings = findings.filter(is_used=True)
    elif filters.used == "no":
        findings = findings.filter(is_used=False)
    rank = Case(*(When(status=status, then=Value(n)) for n, status in enumerate(STATUS_ORDER)), default=Value(9))
    return findings.order_by("-is_overdue", rank, "due_on", "-pk")


def overdue(org, today: date | None = None):
    """Findings past their due date and still open or in progress, soonest due first (for reminders)."""
    today = today or timezone.localdate()
    return (
        Finding.objects.for_org(org)
        .filter(due_on__lt=today, status__in=STILL_OPEN)
        .select_related("owner")
        .order_by("due_on", "pk")
    )


def use_counts(org, *, access=None, fiscal_year: int | None = None) -> tuple[int, int]:
    """(used, not used): recommendations a later plan put into practice, and the others. One query.

    ``access`` limits the count to what the person sees; ``fiscal_year`` to the year they were raised.
    """
    recommendations = (visible(org, access) if access else Finding.objects.for_org(org)).filter(
        kind=Finding.Kind.RECOMMENDATION
    )
    if fiscal_year:
        recommendations = recommendations.filter(fiscal_year=fiscal_year)
    counts = recommendations.aggregate(total=Count("pk"), used=Count("pk", filter=Q(_used())))
    return counts["used"], counts["total"] - counts["used"]


def years(org) -> list[int]:
    """The fiscal years findings were raised in, newest first."""
    return list(Finding.objects.for_org(org).order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct())


def later_projects(org, fiscal_year: int):
    """Projects scheduled in an action plan of a fiscal year after ``fiscal_year``: what may use a finding."""
    scheduled = ActionPlanItem.objects.for_org(org).filter(action_plan__fiscal_year__gt=fiscal_year)
    return Project.objects.for_org(org).filter(pk__in=scheduled.values("project_id"))


def may_follow_up(access, finding: Finding) -> bool:
    """Auditors, admins and planners follow up any finding; a reporter only their department's."""
    if not access.can("finding.follow_up"):
        return False
    return access.sees_department(finding.owner_id)


def page_of(org, access, pk: int):
    """One finding with everything its page shows, or None when the person may not see it."""
    later_items = ActionPlanItem.objects.select_related("action_plan").order_by("action_plan__fiscal_year")
    return (
        visible(org, access)
        .select_related("owner", "evaluation__project", "evaluation__strategy")
        .prefetch_related(
            Prefetch("projects", queryset=Project.objects.select_related("department")),
            Prefetch("indicators", queryset=Indicator.objects.select_related("project", "goal", "strategy")),
            Prefetch("strategies"),
            Prefetch(
                "used_in",
                queryset=Project.objects.select_related("department").prefetch_related(
                    Prefetch("action_plan_items", queryset=later_items)
                ),
            ),
            Prefetch("follow_ups", queryset=FollowUp.objects.select_related("author")),
        )
        .filter(pk=pk)
        .first()
    )


LINKS = {"projects": Project, "indicators": Indicator, "strategies": Strategy, "used_in": Project}


def readable_history(entries):
    """Name the linked objects in ``history_of`` entries, which show many-to-many changes as through rows."""
    models_by_label = {str(Finding._meta.get_field(name).verbose_name): model for name, model in LINKS.items()}
    wanted = defaultdict(set)
    linked = []
    for entry in entries:
        for change in entry.changes:
            model = models_by_label.get(change.field)
            if model is not None and isinstance(change.old or change.new or [], list):
                linked.append((change, model))
                key = model._meta.model_name
                wanted[model].update(row[key] for row in [*(change.old or []), *(change.new or [])] if key in row)
    names = {model: model._default_manager.in_bulk(pks) for model, pks in wanted.items()}
    for change, model in linked:
        key = model._meta.model_name
        for side in ("old", "new"):
            rows = getattr(change, side) or []
            shown = [str(names[model].get(row.get(key), row.get(key))) for row in rows]
            setattr(change, side, ", ".join(shown) or None)
    return entries


@transaction.atomic
def follow_up(*, finding: Finding, on: date, note: str, author, status: str = "") -> FollowUp:
    """Record what happened with a finding; optionally move it to in progress or done at the same time."""
    if status and status not in FOLLOW_UP_STATUSES:
        raise ValueError(f"a follow-up may set the status to {FOLLOW_UP_STATUSES}, not {status!r}")
    note_row = FollowUp.objects.create(
        organization=finding.organization, finding=finding, on=on, note=note, author=author
    )
    if status and finding.status != status:
        finding = Finding.objects.select_for_update().get(pk=finding.pk)
        finding.status = status
        finding._change_reason = "follow-up"
        finding.save(update_fields=["status"])
    return note_row
