"""The filters of the results pages, the dashboard and the reports built from them: read from the query string
(checked against the organization and the person's access) and written back into links."""

from urllib.parse import urlencode

from core import params
from evaluation import rollup
from evaluation.labels import PERSPECTIVE_LABELS
from orgs.models import Department


def read_filters(request) -> dict:
    """The filters of the results pages and the dashboard, from the query string, checked: ?upto=1..4,
    ?department=, ?perspective=."""
    upto = params.number(request.GET, "upto", low=rollup.QUARTERS[0], high=rollup.QUARTERS[-1])
    departments = list(request.access.scope_departments(Department.objects.for_org(request.org)))
    department_id = params.object_id(request.GET, "department")
    department = next((d for d in departments if d.pk == department_id), None)
    return {
        "upto": upto,
        "department": department,
        "perspective": params.choice(request.GET, "perspective", PERSPECTIVE_LABELS),
        "departments": departments,
    }


def filter_query(filters, **extra) -> str:
    """The filters (and extra parameters) as a query string, without the empty ones."""
    values = {
        "upto": filters["upto"],
        "department": filters["department"].pk if filters["department"] else None,
        "perspective": filters["perspective"],
        **extra,
    }
    return urlencode({k: v for k, v in values.items() if v not in (None, "")})
