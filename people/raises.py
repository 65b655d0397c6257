"""The rules of the salary raise proposal (step 5, การให้สิ่งจูงใจ): plain functions over plain values, no
queries. Every number is Decimal.

Two methods, chosen by the organization's ``RaiseRules`` in force when the raise takes effect (the defaults
are to verify against the year's announcements):

- salary steps (ขั้น), the rule until 9 January 2569: the band gives a number of steps, one step worth
  ``step_percent`` of the person's salary;
- a percentage of a calculation base (ประกาศ ก.ถ. ฉบับที่ 21, from 10 January 2569): the band gives a rate in
  percent of the base of the person's position level (their salary when the position has none).

Amounts are rounded up to ``round_to`` baht. The proposal must stay within the budget (a share of the
salaries in post) and the quota: at most ``quota_percent`` of the people evaluated may get a rate above
what the bands outside the quota get.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, Decimal

from django.utils.translation import gettext as _

from people.scoring import Band

HUNDRED = Decimal(100)
ZERO = Decimal(0)
CENT = Decimal("0.01")
BANDS = list(Band.values)  # best first
RATE_FIELDS = {
    Band.OUTSTANDING: "rate_outstanding",
    Band.VERY_GOOD: "rate_very_good",
    Band.GOOD: "rate_good",
    Band.FAIR: "rate_fair",
    Band.NEEDS_IMPROVEMENT: "rate_needs_improvement",
}


@dataclass(frozen=True)
class Candidate:
    """A person with a final result: their total and band, salary and calculation base (baht a month)."""

    person: int
    total: Decimal
    band: str
    salary: Decimal | None
    base: Decimal | None = None


@dataclass(frozen=True)
class Line:
    """A person's proposed raise: the rate (steps or percent) and the amount in baht a month."""

    person: int
    band: str
    rate: Decimal
    amount: Decimal
    over_quota: bool = False
    scaled: bool = False


def band_rate(band: str, rules) -> Decimal:
    """The rate the rules give a band (steps, or percent of the base)."""
    return getattr(rules, RATE_FIELDS[Band(band)])


def quota_bands(rules) -> list[str]:
    """The bands counted in the quota: ``rules.quota_band`` and those above it."""
    return BANDS[: BANDS.index(rules.quota_band) + 1]


def top_rate_floor(rules) -> Decimal:
    """The highest rate of a band outside the quota: a rate above it is a top rate, limited by the quota."""
    return max(band_rate(b, rules) for b in BANDS if b not in quota_bands(rules))


def budget_of(salaries_total: Decimal, rules) -> Decimal:
    """The budget of the raises: ``budget_percent`` of the salaries in post, rounded down to the satang."""
    return (salaries_total * rules.budget_percent / HUNDRED).quantize(CENT, rounding=ROUND_DOWN)


def quota_of(evaluated: int, rules) -> int:
    """How many people at most may get a top rate: ``quota_percent`` of the people evaluated, rounded down."""
    return math.floor(Decimal(evaluated) * rules.quota_percent / HUNDRED)


def _round(amount: Decimal, unit: Decimal, rounding) -> Decimal:
    return ((amount / unit).quantize(Decimal(1), rounding=rounding) * unit).quantize(CENT)


def raw_amount(*, salary, base, rate: Decimal, rules) -> Decimal:
    """The raise a rate gives before rounding: steps × the step's share of the salary, or the rate in
    percent of the base (the salary when there is no base). No salary: nothing to compute (0)."""
    if rules.method == "steps":
        return (salary or ZERO) * rate * rules.step_percent / HUNDRED
    return (base if base is not None else salary or ZERO) * rate / HUNDRED


def raise_amount(*, salary, base, rate: Decimal, rules) -> Decimal:
    """The raise of a rate, rounded up to ``rules.round_to`` baht."""
    return _round(raw_amount(salary=salary, base=base, rate=rate, rules=rules), rules.round_to, ROUND_CEILING)


def propose(candidates: Iterable[Candidate], rules, *, budget: Decimal, quota: int) -> list[Line]:
    """The proposal of the raises, best total first:

    1. each person gets their band's rate;
    2. beyond the quota, a person of a quota band gets the top rate of the bands outside it instead
       (``over_quota``), the best totals keeping theirs;
    3. when the amounts exceed the budget, every rate is scaled down by the same factor and the amounts
       rounded down (``scaled``), so the total stays within it.
    """
    ordered = sorted(candidates, key=lambda c: (-c.total, c.person))
    floor, top = top_rate_floor(rules), quota_bands(rules)
    lines, given_top = [], 0
    for c in ordered:
        rate, over = band_rate(c.band, rules), False
        if c.band in top and rate > floor:
            if given_top < quota:
                given_top += 1
            else:
                rate, over = floor, True
        lines.append(
            Line(c.person, c.band, rate, raise_amount(salary=c.salary, base=c.base, rate=rate, rules=rules), over)
        )
    spent = sum((line.amount for line in lines), ZERO)
    if spent <= budget:
        return lines
    factor = budget / spent
    by_person = {c.person: c for c in ordered}
    scaled = []
    for line in lines:
        c = by_person[line.person]
        rate = (line.rate * factor).quantize(CENT, rounding=ROUND_FLOOR)
        amount = _round(raw_amount(salary=c.salary, base=c.base, rate=rate, rules=rules), rules.round_to, ROUND_FLOOR)
        scaled.append(replace(line, rate=rate, amount=amount, scaled=True))
    return scaled


def top_count(rates: Iterable[Decimal], rules) -> int:
    """How many of the rates are top rates (above every rate of the bands outside the quota)."""
    floor = top_rate_floor(rules)
    return sum(1 for rate in rates if rate > floor)


def problems(lines: Sequence, rules, *, budget: Decimal, quota: int) -> list[str]:
    """Why a proposal cannot be final: its total over the budget, more top rates than the quota, a rate
    above the one its band gives. ``lines``: anything with ``band``, ``rate`` and ``amount``."""
    found = []
    spent = sum((line.amount for line in lines), ZERO)
    if spent > budget:
        found.append(
            _("The raises total %(spent)s baht, over the budget of %(budget)s baht.")
            % {"spent": f"{spent:,.2f}", "budget": f"{budget:,.2f}"}
        )
    tops = top_count((line.rate for line in lines), rules)
    if tops > quota:
        found.append(
            _("%(n)s people get a rate of the top bands, over the quota of %(quota)s.") % {"n": tops, "quota": quota}
        )
    over = [line for line in lines if line.rate > band_rate(line.band, rules)]
    if over:
        found.append(_("%(n)s people get a rate above the one of their band.") % {"n": len(over)})
    return found
