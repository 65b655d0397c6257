"""What a report is asked for (year, quarter, department, grouping, project), read from the query string
and checked against the organization and the person's access: an id of another organization or of a
department the person may not see is a 404, a year without an action plan too."""

from dataclasses import dataclass, field

from django.http import Http404, QueryDict

from core import params
from core.calendar import current_fiscal_year
from evaluation import compare
from orgs.models import Department
from plans.models import Project
from surveys.models import Survey
from surveys.results import Filter, read_filter

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
    survey: object = None
    survey_filter: Filter | None = None  # which answers a survey report counts (surveys.results)

    def query(self) -> dict:
        """The parameters as a query string dict (for links, and for a background job to read again)."""
        found = {
            "year": self.year,
            "upto": self.upto,
            "department": self.department.pk if self.department else None,
            "group": self.group if self.group != "strategy" else None,
            "project": self.project.pk if self.project else None,
            "digits": "thai" if self.thai_digits else None,
            "survey": self.survey.pk if self.survey else None,
            **(self.survey_filter.query() if self.survey_filter else {}),
        }
        return {k: v for k, v in found.items() if v is not None}


def read_params(query: QueryDict | dict, org, access) -> Params:
    years = compare.years_of(org)
    asked = params.fiscal_year(query)
    survey, survey_filter = None, None
    survey_id = params.object_id(query, "survey")
    if survey_id is not None:  # a survey's report: the survey's year, with or without an action plan
        survey = Survey.objects.for_org(org).filter(pk=survey_id).first()
        if survey is None or (asked is not None and asked != survey.fiscal_year):
            raise Http404
        survey_filter = read_filter(query, survey)
        asked = survey.fiscal_year
    elif asked is not None and asked not in years:
        raise Http404
    current = current_fiscal_year()
    year = asked if asked is not None else (current if current in years else (years[-1] if years else None))
    upto = params.number(query, "upto", low=1, high=4)
    departments = list(access.scope_departments(Department.objects.for_org(org)))
    department = None
    department_id = params.object_id(query, "department")
    if department_id is not None:
        department = next((d for d in departments if d.pk == department_id), None)
        if department is None:
            raise Http404
    project = None
    project_id = params.object_id(query, "project")
    if project_id is not None:
        visible = access.scope_projects(Project.objects.for_org(org))
        project = visible.select_related("department", "program__goal__strategy").filter(pk=project_id).first()
        if project is None:
            raise Http404
    return Params(
        year=year,
        years=years,
        upto=upto,
        department=department,
        departments=departments,
        group=params.choice(query, "group", GROUPS, default="strategy"),
        project=project,
        thai_digits=params.choice(query, "digits", ("thai", "arabic")) == "thai",
        survey=survey,
        survey_filter=survey_filter,
    )
