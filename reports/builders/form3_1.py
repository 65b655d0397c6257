"""แบบที่ 3/1 — evaluation by strategy (DLA form 3/1).

For each strategy of the year's plan: its objective; projects planned and carried out, budget and
disbursement; the KPI results of its projects and of the strategy itself; and the evaluation records
(the four phases) written for it. Approved data only; a fixed number of queries.
"""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.money import format_percent, share
from evaluation import rollup
from evaluation.models import Evaluation, Factor
from reports import common
from reports.document import (
    INT,
    MONEY,
    NUMBER,
    PERCENT,
    TEXT,
    Column,
    Fact,
    Facts,
    Link,
    Paragraphs,
    Report,
    Row,
    Section,
    Table,
)
from reports.registry import register


def evaluations_by_strategy(org, fiscal_year) -> dict:
    """Approved evaluation records of the year: strategy id (None = the whole plan) → list (two queries)."""
    found = (
        Evaluation.objects.for_org(org)
        .filter(fiscal_year=fiscal_year, state=Evaluation.State.APPROVED, project__isnull=True)
        .prefetch_related(Prefetch("factors", queryset=Factor.objects.order_by("kind", "category", "pk")))
        .order_by("round", "pk")
    )
    grouped: dict = {}
    for evaluation in found:
        grouped.setdefault(evaluation.strategy_id, []).append(evaluation)
    return grouped


def figures_facts(group, kpi_set=None) -> Facts:
    """The strategy's (or the organization's) figures as label → value."""
    counts = group.kpi_counts
    kpis = ", ".join(f"{common.kpi_status_label(key)} {counts.get(key, 0)}" for key in rollup.KPI_STATUSES)
    items = [
        Fact(_("Projects in the action plan"), group.planned, INT),
        Fact(_("Projects carried out"), group.carried_out, INT, detail=_share_text(group.carried_out, group.planned)),
        Fact(_("Projects completed"), group.completed, INT, detail=completed_shares_text(group)),
        Fact(_("Budget in the action plan (baht)"), group.budget, MONEY),
        Fact(_("Disbursed (baht)"), group.disbursed, MONEY, detail=_percent_text(group.rate)),
        Fact(_("Project KPIs"), group.kpi_count, INT, detail=kpis),
        Fact(_("Score of the project KPIs"), group.score, PERCENT),
    ]
    if kpi_set is not None and kpi_set.count:
        items.append(Fact(_("Score of the strategy's own KPIs"), kpi_set.score, PERCENT))
    return Facts(items)


def completed_shares_text(group) -> str:
    """Both shares of the completed projects, each named: of the group's own projects and of all projects
    of the plan year (rollup computes both; the text only says which is which)."""
    own, of_all = group.completed_share, group.completed_share_of_all
    if own is None:
        return ""
    text = _("%(own)s of its own projects; %(all)s of all projects of the year") % {
        "own": format_percent(own),
        "all": format_percent(of_all) if of_all is not None else "–",
    }
    return f"({text})"


def _share_text(part, whole) -> str:
    return _percent_text(share(part, whole))


def _percent_text(value) -> str:
    return f"({format_percent(value)})" if value is not None else ""


def kpi_table(kpis, org, fiscal_year, title="", groups=None, *, compact=False) -> Table:
    """KPIs with their annual target, actual to date, achievement, level and status. ``groups`` (label,
    kpis) pairs instead of ``kpis`` give a heading row before each group's KPIs. ``compact`` puts the
    unit after the name and leaves the level out (long annexes: fewer cells, a faster PDF)."""
    columns = [Column(_("Indicator"), width=44)]
    if not compact:
        columns.append(Column(_("Unit"), width=10))
    columns += [
        Column(_("Target"), NUMBER, 12),
        Column(_("Actual"), NUMBER, 12),
        Column(_("Achievement"), PERCENT, 12),
    ]
    if not compact:
        columns.append(Column(_("Level"), INT, 8))
    columns.append(Column(_("Status"), TEXT, 20))
    rows = []
    for label, members in groups if groups is not None else [("", kpis)]:
        if label:
            rows.append(Row([label] + [""] * (len(columns) - 1), style="group"))
        rows.extend(_kpi_row(k, org, fiscal_year, compact) for k in members)
    return Table(columns, rows, title=title)


def _kpi_row(k, org, fiscal_year, compact=False) -> Row:
    f = k.figures
    url = reverse("evaluation:indicator_results", args=[org.slug, fiscal_year, k.kpi.pk])
    name = f"{k.kpi.name} ({k.kpi.unit})" if compact and k.kpi.unit else k.kpi.name
    cells = [Link(name, url)]
    if not compact:
        cells.append(k.kpi.unit)
    cells += [f.target, common.actual_value(k.kpi, f.actual), f.achievement]
    if not compact:
        cells.append(f.level)
    cells.append(common.kpi_status_label(f.status))
    return Row(cells)


