"""people.scoring: the level reached, the achievement score, the total under a round's rules and the band."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from people import scoring
from people.scoring import Band

DEFAULT = SimpleNamespace(
    achievement_weight=Decimal(70),
    competency_weight=Decimal(30),
    outstanding_from=Decimal(90),
    very_good_from=Decimal(80),
    good_from=Decimal(70),
    fair_from=Decimal(60),
    scale=5,
)
LEVELS_UP = [Decimal(v) for v in (60, 70, 80, 90, 100)]

weights = st.lists(st.integers(min_value=1, max_value=100), min_size=1, max_size=8).map(
    lambda ws: [Decimal(w) for w in ws]
)
levels = st.integers(min_value=0, max_value=5)
scores = st.decimals(min_value=0, max_value=100, places=2)


def test_the_level_reached_counts_the_targets_met_in_either_direction():
    assert scoring.level_reached(Decimal(85), LEVELS_UP) == 3
    assert scoring.level_reached(Decimal(100), LEVELS_UP) == 5
    assert scoring.level_reached(Decimal(59), LEVELS_UP) == 0
    down = list(reversed(LEVELS_UP))  # days taken: 100 is level 1, 60 is level 5
    assert scoring.level_reached(Decimal(75), down, direction="lower") == 3
    assert scoring.level_reached(Decimal(50), down, direction="lower") == 5
    assert scoring.level_reached(Decimal(101), down, direction="lower") == 0
    assert scoring.level_reached(None, LEVELS_UP) is None
    assert scoring.level_reached(Decimal(85), [*LEVELS_UP[:4], None]) is None
    with pytest.raises(TypeError):
        scoring.level_reached(85.0, LEVELS_UP)


def test_levels_must_rise_for_higher_is_better_and_fall_for_lower_is_better():
    assert scoring.levels_in_order(LEVELS_UP)
    assert not scoring.levels_in_order(LEVELS_UP, direction="lower")
    assert scoring.levels_in_order(list(reversed(LEVELS_UP)), direction="lower")


@given(weights)
def test_weights_pass_validation_only_when_they_total_exactly_100(ws):
    try:
        scoring.validate_weights(ws)
    except ValidationError:
        assert sum(ws) != 100
    else:
        assert sum(ws) == 100


@given(st.lists(st.integers(min_value=1, max_value=20), min_size=1, max_size=6))
def test_weights_made_to_total_100_always_pass(parts):
    total = sum(parts)
    ws = [Decimal(p) * 100 / total for p in parts]
    ws[-1] = Decimal(100) - sum(ws[:-1])  # the last takes the rest, as a person balancing the form would
    if all(w > 0 for w in ws):
        scoring.validate_weights(ws)
        assert scoring.weights_total(ws) == 100


def test_weights_of_zero_or_above_100_are_refused():
    for bad in ([Decimal(0), Decimal(100)], [Decimal(101), Decimal(-1)]):
        with pytest.raises(ValidationError):
            scoring.validate_weights(bad)


@given(st.lists(levels, min_size=1, max_size=6), st.data())
def test_the_achievement_score_never_falls_when_one_level_rises(levels_, data):
    ws = [Decimal(100) / len(levels_)] * len(levels_)
    i = data.draw(st.integers(min_value=0, max_value=len(levels_) - 1))
    raised = list(levels_)
    raised[i] = data.draw(st.integers(min_value=levels_[i], max_value=5))
    before = scoring.achievement_score(zip(levels_, ws, strict=True))
    after = scoring.achievement_score(zip(raised, ws, strict=True))
    assert after >= before
    assert Decimal(0) <= before <= Decimal(100) + Decimal("1e-20")


def test_the_achievement_score_is_level_times_weight_over_5_and_no_result_counts_0():
    assert scoring.achievement_score([(5, Decimal(60)), (3, Decimal(40))]) == Decimal(84)
    assert scoring.achievement_score([(5, Decimal(60)), (None, Decimal(40))]) == Decimal(60)
    assert scoring.achievement_score([(5, Decimal(100))]) == Decimal(100)


@given(scores, scores, scores)
def test_the_total_never_falls_when_a_part_rises(achievement, competency, more):
    assert scoring.total_score(achievement + more, competency, DEFAULT) >= scoring.total_score(
        achievement, competency, DEFAULT
    )
    assert scoring.total_score(achievement, competency + more, DEFAULT) >= scoring.total_score(
        achievement, competency, DEFAULT
    )


def test_the_band_boundaries_are_exact():
    cases = {
        "90.00": Band.OUTSTANDING,
        "89.99": Band.VERY_GOOD,
        "80.00": Band.VERY_GOOD,
        "79.99": Band.GOOD,
        "70.00": Band.GOOD,
        "69.99": Band.FAIR,
        "60.00": Band.FAIR,
        "59.99": Band.NEEDS_IMPROVEMENT,
        "100": Band.OUTSTANDING,
        "0": Band.NEEDS_IMPROVEMENT,
    }
    assert {score: scoring.band(Decimal(score), DEFAULT) for score in cases} == cases


@given(scores)
def test_a_higher_score_never_gets_a_lower_band(score):
    order = list(Band.values)
    assert order.index(scoring.band(score, DEFAULT)) >= order.index(scoring.band(min(score + 1, 100), DEFAULT))


def test_the_total_is_rounded_once_half_up_before_it_is_banded():
    # 89.99 × 0.7 + 90 × 0.3 = 89.993 → 89.99, very good; 89.995 would round to 90.00
    assert scoring.total_score(Decimal("89.99"), Decimal(90), DEFAULT) == Decimal("89.99")
    assert scoring.band(scoring.total_score(Decimal("89.99"), Decimal(90), DEFAULT), DEFAULT) == Band.VERY_GOOD
    assert scoring.total_score(Decimal("89.995"), Decimal("89.995"), DEFAULT) == Decimal("90.00")


def test_the_same_round_scored_under_two_rule_versions_gives_the_two_expected_results():
    """The province's committee changes the weights to 80/20 and raises ดีเด่น to 95."""
    newer = SimpleNamespace(**{**vars(DEFAULT), "achievement_weight": Decimal(80), "competency_weight": Decimal(20)})
    newer.outstanding_from = Decimal(95)
    achievement = scoring.achievement_score([(5, Decimal(60)), (4, Decimal(40))])  # 60 + 32 = 92
    competency = Decimal(100)
    old_total = scoring.total_score(achievement, competency, DEFAULT)  # 92 × .7 + 100 × .3 = 94.40
    new_total = scoring.total_score(achievement, competency, newer)  # 92 × .8 + 100 × .2 = 93.60
    assert (old_total, scoring.band(old_total, DEFAULT)) == (Decimal("94.40"), Band.OUTSTANDING)
    assert (new_total, scoring.band(new_total, newer)) == (Decimal("93.60"), Band.VERY_GOOD)


def test_a_rule_set_must_weigh_100_and_have_falling_bands():
    scoring.validate_rules(DEFAULT)
    with pytest.raises(ValidationError):
        scoring.validate_rules(SimpleNamespace(**{**vars(DEFAULT), "competency_weight": Decimal(20)}))
    with pytest.raises(ValidationError):
        scoring.validate_rules(SimpleNamespace(**{**vars(DEFAULT), "good_from": Decimal(85)}))
