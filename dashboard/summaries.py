"""Each organization's headline figures per fiscal year, stored where every web worker and server reads
them (``OrgYearFigures``), so that the overseers' comparison of hundreds of organizations costs a fixed
number of queries.

- ``refresh(org)`` computes the figures of every year of the organization that has an action plan and
  stores them with the organization's data version. It runs after each committed change of the data the
  figures come from (``changed``, connected to the saves and deletions of ``evaluation.memo.SOURCES``;
  imports that insert in bulk send ``core.tenancy.bulk_written``), on the task queue by default (its worker
  stores them within seconds) or in the request after its commit (``TIDTAM_FIGURES_REFRESH``).
  It also computes the figures the pages read first (``warm``), which ``evaluation.memo`` shares with every
  web worker when they are slow to compute: the first page after a change reads them, not computes them.
- ``year_figures(orgs, fiscal_year)`` reads them back: one query for the organizations' current versions,
  one for the stored rows. A row stored at an older version is never shown: that organization is computed
  afresh in the request (and not stored: a GET never writes).

The share of reports on time depends on the day (a period counts once its deadline has passed): the
stored figures keep each period's deadline and counts, and the day is applied when they are read.
"""

import json
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from core.calendar import fiscal_year_of
from dashboard import selectors
from dashboard.models import OrgYearFigures
from evaluation import memo
from monitoring.periods import policy_for
from plans.models import ActionPlan


def compute(org, fiscal_year: int) -> dict:
    """The year's headline figures as plain JSON values (approved data only). A fixed number of queries."""
    figures = memo.year_figures(org, fiscal_year)
    total = figures.organization
    kind = policy_for(org).period_kind
    projects = selectors.scoped_projects(org, fiscal_year)
    reports = selectors.timeliness(org, fiscal_year, kind, projects, total.planned, timezone.localdate())
    return {
        "has_plan": figures.action_plan is not None,
        "planned": total.planned,
        "completed": total.completed,
        "budget": str(total.budget),
        "disbursed": str(total.disbursed),
        "kpi_count": total.kpi_count,
        "kpi_on_track": total.kpi_counts["on_track"],
        "periods": [[p.period.deadline.isoformat(), p.expected, p.submitted, p.on_time] for p in reports.periods],
    }


def timeliness(data: dict, today: date) -> selectors.Timeliness:
    """The stored periods' counts as ``selectors.Timeliness`` on ``today`` (whose deadlines have passed)."""
    return selectors.Timeliness(
        [
            selectors.PeriodReports(
                period=None, expected=expected, submitted=submitted, on_time=on_time, due=date.fromisoformat(d) < today
            )
            for d, expected, submitted, on_time in data["periods"]
        ]
    )


def money(data: dict, key: str) -> Decimal:
    return Decimal(data[key])


def year_figures(orgs, fiscal_year: int) -> dict[int, dict]:
    """Organization id → its figures of the year: the stored ones where they are current, computed afresh
    (not stored) where they are not. Two queries when every organization's stored figures are current."""
    orgs = list(orgs)
    current = memo.versions(org.pk for org in orgs)
    stored = {
        row.organization_id: row
        for row in OrgYearFigures.objects.filter(organization__in=orgs, fiscal_year=fiscal_year).only(
            "organization_id", "version", "figures"
        )
    }
    out = {}
    for org in orgs:
        row = stored.get(org.pk)
        fresh = row is not None and org.pk in current and row.version == memo.version_key(current[org.pk])
        out[org.pk] = json.loads(row.figures) if fresh else compute(org, fiscal_year)
    return out


def refresh(org) -> int:
    """Store the current figures of each year of ``org`` that has an action plan and whose stored figures
    are not current; returns how many years were computed."""
    version = memo.version_key(memo.data_version(org))
    years = set(ActionPlan.objects.for_org(org).values_list("fiscal_year", flat=True))
    current = set(OrgYearFigures.objects.for_org(org).filter(version=version).values_list("fiscal_year", flat=True))
    computed = 0
    for year in sorted(years - current):
        figures = compute(org, year)
        OrgYearFigures.objects.update_or_create(
            organization=org,
            fiscal_year=year,
            defaults={"version": version, "figures": json.dumps(figures, sort_keys=True)},
        )
        computed += 1
    OrgYearFigures.objects.for_org(org).exclude(fiscal_year__in=years).delete()
    if computed:
        warm(org, sorted(years), timezone.localdate())
    return computed


def warm(org, years: list[int], today: date) -> None:
    """Compute the other figures the pages read first, so that they are shared with every web worker
    (``evaluation.memo``; only those slow to compute are): each year's with its quarters (IPTT and the
    tracking tables), and the trend of the current year's dashboard (each year to the quarter reached)."""
    for year in years:
        memo.year_figures(org, year, quarters=True)
    year = fiscal_year_of(today)
    upto = selectors.trend_upto(year, None, today)
    if year in years and upto is not None:
        for earlier in selectors.trend_years(years, year):
            memo.year_figures(org, earlier, upto=upto)


def refresh_by_id(org_id: int) -> int:
    from orgs.models import Organization

    org = Organization.objects.filter(pk=org_id).first()
    return 0 if org is None else refresh(org)


@task()
def refresh_figures(org_id: int) -> int:
    """``refresh`` on the task queue (its worker, ``jobs/queue.py``); the path is stored with each queued task."""
    return refresh_by_id(org_id)


def changed(org_id) -> None:
    """The data of organization ``org_id`` changed in the current transaction: refresh its stored figures
    once the transaction commits, once per transaction (however many rows it saved)."""
    mode = settings.TIDTAM_FIGURES_REFRESH
    if mode == "off" or org_id is None:
        return
    connection = transaction.get_connection()
    pending = connection.__dict__.setdefault("figures_pending", set())
    # A rolled-back transaction drops its on-commit callbacks: start again when ours is no longer queued.
    if pending and not any(func is _flush for _sids, func, _robust in connection.run_on_commit):
        pending.clear()
    if not pending:
        pending.add(org_id)
        transaction.on_commit(_flush, robust=True)
    else:
        pending.add(org_id)


def _flush() -> None:
    connection = transaction.get_connection()
    pending = connection.__dict__.pop("figures_pending", set())
    for org_id in sorted(pending):
        if settings.TIDTAM_FIGURES_REFRESH == "task":
            refresh_figures.enqueue(org_id)
        else:
            refresh_by_id(org_id)


def on_source_saved(sender, instance, **kwargs) -> None:
    """Receiver of the saves and deletions of the figures' source rows (``evaluation.memo.SOURCES``)."""
    if kwargs.get("raw"):
        return  # fixtures loading
    changed(getattr(instance, "organization_id", None))


def on_bulk_written(sender, org_id=None, **kwargs) -> None:
    """Receiver of ``core.tenancy.bulk_written`` (rows written in bulk send no save signals)."""
    changed(org_id)
