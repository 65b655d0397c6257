"""What a report is asked for (year, quarter, department, grouping, project), read from the query string
and checked against the organization and the person's access: an id of another organization or of a
department the person may not see is a 404, a year without an action plan too."""

from dataclasses import dataclass, field

from django.http import Http404, QueryDict

from core.calendar import current_fiscal_year
from core.forms import to_int
from evaluation import compare
from orgs.models import Department
from plans.models import Project

GROUPS = ("strategy", "department")


@dataclass
class Params:
    year: int | None
    years: list[int]
    upto: int | None = None
    department: object = None
    departments: list = field(default_factory=list)
    group: str = "strategy"
    project: object = None
    thai_digits: bool = False

    def query(self) -> dict:
        """The parameters as a query string dict (for links, and for a background job to read again)."""
        found = {
            "year": self.year,
            "upto": self.upto,
            "department": self.department.pk if self.department else None,
            "group": self.group if self.group != "strategy" else None,
            "project": self.project.pk if self.project else None,
            "digits": "thai" if self.thai_digits else None,
        }
        return {k: v for k, v in found.items() if v is not None}


def read_params(query: QueryDict | dict, org, access) -> Params:
    years = compare.years_of(org)
    asked = to_int(query.get("year"))
    if asked is not None and asked not in years:
        raise Http404
    current = current_fiscal_year()
    year = asked if asked is not None else (current if current in years else (years[-1] if years else None))
    upto = to_int(query.get("upto"))
    departments = list(access.scope_departments(Department.objects.for_org(org)))
    department = None
    if query.get("department"):
        department = next((d for d in departments if d.pk == to_int(query.get("department"))), None)
        if department is None:
            raise Http404
    project = None
    if query.get("project"):
        project_id = to_int(query.get("project"))
        visible = access.scope_projects(Project.objects.for_org(org))
        project = visible.select_related("department", "program__goal__strategy").filter(pk=project_id).first()
        if project is None:
            raise Http404
    group = query.get("group") or "strategy"
    return Params(
        year=year,
        years=years,
        upto=upto if upto in (1, 2, 3, 4) else None,
        department=department,
        departments=departments,
        group=group if group in GROUPS else "strategy",
        project=project,
        thai_digits=query.get("digits") == "thai",
    )
