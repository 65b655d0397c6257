"""The annual M&E report (รายงานผลการติดตามและประเมินผลแผนพัฒนาท้องถิ่น ประจำปีงบประมาณ).

Cover, introduction, the M&E method and committee, results of the whole plan with tables and charts,
results by strategy, the four-phase evaluation, findings and recommendations, the regulation's dates,
and the annexes (แบบที่ 2 and the IPTT when it is available). The texts the committee writes come from
the year's ``AnnualReport`` record; standard texts stand in for those left empty. Built in the
background when downloaded (it is long).
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluation.models import Finding
from reports import common
from reports.annual import record_for
from reports.builders import form2, form3_1
from reports.deadlines import deadlines
from reports.document import DATE, INT, PERCENT, Chart, Column, Paragraphs, Report, Row, Section, Series, Table
from reports.registry import register


def _introduction(org, year) -> list[str]:
    return [
        _(
            "The Ministry of Interior's regulation on the development plans of local administrative organizations "
            "asks the monitoring and evaluation committee to follow the local development plan and to report its "
            "results to the executive at least once a year, within December."
        ),
        _(
            "This report gives the results of %(org)s for fiscal year %(year)s: what the action plan planned, what "
            "was carried out, the budget disbursed, the indicators against their targets, the evaluation of each "
            "strategy, and the committee's findings and recommendations for the years to come."
        )
        % {"org": org.name, "year": year},
    ]


def _method() -> list[str]:
    return [
        _(
            "Departments report the progress of every project of the action plan each quarter: status, percent "
            "complete, budget disbursed and the result of each indicator, with evidence. The internal audit unit "
            "reviews and approves the reports; only approved data is counted."
        ),
        _(
            "Each indicator's actual is compared with its target, with attention to its direction, and scored on "
            "five levels; an indicator is on track when it reaches its target, at risk when slightly below and off "
            "track beyond that. Scores of groups are the sum of points over the sum of maxima."
        ),
    ]


def _committee(record) -> Table | None:
    lines = [line.strip() for line in (record.committee if record else "").splitlines() if line.strip()]
    if not lines:
        return None
    columns = [Column(_("No."), INT, 6), Column(_("Name, position and role in the committee"), width=70)]
    return Table(columns, [Row([n, line]) for n, line in enumerate(lines, 1)], title=_("The committee"))


def _perspectives(figures) -> Chart | None:
    sets = [s for s in figures.perspectives if s.count]
    if not sets:
        return None
    return Chart(
        title=_("Indicator scores by balanced-scorecard perspective"),
        labels=[str(s.label) for s in sets],
        series=[Series(_("Score"), [s.score for s in sets], "#6f42c1")],
        kind=PERCENT,
    )


def _findings(org, year) -> Table:
    rank = {Finding.Priority.HIGH: 0, Finding.Priority.MEDIUM: 1, Finding.Priority.LOW: 2}
    found = sorted(
        Finding.objects.for_org(org).filter(fiscal_year=year).select_related("owner"),
        key=lambda f: (f.kind, rank.get(f.priority, 3), f.pk),
    )
    columns = [
        Column(_("Finding or recommendation"), width=50),
        Column(_("Kind"), width=14),
        Column(_("Responsible department"), width=22),
        Column(_("Priority"), width=10),
        Column(_("Status"), width=14),
        Column(_("Due date"), DATE, 14),
    ]
    rows = [
        Row(
            [
                f"{f.title}\n{f.description}".strip(),
                f.get_kind_display(),
                f.owner.name if f.owner else "",
                f.get_priority_display(),
                f.get_status_display(),
                f.due_on,
            ]
        )
        for f in found
    ]
    return Table(columns, rows, note="" if rows else _("No findings or recommendations were recorded for the year."))


def _deadline_table(record, year, today) -> Table:
    columns = [
        Column(_("Step"), width=40),
        Column(_("Due by"), DATE, 16),
        Column(_("Done on"), DATE, 16),
        Column(_("State"), width=16),
        Column(_("Note"), width=40),
    ]
    labels = {
        "done": _("Done"),
        "late": _("Late"),
        "at_risk": _("Deadline near"),
        "open": _("To do"),
        "waiting": _("Waits for the step before"),
    }
    rows = [Row([d.label, d.due, d.done_on, labels[d.state], d.message]) for d in deadlines(record, year, today)]
    return Table(columns, rows, title=_("Reporting and announcing the results"))


def _indicator_annex(figures, org, params) -> Section:
    """Every indicator of the year to date, by strategy (the quarter-by-quarter table is the IPTT report)."""
    groups = [(_("The organization"), figures.org_kpis.kpis)] if figures.org_kpis.count else []
    for group in figures.strategies:
        own = figures.strategy_kpis.get(group.pk)
        kpis = (own.kpis if own else []) + [k for p in group.projects for k in p.kpis]
        if kpis:
            groups.append((common.strategy_label(group.obj), kpis))
    table = form3_1.kpi_table([], org, params.year, groups=groups, compact=True)
    title = _("Annex B: indicators, year to date")
    return Section(title, [table], sheet=title[:28], new_page=True, landscape=True)


def _annex(report: Report, title: str) -> list[Section]:
    sections = []
    for n, section in enumerate(report.sections):
        sections.append(
            Section(
                f"{title}: {section.title}",
                section.blocks,
                sheet=section.sheet and f"{title[:12]} {section.sheet}",
                new_page=n == 0,
                landscape=True,
            )
        )
    return sections


@register(
    "annual",
    title=gettext_lazy("Annual monitoring and evaluation report"),
    description=gettext_lazy(
        "The report to the executive and the council: results of the year by strategy, the four-phase "
        "evaluation, findings and recommendations, with Form 2 and the indicator table as annexes."
    ),
    fields=("year",),
    background=True,
)
def build(org, access, params) -> Report:
    params.upto = None  # the whole year
    params.department = None
    today = timezone.localdate()
    figures = common.figures(org, access, params)
    record = record_for(org, params.year)
    evaluations = form3_1.evaluations_by_strategy(org, params.year)

    results = [
        form3_1.figures_facts(figures.organization, figures.org_kpis),
        form2.chart(figures),
        form3_1.summary_table(figures, org, params),
        form2.status_table(figures),
    ]
    perspectives = _perspectives(figures)
    if perspectives:
        results.append(perspectives)
    if figures.org_kpis.count:
        results.append(
            form3_1.kpi_table(figures.org_kpis.kpis, org, params.year, title=_("The organization's indicators"))
        )

    method = [Paragraphs([record.method] if record.method else _method())]
    committee = _committee(record)
    if committee:
        method.append(committee)
    whole_plan = form3_1.evaluation_blocks(evaluations.get(None, [])) or [
        Paragraphs([_("No approved evaluation of the whole plan yet.")])
    ]
    conclusion = [Paragraphs([record.conclusion])] if record.conclusion else []

    sections = [
        Section(
            _("Part 1: introduction"),
            [Paragraphs([record.introduction] if record.introduction else _introduction(org, params.year))],
            sheet=_("Introduction"),
        ),
        Section(_("Part 2: method and committee"), method),
        Section(_("Part 3: results of the plan"), results, sheet=_("Results"), new_page=True, landscape=True),
        Section(_("Part 4: results by strategy"), [], new_page=True),
        *form3_1.strategy_sections(org, figures, evaluations, params, project_kpis=False),
        Section(_("Part 5: evaluation of the whole plan"), whole_plan, sheet=_("Evaluation"), new_page=True),
        Section(
            _("Part 6: findings and recommendations"),
            [_findings(org, params.year), *conclusion],
            key="findings",
            sheet=_("Findings"),
        ),
        Section(
            _("Part 7: reporting and announcing"),
            [_deadline_table(record, params.year, today)],
            key="dates",
            sheet=_("Dates"),
        ),
    ]
    sections += _annex(form2.build(org, access, params), _("Annex A"))
    sections.append(_indicator_annex(figures, org, params))

    return Report(
        title=_("Monitoring and evaluation report of the local development plan"),
        org=org,
        sections=sections,
        subtitle=[common.subtitle(params, upto=False)[0]],
        notes=[common.approved_only_note()] + [d.message for d in deadlines(record, params.year, today) if d.warning],
        filename=common.filename("annual-report", params),
        cover=True,
    )
