"""Properties of the achievement engine that must hold for any data (hypothesis)."""

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from evaluation.achievement import (
    Observation,
    achievement,
    actual,
    combine_scores,
    evaluate,
    score_percent,
    status,
    weighted_score,
)
from plans.models import Indicator

KINDS = [
    *(("number", a) for a in ("sum", "cumulative", "latest", "average")),
    *(("percentage", a) for a in ("sum", "cumulative", "latest", "average", "ratio")),
    ("yes_no", "latest"),
    ("text", "latest"),
]


def kpi(measure_type="number", aggregation="sum", **fields):
    return Indicator(name="ตัวชี้วัด", measure_type=measure_type, aggregation=aggregation, **fields)


def decimals(low, high):
    return st.decimals(min_value=low, max_value=high, places=4, allow_nan=False, allow_infinity=False)


values = decimals(-(10**6), 10**6)
counts = decimals(0, 10**6)
positive = decimals(D("0.0001"), 10**6)
kpis = st.sampled_from(KINDS).map(lambda kind: kpi(*kind))


def observation(period):
    return st.builds(
        Observation,
        period=st.just(period),
        value=st.none() | values,
        numerator=st.none() | counts,
        denominator=st.none() | positive,
        yes_no=st.none() | st.booleans(),
        text=st.sampled_from(["", "  ", "ดำเนินการแล้ว"]),
    )


periods = st.lists(st.integers(1, 12), unique=True)
observations = periods.flatmap(lambda ps: st.tuples(*map(observation, ps)).map(list))


@given(kpis, observations.flatmap(lambda os: st.tuples(st.just(os), st.permutations(os))))
def test_the_order_of_observations_changes_no_aggregation(indicator, pair):
    given_order, shuffled = pair
    assert actual(indicator, given_order) == actual(indicator, shuffled)
    for upto in (1, 4, 12):
        assert actual(indicator, given_order, upto=upto) == actual(indicator, shuffled, upto=upto)


@given(st.lists(counts, min_size=1, max_size=12))
def test_a_cumulative_to_date_never_exceeds_the_latest_and_is_the_max_of_rising_values(increments):
    running = [sum(increments[: i + 1], D(0)) for i in range(len(increments))]
    data = [Observation(period, value=v) for period, v in enumerate(running, start=1)]
    indicator = kpi(aggregation="cumulative")
    year = actual(indicator, data).value
    assert year == max(running) == running[-1]
    assert all(actual(indicator, data, upto=upto).value <= year for upto in range(1, 13))


@given(
    st.sampled_from(["ratio", "average", "latest", "cumulative"]),
    st.lists(st.tuples(counts, positive), min_size=1, max_size=12),
    decimals(D("0.0001"), 10**4),
    positive,
)
def test_scaling_numerator_and_denominator_together_changes_nothing(aggregation, fractions, factor, target):
    indicator = kpi("percentage", aggregation)

    def figures(k):
        data = [Observation(p, numerator=n * k, denominator=d * k) for p, (n, d) in enumerate(fractions, start=1)]
        result = actual(indicator, data)
        percent = achievement(indicator, result.value, target)
        return result.value, percent, status(indicator, percent)

    assert figures(1) == figures(factor)


@given(kpis, periods, st.dictionaries(st.integers(0, 4), st.none() | counts))
def test_no_data_is_never_zero(indicator, periods, targets):
    empty = [Observation(p) for p in periods]
    for data in ([], empty):
        result = actual(indicator, data)
        assert (result.value, result.has_data, result.periods) == (None, False, 0)
        figures = evaluate(indicator, data, targets)
        assert (figures.achievement, figures.level, figures.status) == (None, None, "no_data")


@given(values, values, counts)
def test_lower_is_better_achievement_never_rises_as_the_actual_rises(a, b, target):
    indicator = kpi(direction="lower")
    low, high = sorted((a, b))
    assert achievement(indicator, low, target) >= achievement(indicator, high, target)


@given(values, values, counts)
def test_higher_is_better_achievement_never_falls_as_the_actual_rises(a, b, target):
    indicator = kpi(direction="higher")
    low, high = sorted((a, b))
    assert achievement(indicator, low, target) <= achievement(indicator, high, target)


@given(st.sampled_from(["higher", "lower"]), values, counts, decimals(100, 1000))
def test_achievement_stays_between_zero_and_the_cap(direction, value, target, cap):
    assert D(0) <= achievement(kpi(direction=direction), value, target, cap=cap) <= cap


@given(values, values, decimals(-1000, 1000), decimals(0, 1000))
def test_a_range_kpi_scores_lower_the_further_outside_it_is(a, b, low, width):
    indicator = kpi(direction="range", range_low=low, range_high=low + width)
    near, far = sorted((a, b), key=lambda v: max(low - v, v - (low + width), D(0)))
    assert achievement(indicator, near, None) >= achievement(indicator, far, None)


items = st.lists(st.tuples(decimals(0, 100), st.none() | st.integers(0, 5)), max_size=8)


@given(st.lists(items, max_size=6))
def test_weighted_totals_are_the_sum_of_points_over_the_sum_of_maxima(groups):
    scores = [weighted_score(group) for group in groups]
    points, maximum = combine_scores(scores)
    assert (points, maximum) == weighted_score([item for group in groups for item in group])
    assert points == sum((p for p, _m in scores), D(0)) and maximum == sum((m for _p, m in scores), D(0))
    assert score_percent(points, maximum) == (points / maximum * 100 if maximum else None)
    if maximum:
        assert D(0) <= score_percent(points, maximum) <= D(100)
