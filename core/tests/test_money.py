from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.money import format_baht, format_percent, largest_remainder, share, to_baht

# --- to_baht -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "baht"),
    [
        ("1,234.5", "1234.50"),
        ("๑,๒๓๔.๕๐", "1234.50"),
        (" 12 บาท ", "12.00"),
        ("12บาท", "12.00"),
        ("-1,234.50", "-1234.50"),
        ("1 000 000", "1000000.00"),
        (".5", "0.50"),
    ],
)
def test_to_baht_reads_amounts_as_people_type_them(text, baht):
    assert str(to_baht(text)) == baht


def test_to_baht_always_has_two_decimal_places():
    assert str(to_baht(5)) == "5.00"
    assert str(to_baht(Decimal("7.1"))) == "7.10"


def test_to_baht_rounds_half_a_satang_up():
    assert to_baht("0.005") == Decimal("0.01")
    assert to_baht(Decimal("2.675")) == Decimal("2.68")
    assert to_baht("0.00499") == Decimal("0.00")


def test_to_baht_rounds_negative_halves_away_from_zero():
    assert to_baht("-0.005") == Decimal("-0.01")


def test_to_baht_never_gives_negative_zero():
    assert str(to_baht("-0.001")) == "0.00"


@pytest.mark.parametrize("value", [1.5, 0.1, True, None, [1]])
def test_to_baht_refuses_floats_and_other_non_amounts(value):
    with pytest.raises(TypeError):
        to_baht(value)


UNPARSABLE = ["", "   ", "บาท", "abc", "1.2.3", "12 baht", "NaN", "Infinity", "1e3", "--1"]


@pytest.mark.parametrize("text", UNPARSABLE)
def test_to_baht_refuses_unparsable_text_and_says_what_it_was(text):
    with pytest.raises(ValueError, match="not an amount of baht"):
        to_baht(text)


def test_to_baht_refuses_infinite_decimals():
    with pytest.raises(ValueError):
        to_baht(Decimal("Infinity"))


# --- format_baht -------------------------------------------------------------------------------


def test_format_baht_groups_thousands_and_shows_two_places_and_the_unit():
    assert format_baht(1234567) == "1,234,567.00 บาท"
    assert format_baht(Decimal("1234567"), unit=False) == "1,234,567.00"


def test_format_baht_of_a_negative_amount_has_a_leading_minus():
    assert format_baht(Decimal("-1234.5")) == "-1,234.50 บาท"


def test_format_baht_of_zero_and_small_amounts():
    assert format_baht(0) == "0.00 บาท"
    assert format_baht(Decimal("0.005"), unit=False) == "0.01"


def test_format_baht_of_none_is_empty():
    assert format_baht(None) == ""


def test_format_baht_refuses_floats():
    with pytest.raises(TypeError):
        format_baht(1234.5)


# --- format_percent and share ------------------------------------------------------------------


def test_format_percent_shows_places_and_a_percent_sign_without_a_space():
    assert format_percent(Decimal("85.5")) == "85.50%"
    assert format_percent(100) == "100.00%"
    assert format_percent(Decimal("12.345")) == "12.35%"
    assert format_percent(Decimal("12.345"), places=0) == "12%"
    assert format_percent(Decimal("12.35"), places=1) == "12.4%"


def test_format_percent_of_none_is_a_dash():
    assert format_percent(None) == "–"


@pytest.mark.parametrize("value", [85.5, "85.5"])
def test_format_percent_takes_only_decimals_and_ints(value):
    with pytest.raises(TypeError):
        format_percent(value)


def test_share_is_the_part_as_a_percentage_of_the_whole():
    assert share(1, 4) == Decimal(25)
    assert share(Decimal("250000.00"), Decimal("1000000.00")) == Decimal(25)
    assert format_percent(share(1, 3)) == "33.33%"


def test_share_of_a_zero_whole_is_none():
    assert share(0, 0) is None
    assert share(5, Decimal("0.00")) is None


def test_share_refuses_floats():
    with pytest.raises(TypeError):
        share(0.5, 1)


# --- largest_remainder -------------------------------------------------------------------------


def test_three_equal_parts_sum_to_exactly_100():
    result = largest_remainder([1, 1, 1])
    assert result == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert sum(result) == 100


def test_the_largest_remainders_get_the_leftover_units():
    # exact shares 14.2857…, 28.5714…, 57.1428…: remainders .57, .14, .28 → the first gets the unit
    assert largest_remainder([1, 2, 4]) == [Decimal("14.29"), Decimal("28.57"), Decimal("57.14")]


def test_largest_remainder_with_another_total_and_whole_units():
    assert largest_remainder([1, 1, 1], total=10, places=0) == [Decimal(4), Decimal(3), Decimal(3)]


def test_largest_remainder_of_an_all_zero_group_is_all_zeros():
    assert largest_remainder([0, 0]) == [Decimal("0.00"), Decimal("0.00")]
    assert largest_remainder([]) == []


def test_largest_remainder_gives_a_lone_nonzero_value_the_whole_total():
    assert largest_remainder([0, Decimal("5.5")]) == [Decimal("0.00"), Decimal("100.00")]


def test_largest_remainder_refuses_negative_values_floats_and_a_total_finer_than_the_places():
    with pytest.raises(ValueError):
        largest_remainder([1, -1])
    with pytest.raises(TypeError):
        largest_remainder([1.0, 2.0])
    with pytest.raises(ValueError):
        largest_remainder([1, 2], total=Decimal("0.001"))


amounts = st.one_of(
    st.integers(min_value=0, max_value=10**12),
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
)


@given(
    st.lists(amounts, min_size=1, max_size=30).filter(lambda values: sum(values) > 0),
    st.sampled_from([100, 1, 1000, Decimal("100.00")]),
    st.integers(min_value=0, max_value=4),
)
def test_largest_remainder_of_any_non_negative_group_sums_exactly_to_the_total(values, total, places):
    result = largest_remainder(values, total=total, places=places)
    unit = Fraction(1, 10**places)
    assert sum(result) == total
    for value, got in zip(values, result, strict=True):
        exact = Fraction(value) * Fraction(total) / Fraction(sum(values))
        assert got >= 0
        assert abs(Fraction(got) - exact) < unit


def test_format_number_drops_trailing_zeros_without_an_exponent():
    from core.money import format_number

    assert format_number(Decimal("100.0000")) == "100"
    assert format_number(Decimal("1234.5000")) == "1,234.5"
    assert format_number(Decimal("1234.5000"), grouping=False) == "1234.5"
    assert format_number(Decimal("0.0000")) == "0"
    assert format_number(100) == "100"
    assert format_number(None) == ""


def test_round_to_rounds_half_up_at_the_places_asked_and_keeps_none():
    from core.money import round_to

    assert round_to(Decimal("66.65")) == Decimal("66.65")
    assert round_to(Decimal("66.665")) == Decimal("66.67")  # half-up, not half-even (66.66)
    assert round_to(Decimal("12.25"), 1) == Decimal("12.3")  # half-even would give 12.2
    assert round_to(Decimal("-0.001")) == Decimal("0.00") and not round_to(Decimal("-0.001")).is_signed()
    assert round_to(7, 1) == Decimal("7.0")
    assert round_to(None) is None
    with pytest.raises(TypeError):
        round_to(0.5)
