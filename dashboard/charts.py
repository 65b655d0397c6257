"""The data of the charts that ``static/js/dashboard.js`` draws, for the executive dashboard and the public
page: one set of colours and words, the series as exact strings."""

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from core.calendar import format_quarter
from core.money import share
from evaluation import rollup
from evaluation.labels import PERSPECTIVE_LABELS, PROJECT_STATUS_LABELS

ZERO = Decimal("0.00")
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


def cumulative_rate(quarters, budget) -> list:
    """Disbursed to date as a share of the budget after each quarter (None after ``upto``)."""
    running, out = ZERO, []
    for q in rollup.QUARTERS:
        if quarters[q] is None:
            out.append(None)
            continue
        running += quarters[q]
        out.append(share(running, budget))
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
        "million": _("million"),
    }


def trend_label(fiscal_year: int, upto: int | None) -> str:
    """A year of the trend: "2569", or "2569 ถึงไตรมาส 1" when the years are compared on their first quarters."""
    if upto is None:
        return str(fiscal_year)
    return _("%(year)s to Q%(quarter)s") % {"year": fiscal_year, "quarter": upto}


def dashboard_chart_data(figures, quarters, trend, links) -> dict:
    """The executive dashboard's six charts; each point links (``links``) to the rows behind it."""
    total = figures.organization
    statuses = rollup.PROJECT_STATUSES
    cumulative = [_dec(c) for c in cumulative_rate(quarters, total.budget)]
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
            "labels": [trend_label(c.fiscal_year, trend.upto) for c in trend.totals],
            "score": [_dec(c.group.score) if c.group else None for c in trend.totals],
            "rate": [_dec(c.group.rate) if c.group else None for c in trend.totals],
            "links": [reverse("evaluation:results", args=[links.org.slug, c.fiscal_year]) for c in trend.totals],
        },
    }


def public_chart_data(snapshot) -> dict:
    """The public figures in the shape ``static/js/dashboard.js`` draws (the charts it has no data for stay
    empty and are not on the page); no links: citizens have no pages behind the figures."""
    statuses = rollup.PROJECT_STATUSES
    empty = {"labels": [], "links": []}
    return {
        "labels": chart_labels(),
        "strategies": {
            "labels": [f"{g.number}. {g.name}" for g in snapshot.strategies],
            "links": [],
            "datasets": [
                {
                    "key": s,
                    "label": str(PROJECT_STATUS_LABELS[s]),
                    "color": STATUS_COLORS[s],
                    "data": [g.statuses.get(s, 0) for g in snapshot.strategies],
                }
                for s in statuses
            ],
        },
        "statuses": {
            "labels": [str(PROJECT_STATUS_LABELS[s]) for s in statuses],
            "colors": [STATUS_COLORS[s] for s in statuses],
            "data": [snapshot.total.statuses.get(s, 0) for s in statuses],
            "links": [],
        },
        "quarters": {**empty, "disbursed": [], "cumulativeRate": []},
        "perspectives": {**empty, "data": []},
        "departments": {**empty, "completion": [], "rate": []},
        "trend": {**empty, "score": [], "rate": []},
    }
