from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from plans.models import Indicator
from plans.rules import check_targets, indicator_errors


def kpi(**fields):
    return Indicator(name="ตัวชี้วัด", **fields)


def errors_of(indicator):
    with pytest.raises(ValidationError) as caught:
        indicator_errors(indicator)
    return caught.value.message_dict


def test_a_plain_number_indicator_is_valid():
    indicator_errors(kpi())


def test_a_range_needs_both_bounds_in_order():
    assert set(errors_of(kpi(direction="range"))) == {"range_low", "range_high"}
    assert "range_high" in errors_of(kpi(direction="range", range_low=Decimal(10), range_high=Decimal(5)))
    indicator_errors(kpi(direction="range", range_low=Decimal(5), range_high=Decimal(10)))


def test_bounds_without_a_range_direction_are_refused():
    assert "direction" in errors_of(kpi(range_low=Decimal(1)))


def levels(*values):
    return {f"level_{n}": Decimal(v) for n, v in enumerate(values, start=1)}


def test_levels_must_rise_when_higher_is_better():
    indicator_errors(kpi(**levels(10, 20, 30, 40, 50)))
    assert "level_5" in errors_of(kpi(**levels(10, 20, 20, 40, 50)))
    assert "level_5" in errors_of(kpi(**levels(50, 40, 30, 20, 10)))


def test_levels_must_fall_when_lower_is_better():
    indicator_errors(kpi(direction="lower", **levels(50, 40, 30, 20, 10)))
    assert "level_5" in errors_of(kpi(direction="lower", **levels(10, 20, 30, 40, 50)))


def test_levels_are_all_or_none():
    partial = kpi(level_1=Decimal(1), level_2=Decimal(2))
    assert {"level_3", "level_4", "level_5"} <= set(errors_of(partial))


def test_ratio_of_sums_needs_the_percentage_measure():
    assert "aggregation" in errors_of(kpi(aggregation="ratio"))
    indicator_errors(kpi(aggregation="ratio", measure_type="percentage"))


def test_yes_no_indicators_use_the_latest_value_and_no_levels():
    errors = errors_of(kpi(measure_type="yes_no", aggregation="sum", **levels(1, 2, 3, 4, 5)))
    assert {"aggregation", "level_1"} <= set(errors)
    indicator_errors(kpi(measure_type="yes_no", aggregation="latest"))


def test_a_baseline_needs_its_year_and_the_year_its_value():
    assert "baseline_year" in errors_of(kpi(baseline_value=Decimal(3)))
    assert "baseline_value" in errors_of(kpi(baseline_year=2568))
    indicator_errors(kpi(baseline_value=Decimal(3), baseline_year=2568))


@pytest.mark.parametrize(
    ("aggregation", "quarters", "implied"),
    [
        ("sum", [10, 20, 30, 40], 100),
        ("cumulative", [10, 40, 70, 100], 100),
        ("latest", [1, 1, 1, 1], 1),
        ("average", [80, 90, 100, 90], 90),
    ],
)
def test_quarter_targets_imply_the_annual_target_by_aggregation(aggregation, quarters, implied):
    check = check_targets(kpi(aggregation=aggregation), Decimal(implied), [Decimal(q) for q in quarters])
    assert check.implied == Decimal(implied)
    assert check.agrees


def test_a_disagreement_between_quarters_and_annual_target_is_measured():
    check = check_targets(kpi(aggregation="sum"), Decimal(100), [Decimal(10), Decimal(20), None, Decimal(30)])
    assert check.implied == Decimal(60)
    assert check.difference == Decimal(-40)
    assert not check.agrees


def test_ratio_targets_cannot_be_derived_from_quarters():
    check = check_targets(kpi(aggregation="ratio", measure_type="percentage"), Decimal(80), [Decimal(80)] * 4)
    assert check.implied is None and check.agrees
