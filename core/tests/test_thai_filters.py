from datetime import date
from decimal import Decimal

import pytest

from core.templatetags import thai


@pytest.fixture(autouse=True)
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


@pytest.fixture
def thai_language():
    from django.utils import translation

    with translation.override("th"):
        yield


@pytest.fixture
def english_language():
    from django.utils import translation

    with translation.override("en"):
        yield


FILTERS = [
    "be_date",
    "be_date_long",
    "baht",
    "baht_number",
    "fiscal_year",
    "quarter",
    "thai_digits",
    "percent",
]


def test_the_library_registers_every_filter():
    assert set(FILTERS) <= set(thai.register.filters)


@pytest.mark.parametrize("name", FILTERS)
@pytest.mark.parametrize("blank", [None, ""])
def test_every_filter_shows_nothing_for_none_or_empty(name, blank):
    assert thai.register.filters[name](blank) == ""


def test_date_filters_show_thai_dates_with_the_buddhist_era_year(thai_language):
    assert thai.be_date(date(2025, 10, 1)) == "1 ต.ค. 2568"
    assert thai.be_date_long(date(2025, 10, 1)) == "1 ตุลาคม 2568"


def test_date_filters_show_english_dates_with_the_gregorian_year(english_language):
    assert thai.be_date(date(2025, 10, 1)) == "1 Oct 2025"
    assert thai.be_date_long(date(2025, 10, 1)) == "1 October 2025"


def test_baht_filters_show_the_amount_with_and_without_the_unit():
    assert thai.baht(Decimal("1234567")) == "1,234,567.00 บาท"
    assert thai.baht_number(Decimal("-1234.5")) == "-1,234.50"
    assert thai.baht(0) == "0.00 บาท"


@pytest.mark.parametrize("name", ["baht", "baht_number", "percent"])
def test_money_and_percent_filters_refuse_floats(name):
    with pytest.raises(TypeError):
        thai.register.filters[name](1234.5)


def test_fiscal_year_and_quarter_filters_follow_the_language(thai_language):
    from django.utils import translation

    assert thai.fiscal_year(2569) == "ปีงบประมาณ พ.ศ. 2569"
    assert thai.quarter("1") == "ไตรมาสที่ 1 (ต.ค.–ธ.ค.)"
    with translation.override("en"):
        assert thai.fiscal_year("2569") == "Fiscal year 2569 (2025–26)"
        assert thai.quarter(4) == "Q4 (Jul–Sep)"


def test_thai_digits_filter_converts_numbers_and_text():
    assert thai.thai_digits(2569) == "๒๕๖๙"
    assert thai.thai_digits("ปี 2569") == "ปี ๒๕๖๙"
    assert thai.thai_digits(0) == "๐"


def test_percent_filter_shows_two_places():
    assert thai.percent(Decimal("85.5")) == "85.50%"


def test_filters_work_in_templates_without_a_load_tag(thai_language):
    from django.template import Context, Engine

    engine = Engine(builtins=["core.templatetags.thai"])
    source = "{{ d|be_date }} | {{ amount|baht }} | {{ missing|baht }} | {{ fy|fiscal_year }}"
    template = engine.from_string(source)
    rendered = template.render(Context({"d": date(2024, 2, 29), "amount": Decimal("1500"), "fy": 2567}))
    assert rendered == "29 ก.พ. 2567 | 1,500.00 บาท |  | ปีงบประมาณ พ.ศ. 2567"
