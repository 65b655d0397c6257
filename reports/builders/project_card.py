"""Project card: one project of the year's action plan on one or two portrait pages.

The plan (code, strategy, goal, program, department, objectives, output target, location, planned dates,
the action-plan budget), each KPI quarter by quarter and to date, progress and disbursement per quarter,
what the approved reports say (what was done, problems, proposed solutions) and their photos.

Every figure is the engine's (``rollup.project_figures(..., quarters=True)``); only approved reports and
results count. The project comes from the parameters, already checked: of this organization, and of the
person's own department for a department reporter. A fixed number of queries.
"""

from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.calendar import calendar_month_of_fiscal, format_date, month_name
from core.money import format_number
from evaluation import rollup
from evaluation.labels import KPI_STATUS_LABELS, PROJECT_STATUS_LABELS
from monitoring.models import Evidence, ReportingPeriod
from reports import common
from reports.builders.iptt import actual_value, figure, kpi_label, quarter_cells, target_value
from reports.document import (
    MONEY,
    NUMBER,
    PERCENT,
    Column,
    Fact,
    Facts,
    Paragraphs,
    Photo,
    Photos,
    Report,
    Row,
    Section,
    Table,
)
from reports.registry import register

PHOTO_LIMIT = 9  # three rows of thumbnails: the card stays within two pages


def period_label(kind: str, number: int) -> str:
    """ "Quarter 2", or the month's short name for monthly reporting (the fiscal year is in the title)."""
    if kind == ReportingPeriod.Kind.QUARTER:
        return _("Quarter %(q)s") % {"q": number}
    return month_name(calendar_month_of_fiscal(number), short=True)


def quarters_shown(params) -> range:
    return range(1, (params.upto or 4) + 1)


def plan_facts(project, item) -> Facts:
    strategy = project.program.goal.strategy
    start = item.planned_start or project.planned_start
    end = item.planned_end or project.planned_end
    dates = f"{format_date(start) if start else '–'} – {format_date(end) if end else '–'}"
    items = [
        Fact(_("Strategy"), f"{strategy.number} {strategy.name}"),
        Fact(_("Goal / tactic"), f"{project.program.goal.number} {project.program.goal.name}"),
        Fact(_("Program"), project.program.name),
        Fact(_("Responsible department"), project.department.name),
        Fact(_("Objectives"), project.objectives.strip()),
        Fact(_("Output target"), project.output_target.strip()),
        Fact(_("Planned period"), dates),
        Fact(_("Budget in the action plan (baht)"), item.budget, MONEY),
    ]
    if project.location:
        items.append(Fact(_("Location"), project.location))
    return Facts(items)


def kpi_table(kpis: list[rollup.KpiFigure], params) -> Table:
    """Two rows per KPI: the plan (target to the end of each quarter and to date) and the result (actual
    to the end of each quarter that reported one, and to date, with achievement), the status to date in
    the result row's first cell (a portrait page has no room for one more column)."""
    quarters = quarters_shown(params)
    ytd = _("To the end of quarter %(q)s") % {"q": params.upto} if params.upto else _("Year to date")
    columns = [Column(_("Indicator (unit)"), width=44)]
    columns += [Column(str(q), NUMBER, 10, group=_("Quarter")) for q in quarters]
    columns += [Column(ytd, NUMBER, 12), Column(_("Achievement"), PERCENT, 12)]
    rows = []
    for k in kpis:
        kpi, to_date = k.kpi, k.figures
        shown = [k.quarters[q - 1] for q in quarters]
        label = kpi_label(kpi)
        if kpi.baseline_value is not None:
            label += f" · {_('Baseline')} {format_number(figure(kpi.baseline_value))}"
        plan = [target_value(kpi, q.target) for q in shown]
        rows.append(Row([f"{label} — {_('Plan')}", *plan, target_value(kpi, to_date.target), None]))
        result = quarter_cells(kpi, shown)[1::2]
        verdict = f"{_('Actual value')} — {KPI_STATUS_LABELS[to_date.status]}"
        rows.append(Row([verdict, *result, actual_value(kpi, to_date), figure(to_date.achievement)]))
    return Table(
        columns,
        rows,
        note=_(
            "Per indicator: the plan, then the result, to the end of each quarter that reported one; "
            "achievement and status to date."
        ),
    )


def quarter_status(h: rollup.QuarterFigures) -> str:
    """The status an approved report gave for the quarter, or why there is none."""
    if h.counted:
        return str(PROJECT_STATUS_LABELS[h.status]) if h.status else ""
    return _("Report not approved yet") if h.states else _("No report")


