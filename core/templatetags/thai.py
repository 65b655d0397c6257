"""Thai display filters, a template builtin (settings TEMPLATES builtins), so no {% load %} is needed.

Every filter gives "" for None or "" and otherwise delegates to ``core.calendar`` / ``core.money``;
money filters raise TypeError on a float, as the functions do: money is never a float.
"""

from django import template

from core.calendar import format_date, format_fiscal_year, format_quarter, to_thai_digits
from core.money import format_baht, format_percent

register = template.Library()


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value == "")


@register.filter
def be_date(value):
    """{{ d|be_date }} → "1 ต.ค. 2568" (English: "1 Oct 2025")."""
    return "" if _blank(value) else format_date(value)


@register.filter
def be_date_long(value):
    """{{ d|be_date_long }} → "1 ตุลาคม 2568" (English: "1 October 2025")."""
    return "" if _blank(value) else format_date(value, long=True)


@register.filter
def baht(value):
    """{{ amount|baht }} → "1,234,567.00 บาท"."""
    return "" if _blank(value) else format_baht(value)


@register.filter
def baht_number(value):
    """{{ amount|baht_number }} → "1,234,567.00"."""
    return "" if _blank(value) else format_baht(value, unit=False)


@register.filter
def fiscal_year(value):
    """{{ 2569|fiscal_year }} → "ปีงบประมาณ พ.ศ. 2569" (English: "Fiscal year 2569 (2025–26)")."""
    return "" if _blank(value) else format_fiscal_year(int(value))


@register.filter
def quarter(value):
    """{{ 1|quarter }} → "ไตรมาสที่ 1 (ต.ค.–ธ.ค.)" (English: "Q1 (Oct–Dec)")."""
    return "" if _blank(value) else format_quarter(int(value))


@register.filter
def thai_digits(value):
    """{{ "2569"|thai_digits }} → "๒๕๖๙"."""
    return "" if _blank(value) else to_thai_digits(str(value))


@register.filter
def percent(value):
    """{{ share|percent }} → "85.50%" (Decimal or int; floats raise TypeError)."""
    return "" if _blank(value) else format_percent(value)


@register.filter
def be_datetime(value):
    """{{ when|be_datetime }} → "1 ต.ค. 2568 14:30" in local time."""
    if _blank(value):
        return ""
    from django.utils import timezone

    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_date(local)} {local:%H:%M}"


@register.filter
def fy_short(value):
    """{{ 2569|fy_short }} → "2569" with the BE marker in Thai ("พ.ศ. 2569"), "FY 2569" in English."""
    from core.calendar import resolve_lang

    if _blank(value):
        return ""
    return f"พ.ศ. {value}" if resolve_lang() == "th" else f"FY {value}"


@register.filter
def baht_or_dash(value):
    """{{ amount|baht_or_dash }} → "1,234.00", or "–" for zero or nothing (as in form ผ.02)."""
    return "–" if _blank(value) or value == 0 else format_baht(value, unit=False)


@register.filter
def num(value):
    """{{ value|num }} → "1,234.5" (no trailing zeros, no exponent); "" for nothing."""
    from core.money import format_number

    return "" if _blank(value) else format_number(value)
