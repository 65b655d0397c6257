"""The Thai calendar and fiscal-year arithmetic: the one place these rules live.

Dates are stored Gregorian (``datetime.date``) and shown in the Buddhist Era (BE = AD + 543).
The Thai fiscal year runs 1 October – 30 September and is named by the BE year in which it
ends: FY 2570 = 1 Oct 2026 – 30 Sep 2027. Fiscal months 1..12 are October..September;
quarters are Q1 Oct–Dec, Q2 Jan–Mar, Q3 Apr–Jun, Q4 Jul–Sep.

Django is imported lazily, so this module imports (and its pure functions run) without settings.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

BE_OFFSET = 543
FISCAL_YEAR_START_MONTH = 10  # October
# The fiscal years the system works with (BE): a year outside them is refused wherever one is read.
FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR = 2500, 2700

THAI_MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
THAI_MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
ENGLISH_MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)
_FROM_THAI = str.maketrans(THAI_DIGITS, "0123456789")


# --- Years -------------------------------------------------------------------------------------


def be_year(ad_year: int) -> int:
    """Buddhist Era year of a Gregorian year: BE = AD + 543."""
    return ad_year + BE_OFFSET


def ad_year(be_year: int) -> int:
    """Gregorian year of a Buddhist Era year: AD = BE − 543."""
    return be_year - BE_OFFSET


def is_fiscal_year(year: int) -> bool:
    """Whether ``year`` is a BE fiscal year the system works with (FIRST_FISCAL_YEAR..LAST_FISCAL_YEAR)."""
    return FIRST_FISCAL_YEAR <= year <= LAST_FISCAL_YEAR


def fiscal_year_of(d: date) -> int:
    """BE fiscal year containing ``d``: October onwards belongs to the next year's fiscal year."""
    ad = d.year + 1 if d.month >= FISCAL_YEAR_START_MONTH else d.year
    return be_year(ad)


def current_fiscal_year(today: date | None = None) -> int:
    """BE fiscal year of ``today`` (default: Django's local date in the project's time zone)."""
    if today is None:
        from django.utils import timezone

        today = timezone.localdate()
    return fiscal_year_of(today)


def fiscal_year_bounds(fy: int) -> tuple[date, date]:
    """First and last day of BE fiscal year ``fy``: 1 Oct of AD (fy − 544) to 30 Sep of AD (fy − 543)."""
    end_ad = ad_year(fy)
    return date(end_ad - 1, 10, 1), date(end_ad, 9, 30)


def fiscal_years_of_span(first_be: int, last_be: int) -> list[int]:
    """Every BE fiscal year from ``first_be`` to ``last_be`` inclusive (e.g. a 5-year plan)."""
    if last_be < first_be:
        raise ValueError(f"span ends ({last_be}) before it starts ({first_be})")
    return list(range(first_be, last_be + 1))


# --- Months, quarters, rounds ------------------------------------------------------------------


def fiscal_month_of(d: date) -> int:
    """Fiscal month 1..12 of ``d``: October is 1, September is 12."""
    return (d.month - FISCAL_YEAR_START_MONTH) % 12 + 1


def fiscal_quarter_of(d: date) -> int:
    """Fiscal quarter 1..4 of ``d``: Q1 Oct–Dec, Q2 Jan–Mar, Q3 Apr–Jun, Q4 Jul–Sep."""
    return (fiscal_month_of(d) - 1) // 3 + 1


def calendar_month_of_fiscal(m: int) -> int:
    """Calendar month 1..12 of fiscal month ``m``: fiscal 1 is October (10), fiscal 4 is January (1)."""
    if not 1 <= m <= 12:
        raise ValueError(f"fiscal month must be 1..12, not {m!r}")
    return (m + FISCAL_YEAR_START_MONTH - 2) % 12 + 1


