"""The executive dashboard: the year's headline figures and charts, each with a table of the same numbers
and links to the rows behind it.

Reads: ``rollup.year_figures`` once for the year (with the filters), ``compare.compare_years`` for the trend
over at most five years, and a few aggregates from ``dashboard.selectors``: a fixed number of queries
whatever the number of projects.
"""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import params, tables
from core.calendar import current_fiscal_year
from dashboard import charts, selectors
from evaluation import compare, memo, rollup
from evaluation.filters import filter_query, read_filters
from evaluation.labels import KPI_STATUS_LABELS, PERSPECTIVE_LABELS, PROJECT_STATUS_LABELS
from monitoring import selectors as monitoring_selectors
from monitoring.periods import policy_for
from orgs.access import org_view


def _year(request, years: list[int], today) -> int | None:
    """The year asked for (404 unless it has an action plan); else the latest year with approved data in a
    period past its deadline (the current year, with nothing approved yet, would show only zeros); else the
    current year, or the latest planned."""
    asked = params.fiscal_year(request.GET)
    if asked is not None:
        if asked not in years:
            raise Http404
        return asked
    if not years:
        return None
    reported = monitoring_selectors.latest_reported_year(request.org, request.access, today)
    if reported in years:
        return reported
    current = current_fiscal_year(today)
    return current if current in years else years[-1]


class Links:
    """URLs of the pages behind the figures, carrying the dashboard's filters."""

    def __init__(self, org, year, filters):
        self.org, self.year, self.filters = org, year, filters

    def _with(self, url, anchor="", **extra):
        query = filter_query(self.filters, **extra)
        return f"{url}?{query}{anchor}" if query else f"{url}{anchor}"

    def results(self, anchor="", year=None, **extra):
        return self._with(reverse("evaluation:results", args=[self.org.slug, year or self.year]), anchor, **extra)

    def strategy(self, pk, anchor="", **extra):
        return self._with(reverse("evaluation:strategy_results", args=[self.org.slug, self.year, pk]), anchor, **extra)

    def period(self, period):
        return reverse("monitoring:period", args=[self.org.slug, period.fiscal_year, period.number])

    def monitoring(self):
        return reverse("monitoring:index", args=[self.org.slug]) + f"?year={self.year}"

    def findings(self, status="open"):
        return reverse("evaluation:finding_list", args=[self.org.slug]) + f"?status={status}"


@org_view()
def index(request):
    """The year's headline figures and six charts, each with its table view."""
    org, access = request.org, request.access
    today = timezone.localdate()
    years = compare.years_of(org)
    year = _year(request, years, today)
    filters = read_filters(request)
    context = {"years": years, "year": year, "filters": filters, "upto": filters["upto"]}
    context["perspective_labels"] = PERSPECTIVE_LABELS
    if year is None:
        return render(request, "dashboard/index.html", context)

    department_id = filters["department"].pk if filters["department"] else None
    figures = memo.year_figures(
        org, year, upto=filters["upto"], department_id=department_id, perspective=filters["perspective"], access=access
    )
    kind = policy_for(org).period_kind
    projects = selectors.scoped_projects(org, year, access=access, department_id=department_id)
    quarters, reports = memo.remembered(
        org,
        ("dashboard", year, kind, access.scope_key, department_id, filters["upto"], today),
        lambda: (
            selectors.disbursed_by_quarter(org, year, kind, projects, upto=filters["upto"]),
            selectors.timeliness(org, year, kind, projects, figures.organization.planned, today),
        ),
    )
    recommendations = selectors.open_recommendations(org, access, today)
    trend_years = selectors.trend_years(years, year)
    trend = compare.compare_years(
        org, trend_years, access=access, upto=selectors.trend_upto(year, filters["upto"], today)
    )
    links = Links(org, year, filters)
    data = charts.dashboard_chart_data(figures, quarters, trend, links)
    cumulative = charts.cumulative_rate(quarters, figures.organization.budget)

    total = figures.organization
    context.update(
        {
            "figures": figures,
            "total": total,
            "data": data,
            "links": links,
            "reports": reports,
            "recommendations": recommendations,
            "trend": trend,
            "project_statuses": rollup.PROJECT_STATUSES,
            "kpi_statuses": rollup.KPI_STATUSES,
            "project_status_labels": PROJECT_STATUS_LABELS,
            "kpi_status_labels": KPI_STATUS_LABELS,
            "status_rows": [
                {
                    "key": s,
                    "label": PROJECT_STATUS_LABELS[s],
                    "n": total.statuses[s],
                    "share": total.status_shares[s],
                    "link": links.results("#rows", status=s),
                }
                for s in rollup.PROJECT_STATUSES
            ],
            "kpi_rows": [
                {
                    "key": s,
                    "label": KPI_STATUS_LABELS[s],
                    "n": total.kpi_counts[s],
                    "link": links.results("#rows", kpi_status=s),
                }
                for s in rollup.KPI_STATUSES
            ],
            "strategy_rows": [
                {
                    "g": g,
                    "link": links.strategy(g.pk),
                    "cells": [
                        (s, g.statuses[s], links.strategy(g.pk, "#rows", status=s)) for s in rollup.PROJECT_STATUSES
                    ],
                }
                for g in figures.strategies
            ],
            "quarter_rows": [
                {
                    "q": q,
                    "label": data["quarters"]["labels"][i],
                    "disbursed": quarters[q],
                    "cumulative": cumulative[i],
                    "link": data["quarters"]["links"][i],
                }
                for i, q in enumerate(rollup.QUARTERS)
            ],
            "perspective_rows": list(zip(figures.perspectives, data["perspectives"]["links"], strict=True)),
            "department_rows": list(zip(figures.departments, data["departments"]["links"], strict=True)),
            "trend_rows": list(zip(trend.totals, data["trend"]["links"], data["trend"]["labels"], strict=True)),
            "people_vs_kpis": selectors.people_vs_kpis(org, access, department_id=department_id),
            "results_link": links.results(),
            "monitoring_link": links.monitoring(),
            "findings_link": links.findings(),
        }
    )
    if tables.wants_xlsx(request):
        return _table_xlsx(request, context)
    return render(request, "dashboard/index.html", context)


