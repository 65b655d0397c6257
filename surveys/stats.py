"""The statistics of survey answers, as plain functions of counts (no database): shares that add up,
mean and standard deviation of a rating, the satisfaction index and the margin of error.

Every figure is a ``Decimal`` computed from whole counts; nothing goes through ``float``.

Definitions (the results page and the reports say the same in words):

- **Share of an option** = its answers ÷ the answers to the question × 100, rounded to 0.01 by the largest
  remainder method (Hare), so that the shares of one question add up to exactly 100.00 as the published
  Thai reports show (``core.money.largest_remainder``). A question without answers has no shares.
- **Mean** = Σ score × answers ÷ answers, over the options of a rating (each option carries its score).
- **Standard deviation (S.D.)** = the sample standard deviation, √(Σ (score − mean)² ÷ (n − 1)), as Thai
  survey reports use it; none for fewer than two answers.
- **Satisfaction index** of an item = mean ÷ the highest score of the scale × 100 (a 3-level item with mean
  2.40 has index 80.00). The **overall index** = Σ of every rating answer's score ÷ Σ of the highest score
  of each answered item × 100: every answer weighs the same, never an average of the items' indexes.
- **Satisfied share** (3-level scale only) = the share of answers "very satisfied" or "satisfied" (every
  option but the lowest score).
- **Margin of error at 95 %** = 1.96 × √(p(1 − p) ÷ n) with the worst case p = 0.5, in percentage points;
  with a population N entered, times the finite population correction √((N − n) ÷ (N − 1)).
"""

from dataclasses import dataclass
from decimal import Decimal, localcontext

from core.money import largest_remainder

HUNDRED = Decimal(100)
Z_95 = Decimal("1.96")


def shares(counts: list[int]) -> list[Decimal] | None:
    """The shares (percent, 2 places) of ``counts``, adding up to exactly 100.00; None with no answers."""
    if not sum(counts):
        return None
    return largest_remainder(counts, 100, 2)


@dataclass(frozen=True)
class Rating:
    """The figures of one rating item (or of a group of items: see ``combine``)."""

    answers: int
    total: Decimal  # Σ score of the answers
    maximum_total: Decimal  # Σ the highest score of the scale, one per answer
    mean: Decimal | None
    sd: Decimal | None
    index: Decimal | None  # percent, unrounded
    satisfied: Decimal | None = None  # percent, unrounded (3-level scale only)
    satisfied_answers: int = 0


def _sqrt(value: Decimal) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 28
        return value.sqrt()


def rating(distribution: dict[Decimal, int], maximum: Decimal, *, satisfied_from: Decimal | None = None) -> Rating:
    """The figures of a rating from its answers per score (``{score: answers}``).

    ``maximum`` is the highest score of the scale; ``satisfied_from`` the lowest score that counts as
    satisfied (given for the 3-level scale only).
    """
    n = sum(distribution.values())
    total = sum((Decimal(score) * count for score, count in distribution.items()), Decimal(0))
    maximum_total = Decimal(maximum) * n
    if not n:
        return Rating(0, total, maximum_total, None, None, None, None)
    mean = total / n
    sd = None
    if n > 1:
        squares = sum(((Decimal(score) - mean) ** 2 * count for score, count in distribution.items()), Decimal(0))
        sd = _sqrt(squares / (n - 1))
    index = total * HUNDRED / maximum_total if maximum_total else None
    satisfied, happy = None, 0
    if satisfied_from is not None:
        happy = sum(count for score, count in distribution.items() if Decimal(score) >= satisfied_from)
        satisfied = Decimal(happy) * HUNDRED / n
    return Rating(n, total, maximum_total, mean, sd, index, satisfied, happy)


def overall_index(ratings: list[Rating]) -> Decimal | None:
    """Σ scores ÷ Σ highest scores × 100 over every answer of the items (None without answers)."""
    total = sum((r.total for r in ratings), Decimal(0))
    maximum_total = sum((r.maximum_total for r in ratings), Decimal(0))
    return total * HUNDRED / maximum_total if maximum_total else None


def satisfied_share(ratings: list[Rating]) -> Decimal | None:
    """The satisfied answers of the items ÷ their answers × 100 (None without answers)."""
    n = sum(r.answers for r in ratings)
    return Decimal(sum(r.satisfied_answers for r in ratings)) * HUNDRED / n if n else None


def margin_of_error(n: int, population: int | None = None) -> Decimal | None:
    """The margin of error at 95 % of a share from ``n`` answers, in percentage points (worst case
    p = 0.5); with ``population`` N, corrected for the finite population. None without answers; 0 when
    every member of the population answered."""
    if n <= 0:
        return None
    moe = Z_95 * _sqrt(Decimal("0.25") / n) * HUNDRED
    if population:
        if population <= 1 or n >= population:
            return Decimal(0)
        moe *= _sqrt(Decimal(population - n) / Decimal(population - 1))
    return moe
