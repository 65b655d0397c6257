"""The year's figures kept in memory while the data under them has not changed.

The executive dashboard and the reports ask for the same figures again and again; computing them for
1,000 projects takes a good part of a second. ``year_figures`` here returns the figures computed before
when the data is unchanged, and computes them afresh otherwise.

"Unchanged" is checked by one query that reads, for every table the figures come from, the newest row
of its history that belongs to the organization (every save and delete of these models writes one,
bulk imports included) and the organization's newest id (rows inserted without history). A change in
one organization makes only that organization's figures stale: another organization's approval costs
nothing here (an index on (organization, id) of every such table keeps each lookup one index probe:
evaluation/migrations/0002). Nothing is remembered inside a transaction (it may be rolled back). Figures are kept per
process (each web worker has its own), at most ``TIDTAM_FIGURES_CACHE_SIZE`` of them, least recently
used dropped first. Treat them as read-only.
"""

import gc
import threading
from collections import OrderedDict

from django.conf import settings
from django.db import connection

from evaluation import rollup
from monitoring.models import IndicatorResult, MonitoringPolicy, ProgressReport, ReportingPeriod
from orgs.models import Department, Organization
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


def versions(org_ids) -> dict[int, tuple]:
    """Organization id → its data version: the newest history row and the newest id of each source table
    that belong to it. One query, whatever the number of organizations."""
    org_ids = sorted({int(pk) for pk in org_ids})
    if not org_ids:
        return {}
    quote = connection.ops.quote_name
    parts = []
    for model in SOURCES:  # table names come from the models, never from input
        history = quote(model.history.model._meta.db_table)
        table = quote(model._meta.db_table)
        parts.append(f"(SELECT MAX(history_id) FROM {history} h WHERE h.organization_id = o.id)")  # noqa: S608
        parts.append(f"(SELECT MAX(id) FROM {table} t WHERE t.organization_id = o.id)")  # noqa: S608
    marks = ", ".join(["%s"] * len(org_ids))
    orgs = quote(Organization._meta.db_table)
    sql = f"SELECT o.id, {', '.join(parts)} FROM {orgs} o WHERE o.id IN ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, org_ids)
        return {row[0]: (connection.alias, *row[1:]) for row in cursor.fetchall()}


def data_version(org) -> tuple:
    """The organization's data version (see ``versions``). One query."""
    return versions([org.pk]).get(org.pk, (connection.alias,))


def _key(org, fiscal_year, access, kwargs) -> tuple:
    scope = None if access is None else access.scope_key
    return ("year_figures", fiscal_year, scope, tuple(sorted(kwargs.items())))


def year_figures(org, fiscal_year: int, *, access=None, **kwargs) -> rollup.YearFigures:
    """``rollup.year_figures`` remembered while the data is unchanged (same arguments).

    Inside a transaction nothing is remembered: what it sees may still be rolled back."""
    key = _key(org, fiscal_year, access, kwargs)
    return remembered(org, key, lambda: rollup.year_figures(org, fiscal_year, access=access, **kwargs))


def remembered(org, key: tuple, compute):
    """``compute()`` remembered under ``key`` (which must name everything the result depends on besides the
    organization's data of ``SOURCES``: year, scope, filters, the day) while that data is unchanged."""
    if connection.in_atomic_block:
        return compute()
    key = (org.pk, *key)
    version = data_version(org)
    with _lock:
        found = _cache.get(key)
        if found is not None and found[0] == version:
            _cache.move_to_end(key)
            return found[1]
    result = compute()
    if data_version(org) != version:
        return result  # something changed meanwhile (perhaps the computing itself): don't keep it
    with _lock:
        _cache[key] = (version, result)
        _cache.move_to_end(key)
        while len(_cache) > settings.TIDTAM_FIGURES_CACHE_SIZE:
            _cache.popitem(last=False)
    _set_aside()
    return result


def _set_aside() -> None:
    """Keep the garbage collector off the figures kept here. Figures of thousands of projects are millions of
    objects; a full collection walks them all (about 0.4 s at 5,000 projects) and the requests that read
    them trigger one every other request. So when the figures kept change (and what they replaced became
    garbage): collect once, then freeze what is alive (``gc.freeze``: later collections skip it). Each
    change unfreezes first, so replaced figures are collected then, never kept for good."""
    if not settings.TIDTAM_FIGURES_GC_FREEZE:
        return
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def clear() -> None:
    with _lock:
        _cache.clear()
