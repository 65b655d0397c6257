"""Indicator performance tracking table (IPTT): every KPI of the year, quarter by quarter and to date.

One row per KPI — the organization's own, each strategy's own and every project's in the year's action
plan that the person may see — under a heading row per strategy (the organization's own KPIs first) or
per responsible department (a project's KPIs count under the project's department, an organization or
strategy KPI under its own responsible department). For each quarter: the target and the actual to the
end of that quarter; for the year to date: the target (the annual one when set), the actual,
achievement, level and status.

Every figure is the engine's (``rollup.year_figures(..., quarters=True)``): approved results only, in a
fixed number of queries whatever the number of projects. The table is wide, so the PDF is landscape;
the XLSX keeps the summary and the table on separate sheets.
"""

from dataclasses import replace
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.money import round_to
from evaluation import achievement, disaggregation, rollup
from evaluation.labels import KPI_STATUS_LABELS
from orgs.models import Department
from plans.models import Indicator
from reports import common
from reports.document import (
    INT,
    NUMBER,
    PERCENT,
    TEXT,
    Column,
    Fact,
    Facts,
    LazyRow,
    Link,
    Report,
    Row,
    Section,
    Table,
)
from reports.registry import GROUP_LABELS, register

YES_NO = Indicator.MeasureType.YES_NO.value  # a plain string: compared once per cell


def figure(value):
    """A KPI figure as the report shows it: two decimals (the engine never rounds)."""
    return round_to(value) if isinstance(value, Decimal) else value


def actual_value(kpi, figures: achievement.KpiFigures):
    """The actual as a cell: yes/no answers as yes/no, text results not at all (they are not numbers)."""
    if kpi.measure_type == YES_NO:
        return figures.actual.yes_no
    return figure(figures.actual.value)


def target_value(kpi, target):
    if kpi.measure_type == YES_NO and target is not None:
        return target != 0
    return figure(target)


def columns() -> list[Column]:
    found = [Column(_("Indicator (unit)"), width=40), Column(_("Baseline"), NUMBER, 10)]
    for q in rollup.QUARTERS:
        heading = _("Quarter %(q)s") % {"q": q}
        found += [Column(_("Plan"), NUMBER, 10, group=heading), Column(_("Actual value"), NUMBER, 10, group=heading)]
    to_date = _("Year to date")
    found += [
        Column(_("Actual value"), NUMBER, 11, group=to_date),
        Column(_("Achievement"), PERCENT, 11, group=to_date),
        Column(_("Level"), INT, 8, group=to_date),
        Column(_("Status"), TEXT, 20, group=to_date),
    ]
    return found


def kpi_label(kpi) -> str:
    label = f"{kpi.code} {kpi.name}".strip()
    return f"{label} ({kpi.unit})" if kpi.unit else label


def quarter_cells(kpi, quarters: list[achievement.KpiFigures]) -> list:
    """Per quarter: the target to its end, and the actual to its end when a result was reported in it (a
    quarter that reported nothing, e.g. one still to come, shows no actual)."""
    cells, reported_before = [], 0
    for q in quarters:
        reported = q.actual.periods > reported_before
        reported_before = q.actual.periods
        cells += [target_value(kpi, q.target), actual_value(kpi, q) if reported else None]
    return cells


def indicator_url(org, year):
    """pk → the KPI's results page; reversed once, not once per row (a thousand rows add up)."""
    base = reverse("evaluation:indicator_results", args=[org.slug, year, 0]).removesuffix("0/")
    return lambda pk: f"{base}{pk}/"


def status_labels() -> dict[str, str]:
    return {status: str(label) for status, label in KPI_STATUS_LABELS.items()}


def kpi_row(k: rollup.KpiFigure, url, labels) -> Row:
    def cells():
        kpi, ytd = k.kpi, k.figures
        made = [Link(kpi_label(kpi), url(kpi.pk)), figure(kpi.baseline_value), *quarter_cells(kpi, k.quarters)]
        return [*made, actual_value(kpi, ytd), figure(ytd.achievement), ytd.level, labels[ytd.status]]

    return LazyRow(cells)


def part_rows(breakdown: disaggregation.Breakdown) -> list[Row]:
    """The sub-rows of a disaggregated KPI, one per category (and "not disaggregated" for what was reported
    without categories): the actual to the end of each quarter that reported, and to date."""
    rows = []
    for part in breakdown.parts:
        name = str(_("not disaggregated")) if part.remainder else part.label
        label = f"{breakdown.label}: {name}" if breakdown.label else name
        cells = [label, None]
        for reported, value in zip(breakdown.reported, part.quarters, strict=True):
            cells += [None, figure(value) if reported else None]
        rows.append(Row([*cells, figure(part.to_date), None, None, None], style="sub"))
    return rows


