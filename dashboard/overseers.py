"""Overseers (a province's or district's officers, ``orgs.Oversight``): the organizations of their area side
by side for a fiscal year — projects completed, budget disbursed, reports on time, KPIs on track — sortable,
each row opening that organization's dashboard (read-only: the overseer role only reads).

Cost: the figures come from each organization's stored figures (``dashboard.summaries``, refreshed after
every change of its data): a fixed number of queries for any number of organizations. An organization whose
stored figures are not current is computed in the request (a fixed number of queries for it, whatever the
number of projects). Sorted by name, only the organizations of the page are read; sorted by a figure, every
organization of the area is (the order needs them all).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from core import pages, params
from core.calendar import current_fiscal_year
from core.money import share
from dashboard import selectors, summaries
from orgs.models import Organization
from plans.models import ActionPlan

PER_PAGE = 25
SORTS = ("name", "completion", "disbursement", "on_time", "kpis")


def overseen(user):
    """The organizations of the user's oversight areas (every organization for a superuser); 404 for a
    person who oversees nothing."""
    if user.is_superuser:
        return Organization.objects.all()
    oversights = list(user.oversights.all())
    if not oversights:
        raise Http404
    area = Q(pk__in=[])
    for oversight in oversights:
        zone = Q(province=oversight.province)
        if oversight.district:
            zone &= Q(district=oversight.district)
        area |= zone
    return Organization.objects.filter(area)


def years_of(orgs) -> list[int]:
    """Fiscal years with an action plan in any of the organizations, ascending. One query."""
    rows = ActionPlan.objects.filter(organization__in=orgs).order_by("fiscal_year").values_list("fiscal_year")
    return sorted({y for (y,) in rows.distinct()})


@dataclass
class Totals:
    """What the comparison shows of an organization's year (``summaries.compute``'s figures)."""

    planned: int
    completed: int
    budget: Decimal
    disbursed: Decimal
    kpi_count: int
    kpi_on_track: int


@dataclass
class OrgRow:
    org: Organization
    total: Totals
    has_plan: bool
    reports: selectors.Timeliness
    link: str

    @property
    def completion(self) -> Decimal | None:
        return share(self.total.completed, self.total.planned)

    @property
    def disbursement(self) -> Decimal | None:
        return share(self.total.disbursed, self.total.budget)

    @property
    def on_time(self) -> Decimal | None:
        return self.reports.share

    @property
    def kpi_on_track(self) -> int:
        return self.total.kpi_on_track

    @property
    def kpis(self) -> Decimal | None:
        """KPIs on track as a share of the projects' KPIs."""
        return share(self.kpi_on_track, self.total.kpi_count)


def org_rows(orgs, fiscal_year: int, today) -> list[OrgRow]:
    """The organizations' years (approved data only), from their stored figures where those are current:
    a fixed number of queries then, whatever the number of organizations."""
    orgs = list(orgs)
    figures = summaries.year_figures(orgs, fiscal_year)
    rows = []
    for org in orgs:
        data = figures[org.pk]
        total = Totals(
            planned=data["planned"],
            completed=data["completed"],
            budget=summaries.money(data, "budget"),
            disbursed=summaries.money(data, "disbursed"),
            kpi_count=data["kpi_count"],
            kpi_on_track=data["kpi_on_track"],
        )
        link = reverse("dashboard:index", args=[org.slug]) + f"?year={fiscal_year}"
        reports = summaries.timeliness(data, today)
        rows.append(OrgRow(org=org, total=total, has_plan=data["has_plan"], reports=reports, link=link))
    return rows


def sorted_rows(rows: list[OrgRow], key: str, descending: bool) -> list[OrgRow]:
    """By the figure, rows without it last whichever the direction; ties by name."""
    with_value = [r for r in rows if getattr(r, key) is not None]
    without = [r for r in rows if getattr(r, key) is None]
    with_value.sort(key=lambda r: r.org.name)
    with_value.sort(key=lambda r: getattr(r, key), reverse=descending)
    return with_value + sorted(without, key=lambda r: r.org.name)


@login_required
def index(request):
    orgs = overseen(request.user).order_by("province", "district", "name")
    years = years_of(orgs)
    asked = params.fiscal_year(request.GET)
    if asked is not None and asked not in years:
        raise Http404
    current = current_fiscal_year()
    year = asked or (current if current in years else (years[-1] if years else None))
    sort = params.choice(request.GET, "sort", [*SORTS, *(f"-{key}" for key in SORTS)], default="name")
    descending = sort.startswith("-")
    key = sort.removeprefix("-")
    context = {"years": years, "year": year, "sort_key": key, "descending": descending, "sorts": SORTS}
    if year is None:
        return render(request, "dashboard/overseer.html", context)
    today = timezone.localdate()
    if key == "name":
        page = pages.paginate(orgs.reverse() if descending else orgs, request.GET, per_page=PER_PAGE)
        rows = org_rows(page, year, today)
    else:
        everyone = sorted_rows(org_rows(orgs, year, today), key, descending)
        page = pages.paginate(everyone, request.GET, per_page=PER_PAGE)
        rows = list(page)
    context.update({"page": page, "rows": rows})
    return render(request, "dashboard/overseer.html", context)