def fiscal_month_bounds(fy: int, m: int) -> tuple[date, date]:
    """First and last day of fiscal month ``m`` (1 = October .. 12 = September) of BE fiscal year ``fy``."""
    month = calendar_month_of_fiscal(m)
    year = ad_year(fy) - 1 if month >= FISCAL_YEAR_START_MONTH else ad_year(fy)
    start = date(year, month, 1)
    next_month = date(year + month // 12, month % 12 + 1, 1)
    return start, next_month - timedelta(days=1)


def quarter_bounds(fy: int, q: int) -> tuple[date, date]:
    """First and last day of fiscal quarter ``q`` (1..4) of BE fiscal year ``fy``."""
    if not 1 <= q <= 4:
        raise ValueError(f"fiscal quarter must be 1..4, not {q!r}")
    return fiscal_month_bounds(fy, 3 * q - 2)[0], fiscal_month_bounds(fy, 3 * q)[1]


def half_year_bounds(fy: int) -> tuple[date, date]:
    """The 6-month round of BE fiscal year ``fy``: 1 October to 31 March."""
    return fiscal_year_bounds(fy)[0], date(ad_year(fy), 3, 31)


def month_name(month: int, *, short: bool = False, lang: str | None = None) -> str:
    """Name of calendar month 1..12 (1 = January) in Thai or English."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, not {month!r}")
    if resolve_lang(lang) == "en":
        table = ENGLISH_MONTHS_SHORT if short else ENGLISH_MONTHS
    else:
        table = THAI_MONTHS_SHORT if short else THAI_MONTHS
    return table[month - 1]


# --- Display -----------------------------------------------------------------------------------


def resolve_lang(lang: str | None = None) -> str:
    """``"en"`` for any English language code, otherwise ``"th"``.

    ``None`` means Django's active language; Thai when there is none or settings are not configured.
    """
    if lang is None:
        from django.core.exceptions import ImproperlyConfigured
        from django.utils.translation import get_language

        try:
            lang = get_language()
        except ImproperlyConfigured:
            lang = None
    return "en" if lang and lang.lower().startswith("en") else "th"


def format_date(d: date | datetime | None, *, long: bool = False, lang: str | None = None) -> str:
    """Thai "1 ต.ค. 2568" / "1 ตุลาคม 2568" (BE year); English "1 Oct 2025" / "1 October 2025".

    Aware datetimes are first converted to the local date; ``None`` gives "".
    """
    if d is None:
        return ""
    if isinstance(d, datetime):
        if d.utcoffset() is not None:
            from django.utils import timezone

            d = timezone.localtime(d)
        d = d.date()
    if not isinstance(d, date):
        raise TypeError(f"format_date needs a date, not {type(d).__name__}")
    lang = resolve_lang(lang)
    name = month_name(d.month, short=not long, lang=lang)
    year = d.year if lang == "en" else be_year(d.year)
    return f"{d.day} {name} {year}"


def format_fiscal_year(fy: int, lang: str | None = None) -> str:
    """Thai "ปีงบประมาณ พ.ศ. 2569"; English "Fiscal year 2569 (2025–26)"."""
    if resolve_lang(lang) == "en":
        end_ad = ad_year(fy)
        return f"Fiscal year {fy} ({end_ad - 1}–{end_ad % 100:02d})"
    return f"ปีงบประมาณ พ.ศ. {fy}"


def format_quarter(q: int, lang: str | None = None) -> str:
    """Thai "ไตรมาสที่ 1 (ต.ค.–ธ.ค.)"; English "Q1 (Oct–Dec)"."""
    if not 1 <= q <= 4:
        raise ValueError(f"fiscal quarter must be 1..4, not {q!r}")
    lang = resolve_lang(lang)
    first, last = calendar_month_of_fiscal(3 * q - 2), calendar_month_of_fiscal(3 * q)
    months = f"{month_name(first, short=True, lang=lang)}–{month_name(last, short=True, lang=lang)}"
    return f"Q{q} ({months})" if lang == "en" else f"ไตรมาสที่ {q} ({months})"


def to_thai_digits(s: str | int) -> str:
    """Arabic digits 0-9 replaced by Thai digits ๐-๙; everything else unchanged."""
    return str(s).translate(_TO_THAI)


def from_thai_digits(s: str) -> str:
    """Thai digits ๐-๙ replaced by Arabic digits 0-9; everything else unchanged."""
    return s.translate(_FROM_THAI)