def progress_table(figure_, params) -> Table:
    columns = [
        Column(_("Quarter"), width=12),
        Column(_("Status"), width=20),
        Column(_("Progress (%)"), PERCENT, 12),
        Column(_("Disbursed (baht)"), MONEY, 16),
        Column(_("Disbursed to date (baht)"), MONEY, 16),
        Column(_("Disbursed (%)"), PERCENT, 10),
    ]
    rows = []
    for q in quarters_shown(params):
        h = figure_.history[q - 1]
        rows.append(
            Row(
                [
                    _("Quarter %(q)s") % {"q": q},
                    quarter_status(h),
                    h.percent_complete if h.counted else None,
                    h.disbursed,
                    h.disbursed_to_date,
                    h.rate_to_date,
                ]
            )
        )
    total = _("To the end of quarter %(q)s") % {"q": params.upto} if params.upto else _("Year to date")
    rows.append(
        Row(
            [
                total,
                str(PROJECT_STATUS_LABELS[figure_.status]),
                figure_.percent_complete,
                figure_.disbursed,
                figure_.disbursed,
                figure_.rate,
            ],
            style="total",
        )
    )
    return Table(
        columns,
        rows,
        note=_("Disbursed (%): disbursed to date against the action-plan budget."),
    )


def approved_reports(org, project, params):
    return common.approved_reports(org, params, [project.pk])


def problems_table(reports) -> Table:
    """The problems and proposed solutions of the approved reports; the same text reported in several
    periods is shown once, with those periods."""
    periods_of: dict[tuple[str, str], list[str]] = {}
    said = reports.exclude(problems="", solutions="").order_by("period__number")
    for kind, number, problems, solutions in said.values_list(
        "period__kind", "period__number", "problems", "solutions"
    ):
        key = (problems.strip(), solutions.strip())
        if any(key):
            periods_of.setdefault(key, []).append(period_label(kind, number))
    columns = [
        Column(_("Period"), width=16),
        Column(_("Problems and obstacles"), width=45),
        Column(_("Proposed solutions"), width=45),
    ]
    rows = [Row([", ".join(periods), problems, solutions]) for (problems, solutions), periods in periods_of.items()]
    return Table(columns, rows, note="" if rows else _("No problems or obstacles were reported."))


def photos(org, reports) -> Photos:
    """Thumbnails of the photos of the approved reports: on the page through the permission-checked view,
    in the PDF from the file."""
    evidence = (
        Evidence.objects.for_org(org)
        .filter(report__in=reports, content_type__startswith="image/")
        .exclude(thumbnail="")
        .select_related("report__period")
        .order_by("report__period__number", "uploaded_at", "pk")
    )
    found = list(evidence[: PHOTO_LIMIT + 1])
    items = [
        Photo(
            url=reverse("monitoring:evidence_thumbnail", args=[org.slug, e.pk]),
            path=e.thumbnail.path,
            caption=period_label(e.report.period.kind, e.report.period.number),
        )
        for e in found[:PHOTO_LIMIT]
    ]
    title = _("Evidence photos")
    if len(found) > PHOTO_LIMIT:
        title = _("Evidence photos (the first %(n)s)") % {"n": PHOTO_LIMIT}
    return Photos(items, title=title)


@register(
    "project-card",
    title=gettext_lazy("Project card"),
    description=gettext_lazy(
        "One project on one or two pages: the plan, its indicators quarter by quarter, progress and "
        "disbursement, problems and photos."
    ),
    fields=("year", "upto"),
    needs_project=True,
)
def build(org, access, params) -> Report:
    project = params.project
    figures = rollup.project_figures(org, project, params.year, params.upto, quarters=True)
    name = slugify(project.code) or str(project.pk)
    base = {
        "title": project.name,
        "org": org,
        "subtitle": [_("Project %(code)s") % {"code": project.code}, *common.subtitle(params)],
        "notes": [common.approved_only_note()],
        "filename": common.filename("project", params, name),
    }
    if figures is None:
        message = _("This project is not in the action plan of fiscal year %(year)s.") % {"year": params.year}
        return Report(sections=[Section("", [Paragraphs([message])])], **base)
    reports = approved_reports(org, project, params)
    kpis = [kpi_table(figures.kpis, params)] if figures.kpis else [Paragraphs([_("The project has no indicators.")])]
    sections = [
        Section(_("The project in the plan"), [plan_facts(project, figures.item)], sheet=_("Project")),
        Section(_("Indicators"), kpis, sheet=_("Indicators")),
        Section(_("Progress and disbursement"), [progress_table(figures, params)], sheet=_("Progress")),
    ]
    pictures = photos(org, reports)
    if pictures.items:  # before the problems, whose table may run on to the next page
        sections.append(Section("", [pictures]))
    sections.append(Section(_("Problems and obstacles"), [problems_table(reports)]))
    return Report(sections=sections, **base)
