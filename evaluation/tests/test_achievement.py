"""The achievement engine, rule by rule. Pure: indicators are built, never saved."""

from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from evaluation.achievement import (
    Actual,
    Observation,
    achievement,
    actual,
    baseline_progress,
    evaluate,
    level,
    observations_from,
    score_percent,
    status,
    status_counts,
    target_to_date,
    weighted_score,
)
from plans.models import Indicator


def kpi(**fields):
    return Indicator(name="ตัวชี้วัด", **fields)


def obs(period, value=None, **fields):
    return Observation(period=period, value=None if value is None else D(value), **fields)


def result(period, state="approved", **fields):
    """An IndicatorResult-like object, as a query would give (period is a ReportingPeriod)."""
    fields = {"value": None, "numerator": None, "denominator": None, "yes_no": None, "text": "", **fields}
    return SimpleNamespace(period=SimpleNamespace(number=period), state=state, **fields)


def ratio(num, den):
    return {"numerator": D(num), "denominator": D(den)}


# --- actual to date, by aggregation -------------------------------------------------------------


def test_a_sum_kpi_adds_its_periods():
    assert actual(kpi(aggregation="sum"), [obs(1, 10), obs(2, 15), obs(3, 5)]).value == D(30)


def test_a_sum_to_date_stops_at_the_requested_period():
    figures = actual(kpi(aggregation="sum"), [obs(1, 10), obs(2, 15), obs(3, 5)], upto=2)
    assert (figures.value, figures.periods, figures.last_period) == (D(25), 2, 2)


def test_a_cumulative_kpis_year_to_date_is_its_latest_value_not_the_sum():
    assert actual(kpi(aggregation="cumulative"), [obs(1, 10), obs(2, 25), obs(3, 40)]).value == D(40)


def test_a_cumulative_kpi_skips_a_period_that_did_not_report():
    assert actual(kpi(aggregation="cumulative"), [obs(1, 10), obs(2), obs(3, 40), obs(4)]).value == D(40)


def test_a_latest_kpi_takes_the_latest_reported_period_whatever_the_order_given():
    assert actual(kpi(aggregation="latest"), [obs(3, 7), obs(1, 9), obs(2, 8)]).value == D(7)


def test_an_average_kpi_is_the_mean_of_its_periods():
    assert actual(kpi(aggregation="average"), [obs(1, 10), obs(2, 20), obs(4, 60)]).value == D(30)


def test_a_percentage_kpi_is_the_sum_of_numerators_over_the_sum_of_denominators_not_the_mean():
    indicator = kpi(measure_type="percentage", aggregation="ratio")
    figures = actual(indicator, [Observation(1, **ratio(1, 2)), Observation(2, **ratio(99, 100))])
    assert figures.value == D(100) / D(102) * 100
    assert figures.value != D("74.5")
    assert (figures.numerator, figures.denominator) == (D(100), D(102))


def test_a_ratio_period_without_both_numerator_and_denominator_is_no_data():
    indicator = kpi(measure_type="percentage", aggregation="ratio")
    figures = actual(indicator, [Observation(1, numerator=D(5)), Observation(2, **ratio(3, 4))])
    assert (figures.value, figures.periods) == (D(75), 1)


def test_a_percentage_kpi_averaged_by_period_uses_each_periods_own_ratio():
    indicator = kpi(measure_type="percentage", aggregation="average")
    assert actual(indicator, [Observation(1, **ratio(1, 2)), Observation(2, **ratio(1, 4))]).value == D("37.5")


def test_a_yes_no_kpi_takes_the_latest_answer_as_one_or_zero():
    indicator = kpi(measure_type="yes_no", aggregation="latest")
    figures = actual(indicator, [Observation(1, yes_no=False), Observation(2, yes_no=True), Observation(3)])
    assert (figures.yes_no, figures.value, figures.last_period) == (True, D(1), 2)


def test_a_qualitative_kpi_has_data_but_no_value():
    indicator = kpi(measure_type="text", aggregation="latest")
    figures = actual(indicator, [Observation(1, text="เริ่มโครงการ"), Observation(2, text="เสร็จแล้ว")])
    assert (figures.has_data, figures.value, figures.text) == (True, None, "เสร็จแล้ว")


@pytest.mark.parametrize("aggregation", ["sum", "cumulative", "latest", "average"])
def test_no_observation_is_no_data_never_zero(aggregation):
    assert actual(kpi(aggregation=aggregation), []) == Actual(value=None, has_data=False, periods=0)
    assert actual(kpi(aggregation=aggregation), [obs(1), obs(2)]).has_data is False


