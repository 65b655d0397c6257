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

A year's figures that took long to compute (``TIDTAM_FIGURES_SHARE_MS``) are also shared: stored in the
database (``SharedFigures``) with their data version, so that another worker or server, or this one after
a restart, reads them instead of computing them again. After a change, the task that refreshes the
organization's stored figures (``dashboard.summaries.refresh``) computes the usual ones there, so that the
first page after the change reads them too.
"""

import functools
import gc
import hashlib
import inspect
import logging
import pickle
import threading
import time
import zlib
from collections import OrderedDict
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import django
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from evaluation import achievement, rollup
from evaluation.models import SharedFigures
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
log = logging.getLogger(__name__)

# Shared figures are read back only by the code that wrote them: a new release computes them afresh.
FORMAT = hashlib.sha256(
    b"".join(Path(module.__file__).read_bytes() for module in (rollup, achievement)) + django.__version__.encode()
).hexdigest()[:16]
_DEFAULTS = {
    name: p.default
    for name, p in inspect.signature(rollup.year_figures).parameters.items()
    if p.default is not inspect.Parameter.empty
}
_MISSING = object()


def versions(org_ids) -> dict[int, tuple]:
    """Organization id → its data version: the newest history row and the newest id of each source table
    that belong to it. One query, whatever the number of organizations."""
    org_ids = sorted({int(pk) for pk in org_ids})
    if not org_ids:
        return {}
    marks = ", ".join(["%s"] * len(org_ids))
    with connection.cursor() as cursor:
        cursor.execute(_versions_sql(connection.vendor) + f" WHERE o.id IN ({marks})", org_ids)
        return {row[0]: (connection.alias, *row[1:]) for row in cursor.fetchall()}


@functools.cache
def _versions_sql(vendor: str) -> str:
    """The query of ``versions`` but its WHERE, made once per database engine (reading ``model.history``
    builds a manager: 17 ms a page when done for every table on every request)."""
    quote = connection.ops.quote_name
    parts = []
    for model in SOURCES:  # table names come from the models, never from input
        history = quote(model.history.model._meta.db_table)
        table = quote(model._meta.db_table)
        parts.append(f"(SELECT MAX(history_id) FROM {history} h WHERE h.organization_id = o.id)")  # noqa: S608
        parts.append(f"(SELECT MAX(id) FROM {table} t WHERE t.organization_id = o.id)")  # noqa: S608
    orgs = quote(Organization._meta.db_table)
    return f"SELECT o.id, {', '.join(parts)} FROM {orgs} o"  # noqa: S608


def data_version(org) -> tuple:
    """The organization's data version (see ``versions``). One query."""
    return versions([org.pk]).get(org.pk, (connection.alias,))


def version_key(version: tuple) -> str:
    """The stored form of a data version (the database alias left out: rows live in their database)."""
    return ",".join("" if v is None else str(v) for v in version[1:])


def _key(fiscal_year, access, kwargs) -> tuple:
    """The same key for the same figures: no access and one that sees every department are one scope, and
    an argument given its default value is left out."""
    scope = ("all",) if access is None else access.scope_key
    options = tuple(sorted((k, v) for k, v in kwargs.items() if k not in _DEFAULTS or _DEFAULTS[k] != v))
    return ("year_figures", fiscal_year, scope, options)


def year_figures(org, fiscal_year: int, *, access=None, **kwargs) -> rollup.YearFigures:
    """``rollup.year_figures`` remembered while the data is unchanged (same arguments), and shared between
    processes when it took long to compute.

    Inside a transaction nothing is remembered: what it sees may still be rolled back."""
    key = _key(fiscal_year, access, kwargs)
    return remembered(org, key, lambda: rollup.year_figures(org, fiscal_year, access=access, **kwargs), share=True)


