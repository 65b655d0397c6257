"""Results pages: the year's figures by strategy, department and perspective, down to a project and a KPI.

Each view: access check (org_view, "plan.view") → evaluation.rollup → template. Only approved data counts,
except in a project's or indicator's "unofficial preview" (?preview=1), which is labelled as such.
"""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core import pages, params, tables
from core.money import share
from evaluation import disaggregation, memo, rollup
from evaluation.filters import filter_query, read_filters
from evaluation.labels import KPI_STATUS_LABELS, PERSPECTIVE_LABELS, PROJECT_STATUS_LABELS
from orgs.access import org_view
from plans.models import ActionPlan, Indicator, Program, Project, Strategy


def _link(url, filters, **extra) -> str:
    """A URL with the filters, ready for one more parameter: "url?upto=2&" (or "url?")."""
    query = filter_query(filters, **extra)
    return f"{url}?{query}&" if query else f"{url}?"


def _year(request, year) -> ActionPlan:
    return get_object_or_404(ActionPlan.objects.for_org(request.org).select_related("plan"), fiscal_year=year)


def _figures(request, year, filters):
    return memo.year_figures(
        request.org,
        year,
        upto=filters["upto"],
        department_id=filters["department"].pk if filters["department"] else None,
        perspective=filters["perspective"],
        access=request.access,
    )


DRILL_PAGE = "rows_page"  # the drill's own page parameter: a page may list all its projects too ("page")


def _drill(request, projects, kpis):
    """The rows behind a figure that was clicked: ?status= (projects), ?kpi_status= (KPIs); ``drill_page``
    is the page of them shown (``?rows_page=``), ``project_rows`` and ``kpi_rows`` hold them all."""
    status = params.choice(request.GET, "status", PROJECT_STATUS_LABELS)
    kpi_status = params.choice(request.GET, "kpi_status", KPI_STATUS_LABELS)
    project_rows = [p for p in projects if p.status == status] if status else []
    kpi_rows = [k for k in kpis if k.status == kpi_status] if kpi_status else []
    return {
        "status": status,
        "kpi_status": kpi_status,
        "project_rows": project_rows,
        "kpi_rows": kpi_rows,
        "drill_page": pages.paginate(project_rows if status else kpi_rows, request.GET, name=DRILL_PAGE),
        "drill_param": DRILL_PAGE,
    }


def _common(filters, year):
    return {
        "year": year,
        "filters": filters,
        "upto": filters["upto"],
        "project_statuses": rollup.PROJECT_STATUSES,
        "kpi_statuses": rollup.KPI_STATUSES,
        "project_status_labels": PROJECT_STATUS_LABELS,
        "kpi_status_labels": KPI_STATUS_LABELS,
        "perspective_labels": PERSPECTIVE_LABELS,
        "filter_query": filter_query(filters),
    }


@org_view()
def index(request):
    """The years with an action plan, each with its results page, and the other evaluation pages."""
    years = list(ActionPlan.objects.for_org(request.org).order_by("-fiscal_year").values_list("fiscal_year", flat=True))
    return render(request, "evaluation/results_index.html", {"years": years})


def _projects_xlsx(request, year, filters, projects):
    """The results page's table of all projects (its scope, department, perspective and quarter filters)."""
    columns = [
        tables.Col(_("Code"), 12),
        tables.Col(_("Project"), 45),
        tables.Col(_("Department"), 18),
        tables.Col(_("Status"), 18),
        tables.Col(_("Complete"), 10, tables.PERCENT),
        tables.Col(_("Budget (baht)"), 16, tables.MONEY),
        tables.Col(_("Disbursed (baht)"), 16, tables.MONEY),
        tables.Col(_("Rate"), 10, tables.PERCENT),
        *[tables.Col(KPI_STATUS_LABELS[status], 12) for status in rollup.KPI_STATUSES],
        tables.Col(_("Score"), 10, tables.PERCENT),
    ]
    rows = (
        [
            p.project.code,
            p.project.name,
            p.project.department.short_name or p.project.department.name,
            PROJECT_STATUS_LABELS.get(p.status, p.status),
            p.percent_complete,
            p.budget,
            p.disbursed,
            p.rate,
            *[p.kpi_counts.get(status, 0) for status in rollup.KPI_STATUSES],
            p.score,
        ]
        for p in projects
    )
    lines = [request.org.name, _("Fiscal year %(year)s") % {"year": year}, _("Approved data only")]
    if filters["upto"]:
        lines.append(_("To the end of quarter %(upto)s") % {"upto": filters["upto"]})
    if filters["department"]:
        lines.append(f"{_('Department')}: {filters['department'].name}")
    if filters["perspective"]:
        lines.append(f"{_('Perspective')}: {PERSPECTIVE_LABELS.get(filters['perspective'], filters['perspective'])}")
    title = f"{_('Results')} {year}"
    return tables.download(f"results-{year}", title, columns, rows, lines=lines)


