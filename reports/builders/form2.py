"""แบบที่ 2 — the quarterly follow-up of the action plan (DLA form 2).

Per strategy: the projects and budget of the year's action plan, and what was carried out in each
quarter and to date (projects whose reported status says the work has started, and the budget
disbursed); then the projects' status, and the problems and obstacles the reports raised.
Approved reports only. A fixed number of queries whatever the number of projects.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.money import share
from evaluation import rollup
from monitoring.models import ProjectStatus
from reports import common
from reports.document import INT, MONEY, PERCENT, Chart, Column, Report, Row, Section, Series, Table
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
        Column(_("Share of projects"), PERCENT, 10, group=to_date),
        Column(_("Disbursed (baht)"), MONEY, 16, group=to_date),
        Column(_("Share of budget"), PERCENT, 10, group=to_date),
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
            Column(_("Carried out"), INT, 10, group=heading),
            Column(_("Disbursed (baht)"), MONEY, 16, group=heading),
        ]

    def cells(g):
        found = []
        for q in quarters:
            found.append(sum(1 for p in g.projects if p.status_at(q) in rollup.CARRIED_OUT))
            found.append(sum((p.history[q - 1].disbursed or rollup.ZERO for p in g.projects), rollup.ZERO))
        return found

    return Table(
        columns,
        _rows(figures, params, org, cells),
        title=_("Quarter by quarter"),
        note=_(
            "Carried out: projects whose latest approved report by the end of the quarter says the work has started."
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


def problems(org, params, figures) -> Table:
    """The problems, obstacles and proposed solutions of the approved reports (one query), a row per
    project with each period's words under its name."""
    reports = common.approved_reports(org, params, [p.project.pk for p in figures.projects])
    reports = reports.exclude(problems="").select_related("project", "period")
    by_project: dict = {}
    for r in reports.order_by("project__code", "period__number"):
        found = by_project.setdefault(r.project_id, (r.project, [], []))
        found[1].append(f"{r.period}: {r.problems.strip()}")
        if r.solutions.strip():
            found[2].append(f"{r.period}: {r.solutions.strip()}")
    columns = [
        Column(_("Project"), width=30),
        Column(_("Problems and obstacles"), width=50),
        Column(_("Proposed solutions"), width=50),
    ]
    rows = [
        Row([f"{project.code} {project.name}", "\n".join(said), "\n".join(solutions)])
        for project, said, solutions in by_project.values()
    ]
    return Table(columns, rows, note="" if rows else _("No problems or obstacles were reported."))


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
            _("Part 2: results"),
            [
                plan_table(figures, params, org),
                chart(figures),
                quarter_table(figures, params, org),
                status_table(figures),
            ],
            sheet=_("Results"),
        ),
        Section(_("Part 3: problems and obstacles"), [problems(org, params, figures)], sheet=_("Problems")),
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
