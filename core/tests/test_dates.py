"""Dates are typed and shown as d/m/yyyy in the Buddhist Era, in every form of the site."""

import importlib
import inspect
import pkgutil
from datetime import date

import pytest
from django import forms
from django.apps import apps
from django.conf import settings

from core.dates import BEDateField, BEDateInput, format_be, parse_be


def errors_of(text):
    field = BEDateField()
    with pytest.raises(forms.ValidationError) as caught:
        field.clean(text)
    return " ".join(caught.value.messages)


def test_a_date_typed_in_the_buddhist_era_is_read_as_its_gregorian_day():
    assert BEDateField().clean("12/11/2569") == date(2026, 11, 12)
    assert BEDateField().clean(" 1/1/2570 ") == date(2027, 1, 1)
    assert BEDateField().clean("12-11-2569") == date(2026, 11, 12)
    assert BEDateField().clean("12.11.2569") == date(2026, 11, 12)


def test_thai_digits_and_a_two_digit_buddhist_year_are_read_too():
    assert BEDateField().clean("๑๒/๑๑/๒๕๖๙") == date(2026, 11, 12)
    assert BEDateField().clean("12/11/69") == date(2026, 11, 12)


def test_the_iso_form_a_browser_or_a_script_sends_is_read_as_gregorian():
    assert BEDateField().clean("2026-11-12") == date(2026, 11, 12)
    assert BEDateField().clean("2569-11-12") == date(2026, 11, 12)  # a พ.ศ. year written the ISO way


def test_a_gregorian_year_typed_by_mistake_is_refused_in_thai_naming_the_buddhist_year_meant():
    message = errors_of("12/11/2026")
    assert "พ.ศ." in message
    assert "12/11/2569" in message


def test_text_that_is_no_date_and_a_day_that_does_not_exist_are_refused_in_thai():
    assert "วัน/เดือน/ปี พ.ศ." in errors_of("พรุ่งนี้")
    assert "วัน/เดือน/ปี พ.ศ." in errors_of("12/11")
    assert "ไม่มีวันที่นี้" in errors_of("31/2/2569")
    assert "ไม่มีวันที่นี้" in errors_of("12/13/2569")


def test_an_empty_optional_date_is_none_and_a_required_one_is_asked_for():
    assert BEDateField(required=False).clean("") is None
    with pytest.raises(forms.ValidationError):
        BEDateField().clean("")


def test_a_date_is_shown_back_in_the_buddhist_era():
    assert format_be(date(2026, 11, 12)) == "12/11/2569"
    assert format_be(None) == ""
    html = BEDateInput().render("d", date(2026, 7, 3))
    assert 'value="3/7/2569"' in html
    assert "data-be-date" in html
    assert 'inputmode="numeric"' in html


def test_what_was_typed_wrong_is_shown_back_as_typed():
    class F(forms.Form):
        on = BEDateField()

    form = F({"on": "31/2/2569"})
    assert not form.is_valid()
    assert 'value="31/2/2569"' in str(form["on"])


def test_parse_be_round_trips_every_day_shown():
    for d in (date(2024, 2, 29), date(2026, 10, 1), date(2027, 9, 30)):
        assert parse_be(format_be(d)) == d


def _project_form_classes():
    """Every form class defined in the project's own apps."""
    found = set()
    for config in apps.get_app_configs():
        if not str(config.path).startswith(str(settings.BASE_DIR)) or ".venv" in str(config.path):
            continue
        for module in pkgutil.walk_packages([str(config.path)], prefix=f"{config.name}."):
            if ".tests" in module.name or ".migrations" in module.name or ".management" in module.name:
                continue
            loaded = importlib.import_module(module.name)
            for _, obj in inspect.getmembers(loaded, inspect.isclass):
                if issubclass(obj, forms.BaseForm) and obj.__module__ == module.name:
                    found.add(obj)
    return found


def test_every_date_field_of_every_form_is_typed_and_shown_in_the_buddhist_era():
    classes = _project_form_classes()
    with_dates = {}
    for cls in classes:
        for name, field in cls.base_fields.items():
            if isinstance(field, forms.DateField):
                with_dates[f"{cls.__module__}.{cls.__name__}.{name}"] = field
    assert len(with_dates) >= 10, sorted(with_dates)  # the project's date fields were found
    wrong = [
        name
        for name, field in with_dates.items()
        if not isinstance(field, BEDateField) or not isinstance(field.widget, BEDateInput)
    ]
    assert not wrong, wrong