@org_view()
def organization(request, year):
    """The year's headline figures and tables by strategy, department and perspective."""
    action_plan = _year(request, year)
    filters = read_filters(request)
    figures = _figures(request, year, filters)
    if tables.wants_xlsx(request):
        return _projects_xlsx(request, year, filters, figures.projects)
    here = reverse("evaluation:results", args=[request.org.slug, year])
    strategy_rows = [
        {"g": g, "link": _link(reverse("evaluation:strategy_results", args=[request.org.slug, year, g.pk]), filters)}
        for g in figures.strategies
    ]
    without_department = {**filters, "department": None}
    department_rows = [{"g": g, "link": _link(here, without_department, department=g.pk)} for g in figures.departments]
    context = {
        **_common(filters, year),
        "action_plan": action_plan,
        "figures": figures,
        "total": figures.organization,
        "strategy_rows": strategy_rows,
        "department_rows": department_rows,
        "here_link": _link(here, filters),
        "perspective_link": _link(here, {**filters, "perspective": None}),
        "page": pages.paginate(figures.projects, request.GET),
        **_drill(request, figures.projects, figures.all_kpis),
    }
    return render(request, "evaluation/results_organization.html", context)


def _shown(drill) -> set | None:
    """The projects a drill lists: those of the clicked status, or with a KPI of the clicked status (None: all)."""
    if drill["status"]:
        return {p.project.pk for p in drill["project_rows"]}
    if drill["kpi_status"]:
        return {k.kpi.project_id for k in drill["kpi_rows"]}
    return None


def _listed(projects, shown) -> list:
    return [p for p in projects if shown is None or p.project.pk in shown]


def _program_group(figures, program) -> rollup.Group:
    """The program's figures: its group among its strategy's children (empty when none of its projects is
    in the year's action plan, or visible to this person)."""
    strategy = figures.strategy(program.goal.strategy_id)
    children = strategy.children if strategy else []
    return next((g for g in children if g.pk == program.pk), None) or rollup.Group("program", program, [])


@org_view()
def strategy(request, year, pk):
    """A strategy's programs and projects with their figures, and the strategy's own KPIs."""
    _year(request, year)
    strategy = get_object_or_404(Strategy.objects.for_org(request.org).select_related("plan"), pk=pk)
    filters = read_filters(request)
    figures = _figures(request, year, filters)
    group = figures.strategy(strategy.pk) or rollup.Group("strategy", strategy, [])
    own = figures.strategy_kpis.get(strategy.pk) or rollup.KpiSet([])
    project_kpis = [k for p in group.projects for k in p.kpis]
    drill = _drill(request, group.projects, project_kpis + own.kpis)
    shown = _shown(drill)
    page = pages.paginate(_listed(group.projects, shown), request.GET)
    on_page = {p.project.pk for p in page}
    programs = [
        {
            "g": program,
            "projects": [p for p in program.projects if p.project.pk in on_page],
            "link": _link(reverse("evaluation:program_results", args=[request.org.slug, year, program.pk]), filters),
        }
        for program in group.children
    ]
    here = reverse("evaluation:strategy_results", args=[request.org.slug, year, strategy.pk])
    context = {
        **_common(filters, year),
        "strategy": strategy,
        "figures": figures,
        "total": group,
        "page": page,
        "programs": [row for row in programs if row["projects"]],
        "own": own,
        "filtered": shown is not None,
        "here_link": _link(here, filters),
        "here_query": filter_query(filters),
        **drill,
    }
    return render(request, "evaluation/results_strategy.html", context)


