"""The year's figures kept in memory while the data under them has not changed.

The executive dashboard and the reports ask for the same figures again and again; computing them for
1,000 projects takes a good part of a second. ``year_figures`` here returns the figures computed before
when the data is unchanged, and computes them afresh otherwise.

"Unchanged" is checked by one query that reads, for every table the figures come from, the newest row
of its history (every save and delete of these models writes one, bulk imports included) and its
newest id (rows inserted without history). Any change anywhere makes every cached figure stale: simple
and safe. Nothing is remembered inside a transaction (it may be rolled back). Figures are kept per
process (each web worker has its own), at most ``TIDTAM_FIGURES_CACHE_SIZE`` of them, least recently
used dropped first. Treat them as read-only.
"""

import threading
from collections import OrderedDict

from django.conf import settings
from django.db import connection

from evaluation import rollup
from monitoring.models import IndicatorResult, MonitoringPolicy, ProgressReport, ReportingPeriod
from orgs.models import Department
from plans.models import ActionPlan, ActionPlanItem, Goal, Indicator, Program, Project, Strategy, Target

SOURCES = [
    ActionPlan,
    ActionPlanItem,
    Project,
    Program,
    Goal,
    Strategy,
    Indicator,
    Target,
    ProgressReport,
    IndicatorResult,
    ReportingPeriod,
    MonitoringPolicy,
    Department,
]

_cache: OrderedDict = OrderedDict()
_lock = threading.Lock()


def data_version() -> tuple:
    """The newest history row and the newest id of every source table (one query)."""
    quote = connection.ops.quote_name
    parts = []
    for model in SOURCES:  # table names come from the models, never from input
        history = quote(model.history.model._meta.db_table)
        table = quote(model._meta.db_table)
        parts.append(f"(SELECT MAX(history_id) FROM {history})")  # noqa: S608
        parts.append(f"(SELECT MAX(id) FROM {table})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return (connection.alias, *cursor.fetchone())


def _key(org, fiscal_year, access, kwargs) -> tuple:
    scope = None if access is None else access.scope_key
    return (org.pk, fiscal_year, scope, tuple(sorted(kwargs.items())))


def year_figures(org, fiscal_year: int, *, access=None, **kwargs) -> rollup.YearFigures:
    """``rollup.year_figures`` remembered while the data is unchanged (same arguments).

    Inside a transaction nothing is remembered: what it sees may still be rolled back."""
    if connection.in_atomic_block:
        return rollup.year_figures(org, fiscal_year, access=access, **kwargs)
    key = _key(org, fiscal_year, access, kwargs)
    version = data_version()
    with _lock:
        found = _cache.get(key)
        if found is not None and found[0] == version:
            _cache.move_to_end(key)
            return found[1]
    figures = rollup.year_figures(org, fiscal_year, access=access, **kwargs)
    if data_version() != version:
        return figures  # something changed meanwhile (perhaps the computing itself): don't keep these
    with _lock:
        _cache[key] = (version, figures)
        _cache.move_to_end(key)
        while len(_cache) > settings.TIDTAM_FIGURES_CACHE_SIZE:
            _cache.popitem(last=False)
    return figures


def clear() -> None:
    with _lock:
        _cache.clear()