def test_observations_after_the_requested_period_do_not_count():
    assert actual(kpi(aggregation="sum"), [obs(3, 5)], upto=2).has_data is False


def test_two_observations_for_one_period_are_refused():
    with pytest.raises(ValueError, match="more than one"):
        actual(kpi(), [obs(1, 1), obs(1, 2)])


def test_an_observation_refuses_a_float():
    with pytest.raises(TypeError):
        Observation(1, value=0.1)


# --- official results only ----------------------------------------------------------------------


def test_drafts_do_not_count_unless_official_only_is_off():
    results = [result(1, value=D(10)), result(2, state="draft", value=D(5)), result(3, "submitted", value=D(1))]
    assert [o.period for o in observations_from(results)] == [1]
    assert [o.period for o in observations_from(results, official_only=False)] == [1, 2, 3]
    indicator = kpi(aggregation="sum")
    official = evaluate(indicator, results, {0: D(16)})
    preview = evaluate(indicator, results, {0: D(16)}, official_only=False)
    assert (official.actual.value, official.official) == (D(10), True)
    assert (preview.actual.value, preview.official) == (D(16), False)


def test_a_preview_of_approved_results_only_is_still_official():
    results = [result(1, value=D(10)), result(2, state="draft")]
    assert evaluate(kpi(), results, {}, official_only=False).official is True


# --- target to date -----------------------------------------------------------------------------

QUARTERS = {0: D(100), 1: D(10), 2: D(20), 3: D(30), 4: D(40)}


def test_the_year_to_date_target_at_the_last_period_is_the_annual_target():
    for aggregation in ("sum", "cumulative", "latest", "average", "ratio"):
        assert target_to_date(kpi(aggregation=aggregation), QUARTERS, upto=None) == D(100)
        assert target_to_date(kpi(aggregation=aggregation), QUARTERS, upto=4) == D(100)


def test_without_an_annual_target_the_year_falls_back_to_the_period_targets():
    assert target_to_date(kpi(aggregation="sum"), {1: D(1), 2: D(2), 3: D(3), 4: D(4)}, upto=None) == D(10)
    assert target_to_date(kpi(aggregation="latest"), {4: D(4)}, upto=None) == D(4)


def test_a_sum_kpis_target_to_date_adds_the_period_targets():
    assert target_to_date(kpi(aggregation="sum"), QUARTERS, upto=2) == D(30)


def test_a_sum_kpi_without_period_targets_has_no_target_mid_year():
    assert target_to_date(kpi(aggregation="sum"), {0: D(100)}, upto=2) is None
    assert target_to_date(kpi(aggregation="sum"), {0: D(100), 1: D(10)}, upto=2) is None


@pytest.mark.parametrize("aggregation", ["cumulative", "latest", "ratio"])
def test_a_running_or_level_kpis_target_to_date_is_that_periods_target(aggregation):
    assert target_to_date(kpi(aggregation=aggregation), QUARTERS, upto=3) == D(30)


def test_an_average_kpis_target_to_date_is_the_mean_of_the_period_targets():
    assert target_to_date(kpi(aggregation="average"), QUARTERS, upto=3) == D(20)


def test_monthly_periods_end_the_year_at_twelve():
    assert target_to_date(kpi(aggregation="latest"), {0: D(9), 6: D(5)}, upto=6, periods_in_year=12) == D(5)
    assert target_to_date(kpi(aggregation="latest"), {0: D(9)}, upto=12, periods_in_year=12) == D(9)


# --- achievement --------------------------------------------------------------------------------


def test_higher_is_better_scores_actual_over_target():
    assert achievement(kpi(direction="higher"), D(80), D(100)) == D(80)


def test_a_lower_is_better_kpi_with_actual_below_target_scores_above_one_hundred_percent():
    assert achievement(kpi(direction="lower"), D(8), D(10)) == D(125)
    assert achievement(kpi(direction="lower"), D(20), D(10)) == D(50)


def test_lower_is_better_at_zero():
    assert achievement(kpi(direction="lower"), D(0), D(10)) == D(200)
    assert achievement(kpi(direction="lower"), D(0), D(0)) == D(100)
    assert achievement(kpi(direction="lower"), D(3), D(0)) == D(0)


