"""A person's performance forms to print and sign: the agreement of a round (แบบข้อตกลงการปฏิบัติราชการ) and
its evaluation (แบบประเมินผลการปฏิบัติราชการ).

Not in the registry (they are of one person, not of a year): the views in ``reports/views_people.py`` find
the agreement through ``people.access`` (404 for anyone who may not see the person's record) and hand it
here. No salary is ever on a form. A fixed number of queries per form.
"""

from django.utils.translation import gettext as _

from core.calendar import format_date
from core.money import format_number
from people import scoring
from people.models import Agreement, Evaluation
from reports.document import (
    INT,
    NUMBER,
    SCORE,
    Column,
    Fact,
    Facts,
    Paragraphs,
    Report,
    Row,
    Section,
    Signature,
    Signatures,
    Table,
)


def _person_facts(agreement: Agreement) -> Facts:
    person, round_ = agreement.person, agreement.round
    period = f"{format_date(round_.starts_on)} – {format_date(round_.ends_on)}"  # short: one line
    return Facts(
        [
            Fact(_("Name"), person.name),
            Fact(_("Position"), str(person.position) if person.position else "–"),
            Fact(_("Department"), person.department.name if person.department else "–"),
            Fact(_("Round"), f"{round_} ({period})"),
            Fact(_("Supervisor"), person.supervisor.name if person.supervisor else "–"),
        ]
    )


def _kpi_label(kpi) -> str:
    label = f"{kpi.name} ({kpi.unit})" if kpi.unit else kpi.name
    if kpi.direction == kpi.Direction.LOWER:
        label += f" · {_('Lower is better')}"
    return label


def _plan_kpi_row(kpi, width: int) -> Row | None:
    """The KPI of the plan an agreed KPI is linked to, as a line under it (in the KPI's column)."""
    if not kpi.indicator_id:
        return None
    indicator = kpi.indicator
    name = f"{indicator.code} {indicator.name}".strip()
    return Row([None, f"{_('KPI of the plan')}: {name}", *[None] * (width - 2)], style="sub")


def _kpis(agreement: Agreement) -> list:
    return list(agreement.kpis.select_related("indicator"))


def _competencies(agreement: Agreement) -> list:
    return list(agreement.competencies.all())


def _filename(kind: str, agreement: Agreement) -> str:
    round_ = agreement.round
    return f"{kind}-{round_.fiscal_year}-{round_.number}-{agreement.pk}"  # ASCII: a header carries it


def _signed_by(person_name: str, position) -> tuple[str, str]:
    return person_name, str(position) if position else ""


def _account(user) -> tuple[str, str]:
    """Who reviewed where the person has no second-level reviewer (HR): the account's name, else blank."""
    if user is None:
        return "", ""
    return user.get_full_name() or user.get_username(), ""


# The agreement -------------------------------------------------------------------------------------------


def agreement_report(agreement: Agreement) -> Report:
    """The agreement as signed: the person, the round, each KPI with its weight and five target levels
    (and the plan KPI it is linked to), the competencies with the levels expected, and the lines where the
    employee and the supervisor sign (with the dates they signed in the system)."""
    person = agreement.person
    kpis = _kpis(agreement)
    columns = [Column(_("No."), INT, 4), Column(_("KPI (unit)"), width=40), Column(_("Weight (%)"), NUMBER, 8)]
    columns += [Column(str(n), NUMBER, 8, group=_("Target levels")) for n in range(1, 6)]
    rows = []
    for n, kpi in enumerate(kpis, start=1):
        rows.append(Row([n, _kpi_label(kpi), kpi.weight, *kpi.levels]))
        if linked := _plan_kpi_row(kpi, len(columns)):
            rows.append(linked)
    rows.append(Row(["", _("Total"), scoring.weights_total(k.weight for k in kpis), *[""] * 5], style="total"))
    kpi_table = Table(columns, rows, title=_("Part 1: Key performance indicators"))

    competency_columns = [
        Column(_("No."), INT, 4),
        Column(_("Competency"), width=40),
        Column(_("Kind"), width=18),
        Column(_("Expected level"), INT, 10),
    ]
    competency_rows = [
        Row([n, c.name, c.get_kind_display(), c.expected_level])
        for n, c in enumerate(_competencies(agreement), start=1)
    ]
    competency_table = Table(competency_columns, competency_rows, title=_("Part 2: Competencies"))

    supervisor = person.supervisor
    signatures = Signatures(
        [
            Signature(
                _("Employee"),
                *_signed_by(person.name, person.position),
                signed_on=agreement.employee_signed_at,
            ),
            Signature(
                _("Supervisor"),
                *(_signed_by(supervisor.name, supervisor.position) if supervisor else ("", "")),
                signed_on=agreement.supervisor_signed_at,
            ),
        ]
    )
    agreed = _("We agree on the indicators, weights and target levels above for this round of evaluation.")
    return Report(
        title=_("Performance agreement form"),
        org=agreement.organization,
        subtitle=[str(agreement.round)],
        sections=[
            Section("", [_person_facts(agreement), kpi_table, competency_table, Paragraphs([agreed]), signatures])
        ],
        filename=_filename("agreement", agreement),
    )


# The evaluation ------------------------------------------------------------------------------------------


def _weighted(level, weight, scale) -> object:
    """A KPI's part of the achievement score (level × weight ÷ scale); None while not rated."""
    if level is None:
        return None
    return scoring.achievement_score([(level, weight)], scale=scale)


