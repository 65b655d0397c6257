"""The rules of scoring a person's round (the seed, "หลักการระบบการบริหารผลการปฏิบัติงาน"; the defaults are
those of the province committees' announcements, ก.อบต.): plain functions over plain values, no queries.

Every number is Decimal (ints are accepted, floats refused) and the weights, bands and scale come from the
round's ``RuleSet`` (anything with its attributes), never from code, so the same round scored under two
rule versions gives two results.
"""

import itertools
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HUNDRED = Decimal(100)
ZERO = Decimal(0)
CENT = Decimal("0.01")


class Band(models.TextChoices):
    """The result's band (ระดับผลการประเมิน), best first."""

    OUTSTANDING = "outstanding", gettext_lazy("Outstanding")
    VERY_GOOD = "very_good", gettext_lazy("Very good")
    GOOD = "good", gettext_lazy("Good")
    FAIR = "fair", gettext_lazy("Fair")
    NEEDS_IMPROVEMENT = "needs_improvement", gettext_lazy("Needs improvement")


def _decimal(x) -> Decimal | None:
    if x is None or isinstance(x, Decimal):
        return x
    if isinstance(x, int) and not isinstance(x, bool):
        return Decimal(x)
    raise TypeError(f"expected Decimal, int or None, not {type(x).__name__}")


def level_reached(actual, levels: Sequence, *, direction: str = "higher") -> int | None:
    """The level (0–5) an actual reaches against the five target levels of an agreed KPI.

    Higher is better: the highest level whose target is at most the actual; lower is better: the highest
    level whose target is at least the actual. An actual short of level 1 reaches 0. None when there is no
    actual yet or a target level is missing.
    """
    actual = _decimal(actual)
    targets = [_decimal(t) for t in levels]
    if actual is None or not targets or any(t is None for t in targets):
        return None
    lower = direction == "lower"
    reached = (t >= actual if lower else t <= actual for t in targets)
    return max((n for n, ok in enumerate(reached, start=1) if ok), default=0)


def levels_in_order(levels: Sequence, *, direction: str = "higher") -> bool:
    """Whether the five target levels rise (higher is better) or fall (lower is better) from 1 to 5."""
    targets = [_decimal(t) for t in levels]
    if any(t is None for t in targets):
        return True  # incomplete levels are checked as missing, not as out of order
    pairs = list(itertools.pairwise(targets))
    return all(a >= b for a, b in pairs) if direction == "lower" else all(a <= b for a, b in pairs)


def validate_weights(weights: Iterable) -> None:
    """Raise ValidationError unless every weight is more than 0 and at most 100 and together they make 100
    (the agreement's KPIs, or the achievement and competency parts of a rule set)."""
    values = [_decimal(w) for w in weights]
    if any(w is None or w <= ZERO or w > HUNDRED for w in values):
        raise ValidationError(_("Each weight must be more than 0 and at most 100."))
    total = sum(values, ZERO)
    if total != HUNDRED:
        raise ValidationError(
            _("The weights add up to %(total)s; they must add up to 100.") % {"total": format(total.normalize(), "f")}
        )


def weights_total(weights: Iterable) -> Decimal:
    return sum((_decimal(w) or ZERO for w in weights), ZERO)


def achievement_score(items: Iterable[tuple[int | None, Decimal]], *, scale: int = 5) -> Decimal:
    """The achievement score on 100: Σ level × weight ÷ ``scale`` over the agreed KPIs (weights in percent,
    adding up to 100), so every KPI at the top level scores 100. A KPI without a result at the round's end
    (level None) has reached no level and counts 0. Not rounded."""
    total = ZERO
    for level, weight in items:
        total += Decimal(level or 0) * _decimal(weight) / Decimal(scale)
    return total


