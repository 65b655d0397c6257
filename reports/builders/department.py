"""Department report: what each project of a department (กอง/สำนัก) has done to a period.

Per project: status, percent complete, the action-plan budget, disbursed to date and its rate, its KPIs
on track / at risk / off track / without data; the department's totals; the projects whose report for
the period is not approved, with the state it is in (every other project's is approved: a list of the
exceptions says more than a column of "approved", and a landscape page has no room for one more
column); the problems and proposed solutions its approved reports raised.

Without a department chosen the report covers every department the person may see: first one row per
department side by side, then each department on its own pages (and XLSX sheet). A department reporter
sees only their own department, so for them it is always their department's report.

"The period" of the report state is the quarter asked for (``upto``), or else the latest period already
open for reporting (the one staff are reporting on now; the last quarter of a past year).

Every figure is the engine's (``rollup.year_figures``); only approved reports and results count. A fixed
number of queries whatever the number of projects.
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluation import rollup
from evaluation.labels import KPI_STATUS_LABELS, PROJECT_STATUS_LABELS
from monitoring.models import ReportingPeriod, ReportState
from monitoring.periods import policy_for
from reports import common
from reports.builders.project_card import period_label
from reports.document import INT, MONEY, PERCENT, Column, Report, Row, Section, Table
from reports.registry import register

REPORT_STATE_LABELS = dict(ReportState.choices)


def report_quarter(org, params, kind) -> int:
    """The quarter whose report state the report shows (see the module's docstring)."""
    if params.upto:
        return params.upto
    opened = (
        ReportingPeriod.objects.for_org(org)
        .filter(fiscal_year=params.year, kind=kind, opens_on__lte=timezone.localdate())
        .order_by("-number")
        .first()
    )
    return opened.quarter if opened else 1


def report_state(p: rollup.ProjectFigures, quarter: int) -> str:
    states = p.history[quarter - 1].states
    return ", ".join(str(REPORT_STATE_LABELS[s]) for s in dict.fromkeys(states)) or _("No report")


def card_url(org, params):
    """project → its card for the same year and period; reversed once, not once per row."""
    query = urlencode({k: v for k, v in {"year": params.year, "upto": params.upto}.items() if v})
    base = reverse("reports:page", args=[org.slug, "project-card"]) + f"?{query}&project="
    return lambda project: f"{base}{project.pk}"


def kpi_columns() -> list[Column]:
    """KPI counts by status, under short headings (the page is wide enough for them only)."""
    short = {"on_track": _("Met"), "at_risk": _("Risk"), "off_track": _("Not met")}
    heading = _("Indicators")
    return [Column(str(short.get(s, KPI_STATUS_LABELS[s])), INT, 9, group=heading) for s in rollup.KPI_STATUSES]


def projects_table(org, params, group: rollup.Group, quarter: int) -> Table:
    columns = [
        Column(_("Project"), width=44),
        Column(_("Status"), width=18),
        Column(_("Progress (%)"), PERCENT, 11),
        Column(_("Budget (baht)"), MONEY, 16),
        Column(_("Disbursed to date (baht)"), MONEY, 16),
        Column(_("Disbursed (%)"), PERCENT, 10),
        *kpi_columns(),
    ]
    url = card_url(org, params)
    labels = {status: str(label) for status, label in PROJECT_STATUS_LABELS.items()}
    rows = []
    for p in group.projects:
        counts = p.kpi_counts
        cells = [f"{p.project.code} {p.project.name}", labels[p.status], p.percent_complete, p.budget, p.disbursed]
        cells += [p.rate, *(counts[s] for s in rollup.KPI_STATUSES)]
        rows.append(Row(cells, url=url(p.project)))
    total = _("Total: %(n)s projects") % {"n": group.planned}
    rows.append(
        Row(
            [
                total,
                _("Completed: %(n)s") % {"n": group.completed},
                None,
                group.budget,
                group.disbursed,
                group.rate,
                *(group.kpi_counts[s] for s in rollup.KPI_STATUSES),
            ],
            style="total",
        )
    )
    return Table(columns, rows, title=_("Projects"))


def approved_in(p: rollup.ProjectFigures, quarter: int) -> bool:
    return ReportState.APPROVED in p.history[quarter - 1].states


def pending_table(group: rollup.Group, quarter: int) -> Table:
    """The projects whose report of the period is not approved (yet), with the state it is in: the
    department's follow-up list. A project not listed has its report of the period approved."""
    columns = [Column(_("Project"), width=60), Column(_("Report"), width=24)]
    rows = [
        Row([f"{p.project.code} {p.project.name}", report_state(p, quarter)])
        for p in group.projects
        if not approved_in(p, quarter)
    ]
    approved = group.planned - len(rows)
    return Table(
        columns,
        rows,
        title=_("Reports of quarter %(q)s not approved yet") % {"q": quarter},
        note=_("%(approved)s of %(n)s projects have their report of quarter %(q)s approved.")
        % {"approved": approved, "n": group.planned, "q": quarter},
    )


def overview_table(org, params, figures, quarter: int) -> Table:
    """One row per department, side by side, and the total."""
    columns = [
        Column(_("Department"), width=36),
        Column(_("Projects"), INT, 10),
        Column(_("Completed"), INT, 10),
        Column(_("Budget (baht)"), MONEY, 16),
        Column(_("Disbursed to date (baht)"), MONEY, 16),
        Column(_("Disbursed (%)"), PERCENT, 10),
        *kpi_columns(),
        Column(_("Reports approved, quarter %(q)s") % {"q": quarter}, INT, 14),
    ]

    def cells(label, g):
        approved = sum(1 for p in g.projects if approved_in(p, quarter))
        counts = [g.kpi_counts[s] for s in rollup.KPI_STATUSES]
        return [label, g.planned, g.completed, g.budget, g.disbursed, g.rate, *counts, approved]

    base = reverse("reports:page", args=[org.slug, "department"])
    rows = []
    for g in figures.departments:
        query = {"year": params.year, "upto": params.upto, "department": g.pk}
        url = base + "?" + urlencode({k: v for k, v in query.items() if v})
        rows.append(Row(cells(g.obj.name, g), url=url))
    rows.append(Row(cells(_("Total"), figures.organization), style="total"))
    return Table(columns, rows, title=_("Departments side by side"))


def problems(org, params, figures, kind) -> dict[int, Table]:
    """Per department: the problems and proposed solutions of its projects' approved reports up to the
    period (one query); the same text reported by a project in several periods is shown once."""
    reports = common.approved_reports(org, params, [p.project.pk for p in figures.projects], kind)
    reports = reports.exclude(problems="", solutions="").order_by("period__number")
    said: dict[int, dict[tuple[str, str], list[str]]] = {}
    for project_id, number, problems_, solutions in reports.values_list(
        "project_id", "period__number", "problems", "solutions"
    ):
        key = (problems_.strip(), solutions.strip())
        if any(key):
            said.setdefault(project_id, {}).setdefault(key, []).append(period_label(kind, number))
    columns = [
        Column(_("Project"), width=36),
        Column(_("Period"), width=14),
        Column(_("Problems and obstacles"), width=45),
        Column(_("Proposed solutions"), width=45),
    ]
    tables = {}
    for g in figures.departments:
        rows = [
            Row([f"{p.project.code} {p.project.name}", ", ".join(periods), text, solution])
            for p in g.projects
            for (text, solution), periods in said.get(p.project.pk, {}).items()
        ]
        note = "" if rows else _("No problems or obstacles were reported.")
        tables[g.pk] = Table(columns, rows, title=_("Problems and obstacles"), note=note)
    return tables


def department_section(org, params, group, quarter, problem_tables, *, new_page) -> Section:
    blocks = [projects_table(org, params, group, quarter), pending_table(group, quarter), problem_tables[group.pk]]
    return Section(group.obj.name, blocks, sheet=group.obj.name, new_page=new_page)


@register(
    "department",
    title=gettext_lazy("Department report"),
    description=gettext_lazy(
        "Per department: each project's status, progress, budget and disbursement, indicators and report "
        "for the period, the totals, and the problems raised."
    ),
)
def build(org, access, params) -> Report:
    kind = policy_for(org).period_kind
    figures = common.figures(org, access, params)
    quarter = report_quarter(org, params, kind)
    tables = problems(org, params, figures, kind)
    sections = []
    if params.department is None:
        sections.append(Section("", [overview_table(org, params, figures, quarter)], sheet=_("Departments")))
    for g in figures.departments:
        sections.append(department_section(org, params, g, quarter, tables, new_page=params.department is None))
    if params.department and not figures.departments:  # a department without projects this year
        empty = rollup.Group("department", params.department, [])
        sections.append(Section(params.department.name, [projects_table(org, params, empty, quarter)]))
    extra = [params.department.pk] if params.department else []
    return Report(
        title=_("Department report"),
        org=org,
        sections=sections,
        subtitle=common.subtitle(params),
        notes=[common.approved_only_note()],
        filename=common.filename("department", params, *extra),
        landscape=True,
    )
