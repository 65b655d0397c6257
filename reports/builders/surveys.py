"""The results of a citizen satisfaction survey, and the two DLA forms made from them.

- ``survey-results``: every figure of the results page (answers by channel, margin of error, the
  satisfaction index, each question's counts and percentages, each item's mean, S.D. and index, the open
  answers, the cross-tabulation by a profile question).
- ``form3-2`` (แบบที่ 3/2, satisfaction overall) as published: part 1 the respondent profile (number and
  percent of each answer), part 2 the items × very satisfied / satisfied / not satisfied in percent.
- ``form3-3`` (แบบที่ 3/3, satisfaction per strategy): per strategy its items with the mean score out of 10.

The figures are ``surveys.results``'s (counted in the database, percentages by the largest remainder, so
each question's add up to 100.00).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.calendar import format_date, format_fiscal_year
from core.money import round_to
from reports.document import (
    INT,
    PERCENT,
    SCORE,
    Chart,
    Column,
    Fact,
    Facts,
    Paragraphs,
    Report,
    Row,
    Section,
    Series,
    Table,
)
from reports.registry import register
from surveys import stats
from surveys.charts import index_bars
from surveys.models import Question
from surveys.results import survey_results

RATING_COLUMNS = 5
FIELDS = ("survey",)


def _two(value):
    return None if value is None else round_to(value, 2)


def subtitle(params, results) -> list[str]:
    survey, flt = params.survey, params.survey_filter
    lines = [survey.title, format_fiscal_year(survey.fiscal_year)]
    if flt.period:
        lines.append(str(flt.period))
    if flt.date_from or flt.date_to:
        lines.append(
            _("Answered from %(starts)s to %(ends)s")
            % {"starts": format_date(flt.date_from) or "…", "ends": format_date(flt.date_to) or "…"}
        )
    lines.append(
        _("%(n)s answers (web %(web)s, paper %(paper)s)")
        % {"n": results.responses, "web": results.web, "paper": results.paper}
    )
    return lines


def method_notes(results) -> list[str]:
    notes = [
        _(
            "Percentages are rounded to two decimals by the largest remainder method, so that those of each "
            "question add up to exactly 100.00."
        ),
        _(
            "Satisfaction index of an item = mean score ÷ the highest score of its scale × 100; overall index = "
            "the sum of the scores of every rating answer ÷ the sum of the highest scores × 100. S.D. is the "
            "sample standard deviation."
        ),
        _(
            "Margin of error at 95 % = 1.96 × √(0.25 ÷ number of answers), in percentage points; with a "
            "population entered, times √((N − n) ÷ (N − 1))."
        ),
    ]
    return notes


def _filename(slug, params) -> str:
    return f"{slug}-{params.survey.fiscal_year}-{params.survey.pk}"


def summary_facts(results) -> Facts:
    flt = results.filter
    shares = results.channel_shares or [None, None]
    items = [
        Fact(_("Answers"), results.responses, INT),
        Fact(_("on the web"), results.web, INT, detail=_percent(shares[0])),
        Fact(_("on paper"), results.paper, INT, detail=_percent(shares[1])),
        Fact(
            _("Margin of error at 95 % (percentage points)"),
            _two(results.margin_of_error),
            SCORE,
            detail=_("population %(n)s") % {"n": flt.population} if flt.population else _("no population entered"),
        ),
        Fact(_("Overall satisfaction index"), _two(results.index), PERCENT),
    ]
    if results.has_three_levels:
        items.append(Fact(_("Very satisfied + satisfied"), _two(results.satisfied), PERCENT))
    return Facts(items)


def _percent(value) -> str:
    return "" if value is None else f"({value:.2f}%)"


def choice_table(figure) -> Table:
    columns = [Column(_("Answer"), width=40), Column(_("Number"), INT, 10), Column(_("Percent"), PERCENT, 10)]
    rows = [Row([o.option.label, o.count, o.share]) for o in figure.options]
    rows.append(Row([_("Total"), figure.answers, stats.HUNDRED if figure.answers else None], style="total"))
    return Table(columns, rows, title=f"{figure.question.number}. {figure.question.text}")


def ratings_table(figures, title="") -> Table:
    """Items of one scale: the options' counts and percentages (up to five options), then n, mean, S.D.
    and the index (and the satisfied share on the 3-level scale)."""
    first = figures[0]
    labels = [o.option.label for o in first.options]
    same = len(labels) <= RATING_COLUMNS and all(len(f.options) == len(labels) for f in figures)
    three = first.question.kind == Question.Kind.RATING_3
    columns = [Column(_("Item"), width=44)]
    if same:
        for label in labels:
            columns += [Column(_("Number"), INT, 8, group=label), Column(_("Percent"), PERCENT, 9, group=label)]
    columns += [
        Column(_("Answers"), INT, 8),
        Column(_("Mean"), SCORE, 8),
        Column(_("S.D."), SCORE, 8),
        Column(_("Index"), PERCENT, 9),
    ]
    if three:
        columns.append(Column(_("Very satisfied + satisfied"), PERCENT, 10))
    rows = []
    for f in figures:
        cells = [f"{f.question.number}. {f.question.text}"]
        if same:
            for o in f.options:
                cells += [o.count, o.share]
        r = f.rating
        cells += [r.answers, _two(r.mean), _two(r.sd), _two(r.index)]
        if three:
            cells.append(_two(r.satisfied))
        rows.append(Row(cells))
    return Table(columns, rows, title=title)


def section_blocks(section) -> list:
    blocks, run = [], []

    def flush():
        if run:
            blocks.append(ratings_table(list(run)))
            run.clear()

    for figure in section.questions:
        if figure.rating is not None:
            if run and run[0].question.kind != figure.question.kind:
                flush()
            run.append(figure)
            continue
        flush()
        if figure.question.kind == Question.Kind.TEXT:
            title = f"{figure.question.number}. {figure.question.text}"
            rows = [Row([text]) for text in figure.texts]
            note = ""
            if figure.answers > len(figure.texts):
                note = _("The newest %(shown)s of %(n)s answers.") % {"shown": len(figure.texts), "n": figure.answers}
            blocks.append(Table([Column(_("Answer"), width=80)], rows, title=title, note=note))
        elif figure.options:
            blocks.append(choice_table(figure))
    flush()
    return blocks


def crosstab_tables(results) -> list:
    tables = []
    for figure in (q for q in results.questions if q.columns):
        columns = [Column(_("Answer"), width=30)]
        for c in figure.columns:
            columns += [
                Column(_("Number"), INT, 8, group=c.option.label),
                Column(_("Percent"), PERCENT, 9, group=c.option.label),
            ]
        rows = []
        for option, cells in figure.cross_rows:
            rows.append(Row([option.option.label] + [v for count, share in cells for v in (count, share)]))
        total = [_("Answers")]
        for c in figure.columns:
            total += [c.answers, stats.HUNDRED if c.answers else None]
        rows.append(Row(total, style="total"))
        if figure.rating is not None:
            index = [_("Index")]
            for c in figure.columns:
                index += ["", _two(c.rating.index) if c.rating else None]
            rows.append(Row(index))
        tables.append(Table(columns, rows, title=f"{figure.question.number}. {figure.question.text}"))
    return tables


def index_chart(results) -> Chart:
    labels, indexes = index_bars(results)
    return Chart(
        _("Satisfaction index"),
        labels,
        [Series(_("Index"), [_two(v) for v in indexes])],
        PERCENT,
        maximum=stats.HUNDRED,
    )


@register(
    "survey-results",
    title=gettext_lazy("Survey results"),
    description=gettext_lazy(
        "A citizen survey's answers: counts and percentages, mean, S.D. and satisfaction index of each item, "
        "the margin of error and a breakdown by a profile question."
    ),
    fields=FIELDS,
    needs_survey=True,
)
def build_results(org, access, params) -> Report:
    results = survey_results(params.survey, params.survey_filter)
    summary = [summary_facts(results), Paragraphs(method_notes(results), title=_("How the figures are computed"))]
    if results.items:
        summary.append(index_chart(results))
    sections = [Section(_("Summary"), summary, sheet=_("Summary"))]
    for n, section in enumerate(results.sections, 1):
        sections.append(
            Section(
                section.title or _("Questions"),
                section_blocks(section),
                sheet=_("Part %(n)s") % {"n": n},
                landscape=bool(section.ratings),  # the items' table is wide: counts and percent per option
            )
        )
    if results.filter.by is not None:
        sections.append(
            Section(
                _("Broken down by “%(question)s”") % {"question": results.filter.by.text},
                crosstab_tables(results),
                sheet=_("Breakdown"),
                landscape=True,
            )
        )
    return Report(
        title=_("Survey results"),
        org=org,
        sections=sections,
        subtitle=subtitle(params, results),
        filename=_filename("survey-results", params),
    )


# แบบที่ 3/2 ------------------------------------------------------------------------------------------------


def profile_table(results) -> Table:
    """Part 1: each profile question as a heading row, its answers with number and percent."""
    columns = [
        Column(_("Respondent profile"), width=44),
        Column(_("Number"), INT, 10),
        Column(_("Percent"), PERCENT, 10),
    ]
    rows = []
    for figure in results.profile:
        rows.append(Row([f"{figure.question.number}. {figure.question.text}", None, None], style="group"))
        rows.extend(Row([f"    {o.option.label}", o.count, o.share]) for o in figure.options)
        rows.append(Row([_("Total"), figure.answers, stats.HUNDRED if figure.answers else None], style="total"))
    return Table(columns, rows)


def satisfaction_table(results) -> Table:
    """Part 2: the 3-level items in percent, each row adding up to 100.00, and the whole (all answers)."""
    items = [q for q in results.items if q.question.kind == Question.Kind.RATING_3]
    labels = [o.option.label for o in items[0].options] if items else []
    columns = [Column(_("No."), INT, 5), Column(_("Satisfaction with"), width=50)]
    columns += [Column(label, PERCENT, 10, group=_("Percent")) for label in labels]
    columns.append(Column(_("Total"), PERCENT, 10, group=_("Percent")))
    rows = []
    sums = [0] * len(labels)
    for n, figure in enumerate(items, 1):
        shares = [o.share for o in figure.options]
        for i, o in enumerate(figure.options[: len(labels)]):
            sums[i] += o.count
        total = stats.HUNDRED if figure.answers else None
        rows.append(Row([n, figure.question.text, *shares[: len(labels)], total]))
    whole = stats.shares(sums)
    rows.append(
        Row(
            ["", _("Overall (all answers)"), *(whole or [None] * len(labels)), stats.HUNDRED if whole else None],
            style="total",
        )
    )
    return Table(columns, rows)


@register(
    "form3-2",
    title=gettext_lazy("Form 3/2: citizen satisfaction overall"),
    description=gettext_lazy(
        "DLA form 3/2 from a survey's answers: the respondent profile in numbers and percent, and the "
        "satisfaction items in percent of very satisfied, satisfied and not satisfied."
    ),
    fields=FIELDS,
    needs_survey=True,
)
def build_form3_2(org, access, params) -> Report:
    results = survey_results(params.survey, params.survey_filter)
    part2 = [satisfaction_table(results)]
    if results.has_three_levels:
        part2.append(
            Facts(
                [
                    Fact(_("Very satisfied + satisfied"), _two(results.satisfied), PERCENT),
                    Fact(_("Overall satisfaction index"), _two(results.index), PERCENT),
                    Fact(_("Margin of error at 95 % (percentage points)"), _two(results.margin_of_error), SCORE),
                ]
            )
        )
    part2.append(Paragraphs(method_notes(results)[:1]))
    sections = [
        Section(_("Part 1: general information of the respondents"), [profile_table(results)], sheet=_("Part 1")),
        Section(_("Part 2: satisfaction with the organization's work overall"), part2, sheet=_("Part 2")),
    ]
    return Report(
        title=_("Form 3/2: citizen satisfaction with the organization's work overall"),
        org=org,
        sections=sections,
        subtitle=subtitle(params, results),
        filename=_filename("form3-2", params),
    )


# แบบที่ 3/3 ------------------------------------------------------------------------------------------------


def strategy_table(section) -> Table:
    columns = [
        Column(_("No."), INT, 5),
        Column(_("Satisfaction with"), width=56),
        Column(_("Score (out of 10)"), SCORE, 14),
    ]
    items = [q for q in section.questions if q.rating is not None]
    rows = [Row([n, q.question.text, _two(q.rating.mean)]) for n, q in enumerate(items, 1)]
    rows.append(Row(["", _("Overall"), _two(section.mean)], style="total"))
    return Table(columns, rows)


@register(
    "form3-3",
    title=gettext_lazy("Form 3/3: citizen satisfaction per strategy"),
    description=gettext_lazy(
        "DLA form 3/3 from a survey's answers: per strategy, the satisfaction items with their mean score out of 10."
    ),
    fields=FIELDS,
    needs_survey=True,
)
def build_form3_3(org, access, params) -> Report:
    results = survey_results(params.survey, params.survey_filter)
    rated = [s for s in results.sections if s.ratings]
    summary = Table(
        [Column(_("Strategy"), width=56), Column(_("Answers"), INT, 10), Column(_("Score (out of 10)"), SCORE, 14)],
        [Row([s.section.title, max((r.answers for r in s.ratings), default=0), _two(s.mean)]) for s in rated],
        title=_("All strategies"),
    )
    sections = [Section(_("Summary"), [summary], sheet=_("Summary"))]
    sections += [
        Section(s.section.title, [strategy_table(s)], sheet=_("Strategy %(number)s") % {"number": n})
        for n, s in enumerate(rated, 1)
    ]
    return Report(
        title=_("Form 3/3: citizen satisfaction with the work of each strategy"),
        org=org,
        sections=sections,
        subtitle=subtitle(params, results),
        notes=[_("Each score is the mean of the answers, on a scale of 0 to 10.")],
        filename=_filename("form3-3", params),
    )
