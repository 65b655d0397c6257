"""A report table as HTML, written in Python: a table of 1,000 rows renders in milliseconds, where a
template loop over every cell takes a large part of a second. Shared by the page and the PDF."""

import math
import unicodedata

from django.utils.html import escape, format_html

from reports.document import MARK, Link, Table
from reports.render.values import format_value

# Thai vowels and tone marks written above or below the letter (no width of their own).
THAI_MARKS = set("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
# About how many characters of the table's type fit across the page (the PDF; the web page scrolls).
# (A4 at 13 pt portrait, 12 pt landscape, counted in Latin digits; the web page scrolls.)
LINE = {False: 68, True: 112}
FONT_PT = {False: 13, True: 12}  # the tables' type on paper (reports/render/pdf.css)
THAI_DIGIT_WIDTH = 1.3  # a Thai digit (๑๒๓) is about this much wider than a Latin one in Sarabun
# Headings and totals are bold and cells have padding: a Thai letter and a digit in bold Sarabun are about
# this much wider than a digit of the body, and the padding and borders take about this many digits' room.
THAI_LETTER_WIDTH = 1.2
BOLD_DIGIT_WIDTH = 1.08
HEADER_PADDING = 1.5


def _chars(table: Table, *, landscape: bool, thai_digits: bool) -> dict[int, float]:
    """How many digits' room each column needs (numbers) or gets (text, sharing what the numbers leave)."""
    budget = LINE[landscape]
    numeric = {}
    for i, column in enumerate(table.columns):
        if column.numeric:
            longest = max((len(format_value(row.cells[i], column.kind)) for row in table.rows), default=1)
            if thai_digits:
                longest = round(longest * THAI_DIGIT_WIDTH)
            # a bold total is a little wider than the body's digits; the cell's padding takes room too
            numeric[i] = max(
                math.ceil(longest * BOLD_DIGIT_WIDTH + HEADER_PADDING), _header_width(str(column.label)), 4
            )
    rest = max(budget - sum(numeric.values()), budget * 0.3)
    text = {i: c.width for i, c in enumerate(table.columns) if i not in numeric}
    declared = sum(text.values()) or 1
    return {**numeric, **{i: rest * w / declared for i, w in text.items()}}


def fit_widths(table: Table, *, landscape: bool = False, thai_digits: bool = False) -> list[str]:
    """Column widths in percent: numbers as wide as their longest value (so they never wrap), text
    columns sharing the rest by their declared widths."""
    chars = _chars(table, landscape=landscape, thai_digits=thai_digits)
    total = sum(chars.values()) or 1
    return [f"{chars[i] * 100 / total:.2f}%" for i in range(len(table.columns))]


def pdf_font_size(table: Table, *, landscape: bool = False, thai_digits: bool = False) -> float | None:
    """The smaller type (pt) a table needs on paper when its numbers and its text's least room are wider than
    the page (then every column shrinks alike and the numbers would run out of their cells); None when the
    ordinary size fits. Never below 9 pt."""
    needed = sum(_chars(table, landscape=landscape, thai_digits=thai_digits).values())
    budget = LINE[landscape]
    if needed <= budget:
        return None
    return max(9.0, math.floor(FONT_PT[landscape] * budget / needed * 2) / 2)


def _header_width(label: str) -> int:
    """The narrowest a heading's column can be, in digits of the body: its longest word in bold, plus the
    cell's padding. Thai breaks between words inside a run, so a long Thai run counts half its letters
    (tone marks and vowels above or below take no width)."""
    widths = []
    for word in label.split():
        letters = sum(1 for ch in word if not unicodedata.combining(ch) and ch not in THAI_MARKS)
        thai = any("\u0e00" <= ch <= "\u0e7f" for ch in word)
        # a short Thai run is usually one word (it cannot break); a long one breaks between its words
        if thai:
            widths.append((max(8, letters // 2) if letters > 8 else letters) * THAI_LETTER_WIDTH)
        else:
            widths.append(letters)
    return math.ceil(max(widths, default=1) + HEADER_PADDING)


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
    size = pdf_font_size(table, landscape=landscape, thai_digits=thai_digits) if pdf else None
    style = f' style="font-size: {size}pt"' if size else ""
    parts = [
        f'<div class="table-responsive"><table class="table table-sm table-bordered report-table"{style}><colgroup>'
    ]
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