def remembered(org, key: tuple, compute, *, share: bool = False):
    """``compute()`` remembered under ``key`` (which must name everything the result depends on besides the
    organization's data of ``SOURCES``: year, scope, filters, the day) while that data is unchanged.
    ``share``: read it from, and keep it in, the database's shared figures (for results that pickle)."""
    if connection.in_atomic_block:
        return compute()
    key = (org.pk, *key)
    version = data_version(org)
    with _lock:
        found = _cache.get(key)
        if found is not None and found[0] == version:
            _cache.move_to_end(key)
            return found[1]
    result = _load_shared(org, key, version) if share else _MISSING
    if result is _MISSING:
        began = time.perf_counter()
        with _gc_paused():
            result = compute()
        took_ms = (time.perf_counter() - began) * 1000
        if data_version(org) != version:
            return result  # something changed meanwhile (perhaps the computing itself): don't keep it
        if share and took_ms >= settings.TIDTAM_FIGURES_SHARE_MS:
            _store_shared(org, key, version, result)
    with _lock:
        _cache[key] = (version, result)
        _cache.move_to_end(key)
        while len(_cache) > settings.TIDTAM_FIGURES_CACHE_SIZE:
            _cache.popitem(last=False)
    _set_aside()
    return result


def _digest(key: tuple) -> str:
    return hashlib.sha256(repr((FORMAT, key)).encode()).hexdigest()


def _load_shared(org, key: tuple, version: tuple):
    """The figures shared under ``key`` at ``version``, or ``_MISSING``. One query."""
    data = (
        SharedFigures.objects.for_org(org)
        .filter(key=_digest(key), version=version_key(version))
        .values_list("data", flat=True)
        .first()
    )
    if data is None:
        return _MISSING
    try:
        with _gc_paused():
            return pickle.loads(zlib.decompress(bytes(data)))  # noqa: S301 (written by this application only)
    except Exception:  # a damaged row is computed afresh
        log.exception("shared figures of organization %s could not be read", org.pk)
        return _MISSING


def _store_shared(org, key: tuple, version: tuple, result) -> None:
    """Keep ``result`` for the other processes, and drop the organization's rows of older versions (or
    older than a day: keys that name a day). Best effort: figures not stored are computed again."""
    data = zlib.compress(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), 1)
    now, current = timezone.now(), version_key(version)
    row = SharedFigures(organization=org, key=_digest(key), version=current, data=data, stored_at=now)
    try:
        with transaction.atomic():
            stale = SharedFigures.objects.for_org(org).exclude(version=current)
            (stale | SharedFigures.objects.for_org(org).filter(stored_at__lt=now - timedelta(days=1))).delete()
            SharedFigures.objects.bulk_create(
                [row],
                update_conflicts=True,
                unique_fields=["organization", "key"],
                update_fields=["version", "data", "stored_at"],
            )
    except DatabaseError:  # e.g. SQLite busy with another writer: the next request stores them
        log.warning("shared figures of organization %s not stored", org.pk, exc_info=True)


@contextmanager
def _gc_paused():
    """No garbage collection while figures are built (hundreds of thousands of new objects, none of them
    garbage, make it run again and again: a shared year's figures load three times faster without it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_FULL_EVERY = 16  # changes of the figures kept between two full collections
_changes = 0


def _set_aside() -> None:
    """Keep the garbage collector off the figures kept here. Figures of thousands of projects are millions of
    objects; a full collection walks them all (about 0.3 s at 5,000 projects) and the requests that read
    them trigger one every other request. So when the figures kept change: collect the young generations,
    then freeze what is alive (``gc.freeze``: later collections skip it). Replaced figures need no
    collection: they hold no reference cycle, so they are freed as soon as nothing points at them, frozen
    or not. Other garbage with cycles that was frozen meanwhile is collected at every ``_FULL_EVERY``-th
    change, which unfreezes everything and collects it all first."""
    global _changes
    if not settings.TIDTAM_FIGURES_GC_FREEZE:
        return
    _changes += 1
    if _changes % _FULL_EVERY == 0:
        gc.unfreeze()
        gc.collect()
    else:
        gc.collect(1)
    gc.freeze()


def clear() -> None:
    with _lock:
        _cache.clear()