def test_higher_is_better_against_a_zero_target():
    assert achievement(kpi(direction="higher"), D(0), D(0)) == D(100)
    assert achievement(kpi(direction="higher"), D(3), D(0)) == D(200)


def test_achievement_is_capped_and_floored_but_not_rounded():
    assert achievement(kpi(), D(500), D(100)) == D(200)
    assert achievement(kpi(), D(500), D(100), cap=D(150)) == D(150)
    assert achievement(kpi(), D(-5), D(100)) == D(0)
    assert achievement(kpi(), D(1), D(3)) == D(1) / D(3) * 100


def test_a_negative_target_cannot_be_scored_as_a_ratio():
    assert achievement(kpi(), D(-1), D(-2)) is None


def test_within_the_range_scores_one_hundred():
    indicator = kpi(direction="range", range_low=D(10), range_high=D(20))
    assert [achievement(indicator, D(v), None) for v in (10, 15, 20)] == [D(100)] * 3


def test_outside_the_range_the_score_falls_with_the_distance_relative_to_the_width():
    indicator = kpi(direction="range", range_low=D(10), range_high=D(20))
    assert achievement(indicator, D(25), None) == D(50)
    assert achievement(indicator, D(8), None) == D(80)
    assert achievement(indicator, D(45), None) == D(0)


def test_a_zero_width_range_measures_the_distance_against_the_bounds_size():
    indicator = kpi(direction="range", range_low=D(50), range_high=D(50))
    assert achievement(indicator, D(50), None) == D(100)
    assert achievement(indicator, D(40), None) == D(80)
    assert achievement(kpi(direction="range", range_low=D(0), range_high=D(0)), D(1), None) == D(0)


def test_a_yes_no_kpi_scores_all_or_nothing():
    indicator = kpi(measure_type="yes_no", aggregation="latest")
    assert achievement(indicator, D(1), D(1)) == D(100)
    assert achievement(indicator, D(0), D(1)) == D(0)
    assert achievement(indicator, D(0), D(0)) == D(100)


def test_a_qualitative_kpi_or_missing_figures_have_no_achievement():
    assert achievement(kpi(measure_type="text", aggregation="latest"), D(1), D(1)) is None
    assert achievement(kpi(), None, D(10)) is None
    assert achievement(kpi(), D(10), None) is None


def test_achievement_refuses_floats():
    with pytest.raises(TypeError):
        achievement(kpi(), 0.5, D(1))


# --- progress from the baseline -----------------------------------------------------------------


def test_progress_is_the_share_of_the_way_from_baseline_to_target():
    assert baseline_progress(kpi(), D(60), D(100), D(40)) == D(100) / D(3)


def test_progress_works_the_same_when_lower_is_better():
    assert baseline_progress(kpi(direction="lower"), D(15), D(10), D(20)) == D(50)


def test_progress_needs_a_target_different_from_the_baseline():
    assert baseline_progress(kpi(), D(5), D(10), D(10)) is None
    assert baseline_progress(kpi(), D(5), D(10), None) is None
    assert baseline_progress(kpi(), None, D(10), D(0)) is None


# --- five levels --------------------------------------------------------------------------------

HIGHER_LEVELS = {f"level_{n}": D(n * 10) for n in range(1, 6)}
LOWER_LEVELS = {f"level_{n}": D(60 - n * 10) for n in range(1, 6)}


def test_higher_is_better_takes_the_highest_level_reached():
    indicator = kpi(**HIGHER_LEVELS)
    assert [level(indicator, D(v)) for v in (10, 25, 50, 99)] == [1, 2, 5, 5]


def test_a_value_below_the_level_one_threshold_scores_zero():
    assert level(kpi(**HIGHER_LEVELS), D(9)) == 0
    assert level(kpi(direction="lower", **LOWER_LEVELS), D(51)) == 0


def test_lower_is_better_takes_the_highest_level_whose_threshold_is_not_exceeded():
    indicator = kpi(direction="lower", **LOWER_LEVELS)
    assert [level(indicator, D(v)) for v in (50, 35, 10, 0)] == [1, 2, 5, 5]


def test_no_level_without_thresholds_or_data_or_for_text():
    assert level(kpi(), D(10)) is None
    assert level(kpi(**HIGHER_LEVELS), None) is None
    assert level(kpi(measure_type="text", aggregation="latest", **HIGHER_LEVELS), D(10)) is None


# --- status -------------------------------------------------------------------------------------


