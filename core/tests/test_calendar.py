from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.calendar import (
    ENGLISH_MONTHS,
    ENGLISH_MONTHS_SHORT,
    THAI_MONTHS,
    THAI_MONTHS_SHORT,
    ad_year,
    be_year,
    calendar_month_of_fiscal,
    current_fiscal_year,
    fiscal_month_bounds,
    fiscal_month_of,
    fiscal_quarter_of,
    fiscal_year_bounds,
    fiscal_year_of,
    fiscal_years_of_span,
    format_date,
    format_fiscal_year,
    format_quarter,
    from_thai_digits,
    half_year_bounds,
    month_name,
    quarter_bounds,
    resolve_lang,
    to_thai_digits,
)

# Every date whose fiscal year (and its bounds) Python's date can represent.
any_date = st.dates(min_value=date(1, 10, 1), max_value=date(9999, 9, 30))
any_fiscal_year = st.integers(min_value=be_year(2), max_value=be_year(9999))


@pytest.fixture
def configured_django():
    """Minimal Django settings, only when no one (e.g. pytest-django) has configured them already."""
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            USE_I18N=True,
            USE_TZ=True,
            TIME_ZONE="Asia/Bangkok",
            LANGUAGE_CODE="th",
            LANGUAGES=[("th", "Thai"), ("en", "English")],
        )
        django.setup()


# --- Years -------------------------------------------------------------------------------------


def test_be_year_is_ad_plus_543_and_ad_year_undoes_it():
    assert be_year(2025) == 2568
    assert ad_year(2568) == 2025


def test_30_september_belongs_to_the_fiscal_year_ending_that_day():
    assert fiscal_year_of(date(2026, 9, 30)) == 2569


def test_1_october_starts_the_next_fiscal_year():
    assert fiscal_year_of(date(2026, 10, 1)) == 2570


def test_31_december_and_1_january_are_in_the_same_fiscal_year_but_different_quarters():
    assert fiscal_year_of(date(2025, 12, 31)) == fiscal_year_of(date(2026, 1, 1)) == 2569
    assert fiscal_quarter_of(date(2025, 12, 31)) == 1
    assert fiscal_quarter_of(date(2026, 1, 1)) == 2


def test_29_february_2024_is_be_2567_and_in_fiscal_year_2567():
    leap_day = date(2024, 2, 29)
    assert be_year(leap_day.year) == 2567
    assert fiscal_year_of(leap_day) == 2567
    assert fiscal_quarter_of(leap_day) == 2
    assert fiscal_month_of(leap_day) == 5


def test_28_february_2025_is_in_fiscal_year_2568():
    assert fiscal_year_of(date(2025, 2, 28)) == 2568


def test_fiscal_year_2570_runs_from_1_october_2026_to_30_september_2027():
    assert fiscal_year_bounds(2570) == (date(2026, 10, 1), date(2027, 9, 30))


def test_current_fiscal_year_of_a_given_day():
    assert current_fiscal_year(date(2025, 10, 1)) == 2569
    assert current_fiscal_year(date(2025, 9, 30)) == 2568


def test_current_fiscal_year_defaults_to_the_local_date(configured_django):
    from django.utils import timezone

    assert current_fiscal_year() == fiscal_year_of(timezone.localdate())


def test_fiscal_years_of_a_span_include_both_ends():
    assert fiscal_years_of_span(2566, 2570) == [2566, 2567, 2568, 2569, 2570]
    assert fiscal_years_of_span(2569, 2569) == [2569]


def test_a_span_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        fiscal_years_of_span(2570, 2566)


# --- Quarters, months, rounds ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "start", "end"),
    [
        (1, date(2025, 10, 1), date(2025, 12, 31)),
        (2, date(2026, 1, 1), date(2026, 3, 31)),
        (3, date(2026, 4, 1), date(2026, 6, 30)),
        (4, date(2026, 7, 1), date(2026, 9, 30)),
    ],
)
def test_each_quarter_of_fiscal_year_2569_starts_and_ends_on_its_boundary_days(q, start, end):
    assert quarter_bounds(2569, q) == (start, end)
    assert fiscal_quarter_of(start) == fiscal_quarter_of(end) == q
    assert fiscal_quarter_of(start - timedelta(days=1)) == (q - 2) % 4 + 1
    assert fiscal_quarter_of(end + timedelta(days=1)) == q % 4 + 1