def evaluation_report(agreement: Agreement, evaluation: Evaluation) -> Report:
    """The result of the round: each KPI with its actual, the level reached, its weight and its part of the
    achievement score; each competency expected and shown with its points; the scores, the weights of the
    round's rules, the total, the band, the reviewer's adjustment, the employee's acknowledgement, and the
    lines where the supervisor, the reviewer and the employee sign. A result not rated yet prints with its
    cells blank, to fill in by hand."""
    person, rules = agreement.person, agreement.round.rules
    rated = evaluation.state != Evaluation.State.DRAFT
    kpis = _kpis(agreement)
    columns = [
        Column(_("No."), INT, 4),
        Column(_("KPI (unit)"), width=40),
        Column(_("Actual"), NUMBER, 10),
        Column(_("Level reached"), INT, 8),
        Column(_("Weight (%)"), NUMBER, 8),
        Column(_("Weighted score"), SCORE, 10),
    ]
    rows = []
    for n, kpi in enumerate(kpis, start=1):
        level = kpi.rated_level if rated else None
        actual = kpi.rated_actual if rated else None
        rows.append(Row([n, _kpi_label(kpi), actual, level, kpi.weight, _weighted(level, kpi.weight, rules.scale)]))
        if linked := _plan_kpi_row(kpi, len(columns)):
            rows.append(linked)
    achievement = evaluation.achievement_score if rated else None
    rows.append(
        Row(["", _("Achievement score (of 100)"), "", "", scoring.weights_total(k.weight for k in kpis), achievement])
    )
    rows[-1].style = "total"
    kpi_table = Table(
        columns,
        rows,
        title=_("Part 1: Achievement of the agreed KPIs"),
        note=_("Weighted score = level reached × weight ÷ %(scale)s.") % {"scale": rules.scale},
    )

    competency_columns = [
        Column(_("No."), INT, 4),
        Column(_("Competency"), width=40),
        Column(_("Expected level"), INT, 10),
        Column(_("Level shown"), INT, 10),
        Column(_("Points"), INT, 8),
    ]
    competency_rows = []
    for n, c in enumerate(_competencies(agreement), start=1):
        shown = c.rated_level if rated else None
        points = scoring.competency_points(shown, c.expected_level) if shown is not None else None
        competency_rows.append(Row([n, c.name, c.expected_level, shown, points]))
    competency_table = Table(
        competency_columns,
        competency_rows,
        title=_("Part 2: Competencies"),
        note=_(
            "Points: 3 when the level shown reaches the expected level, 2 one level short, 1 two levels short, "
            "0 three or more."
        ),
    )

    facts = [
        Fact(
            _("Achievement score (of 100)"),
            achievement,
            SCORE,
            _("weight %(w)s%%") % {"w": _num(rules.achievement_weight)},
        ),
        Fact(
            _("Competency score (of 100)"),
            evaluation.competency_score if rated else None,
            SCORE,
            _("weight %(w)s%%") % {"w": _num(rules.competency_weight)},
        ),
        Fact(_("Total score"), evaluation.total if rated else None, SCORE),
    ]
    if rated and evaluation.adjusted_total is not None:
        facts.append(Fact(_("Total adjusted by the reviewer"), evaluation.adjusted_total, SCORE))
        facts.append(Fact(_("Reason for the adjustment"), evaluation.adjustment_reason))
    facts.append(Fact(_("Band"), evaluation.band_label if rated else ""))
    bands = _(
        "Bands: outstanding from %(o)s, very good from %(v)s, good from %(g)s, fair from %(f)s, "
        "below: needs improvement."
    ) % {
        "o": _num(rules.outstanding_from),
        "v": _num(rules.very_good_from),
        "g": _num(rules.good_from),
        "f": _num(rules.fair_from),
    }
    scores = Facts(facts, title=_("Part 3: Result"))
    texts = [bands]
    if evaluation.comment:
        texts.append(_("Supervisor's comment") + f": {evaluation.comment}")
    if evaluation.state == Evaluation.State.ACKNOWLEDGED:
        verdict = (
            _("The employee agrees with the result.")
            if evaluation.employee_agrees
            else _("The employee disagrees with the result.")
        )
        texts.append(f"{verdict} {evaluation.employee_note}".strip())
    else:
        texts.append(_("The employee has not acknowledged the result yet."))

    supervisor, reviewer = person.supervisor, person.reviewer
    signatures = Signatures(
        [
            Signature(
                _("Supervisor (evaluator)"),
                *(_signed_by(supervisor.name, supervisor.position) if supervisor else ("", "")),
                signed_on=evaluation.evaluated_at,
            ),
            Signature(
                _("Second-level reviewer"),
                *(_signed_by(reviewer.name, reviewer.position) if reviewer else _account(evaluation.reviewed_by)),
                signed_on=evaluation.reviewed_at,
            ),
            Signature(
                _("Employee (acknowledged)"),
                *_signed_by(person.name, person.position),
                signed_on=evaluation.acknowledged_at,
            ),
        ]
    )
    subtitle = [str(agreement.round)]
    if not rated:
        subtitle.append(_("Not evaluated yet"))
    return Report(
        title=_("Performance evaluation form"),
        org=agreement.organization,
        subtitle=subtitle,
        sections=[
            Section(
                "",
                [
                    _person_facts(agreement),
                    kpi_table,
                    competency_table,
                    scores,
                    Paragraphs(texts),
                    signatures,
                ],
            )
        ],
        filename=_filename("evaluation", agreement),
    )


def _num(value) -> str:
    return format_number(value)
