from decimal import Decimal

from django import template

from core.money import round_to

register = template.Library()


@register.filter
def fixed(value, places=2):
    """{{ mean|fixed }} → "2.43" (a figure rounded half-up to 2 places, always with them); "–" for none."""
    if value is None or value == "":
        return "–"
    places = int(places)
    return f"{round_to(Decimal(value), places):,.{places}f}"


@register.filter
def ratio_percent(result):
    """{{ result|ratio_percent }} → "79.66%" for a result given as numerator ÷ denominator; "" otherwise."""
    if result is None or result.numerator is None or not result.denominator:
        return ""
    return f"{round_to(result.numerator * 100 / result.denominator):,.2f}%"
