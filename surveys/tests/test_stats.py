"""The arithmetic of the results: shares that add up to 100.00, mean, S.D., index and margin of error."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from surveys import stats


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=100_000), min_size=1, max_size=12).filter(lambda c: sum(c) > 0))
def test_the_shares_of_a_question_add_up_to_exactly_100_and_each_is_within_a_hundredth_of_the_exact_share(counts):
    shares = stats.shares(counts)
    assert sum(shares) == Decimal("100.00")
    total = sum(counts)
    for count, share in zip(counts, shares, strict=True):
        assert share == share.quantize(Decimal("0.01"))
        assert abs(share - Decimal(count) * 100 / total) < Decimal("0.01")


def test_a_question_without_answers_has_no_shares():
    assert stats.shares([0, 0, 0]) is None


def test_three_equal_counts_share_100_by_the_largest_remainder():
    assert stats.shares([1, 1, 1]) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]


def test_mean_sd_index_and_satisfied_share_of_a_three_level_item_match_the_hand_computed_figures():
    # 5 × very satisfied (3), 3 × satisfied (2), 2 × not satisfied (1): n = 10
    r = stats.rating({Decimal(3): 5, Decimal(2): 3, Decimal(1): 2}, Decimal(3), satisfied_from=Decimal(2))
    assert r.answers == 10
    assert r.mean == Decimal("2.3")  # (15 + 6 + 2) / 10
    # Σ (x − 2.3)² = 5 × 0.49 + 3 × 0.09 + 2 × 1.69 = 6.1; S.D. = √(6.1 / 9) = 0.8233
    assert r.sd.quantize(Decimal("0.0001")) == Decimal("0.8233")
    assert r.index.quantize(Decimal("0.01")) == Decimal("76.67")  # 2.3 / 3 × 100
    assert r.satisfied == Decimal(80)


def test_one_answer_has_a_mean_but_no_standard_deviation():
    r = stats.rating({Decimal(10): 1}, Decimal(10))
    assert (r.mean, r.sd, r.index) == (Decimal(10), None, Decimal(100))


def test_the_overall_index_weighs_every_answer_not_every_item():
    a = stats.rating({Decimal(3): 1}, Decimal(3))  # 1 answer, index 100
    b = stats.rating({Decimal(1): 3}, Decimal(3))  # 3 answers, index 33.33
    assert stats.overall_index([a, b]) == Decimal(6) * 100 / Decimal(12)  # 50, not (100 + 33.33) / 2


def test_the_margin_of_error_at_95_percent_for_400_answers_is_4_9_points():
    assert stats.margin_of_error(400).quantize(Decimal("0.01")) == Decimal("4.90")  # 1.96 × √(0.25/400)


def test_the_margin_of_error_shrinks_with_the_finite_population_correction():
    # N = 2,000, n = 400: 4.90 × √(1600/1999) = 4.3838
    assert stats.margin_of_error(400, 2000).quantize(Decimal("0.0001")) == Decimal("4.3838")
    assert stats.margin_of_error(400, 400) == 0
    assert stats.margin_of_error(0) is None
