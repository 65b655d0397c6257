"""Money and percentages: baht are ``Decimal`` with 2 places, rounded half-up, never ``float``."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from core.calendar import from_thai_digits

CENT = Decimal("0.01")
BAHT_UNIT = "บาท"
_AMOUNT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")

Number = Decimal | int


def _exact(value: object, what: str) -> Decimal:
    """``value`` as an exact Decimal; floats (and bools) are refused because they are not exact."""
    if isinstance(value, float):
        raise TypeError(f"{what} must not be a float (inexact); use Decimal")
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{what} must be a Decimal or int, not {type(value).__name__}")
    return Decimal(value)


def _quantize(value: Decimal, exponent: Decimal) -> Decimal:
    """``value`` rounded half-up to ``exponent``; never negative zero."""
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value}")
    try:
        result = value.quantize(exponent, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise ValueError(f"number too large: {value}") from None
    return result if result else abs(result)


def round_to(value: Number | None, places: int = 2) -> Decimal | None:
    """``value`` rounded half-up to ``places`` decimals, the one rounding of every figure shown; None stays None."""
    if value is None:
        return None
    return _quantize(_exact(value, "value"), Decimal(1).scaleb(-places))


def parse_baht(text: str) -> Decimal:
    """Decimal of an amount typed by a person: spaces, commas, Thai digits and a trailing "บาท" allowed."""
    cleaned = from_thai_digits(text).strip()
    cleaned = cleaned.removesuffix(BAHT_UNIT)
    cleaned = re.sub(r"[\s,]", "", cleaned)
    if not _AMOUNT.fullmatch(cleaned):
        raise ValueError(f"not an amount of baht: {text!r}")
    return Decimal(cleaned)


def to_baht(value: Decimal | int | str) -> Decimal:
    """Baht as a Decimal rounded half-up to 0.01 (satang). Floats are refused: TypeError."""
    amount = parse_baht(value) if isinstance(value, str) else _exact(value, "money")
    return _quantize(amount, CENT)


def format_baht(value: Decimal | int | str | None, *, unit: bool = True) -> str:
    """Baht for display: "1,234,567.00 บาท", ``unit=False`` "1,234,567.00", "-1,234.50 บาท"; None gives ""."""
    if value is None:
        return ""
    text = f"{to_baht(value):,.2f}"
    return f"{text} {BAHT_UNIT}" if unit else text


def format_percent(value: Number | None, places: int = 2) -> str:
    """Percentage for display: "85.50%" rounded half-up to ``places``; Decimal/int only; None gives "–"."""
    if value is None:
        return "–"
    number = _quantize(_exact(value, "percent"), Decimal(1).scaleb(-places))
    return f"{number:,.{places}f}%"


def share(part: Number, whole: Number) -> Decimal | None:
    """``part`` as a percentage of ``whole`` (part / whole × 100), unrounded; None when whole is 0."""
    part, whole = _exact(part, "part"), _exact(whole, "whole")
    if not whole:
        return None
    return part * 100 / whole


def largest_remainder(values: list[Number], total: Number = 100, places: int = 2) -> list[Decimal]:
    """Shares of ``values`` rounded to ``places`` that add up to exactly ``total`` (Hare largest remainder).

    Each value gets the floor of its exact quota; the units left over go one each to the largest
    remainders (earlier items win ties). An all-zero group gets all zeros.
    """
    exact = [_exact(v, "value") for v in values]
    if any(v < 0 for v in exact):
        raise ValueError("largest_remainder needs non-negative values")
    unit = Decimal(1).scaleb(-places)
    units = Fraction(_exact(total, "total")) / Fraction(unit)
    if units < 0 or units.denominator != 1:
        raise ValueError(f"total {total} is not a non-negative multiple of {unit}")
    whole = sum(exact, Decimal(0))
    if not whole:
        return [Decimal(0).quantize(unit) for _ in exact]
    quotas = [Fraction(v) * units / Fraction(whole) for v in exact]
    floors = [q.numerator // q.denominator for q in quotas]
    leftover = int(units) - sum(floors)
    by_remainder = sorted(range(len(quotas)), key=lambda i: (floors[i] - quotas[i], i))
    for i in by_remainder[:leftover]:
        floors[i] += 1
    return [(n * unit).quantize(unit) for n in floors]


def format_number(value: Number | None, *, grouping: bool = True) -> str:
    """A measured value as people write it: no trailing zeros, never "1E+2"; thousands separated unless
    ``grouping`` is off (for the value of an input field)."""
    if value is None:
        return ""
    if isinstance(value, float):
        raise TypeError("format_number takes Decimal or int, not float")
    text = f"{Decimal(value):,f}" if grouping else f"{Decimal(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
