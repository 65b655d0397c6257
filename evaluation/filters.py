"""The filters of the results pages, the dashboard and the reports built from them: read from the query string
(checked against the organization and the person's access) and written back into links."""

from urllib.parse import urlencode

from core.forms import to_int
from evaluation import rollup
from evaluation.labels import PERSPECTIVE_LABELS
from orgs.models import Department


def read_filters(request) -> dict:
    """The filters of the results pages and the dashboard, from the query string, checked: ?upto=1..4,
    ?department=, ?perspective=."""
    upto = to_int(request.GET.get("upto"))
    departments = Department.objects.for_org(request.org)
    if not request.access.sees_all_departments:
        departments = departments.filter(pk__in=request.access.department_ids)
    departments = list(departments)
    department_id = to_int(request.GET.get("department"))
    department = next((d for d in departments if d.pk == department_id), None)
    perspective = request.GET.get("perspective") or None
    return {
        "upto": upto if upto in rollup.QUARTERS else None,
        "department": department,
        "perspective": perspective if perspective in PERSPECTIVE_LABELS else None,
        "departments": departments,
    }


def filter_query(filters, **extra) -> str:
    """The filters (and extra parameters) as a query string, without the empty ones."""
    params = {
        "upto": filters["upto"],
        "department": filters["department"].pk if filters["department"] else None,
        "perspective": filters["perspective"],
        **extra,
    }
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})