def test_status_bands():
    indicator = kpi()
    assert status(indicator, D(100)) == "on_track"
    assert status(indicator, D(130)) == "on_track"
    assert status(indicator, D(85)) == "at_risk"
    assert status(indicator, D("84.99")) == "off_track"
    assert status(indicator, D(90), at_risk_band=D(5)) == "off_track"
    assert status(indicator, None) == "no_data"


def test_the_band_applies_to_lower_is_better_through_its_inverted_achievement():
    indicator = kpi(direction="lower")
    assert status(indicator, achievement(indicator, D(11), D(10))) == "at_risk"
    assert status(indicator, achievement(indicator, D(20), D(10))) == "off_track"


def test_a_yes_no_kpi_is_on_track_or_off_track():
    indicator = kpi(measure_type="yes_no", aggregation="latest")
    assert status(indicator, D(100)) == "on_track"
    assert status(indicator, D(0)) == "off_track"


def test_status_counts_name_every_status():
    assert status_counts(["on_track", "no_data", "on_track"]) == {
        "on_track": 2,
        "at_risk": 0,
        "off_track": 0,
        "no_data": 1,
    }
    with pytest.raises(ValueError):
        status_counts(["late"])


# --- evaluate -----------------------------------------------------------------------------------


def test_a_missing_period_is_no_data_not_zero_and_not_off_track():
    indicator = kpi(aggregation="latest", **HIGHER_LEVELS)
    figures = evaluate(indicator, [result(1), result(2, state="draft", value=D(5))], QUARTERS, upto=1)
    assert (figures.actual.has_data, figures.actual.value) == (False, None)
    assert (figures.achievement, figures.level, figures.status) == (None, None, "no_data")


def test_a_missing_period_is_left_out_of_an_average_not_counted_as_zero():
    figures = actual(kpi(aggregation="average"), [obs(1, 10), obs(2), obs(3, 30)])
    assert (figures.value, figures.periods) == (D(20), 2)


def test_a_latest_kpi_whose_last_period_is_missing_shows_the_last_reported_period():
    figures = actual(kpi(aggregation="latest"), [obs(1, 10), obs(2, 12), obs(3)])
    assert (figures.value, figures.last_period) == (D(12), 2)


def test_evaluate_bundles_the_figures_of_a_kpi():
    indicator = kpi(aggregation="sum", baseline_value=D(0), **HIGHER_LEVELS)
    figures = evaluate(indicator, [obs(1, 9), obs(2, 18)], QUARTERS, upto=2)
    assert figures.actual.value == D(27)
    assert figures.target == D(30)
    assert figures.achievement == D(90)
    assert figures.progress == D(90)
    assert figures.level == 2
    assert figures.status == "at_risk"


def test_evaluate_a_cumulative_lower_is_better_kpi_for_the_year():
    indicator = kpi(aggregation="cumulative", direction="lower")
    figures = evaluate(indicator, [obs(1, 2), obs(2, 4), obs(3, 8)], {0: D(10)}, baseline=D(20))
    assert (figures.actual.value, figures.achievement, figures.status) == (D(8), D(125), "on_track")
    assert figures.progress == D(120)


def test_evaluate_a_qualitative_kpi():
    indicator = kpi(measure_type="text", aggregation="latest")
    figures = evaluate(indicator, [Observation(1, text="จัดตั้งคณะกรรมการแล้ว")], {})
    assert figures.actual.has_data and figures.actual.text == "จัดตั้งคณะกรรมการแล้ว"
    assert (figures.achievement, figures.status) == (None, "no_data")


# --- weighted scores ----------------------------------------------------------------------------


def test_weighted_score_adds_weight_times_level_over_kpis_with_data():
    assert weighted_score([(D(30), 4), (D(20), 5), (D(50), None)]) == (D(220), D(250))


def test_a_kpi_below_level_one_counts_as_zero_points_out_of_its_maximum():
    assert weighted_score([(D(10), 0)]) == (D(0), D(50))


def test_a_project_without_kpis_gets_no_score():
    assert weighted_score([]) == (0, 0)
    assert score_percent(*weighted_score([])) is None


def test_score_percent_with_weights_adding_to_one_hundred_is_the_level_times_weight_times_twenty_score():
    items = [(D(40), 5), (D(35), 3), (D(25), 4)]
    points, maximum = weighted_score(items)
    assert score_percent(points, maximum) == sum(w * lvl for w, lvl in items) / 100 * 20
