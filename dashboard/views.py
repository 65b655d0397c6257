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

from core import params
from core.calendar import current_fiscal_year, format_quarter
from dashboard import selectors
from evaluation import compare, memo, rollup
from evaluation.views.results import (
    KPI_STATUS_LABELS,
    PERSPECTIVE_LABELS,
    PROJECT_STATUS_LABELS,
    filter_query,
    read_filters,
)
from monitoring.periods import policy_for
from orgs.access import org_view

TREND_YEARS = 5
STATUS_COLORS = {
    "not_started": "#adb5bd",
    "in_progress": "#0d6efd",
    "completed": "#198754",
    "delayed": "#fd7e14",
    "cancelled": "#dc3545",
    "carried_over": "#6f42c1",
    rollup.NO_REPORT: "#dee2e6",
}
KPI_COLORS = {"on_track": "#198754", "at_risk": "#ffc107", "off_track": "#dc3545", "no_data": "#adb5bd"}


def _dec(value):
    """A Decimal as an exact string for the JSON data (None stays None)."""
    return None if value is None else str(value)


def _year(request, years: list[int]) -> int | None:
    asked = params.fiscal_year(request.GET)
    if asked is not None:
        if asked not in years:
            raise Http404
        return asked
    if not years:
        return None
    current = current_fiscal_year()
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


def _cumulative(quarters, budget) -> list:
    """Disbursed to date as a share of the budget after each quarter (None after ``upto``)."""
    running, out = selectors.ZERO, []
    for q in rollup.QUARTERS:
        if quarters[q] is None:
            out.append(None)
            continue
        running += quarters[q]
        out.append(selectors.share(running, budget))
    return out


def chart_labels() -> dict:
    """The words the charts' script writes (static/js/dashboard.js), in the person's language."""
    return {
        "baht": _("baht"),
        "projects": _("Projects"),
        "disbursed": _("Disbursed in the quarter"),
        "cumulativeRate": _("Disbursed to date (percent of budget)"),
        "score": _("Score"),
        "completion": _("Completed projects (%)"),
        "rate": _("Budget disbursed (%)"),
        "noData": _("No data"),
    }


def _chart_data(figures, quarters, trend, links: Links) -> dict:
    total = figures.organization
    statuses = rollup.PROJECT_STATUSES
    cumulative = [_dec(c) for c in _cumulative(quarters, total.budget)]
    return {
        "labels": chart_labels(),
        "totals": {
            "planned": total.planned,
            "completed": total.completed,
            "statuses": total.statuses,
            "budget": _dec(total.budget),
            "disbursed": _dec(total.disbursed),
            "rate": _dec(total.rate),
            "kpiCounts": total.kpi_counts,
            "score": _dec(total.score),
        },
        "strategies": {
            "labels": [f"{g.obj.number}. {g.obj.name}" for g in figures.strategies],
            "links": [links.strategy(g.pk) for g in figures.strategies],
            "datasets": [
                {
                    "key": s,
                    "label": str(PROJECT_STATUS_LABELS[s]),
                    "color": STATUS_COLORS[s],
                    "data": [g.statuses[s] for g in figures.strategies],
                }
                for s in statuses
            ],
        },
        "statuses": {
            "labels": [str(PROJECT_STATUS_LABELS[s]) for s in statuses],
            "colors": [STATUS_COLORS[s] for s in statuses],
            "data": [total.statuses[s] for s in statuses],
            "links": [links.results("#rows", status=s) for s in statuses],
        },
        "quarters": {
            "labels": [format_quarter(q) for q in rollup.QUARTERS],
            "disbursed": [_dec(quarters[q]) for q in rollup.QUARTERS],
            "cumulativeRate": cumulative,
            "links": [links.results(upto=q) for q in rollup.QUARTERS],
        },
        "perspectives": {
            "labels": [str(PERSPECTIVE_LABELS[p.key]) for p in figures.perspectives],
            "data": [_dec(p.score) for p in figures.perspectives],
            "links": [links.results("#by-perspective", perspective=p.key) for p in figures.perspectives],
        },
        "departments": {
            "labels": [g.obj.name for g in figures.departments],
            "completion": [_dec(g.completed_share) for g in figures.departments],
            "rate": [_dec(g.rate) for g in figures.departments],
            "links": [links.results(department=g.pk) for g in figures.departments],
        },
        "trend": {
            "labels": [str(c.fiscal_year) for c in trend.totals],
            "score": [_dec(c.group.score) if c.group else None for c in trend.totals],
            "rate": [_dec(c.group.rate) if c.group else None for c in trend.totals],
            "links": [reverse("evaluation:results", args=[links.org.slug, c.fiscal_year]) for c in trend.totals],
        },
    }


@org_view()
def index(request):
    """The year's headline figures and six charts, each with its table view."""
    org, access = request.org, request.access
    years = compare.years_of(org)
    year = _year(request, years)
    filters = read_filters(request)
    context = {"years": years, "year": year, "filters": filters, "upto": filters["upto"]}
    context["perspective_labels"] = PERSPECTIVE_LABELS
    if year is None:
        return render(request, "dashboard/index.html", context)

    today = timezone.localdate()
    department_id = filters["department"].pk if filters["department"] else None
    figures = memo.year_figures(
        org, year, upto=filters["upto"], department_id=department_id, perspective=filters["perspective"], access=access
    )
    kind = policy_for(org).period_kind
    projects = selectors.scoped_projects(org, year, access=access, department_id=department_id)
    quarters = selectors.disbursed_by_quarter(org, year, kind, projects, upto=filters["upto"])
    reports = selectors.timeliness(org, year, kind, projects, figures.organization.planned, today)
    recommendations = selectors.open_recommendations(org, access, today)
    trend_years = [y for y in years if y <= year][-TREND_YEARS:]
    trend = compare.compare_years(org, trend_years, access=access)
    links = Links(org, year, filters)
    data = _chart_data(figures, quarters, trend, links)
    cumulative = _cumulative(quarters, figures.organization.budget)

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
            "trend_rows": list(zip(trend.totals, data["trend"]["links"], strict=True)),
            "results_link": links.results(),
            "monitoring_link": links.monitoring(),
            "findings_link": links.findings(),
        }
    )
    return render(request, "dashboard/index.html", context)
