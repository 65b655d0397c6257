"""แบบที่ 2 — the quarterly follow-up of the action plan (DLA form 2), in the form's three parts.

ส่วนที่ 1: general data (the organization, the fiscal year, the quarter reported, the year's projects and
budget, what was carried out and disbursed). ส่วนที่ 2: per strategy, the projects and budget of the year's
action plan and what was carried out in each quarter and to date (projects whose reported status says the
work has started, and the budget disbursed), the projects' status and a chart. ส่วนที่ 3: only the
problems and obstacles the reports actually wrote (no "ไม่มี" or "-"), one row per project and problem.
Approved reports only. A fixed number of queries whatever the number of projects.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.calendar import format_fiscal_year
from core.money import format_percent, share
from evaluation import rollup
from monitoring.models import ProjectStatus, ReportingPeriod
from reports import common
from reports.document import INT, MONEY, PERCENT, Chart, Column, Fact, Facts, Report, Row, Section, Series, Table
from reports.registry import register

STATUS_LABELS = dict(ProjectStatus.choices)


def _rows(figures, params, org, cells) -> list[Row]:
    """One row per strategy (linked to its results page) and the total row."""
    rows = [
        Row(
            [common.strategy_label(g.obj), *cells(g)],
            url=reverse("evaluation:strategy_results", args=[org.slug, params.year, g.pk]),
        )
        for g in figures.strategies
    ]
    rows.append(Row([_("Total"), *cells(figures.organization)], style="total"))
    return rows


def plan_table(figures, params, org) -> Table:
    """Planned (the action plan) against carried out to date."""
    planned, to_date = _("In the action plan"), _("Carried out to date")
    columns = [
        Column(_("Strategy"), width=40),
        Column(_("Projects"), INT, 10, group=planned),
        Column(_("Budget (baht)"), MONEY, 16, group=planned),
        Column(_("Projects"), INT, 10, group=to_date),
        Column(_("Percent"), PERCENT, 10, group=to_date),  # of the projects planned, beside them
        Column(_("Disbursed (baht)"), MONEY, 16, group=to_date),
        Column(_("Percent"), PERCENT, 10, group=to_date),  # of the budget planned, beside it
    ]

    def cells(g):
        return [g.planned, g.budget, g.carried_out, share(g.carried_out, g.planned), g.disbursed, g.rate]

    return Table(columns, _rows(figures, params, org, cells), title=_("Projects and budget: planned and carried out"))


def quarter_table(figures, params, org) -> Table:
    """Per quarter: projects carried out by the end of it, and the budget disbursed in it."""
    quarters = range(1, (params.upto or 4) + 1)
    columns = [Column(_("Strategy"), width=40)]
    for q in quarters:
        heading = _("Quarter %(q)s") % {"q": q}
        columns += [
            Column(_("Projects"), INT, 10, group=heading),  # carried out by the end of the quarter (the note)
            Column(_("Disbursed (baht)"), MONEY, 16, group=heading),
        ]

    def cells(g):
        return [figure for q in quarters for figure in g.by_quarter[q - 1]]

    return Table(
        columns,
        _rows(figures, params, org, cells),
        title=_("Quarter by quarter"),
        note=_(
            "Projects: those carried out by the end of the quarter, whose latest approved report by then says the "
            "work has started."
        ),
    )


def status_table(figures) -> Table:
    statuses = rollup.PROJECT_STATUSES
    labels = {**STATUS_LABELS, rollup.NO_REPORT: _("No approved report")}
    columns = [Column(_("Strategy"), width=40)] + [Column(labels[s], INT, 12) for s in statuses]
    columns.append(Column(_("Projects"), INT, 10))
    rows = [
        Row([common.strategy_label(g.obj), *(g.statuses[s] for s in statuses), g.planned]) for g in figures.strategies
    ]
    total = figures.organization
    rows.append(Row([_("Total"), *(total.statuses[s] for s in statuses), total.planned], style="total"))
    return Table(columns=columns, rows=rows, title=_("Status of the projects"))


def _periods_label(periods) -> str:
    """The periods a problem was written in, short: "ไตรมาสที่ 1, 3" (or the months of a monthly year)."""
    numbers = ", ".join(str(p.number) for p in periods)
    if periods and periods[0].kind != ReportingPeriod.Kind.QUARTER:
        return _("Month %(n)s") % {"n": numbers}
    return _("Quarter %(q)s") % {"q": numbers}


def problem_rows(reports) -> list[tuple]:
    """The problems actually written in the reports (``reports`` ordered by project and period), a row
    (project, periods, problem, solutions) per project and problem: filler such as "ไม่มี", "-" or "N/A" is
    left out (``common.written``), the same problem written in several periods is one row naming them all,
    and its solutions are each said once."""
    found: dict = {}
    for r in reports:
        problem = common.written(r.problems)
        if not problem:
            continue
        periods, solutions = found.setdefault((r.project_id, problem), (r.project, [], []))[1:]
        if r.period not in periods:
            periods.append(r.period)
        solution = common.written(r.solutions)
        if solution and solution not in solutions:
            solutions.append(solution)
    return [(project, periods, problem, solutions) for (_id, problem), (project, periods, solutions) in found.items()]


def problems(org, params, figures, access) -> Table:
    """Part 3: the problems and obstacles the approved reports raised, with the proposed solutions (one
    query, its rows remembered while the organization's data is unchanged); only what was written
    (``problem_rows``)."""
    columns = [
        Column(_("Project"), width=40),
        Column(_("Period"), width=14),
        Column(_("Problems and obstacles"), width=40),
        Column(_("Proposed solutions"), width=40),
    ]
    rows = common.remembered(org, access, params, "form2.problems", lambda: _problem_cells(org, params, figures))
    return Table(
        columns, [Row(cells) for cells in rows], note="" if rows else _("No problems or obstacles were reported.")
    )


def _problem_cells(org, params, figures) -> list[list]:
    reports = common.approved_reports(org, params, [p.project.pk for p in figures.projects])
    reports = (
        reports.exclude(problems="")  # most reports raise none: only those that do are read
        .select_related("project", "period")
        .only("project_id", "problems", "solutions", "project__code", "project__name", "period__number", "period__kind")
        .order_by("project__code", "period__number")
    )
    return [
        [f"{project.code} {project.name}", _periods_label(periods), problem, "\n".join(solutions)]
        for project, periods, problem, solutions in problem_rows(reports)
    ]


def general_facts(org, figures, params) -> Facts:
    """Part 1: who reports, for which year and quarter, and the year's projects and budget in short."""
    total = figures.organization
    area = " ".join(
        part
        for part in (
            _("District %(name)s") % {"name": org.district} if org.district else "",
            _("Province %(name)s") % {"name": org.province} if org.province else "",
        )
        if part
    )
    items = [
        Fact(_("Local administrative organization"), org.name, detail=area),
        Fact(_("Fiscal year"), format_fiscal_year(params.year)),
        Fact(_("Reporting on"), common.subtitle(params)[1]),
    ]
    if params.department:
        items.append(Fact(_("Department"), params.department.name))
    items += [
        Fact(_("Strategies"), len(figures.strategies), INT),
        Fact(_("Projects in the action plan"), total.planned, INT),
        Fact(_("Budget in the action plan (baht)"), total.budget, MONEY),
        Fact(
            _("Projects carried out"), total.carried_out, INT, detail=_percent(share(total.carried_out, total.planned))
        ),
        Fact(_("Disbursed (baht)"), total.disbursed, MONEY, detail=_percent(total.rate)),
    ]
    return Facts(items)


def _percent(value) -> str:
    return f"({format_percent(value)})" if value is not None else ""


def chart(figures) -> Chart:
    groups = figures.strategies
    return Chart(
        title=_("Carried out and disbursed by strategy (percent)"),
        labels=[common.strategy_label(g.obj) for g in groups],
        series=[
            Series(_("Projects carried out (percent)"), [share(g.carried_out, g.planned) for g in groups], "#0d6efd"),
            Series(_("Budget disbursed (percent)"), [g.rate for g in groups], "#198754"),
        ],
        kind=PERCENT,
    )


@register(
    "form2",
    title=gettext_lazy("Form 2: quarterly follow-up of the action plan"),
    description=gettext_lazy(
        "Per strategy: projects and budget planned and carried out, per quarter and to date; problems and obstacles."
    ),
)
def build(org, access, params) -> Report:
    figures = common.figures(org, access, params)
    sections = [
        Section(
            _("Part 1: general data"), [general_facts(org, figures, params)], sheet=_("General data"), key="general"
        ),
        Section(
            _("Part 2: results"),
            [
                plan_table(figures, params, org),
                quarter_table(figures, params, org),
                status_table(figures),
                chart(figures),  # last: on paper it takes most of a page, the tables run on before it
            ],
            sheet=_("Results"),
            key="results",
        ),
        Section(
            _("Part 3: problems and obstacles"),
            [problems(org, params, figures, access)],
            sheet=_("Problems"),
            key="problems",
        ),
    ]
    return Report(
        title=_("Form 2: quarterly follow-up of the action plan"),
        org=org,
        sections=sections,
        subtitle=common.subtitle(params),
        notes=[common.approved_only_note()],
        filename=common.filename("form2", params),
        landscape=True,
    )
