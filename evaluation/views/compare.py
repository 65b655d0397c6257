"""Year over year: the whole plan, each strategy (matched by number) and optionally one KPI across years.

?years=2568,2569,2570 (also ?years=2568&years=2569) picks the years among those with an action plan
(default: the last three); ?indicator=<pk> adds that KPI's table. Access as on the results pages: a
reporter sees their department's projects, and only their projects' KPIs or those without a project.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from core import params, tables
from evaluation import compare as comparing
from evaluation import rollup
from evaluation.labels import KPI_STATUS_LABELS, PROJECT_STATUS_LABELS
from orgs.access import org_view
from plans.models import Indicator


def _years(request, available: list[int]) -> list[int]:
    """The requested years that have an action plan (at most MAX_YEARS, the latest kept); by default the
    last three with an action plan."""
    chosen = [year for year in params.fiscal_years(request.GET, "years") if year in available]
    if not chosen:
        chosen = available[-comparing.DEFAULT_YEARS :]
    return chosen[-comparing.MAX_YEARS :]


def _indicator(request):
    """The ?indicator= KPI: 404 when it is not the organization's or not one the person may see."""
    pk = params.object_id(request.GET, "indicator")
    if pk is None:
        return None
    kpi = get_object_or_404(
        Indicator.objects.for_org(request.org).select_related("project", "strategy", "goal__strategy"), pk=pk
    )
    if kpi.project_id and not request.access.scope_indicators(Indicator.objects.filter(pk=kpi.pk)).exists():
        raise Http404
    return kpi


def _figures(group) -> list:
    """A row's figures in the page's columns (the KPI counts in the order of ``rollup.KPI_STATUSES``)."""
    counts = [group.kpi_counts.get(status, 0) for status in rollup.KPI_STATUSES]
    shares = [group.planned, group.completed, group.completed_share, group.budget, group.disbursed, group.rate]
    return [*shares, *counts, group.score]


def _compare_xlsx(request, comparison):
    """The page's two tables in one: the whole plan, then each strategy, per fiscal year."""
    columns = [
        tables.Col(_("Strategy"), 40),
        tables.Col(_("Fiscal year"), 10),
        tables.Col(_("Projects"), 10),
        tables.Col(_("Completed"), 10),
        tables.Col(_("Completed (%)"), 12, tables.PERCENT),
        tables.Col(_("Budget planned (baht)"), 18, tables.MONEY),
        tables.Col(_("Disbursed (baht)"), 18, tables.MONEY),
        tables.Col(_("Disbursement rate"), 12, tables.PERCENT),
        *[tables.Col(KPI_STATUS_LABELS[status], 12) for status in rollup.KPI_STATUSES],
        tables.Col(_("Score"), 10, tables.PERCENT),
    ]
    rows = []
    for cell in comparison.totals:
        figures = _figures(cell.group) if cell.has_plan else [_("No action plan this year.")]
        rows.append([_("The whole plan"), cell.fiscal_year, *figures])
    for row in comparison.strategies:
        for cell in row.cells:
            figures = _figures(cell.group) if cell.group else [_("Not in this year's plan.")]
            rows.append([f"{row.number}. {row.name}", cell.fiscal_year, *figures])
    lines = [request.org.name, _("Approved data only")]
    years = "-".join(str(y) for y in comparison.years[:1] + comparison.years[-1:])
    return tables.download(f"year-over-year-{years}", _("Year over year"), columns, rows, lines=lines)


@org_view()
def compare(request):
    """The plan's figures year over year: totals per year, strategy × year, and one KPI if asked."""
    available = comparing.years_of(request.org)
    years = _years(request, available)
    kpi = _indicator(request)
    comparison = comparing.compare_years(request.org, years, access=request.access)
    if tables.wants_xlsx(request):
        return _compare_xlsx(request, comparison)
    context = {
        "available": available,
        "years": years,
        "years_query": ",".join(str(y) for y in years),
        "comparison": comparison,
        "kpi": kpi,
        "kpi_years": comparing.compare_indicator(request.org, kpi, years) if kpi else [],
        "project_statuses": rollup.PROJECT_STATUSES,
        "kpi_statuses": rollup.KPI_STATUSES,
        "project_status_labels": PROJECT_STATUS_LABELS,
        "kpi_status_labels": KPI_STATUS_LABELS,
    }
    return render(request, "evaluation/compare.html", context)
