"""A report table as HTML, written in Python: a table of 1,000 rows renders in milliseconds, where a
template loop over every cell takes a large part of a second. Shared by the page and the PDF."""

import unicodedata

from django.utils.html import escape, format_html

from reports.document import MARK, Link, Table
from reports.render.values import format_value

# Thai vowels and tone marks written above or below the letter (no width of their own).
THAI_MARKS = set("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
# About how many characters of the table's type fit across the page (the PDF; the web page scrolls).
# (A4 at 13 pt portrait, 12 pt landscape, counted in Latin digits; the web page scrolls.)
LINE = {False: 68, True: 112}
THAI_DIGIT_WIDTH = 1.3  # a Thai digit (๑๒๓) is about this much wider than a Latin one in Sarabun


def fit_widths(table: Table, *, landscape: bool = False, thai_digits: bool = False) -> list[str]:
    """Column widths in percent: numbers as wide as their longest value (so they never wrap), text
    columns sharing the rest by their declared widths."""
    budget = LINE[landscape]
    numeric = {}
    for i, column in enumerate(table.columns):
        if column.numeric:
            longest = max((len(format_value(row.cells[i], column.kind)) for row in table.rows), default=1)
            if thai_digits:
                longest = round(longest * THAI_DIGIT_WIDTH)
            numeric[i] = max(longest + 2, _header_width(str(column.label)), 4)  # +2: bold totals fit too
    rest = max(budget - sum(numeric.values()), budget * 0.3)
    text = {i: c.width for i, c in enumerate(table.columns) if i not in numeric}
    declared = sum(text.values()) or 1
    chars = {**numeric, **{i: rest * w / declared for i, w in text.items()}}
    total = sum(chars.values()) or 1
    return [f"{chars[i] * 100 / total:.2f}%" for i in range(len(table.columns))]


def _header_width(label: str) -> int:
    """The narrowest a heading can be: its longest word; Thai breaks between words inside a run, so a
    Thai run counts half its letters (tone marks and vowels above or below take no width)."""
    widths = []
    for word in label.split():
        letters = sum(1 for ch in word if not unicodedata.combining(ch) and ch not in THAI_MARKS)
        thai = any("\u0e00" <= ch <= "\u0e7f" for ch in word)
        # a short Thai run is usually one word (it cannot break); a long one breaks between its words
        widths.append(max(8, letters // 2) if thai and letters > 8 else letters)
    return max(widths, default=1)


def _cell(value, column, url: str, pdf: bool, blank_none: bool = False) -> str:
    if value is None and blank_none:
        return "<td></td>"  # a heading row: nothing to show under the numbers
    text = escape(format_value(value, column.kind))
    target = value.url if isinstance(value, Link) else url
    if target and not pdf:
        text = format_html('<a href="{}">{}</a>', target, text)
    css = ' class="text-end text-nowrap"' if column.numeric else ""
    if column.kind == MARK:
        css = ' class="text-center"'
    return f"<td{css}>{text}</td>"


def table_html(table: Table, *, pdf: bool = False, landscape: bool = False, thai_digits: bool = False) -> str:
    parts = ['<div class="table-responsive"><table class="table table-sm table-bordered report-table"><colgroup>']
    parts += [f'<col style="width: {w}">' for w in fit_widths(table, landscape=landscape, thai_digits=thai_digits)]
    parts.append("</colgroup><thead>")
    if table.has_groups:
        parts.append("<tr>")
        for label, span in table.header_groups:
            colspan = f' colspan="{span}"' if span > 1 else ""
            parts.append(f'<th scope="col"{colspan} class="text-center">{escape(label)}</th>')
        parts.append("</tr>")
    parts.append("<tr>")
    for column in table.columns:
        css = ' class="text-end"' if column.numeric else (' class="text-center"' if column.kind == MARK else "")
        parts.append(f'<th scope="col"{css}>{escape(column.label)}</th>')
    parts.append("</tr></thead><tbody>")
    styles = {"group": ' class="row-group"', "total": ' class="row-total"', "sub": ' class="row-sub"'}
    for row in table.rows:
        parts.append(f"<tr{styles.get(row.style, '')}>")
        for n, (value, column) in enumerate(zip(row.cells, table.columns, strict=True)):
            parts.append(_cell(value, column, row.url if n == 0 else "", pdf, blank_none=row.style in ("group", "sub")))
        parts.append("</tr>")
    if not table.rows:
        parts.append(f'<tr><td colspan="{len(table.columns)}" class="text-muted">–</td></tr>')
    parts.append("</tbody></table></div>")
    return "".join(parts)
