"""A round's salary raise proposal (บัญชีเสนอเลื่อนเงินเดือน) to print and sign, and as a workbook: one line per
person (position, department, band and total, salary, calculation base, rate, raise, whether it was cut to
the quota or scaled to the budget, HR's note), the total against the budget and the top rates against the
quota, the raise rules it was made under, whether it is still a draft, and the lines where HR and the
executive sign.

The PDF and the XLSX are this one report, so they cannot disagree; the page shows the same figures
(``people.services.raise_proposal_totals``). Salaries are personal data: not in the registry, the view in
``reports/views_people.py`` hands the proposal here only to HR and the executive.
"""

from django.utils.translation import gettext as _

from core.calendar import format_date
from core.money import format_number
from people import services as people_services
from people.models import RaiseProposal
from people.rounds import raise_effective_day
from reports.document import (
    INT,
    MONEY,
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


def _account(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def lines_table(proposal: RaiseProposal, lines, spent) -> Table:
    """One row per person, best total first (the order the quota was given in), and the total of the raises.
    The note says what the proposal did to the line (cut to the quota, scaled to the budget, no salary), then
    HR's note, as the page does."""
    rules = proposal.rules
    result, baht = _("Result of the evaluation"), _("Baht a month")
    columns = [
        Column(_("No."), INT, 5),
        Column(_("Name"), width=20),
        Column(_("Position"), width=22),
        Column(_("Department"), width=14),
        Column(_("Level"), width=15, group=result),
        Column(_("Score"), SCORE, 8, group=result),
        Column(_("Rate (steps)") if rules.method == rules.Method.STEPS else _("Rate (percent)"), NUMBER, 9),
        Column(_("Salary"), MONEY, 13, group=baht),
        Column(_("Calculation base"), MONEY, 13, group=baht),
        Column(_("Raise"), MONEY, 13, group=baht),
        Column(_("Note"), width=24),
    ]
    rows = [
        Row(
            [
                n,
                line.person.name,
                str(line.person.position) if line.person.position else "–",
                line.person.department.name if line.person.department else "–",
                line.get_band_display(),
                line.total,
                line.rate,
                line.salary,
                line.base,
                line.amount,
                "\n".join(line.remarks),
            ]
        )
        for n, line in enumerate(lines, start=1)
    ]
    rows.append(Row(["", _("Total"), *[""] * 7, spent, ""], style="total"))
    note = "" if rules.method == rules.Method.STEPS else _("Without a calculation base, the rate is of the salary.")
    return Table(columns, rows, title=_("Raise of each person"), note=note)


def raise_proposal_report(proposal: RaiseProposal) -> Report:
    round_, rules = proposal.round, proposal.rules
    lines = people_services.raise_proposal_lines(proposal)
    totals = people_services.raise_proposal_totals(proposal, lines)
    final = proposal.state == RaiseProposal.State.FINAL
    period = f"{format_date(round_.starts_on, long=True)} – {format_date(round_.ends_on, long=True)}"

    rules_line = _("Raise rules: %(name)s (%(method)s), valid from %(valid)s") % {
        "name": rules.name,
        "method": rules.get_method_display(),
        "valid": format_date(rules.valid_from, long=True),
    }
    effective = _("The raise takes effect on %(day)s.") % {"day": format_date(raise_effective_day(round_), long=True)}
    quota_detail = _("%(p)s percent of %(n)s people evaluated, band %(band)s and above") % {
        "p": format_number(rules.quota_percent),
        "n": proposal.evaluated,
        "band": rules.get_quota_band_display(),
    }
    total_facts = Facts(
        [
            Fact(_("Salaries in post (baht a month)"), proposal.salaries_total, MONEY),
            Fact(
                _("Budget (baht a month)"),
                proposal.budget,
                MONEY,
                _("%(p)s percent of the salaries in post") % {"p": format_number(rules.budget_percent)},
            ),
            Fact(_("Raises proposed (baht a month)"), totals.spent, MONEY),
            Fact(_("Left of the budget (baht a month)"), totals.left, MONEY),
            Fact(_("Top rates given (people)"), totals.tops, INT),
            Fact(_("Quota of the top rates (people)"), proposal.quota, INT, quota_detail),
        ],
        title=_("Totals against the budget and the quota"),
    )
    texts = []
    if totals.problems:
        texts = [_("It cannot be made final yet:"), *totals.problems]

    proposer = proposal.finalized_by if final else proposal.made_by
    signatures = Signatures(
        [
            Signature(
                _("Human resources (proposed by)"),
                _account(proposer),
                signed_on=proposal.finalized_at if final else None,
            ),
            Signature(_("Executive (approved by)")),
        ]
    )
    if final:
        state = _("Final since %(day)s") % {"day": format_date(proposal.finalized_at, long=True)}
    else:
        state = _("Draft: not final, it may still change")
    blocks = [lines_table(proposal, lines, totals.spent), total_facts]
    if texts:
        blocks.append(Paragraphs(texts))
    blocks.append(signatures)
    return Report(
        title=_("Raise proposal"),
        org=proposal.organization,
        subtitle=[f"{round_} ({period})", rules_line, effective, state],
        sections=[Section("", blocks, sheet=_("Raise proposal"))],
        filename=f"raise-proposal-{round_.fiscal_year}-{round_.number}" + ("" if final else "-draft"),
        landscape=True,  # eleven columns, four of them money
    )
