"""The one date input of the site: dates typed and shown as d/m/yyyy in the Buddhist Era (พ.ศ.).

Every form's date field is a ``BEDateField`` (``core.forms.OrgModelForm`` and ``ThaiDateForms`` map a model's
DateField to it, so no form names it by hand). What it reads:

- ``12/11/2569`` — day/month/year, the year in พ.ศ. (``-`` or ``.`` also separate; Thai digits are read too);
- ``12/11/69`` — a two-digit year is 25xx พ.ศ. (2500–2599, i.e. 1957–2056), as Thai offices write it;
- ``2026-11-12`` — the ISO form a browser's own date picker (and a script or test) sends: Gregorian.

A four-digit d/m/yyyy year before 2400 is refused with a Thai message naming the พ.ศ. year meant
(``12/11/2026`` → "ใช้ปี พ.ศ. เช่น 12/11/2569"), so a Gregorian year is never stored 543 years out.
The widget shows a date back as ``12/11/2569``; ``static/js/tidtam.js`` adds a calendar button that opens
the browser's date picker and writes the chosen day back in พ.ศ.
"""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.calendar import ad_year, be_year, from_thai_digits

_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
FIRST_BE_YEAR = 2400  # a four-digit year below this was typed in ค.ศ.


def format_be(d: date | None) -> str:
    """``date(2026, 11, 12)`` → ``"12/11/2569"``; ``None`` → ``""``."""
    return "" if d is None else f"{d.day}/{d.month}/{be_year(d.year)}"


def parse_be(text: str) -> date:
    """The date typed as d/m/yyyy พ.ศ. (or d/m/yy, or ISO); ValidationError with a Thai message otherwise."""
    text = from_thai_digits(str(text)).strip()
    iso = _ISO.match(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
        if year >= FIRST_BE_YEAR:  # 2569-11-12: a พ.ศ. year written the ISO way
            year = ad_year(year)
    else:
        dmy = _DMY.match(text)
        if not dmy:
            raise ValidationError(_("Type the date as day/month/year in the Buddhist Era, e.g. 12/11/2569."), "format")
        day, month, year = (int(part) for part in dmy.groups())
        if len(dmy.group(3)) == 2:
            year += 2500
        elif year < FIRST_BE_YEAR:
            raise ValidationError(
                _("Use the Buddhist Era year: %(day)s/%(month)s/%(be)s, not %(year)s."),
                "gregorian",
                params={"day": day, "month": month, "be": be_year(year), "year": year},
            )
        year = ad_year(year)
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(_("There is no such date: check the day and the month."), "no_such_date") from None


class BEDateInput(forms.TextInput):
    """A text input for d/m/yyyy พ.ศ.; ``data-be-date`` asks tidtam.js for its calendar button."""

    def __init__(self, attrs=None):
        defaults = {
            "inputmode": "numeric",
            "autocomplete": "off",
            "placeholder": _("dd/mm/yyyy (B.E.)"),
            "pattern": r"\s*[0-9๐-๙]{1,2}[\/.\-][0-9๐-๙]{1,2}[\/.\-]([0-9๐-๙]{2}|[0-9๐-๙]{4})\s*|\d{4}-\d{2}-\d{2}",
            "data-be-date": "",
            "data-picker-label": _("Choose from the calendar"),
            "size": 12,
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, date):
            return format_be(value)
        return super().format_value(value)


class BEDateField(forms.DateField):
    """A date typed and shown in พ.ศ. (see the module's docstring)."""

    widget = BEDateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        return parse_be(value)

    def prepare_value(self, value):
        return value

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["title"] = str(_("Day/month/year in the Buddhist Era, e.g. 12/11/2569"))
        return attrs


def be_formfield(db_field: models.Field, **kwargs):
    """``formfield_callback``: a model's DateField becomes a BEDateField (its widget too); others as usual."""
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs["form_class"] = BEDateField
        if not isinstance(kwargs.get("widget"), BEDateInput):
            kwargs["widget"] = BEDateInput
    return db_field.formfield(**kwargs)