def total_score(achievement, competency, rules) -> Decimal:
    """The round's total on 100: achievement × its weight + competencies × theirs (weights of ``rules`` in
    percent), rounded once to 2 places (half up), as it is shown and banded."""
    achievement, competency = _decimal(achievement), _decimal(competency)
    raw = (achievement * rules.achievement_weight + competency * rules.competency_weight) / HUNDRED
    return raw.quantize(CENT, rounding=ROUND_HALF_UP)


def band(score, rules) -> str:
    """The band of a score by the thresholds of ``rules`` (defaults: ดีเด่น ≥ 90, ดีมาก 80–89, ดี 70–79,
    พอใช้ 60–69, ต้องปรับปรุง < 60). A threshold belongs to the band it starts: 90.00 is outstanding, 89.99
    very good."""
    score = _decimal(score)
    if score >= rules.outstanding_from:
        return Band.OUTSTANDING
    if score >= rules.very_good_from:
        return Band.VERY_GOOD
    if score >= rules.good_from:
        return Band.GOOD
    if score >= rules.fair_from:
        return Band.FAIR
    return Band.NEEDS_IMPROVEMENT


def validate_rules(rules) -> None:
    """A rule set's parts weigh 100 together and its band thresholds fall from outstanding to fair."""
    validate_weights([rules.achievement_weight, rules.competency_weight])
    steps = [rules.outstanding_from, rules.very_good_from, rules.good_from, rules.fair_from]
    if any(a <= b for a, b in itertools.pairwise(steps)):
        raise ValidationError(_("Each band must start above the next one (outstanding > very good > good > fair)."))


# Competencies ---------------------------------------------------------------------------------------------

DEFAULT_COMPETENCY_POINTS = (3, 2, 1, 0)


def parse_competency_points(text: str) -> tuple[int, ...]:
    """The points of a rule set's ``competency_points`` ("3,2,1,0": at the expected level or above, one
    level short, two levels short…; the last for any larger gap). ValueError unless they are whole numbers
    of 0 or more, at least two, that never rise and start above 0."""
    try:
        points = tuple(int(part) for part in str(text).replace(" ", "").split(","))
    except ValueError:
        raise ValueError("points must be whole numbers separated by commas") from None
    if len(points) < 2 or points[0] <= 0 or any(p < 0 for p in points):
        raise ValueError("at least two points, the first above 0, none below 0")
    if any(a < b for a, b in itertools.pairwise(points)):
        raise ValueError("points must not rise as the gap grows")
    return points


def validate_competency_points(text: str) -> None:
    try:
        parse_competency_points(text)
    except ValueError:
        raise ValidationError(
            _(
                "Give whole numbers separated by commas, at least two, the first above 0, each at most the one "
                "before (for example 3,2,1,0)."
            )
        ) from None


def competency_points(shown, expected: int, points: Sequence[int] = DEFAULT_COMPETENCY_POINTS) -> int:
    """The points of one competency by its gap, from the rule set's ``points`` (by default the ก.พ./ก.ถ. way:
    3 when the level shown reaches the expected level or goes beyond, 2 one level short, 1 two levels short,
    0 three or more levels short). Not rated: no points (0)."""
    if shown is None:
        return 0
    gap = max(int(expected) - int(shown), 0)
    return points[min(gap, len(points) - 1)]


def competency_score(
    items: Iterable[tuple[int | None, int]], points: Sequence[int] = DEFAULT_COMPETENCY_POINTS
) -> Decimal | None:
    """The competency score on 100 of (level shown, expected level) pairs, all competencies weighing the
    same: Σ points ÷ (top points × their number) × 100. Every competency at or above its expected level
    scores 100. None without a competency (nothing to score). Not rounded."""
    earned = [competency_points(shown, expected, points) for shown, expected in items]
    if not earned:
        return None
    return Decimal(sum(earned)) * HUNDRED / Decimal(points[0] * len(earned))


def competency_gap(shown, expected: int) -> int:
    """How many levels short of the expected level a competency is (0 when reached; the expected level when
    not rated): what an individual development plan closes."""
    return max(int(expected) - int(shown or 0), 0)