@pytest.mark.parametrize("q", [0, 5, -1])
def test_a_quarter_outside_1_to_4_is_refused(q):
    with pytest.raises(ValueError):
        quarter_bounds(2569, q)
    with pytest.raises(ValueError):
        format_quarter(q, lang="th")


def test_fiscal_month_1_is_october_and_12_is_september():
    assert fiscal_month_bounds(2569, 1) == (date(2025, 10, 1), date(2025, 10, 31))
    assert fiscal_month_bounds(2569, 12) == (date(2026, 9, 1), date(2026, 9, 30))
    assert [calendar_month_of_fiscal(m) for m in range(1, 13)] == [10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9]


def test_fiscal_month_3_ends_on_31_december_and_4_starts_on_1_january():
    assert fiscal_month_bounds(2569, 3) == (date(2025, 12, 1), date(2025, 12, 31))
    assert fiscal_month_bounds(2569, 4) == (date(2026, 1, 1), date(2026, 1, 31))


def test_fiscal_month_5_is_february_with_29_days_in_leap_year_2024():
    assert fiscal_month_bounds(2567, 5) == (date(2024, 2, 1), date(2024, 2, 29))


def test_fiscal_month_5_is_february_with_28_days_in_2025():
    assert fiscal_month_bounds(2568, 5) == (date(2025, 2, 1), date(2025, 2, 28))


@pytest.mark.parametrize("m", [0, 13])
def test_a_fiscal_month_outside_1_to_12_is_refused(m):
    with pytest.raises(ValueError):
        fiscal_month_bounds(2569, m)


def test_fiscal_month_of_october_is_1_and_of_september_is_12():
    assert fiscal_month_of(date(2025, 10, 15)) == 1
    assert fiscal_month_of(date(2026, 9, 15)) == 12


def test_the_six_month_round_runs_from_1_october_to_31_march():
    assert half_year_bounds(2569) == (date(2025, 10, 1), date(2026, 3, 31))


@given(any_date)
def test_every_date_lies_within_the_bounds_of_its_fiscal_year(d):
    start, end = fiscal_year_bounds(fiscal_year_of(d))
    assert start <= d <= end


@given(any_date)
def test_every_date_lies_within_the_bounds_of_its_fiscal_quarter(d):
    start, end = quarter_bounds(fiscal_year_of(d), fiscal_quarter_of(d))
    assert start <= d <= end


@given(any_date)
def test_every_date_lies_within_the_bounds_of_its_fiscal_month(d):
    start, end = fiscal_month_bounds(fiscal_year_of(d), fiscal_month_of(d))
    assert start <= d <= end


@given(any_fiscal_year)
def test_months_and_quarters_tile_the_fiscal_year_without_gaps_or_overlaps(fy):
    quarters = [quarter_bounds(fy, q) for q in range(1, 5)]
    months = [fiscal_month_bounds(fy, m) for m in range(1, 13)]
    for parts in (quarters, months):
        assert parts[0][0] == fiscal_year_bounds(fy)[0]
        assert parts[-1][1] == fiscal_year_bounds(fy)[1]
        for (_, end), (next_start, _) in pairwise(parts):
            assert end + timedelta(days=1) == next_start
    assert half_year_bounds(fy) == (quarter_bounds(fy, 1)[0], quarter_bounds(fy, 2)[1])


# --- Month names -------------------------------------------------------------------------------


def test_month_tables_name_twelve_months_from_january():
    for table in (THAI_MONTHS, THAI_MONTHS_SHORT, ENGLISH_MONTHS, ENGLISH_MONTHS_SHORT):
        assert len(table) == 12
    assert (THAI_MONTHS[0], THAI_MONTHS_SHORT[0]) == ("มกราคม", "ม.ค.")
    assert (THAI_MONTHS[11], THAI_MONTHS_SHORT[11]) == ("ธันวาคม", "ธ.ค.")
    assert (ENGLISH_MONTHS[9], ENGLISH_MONTHS_SHORT[9]) == ("October", "Oct")


def test_month_name_gives_thai_or_english_full_or_short():
    assert month_name(10, lang="th") == "ตุลาคม"
    assert month_name(10, short=True, lang="th") == "ต.ค."
    assert month_name(2, lang="en") == "February"
    assert month_name(2, short=True, lang="en-us") == "Feb"


