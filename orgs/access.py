"""Who may see and do what in an organization: the one access check every org page uses.

``org_view(capability)`` wraps a view whose URL carries ``org_slug``. It answers 404 when the
user has no access to that organization (so another tenant's existence does not leak) and 403
when the user's roles lack the capability. It sets ``request.org`` and ``request.access``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse

from orgs.models import Organization, Role

OVERSEER = "overseer"

# Capabilities per role. Later apps add theirs here, next to the roles they belong to.
CAPABILITIES: dict[str, set[str]] = {
    Role.ADMIN: {
        "plan.view",
        "plan.edit",
        "org.manage",
        "report.edit",
        "report.review",
        "period.manage",
        "result.org",
        "evaluation.edit",
        "finding.follow_up",
        "publication.manage",
        "survey.edit",
        "survey.enter",
        "self_assessment.edit",
        "people.manage",
        "people.view_all",
    },
    Role.PLANNER: {
        "plan.view",
        "plan.edit",
        "report.edit",
        "finding.follow_up",
        "publication.manage",
        "survey.edit",
        "survey.enter",
        "self_assessment.edit",
    },
    Role.REPORTER: {"plan.view", "report.edit", "finding.follow_up"},
    Role.AUDITOR: {
        "plan.view",
        "report.review",
        "period.manage",
        "result.org",
        "evaluation.edit",
        "finding.follow_up",
        "publication.manage",
        "survey.edit",
        "survey.enter",
        "self_assessment.edit",
    },
    Role.EXECUTIVE: {"plan.view", "people.view_all", "people.salary"},
    # งานการเจ้าหน้าที่: keeps the staff, their positions and rounds, and sees every agreement and salary.
    Role.HR: {"plan.view", "people.manage", "people.view_all", "people.salary"},
    OVERSEER: {"plan.view"},
}

# What reading needs. A person whose roles give nothing more (the executive, an overseer) writes nothing:
# ``org_view`` and the API refuse them every method but GET, HEAD and OPTIONS, whatever the view.
READ_CAPABILITIES = frozenset({"plan.view", "people.view_all", "people.salary"})
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

# Capabilities an organization may also give to one more role in its settings: capability → (role, a
# function of the organization that says whether it does). The app that keeps the setting registers it with
# ``grantable`` when it starts (monitoring: planners also enter the results of organization and strategy KPIs).
GRANTABLE: dict[str, tuple[str, Callable[[Organization], bool]]] = {}


def grantable(capability: str, *, role: str, granted: Callable[[Organization], bool]) -> None:
    """Let an organization give ``capability`` to ``role`` too, where ``granted(org)`` says it does."""
    GRANTABLE[capability] = (role, granted)


@dataclass(frozen=True)
class Access:
    org: Organization
    roles: frozenset[str]
    department_ids: frozenset[int] = field(default_factory=frozenset)

    def can(self, capability: str) -> bool:
        if any(capability in CAPABILITIES.get(role, ()) for role in self.roles):
            return True
        grant = GRANTABLE.get(capability)
        return grant is not None and grant[0] in self.roles and grant[1](self.org)

    @property
    def read_only(self) -> bool:
        """Whether the person's roles only read (the executive, an overseer): they may change nothing."""
        return all(CAPABILITIES.get(role, frozenset()) <= READ_CAPABILITIES for role in self.roles)

    def refuses_method(self, method: str) -> bool:
        """A read-only person's request that would write (any method but GET, HEAD and OPTIONS)."""
        return self.read_only and method.upper() not in SAFE_METHODS

    @property
    def sees_all_departments(self) -> bool:
        """A pure department reporter sees only the projects of their own department(s)."""
        return bool(self.roles - {Role.REPORTER})

    def scope_departments(self, queryset):
        """The departments whose projects the person sees (a pure department reporter: their own)."""
        if self.sees_all_departments:
            return queryset
        return queryset.filter(pk__in=self.department_ids)

    def scope_projects(self, queryset, *, through: str = ""):
        """The projects the person sees; ``through`` names the project of other rows (``"project"`` for
        reports, action plan items and their like), so they are narrowed by the same rule."""
        if self.sees_all_departments:
            return queryset
        lookup = f"{through}__department_id__in" if through else "department_id__in"
        return queryset.filter(**{lookup: self.department_ids})

    def sees_department(self, department_id) -> bool:
        """Whether the person sees the work of this department (the rule of ``scope_departments``)."""
        return self.sees_all_departments or department_id in self.department_ids

    def scope_owned(self, queryset, *, owner: str):
        """Rows a department owns (``owner`` names the department field, e.g. a finding's ``owner``),
        narrowed by the same rule: a pure department reporter sees their department's."""
        if self.sees_all_departments:
            return queryset
        return queryset.filter(**{f"{owner}_id__in": self.department_ids})

    @property
    def scope_key(self) -> tuple:
        """What the person's view of the organization's work depends on, for a cache key: everything, or
        these departments (two people with the same scope share remembered figures)."""
        return ("all",) if self.sees_all_departments else ("departments", *sorted(self.department_ids))

    def sees_project(self, project) -> bool:
        """Whether the person sees this one project (the rule of ``scope_projects``, without a query)."""
        return self.sees_department(project.department_id)

    def scope_indicators(self, queryset):
        """A pure department reporter sees the indicators of their department's projects, and every
        indicator no project owns (the organization's, the strategies' and the goals')."""
        if self.sees_all_departments:
            return queryset
        return queryset.filter(Q(project__isnull=True) | Q(project__department_id__in=self.department_ids))


def organizations_for(user):
    """Organizations the user may open: memberships, oversight areas, or all for a superuser."""
    if user.is_superuser:
        return Organization.objects.all()
    area = Q(pk__in=user.memberships.values("organization"))
    for oversight in user.oversights.all():
        zone = Q(province=oversight.province)
        if oversight.district:
            zone &= Q(district=oversight.district)
        area |= zone
    return Organization.objects.filter(area)


def access_for(user, org_slug: str) -> Access:
    org = Organization.objects.filter(slug=org_slug).first()
    if org is None or not user.is_authenticated:
        raise Http404
    if user.is_superuser:
        return Access(org=org, roles=frozenset({Role.ADMIN}))
    memberships = list(user.memberships.filter(organization=org).values_list("role", "department_id"))
    roles = {role for role, _ in memberships}
    departments = frozenset(dept for role, dept in memberships if role == Role.REPORTER and dept)
    if any(o.organizations().filter(pk=org.pk).exists() for o in user.oversights.all()):
        roles.add(OVERSEER)
    if not roles:
        raise Http404
    return Access(org=org, roles=frozenset(roles), department_ids=departments)


def org_view(capability: str | None = "plan.view"):
    """Decorate a view of one organization's data: resolve the org, check access, then call."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, org_slug, *args, **kwargs):
            if not request.user.is_authenticated:
                if getattr(request, "htmx", False):
                    # keep the page (and what was typed in it); the script tells the person to log in again
                    return HttpResponse(status=401)
                return redirect_to_login(request.get_full_path())
            access = access_for(request.user, org_slug)
            if access.refuses_method(request.method) or (capability and not access.can(capability)):
                raise PermissionDenied
            request.org = access.org
            request.access = access
            request.session["org_slug"] = access.org.slug
            return view(request, *args, **kwargs)

        wrapped.capability = capability
        return wrapped

    return decorator