def evaluation_blocks(evaluations) -> list:
    """The four phases of each evaluation record as paragraphs (and its factors)."""
    blocks = []
    for e in evaluations:
        factors = "\n".join(
            f"{f.get_kind_display()} ({f.get_category_display()}): {f.description}" for f in e.factors.all()
        )
        parts = [
            (_("Summary of results"), e.summary),
            (_("Objective achieved"), e.get_objective_achieved_display() if e.objective_achieved else ""),
            (_("Why it succeeded"), e.success_reasons),
            (_("Why it fell short"), e.failure_reasons),
            (_("Potential and limits"), factors and "\n" + factors),
            (_("Recommendations for the future"), e.recommendations),
        ]
        texts = [f"{label}: {text}" for label, text in parts if text]
        title = _("Evaluation (%(round)s)") % {"round": e.get_round_display()}
        blocks.append(Paragraphs(texts or ["–"], title=title))
    return blocks


def strategy_sections(org, figures, evaluations, params, *, new_page=False, project_kpis=True) -> list[Section]:
    """A section per strategy; ``project_kpis`` False leaves the projects' indicators to an annex."""
    sections = []
    for group in figures.strategies:
        strategy = group.obj
        own = figures.strategy_kpis.get(strategy.pk)
        blocks = []
        if strategy.objective:
            blocks.append(Paragraphs([strategy.objective], title=_("Objective")))
        blocks.append(figures_facts(group, own))
        if own and own.count:
            blocks.append(kpi_table(own.kpis, org, params.year, title=_("The strategy's own indicators")))
        kpis = [k for p in group.projects for k in p.kpis] if project_kpis else []
        if kpis:
            blocks.append(kpi_table(kpis, org, params.year, title=_("Indicators of the projects")))
        found = evaluations.get(strategy.pk, [])
        blocks.extend(evaluation_blocks(found) or [Paragraphs([_("No approved evaluation of this strategy yet.")])])
        sections.append(
            Section(
                common.strategy_label(strategy),
                blocks,
                sheet=_("Strategy %(number)s") % {"number": strategy.number},
                new_page=new_page,
            )
        )
    return sections


def summary_table(figures, org, params) -> Table:
    columns = [
        Column(_("Strategy"), width=40),
        Column(_("Projects"), INT, 10),
        Column(_("Carried out"), INT, 10),
        Column(_("Completed"), INT, 10),
        Column(_("Percent of the strategy's projects"), PERCENT, 14, group=_("Completed projects")),
        Column(_("Percent of all projects"), PERCENT, 14, group=_("Completed projects")),
        Column(_("Budget (baht)"), MONEY, 16),
        Column(_("Disbursed (baht)"), MONEY, 16),
        Column(_("Share of budget"), PERCENT, 10),
        Column(_("KPI score"), PERCENT, 10),
    ]

    def cells(g):
        return [
            g.planned,
            g.carried_out,
            g.completed,
            g.completed_share,
            g.completed_share_of_all,
            g.budget,
            g.disbursed,
            g.rate,
            g.score,
        ]

    rows = [
        Row(
            [common.strategy_label(g.obj), *cells(g)],
            url=reverse("evaluation:strategy_results", args=[org.slug, params.year, g.pk]),
        )
        for g in figures.strategies
    ]
    rows.append(Row([_("Total"), *cells(figures.organization)], style="total"))
    note = _(
        "Completed projects, percent of the strategy's projects: completed ÷ the strategy's own projects. "
        "Percent of all projects: the strategy's completed projects ÷ all projects of the year "
        "(the strategies' shares add up to the total)."
    )
    return Table(columns, rows, title=_("All strategies"), note=note)


@register(
    "form3-1",
    title=gettext_lazy("Form 3/1: evaluation by strategy"),
    description=gettext_lazy(
        "Per strategy: objective, projects planned and carried out, indicator results and the evaluation records."
    ),
    fields=("year", "upto"),
)
def build(org, access, params) -> Report:
    figures = common.figures(org, access, params)
    evaluations = evaluations_by_strategy(org, params.year)
    summary = [summary_table(figures, org, params)]
    sections = [Section(_("Summary"), summary, sheet=_("Summary"))]
    sections += strategy_sections(org, figures, evaluations, params)
    return Report(
        title=_("Form 3/1: evaluation by strategy"),
        org=org,
        sections=sections,
        subtitle=common.subtitle(params),
        notes=[common.approved_only_note()],
        filename=common.filename("form3-1", params),
        landscape=True,  # the summary table is wide (both shares of the completed projects)
    )