# --- Formatting --------------------------------------------------------------------------------


def test_format_date_in_thai_shows_the_buddhist_era_year():
    assert format_date(date(2025, 10, 1), lang="th") == "1 ต.ค. 2568"
    assert format_date(date(2025, 10, 1), long=True, lang="th") == "1 ตุลาคม 2568"
    assert format_date(date(2024, 2, 29), long=True, lang="th") == "29 กุมภาพันธ์ 2567"


def test_format_date_in_english_shows_the_gregorian_year():
    assert format_date(date(2025, 10, 1), lang="en") == "1 Oct 2025"
    assert format_date(date(2025, 10, 1), long=True, lang="en") == "1 October 2025"


def test_format_date_of_none_is_empty():
    assert format_date(None, lang="th") == ""


def test_format_date_refuses_what_is_not_a_date():
    with pytest.raises(TypeError):
        format_date("2025-10-01", lang="th")


def test_format_date_of_a_naive_datetime_uses_its_own_date():
    naive = datetime(2025, 12, 31, 23, 59)  # noqa: DTZ001 - the naive case is what is under test
    assert format_date(naive, lang="th") == "31 ธ.ค. 2568"


def test_format_date_of_an_aware_datetime_shows_the_local_date(configured_django):
    from django.utils import timezone

    evening_utc = datetime(2025, 9, 30, 18, 0, tzinfo=UTC)  # 01:00 on 1 Oct in Bangkok
    with timezone.override("Asia/Bangkok"):
        assert format_date(evening_utc, lang="th") == "1 ต.ค. 2568"


def test_format_date_follows_the_active_django_language(configured_django):
    from django.utils import translation

    with translation.override("th"):
        assert format_date(date(2025, 10, 1)) == "1 ต.ค. 2568"
    with translation.override("en"):
        assert format_date(date(2025, 10, 1), long=True) == "1 October 2025"
    with translation.override(None):
        assert format_date(date(2025, 10, 1)) == "1 ต.ค. 2568"


def test_the_default_language_is_thai_when_django_is_not_configured(monkeypatch):
    import django.utils.translation
    from django.core.exceptions import ImproperlyConfigured

    def not_configured():
        raise ImproperlyConfigured("settings are not configured")

    monkeypatch.setattr(django.utils.translation, "get_language", not_configured)
    assert resolve_lang() == "th"
    assert format_date(date(2025, 10, 1)) == "1 ต.ค. 2568"


def test_format_fiscal_year_in_thai_and_english():
    assert format_fiscal_year(2569, lang="th") == "ปีงบประมาณ พ.ศ. 2569"
    assert format_fiscal_year(2569, lang="en") == "Fiscal year 2569 (2025–26)"
    assert format_fiscal_year(2543, lang="en") == "Fiscal year 2543 (1999–00)"


@pytest.mark.parametrize(
    ("q", "thai", "english"),
    [
        (1, "ไตรมาสที่ 1 (ต.ค.–ธ.ค.)", "Q1 (Oct–Dec)"),
        (2, "ไตรมาสที่ 2 (ม.ค.–มี.ค.)", "Q2 (Jan–Mar)"),
        (3, "ไตรมาสที่ 3 (เม.ย.–มิ.ย.)", "Q3 (Apr–Jun)"),
        (4, "ไตรมาสที่ 4 (ก.ค.–ก.ย.)", "Q4 (Jul–Sep)"),
    ],
)
def test_format_quarter_names_its_months(q, thai, english):
    assert format_quarter(q, lang="th") == thai
    assert format_quarter(q, lang="en") == english


# --- Thai digits -------------------------------------------------------------------------------


def test_thai_digits_replace_arabic_digits_and_nothing_else():
    assert to_thai_digits("ปี 2569") == "ปี ๒๕๖๙"
    assert to_thai_digits(1234567890) == "๑๒๓๔๕๖๗๘๙๐"
    assert from_thai_digits("๑,๒๓๔.๕๐ บาท") == "1,234.50 บาท"


@given(st.text())
def test_thai_digits_round_trip(s):
    assert from_thai_digits(to_thai_digits(s)) == from_thai_digits(s)
    assert to_thai_digits(from_thai_digits(s)) == to_thai_digits(s)