def heading_row(label: str, width: int) -> Row:
    return Row([label, *([None] * (width - 1))], style="group")


def by_strategy(figures) -> list[tuple[str, list[rollup.KpiFigure]]]:
    """(heading, KPIs): the organization's own KPIs, then per strategy its own KPIs and its projects'."""
    groups = [(str(_("Organization level")), figures.org_kpis.kpis)]
    for g in figures.strategies:
        own = figures.strategy_kpis.get(g.pk)
        kpis = (own.kpis if own else []) + [k for p in g.projects for k in p.kpis]
        groups.append((common.strategy_label(g.obj), kpis))
    return groups


def by_department(org, figures) -> list[tuple[str, list[rollup.KpiFigure]]]:
    """(heading, KPIs) per department in its order: its own organization and strategy KPIs, then the KPIs
    of its projects; organization and strategy KPIs without a responsible department last."""
    departments = {d.pk: d for d in Department.objects.for_org(org)}
    own = figures.org_kpis.kpis + [k for s in figures.strategy_kpis.values() for k in s.kpis]
    kpis_of = {pk: [] for pk in departments}
    for k in own:
        if k.kpi.department_id in kpis_of:
            kpis_of[k.kpi.department_id].append(k)
    for p in figures.projects:
        kpis_of.setdefault(p.project.department_id, []).extend(p.kpis)
    ordered = sorted(departments.values(), key=lambda d: (d.order, d.name))
    groups = [(d.name, kpis_of[d.pk]) for d in ordered]
    groups.append((str(_("No responsible department")), [k for k in own if k.kpi.department_id not in departments]))
    return groups


def tracking_table(org, params, groups) -> Table:
    cols = columns()
    url, labels = indicator_url(org, params.year), status_labels()
    parts = disaggregation.breakdowns(org, [k.kpi for _label, kpis in groups for k in kpis], params.year)
    rows = []
    for label, kpis in groups:
        if not kpis:
            continue
        rows.append(heading_row(label, len(cols)))
        for k in kpis:
            rows.append(kpi_row(k, url, labels))
            if k.kpi.pk in parts:
                rows += part_rows(parts[k.kpi.pk])
    return Table(
        cols,
        rows,
        paged=True,
        note=_(
            "Each quarter shows the target and the actual to the end of that quarter (an actual only when a "
            "result was reported in the quarter); the fourth quarter's target is the year's. Achievement, level "
            "and status are for the year to date, against the year's target. Under a disaggregated indicator, "
            "its actual by category (e.g. by sex)."
        ),
    )


def summary(kpis: list[rollup.KpiFigure]) -> Facts:
    counts = achievement.status_counts(k.status for k in kpis)
    items = [Fact(_("Indicators"), len(kpis), INT)]
    items += [Fact(str(KPI_STATUS_LABELS[s]), counts[s], INT) for s in rollup.KPI_STATUSES]
    return Facts(items, title=_("Status of the indicators to date"))


def _tables(org, access, params) -> tuple[Facts, Table]:
    figures = common.figures(org, access, params, quarters=True)
    groups = by_department(org, figures) if params.group == "department" else by_strategy(figures)
    return summary([k for _label, kpis in groups for k in kpis]), tracking_table(org, params, groups)


@register(
    "iptt",
    title=gettext_lazy("Indicator performance tracking table"),
    description=gettext_lazy(
        "Every indicator with its baseline, targets and actuals per quarter and to date, achievement and "
        "status; by strategy or by department."
    ),
    fields=("year", "department", "group"),
)
def build(org, access, params) -> Report:
    params = replace(params, upto=None)  # always the whole year, quarter by quarter
    # The tables are remembered while the organization's data is unchanged (a page of 10,000 indicators
    # would otherwise group them and look up their parts again on every request); the rows are not changed
    # by the web page's paging, which copies the page it shows.
    facts, table = common.remembered(org, access, params, "iptt", lambda: _tables(org, access, params))
    sections = [
        Section("", [facts], sheet=_("Summary")),
        Section(_("Indicators"), [table], sheet=_("Indicators")),
    ]
    extra = ["department"] if params.group == "department" else []
    return Report(
        title=_("Indicator performance tracking table"),
        org=org,
        sections=sections,
        subtitle=[*common.subtitle(params, upto=False), str(GROUP_LABELS[params.group])],
        notes=[common.approved_only_note()],
        filename=common.filename("iptt", params, *extra),
        landscape=True,
    )
