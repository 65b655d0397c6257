"""How one value of a report reads, by its kind (shared by the web page and the PDF)."""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from core.calendar import format_date
from core.money import format_baht, format_number, format_percent, round_to
from reports.document import DATE, INT, MONEY, NUMBER, PERCENT, SCORE, Link

DASH = "–"


def format_value(value, kind: str) -> str:
    if isinstance(value, Link):
        value = value.text
    if value == "":
        return ""  # left blank on purpose (a heading row)
    if value is None:
        return DASH if kind != "text" else ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, str):
        return value  # text where a number usually stands (a yes/no KPI's answer)
    if kind == MONEY:
        return format_baht(value, unit=False)
    if kind == PERCENT:
        return format_percent(value)
    if kind == INT:
        return format_number(value)
    if kind == SCORE:
        return f"{round_to(Decimal(value)):,.2f}"
    if kind == NUMBER:
        return format_number(value if isinstance(value, int) else round_to(Decimal(value)))
    if kind == DATE or isinstance(value, date):
        return format_date(value)
    return str(value)