def _table_xlsx(request, c):
    """One of the dashboard's table views (``?table=strategies|quarters|status|perspectives|departments|trend``)
    with the dashboard's year and filters; 404 for another name."""
    P, M = tables.PERCENT, tables.MONEY
    table = request.GET.get("table")
    if table == "strategies":
        columns = [(_("Strategy"), 40, ""), *[(PROJECT_STATUS_LABELS[s], 12, "") for s in rollup.PROJECT_STATUSES]]
        columns.append((_("Total"), 10, ""))
        rows = [
            [f"{r['g'].obj.number}. {r['g'].obj.name}", *[n for _s, n, _link in r["cells"]], r["g"].planned]
            for r in c["strategy_rows"]
        ]
        title = _("Results by strategy")
    elif table == "quarters":
        columns = [(_("Quarter"), 20, ""), (_("Disbursed in the quarter"), 18, M)]
        columns.append((_("Disbursed to date (percent of budget)"), 18, P))
        rows = [[r["label"], r["disbursed"], r["cumulative"]] for r in c["quarter_rows"]]
        rows.append([_("Budget planned"), c["total"].budget, c["total"].rate])
        title = _("Disbursement by quarter against plan")
    elif table == "status":
        columns = [(_("Status"), 30, ""), (_("Projects"), 10, ""), ("%", 10, P)]
        rows = [[r["label"], r["n"], r["share"]] for r in c["status_rows"]]
        rows.append([_("Total"), c["total"].planned, None])
        title = _("Project status")
    elif table == "perspectives":
        columns = [(_("Perspective"), 30, ""), (_("Indicators"), 10, ""), (_("Score"), 10, P)]
        rows = [[PERSPECTIVE_LABELS.get(p.key, p.key), p.count, p.score] for p, _link in c["perspective_rows"]]
        title = _("Scores by balanced-scorecard perspective")
    elif table == "departments":
        columns = [(_("Department"), 30, ""), (_("Projects"), 10, ""), (_("Completed projects (%)"), 14, P)]
        columns.append((_("Budget disbursed (%)"), 14, P))
        rows = [[g.obj.name, g.planned, g.completed_share, g.rate] for g, _link in c["department_rows"]]
        title = _("Departments side by side")
    elif table == "trend":
        columns = [(_("Fiscal year"), 14, ""), (_("Projects"), 10, ""), (_("Completed"), 10, "")]
        columns += [(_("Budget disbursed (%)"), 14, P), (_("Score"), 10, P)]
        rows = [
            [label, cell.group.planned, cell.group.completed, cell.group.rate, cell.group.score]
            for cell, _link, label in c["trend_rows"]
        ]
        title = _("Trend over the last fiscal years")
    else:
        raise Http404
    filters = c["filters"]
    lines = [request.org.name, _("Fiscal year %(year)s") % {"year": c["year"]}, _("Approved data only")]
    if filters["upto"]:
        lines.append(_("To the end of quarter %(upto)s") % {"upto": filters["upto"]})
    if filters["department"]:
        lines.append(f"{_('Department')}: {filters['department'].name}")
    if filters["perspective"]:
        lines.append(f"{_('Perspective')}: {PERSPECTIVE_LABELS.get(filters['perspective'], filters['perspective'])}")
    cols = [tables.Col(label, width, number_format) for label, width, number_format in columns]
    return tables.download(f"dashboard-{c['year']}-{table}", title, cols, rows, lines=lines)