@org_view()
def program(request, year, pk):
    """A program's projects with their figures (the program has no KPIs of its own: its projects' count)."""
    _year(request, year)
    program = get_object_or_404(Program.objects.for_org(request.org).select_related("goal__strategy__plan"), pk=pk)
    filters = read_filters(request)
    figures = _figures(request, year, filters)
    group = _program_group(figures, program)
    drill = _drill(request, group.projects, [k for p in group.projects for k in p.kpis])
    shown = _shown(drill)
    listed = _listed(group.projects, shown)
    strategy = program.goal.strategy
    here = reverse("evaluation:program_results", args=[request.org.slug, year, program.pk])
    up = reverse("evaluation:strategy_results", args=[request.org.slug, year, strategy.pk])
    context = {
        **_common(filters, year),
        "program": program,
        "strategy": strategy,
        "figures": figures,
        "total": group,
        "plan_share": share(group.planned, figures.organization.planned),
        "projects": listed,  # every row the filters keep; the table shows ``page`` of them
        "page": pages.paginate(listed, request.GET),
        "filtered": shown is not None,
        "strategy_link": _link(up, filters),
        "here_link": _link(here, filters),
        "here_query": filter_query(filters),
        **drill,
    }
    return render(request, "evaluation/results_program.html", context)


def _preview(request) -> bool:
    return params.choice(request.GET, "preview", ("0", "1")) == "1"


@org_view()
def project(request, year, pk):
    """A project's status, percent complete and budget quarter by quarter, and each of its KPIs."""
    projects = request.access.scope_projects(Project.objects.for_org(request.org))
    project = get_object_or_404(projects.select_related("department", "program__goal__strategy__plan"), pk=pk)
    upto = params.number(request.GET, "upto", low=rollup.QUARTERS[0], high=rollup.QUARTERS[-1])
    preview = _preview(request)
    figure = rollup.project_figures(request.org, project, year, upto, official_only=not preview)
    if figure is None:
        raise Http404
    query = urlencode({k: v for k, v in {"upto": upto}.items() if v})
    context = {
        "year": year,
        "project": project,
        "figure": figure,
        "upto": upto,
        "preview": preview,
        "query": query,
        "project_status_labels": PROJECT_STATUS_LABELS,
        "kpi_status_labels": KPI_STATUS_LABELS,
        "kpi_statuses": rollup.KPI_STATUSES,
        "strategy": project.program.goal.strategy,
    }
    return render(request, "evaluation/results_project.html", context)


@org_view()
def indicator(request, year, pk):
    """A KPI quarter by quarter and for the year to date."""
    _year(request, year)
    kpi = get_object_or_404(
        Indicator.objects.for_org(request.org).select_related("project__program__goal", "strategy", "goal__strategy"),
        pk=pk,
    )
    if kpi.project_id and not request.access.scope_indicators(Indicator.objects.filter(pk=kpi.pk)).exists():
        raise Http404
    preview = _preview(request)
    periods = rollup.indicator_periods(request.org, kpi, year, official_only=not preview)
    strategy = kpi.strategy or (kpi.goal.strategy if kpi.goal_id else None)
    if kpi.project_id:
        strategy = kpi.project.program.goal.strategy
    breakdown = disaggregation.breakdowns(request.org, [kpi], year, official_only=not preview).get(kpi.pk)
    context = {
        "year": year,
        "kpi": kpi,
        "periods": periods,
        "breakdown": breakdown,
        "preview": preview,
        "strategy": strategy,
        "kpi_status_labels": KPI_STATUS_LABELS,
    }
    return render(request, "evaluation/results_indicator.html", context)
