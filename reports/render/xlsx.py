"""A report as an XLSX workbook: one sheet per section that asks for one, typed numbers with formats,
Thai headers, frozen header rows, sensible widths.

Text from users is never taken for a formula: every text cell is written as a string with Excel's
"quote prefix", so "=HYPERLINK(...)" stays the text the person typed.
"""

import io
import math
import unicodedata
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from core.excel import page_setup
from reports.document import (
    DATE,
    INT,
    MARK,
    MONEY,
    NUMBER,
    PERCENT,
    SCORE,
    Chart,
    Column,
    Facts,
    Link,
    Paragraphs,
    Photos,
    Report,
    Row,
    Signatures,
    Table,
)
from reports.render.html import THAI_MARKS
from reports.render.values import format_value

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {MONEY: "#,##0.00", INT: "#,##0", PERCENT: '0.00"%"', NUMBER: "#,##0.##", SCORE: "#,##0.00"}
FONT = "TH Sarabun New"
TITLE = Font(name=FONT, bold=True, size=16)
BOLD = Font(name=FONT, bold=True, size=14)
PLAIN = Font(name=FONT, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
SUB = Font(name=FONT, size=13, italic=True)  # a part of the row above (e.g. a KPI's result by sex)
SUB_LABEL = Alignment(wrap_text=True, vertical="top", indent=2)
CENTER = Alignment(wrap_text=True, horizontal="center", vertical="center")
MAX_WIDTH = 60
INVALID_SHEET_CHARS = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def write_text(cell, text: str) -> None:
    """A string cell that no spreadsheet will evaluate, whatever it starts with."""
    cell.value = str(text)
    cell.data_type = "s"
    cell.quotePrefix = True


def write_value(cell, value, kind: str) -> None:
    if isinstance(value, Link):
        value = value.text
    if value is None or value == "":
        return
    if isinstance(value, bool):
        write_text(cell, format_value(value, kind))
    elif isinstance(value, (int, Decimal)) and kind in FORMATS:
        cell.value = value
        cell.number_format = FORMATS[kind]
    elif kind == DATE or isinstance(value, date):
        write_text(cell, format_value(value, DATE))
    else:
        write_text(cell, str(value))


class _Sheet:
    """A sheet being written from the top down."""

    def __init__(self, ws, widths: dict[int, int]):
        self.ws = ws
        self.row = 1
        self.widths = widths
        self.frozen = False
        self.header: tuple[int, int] | None = None  # the first table's header rows, repeated on every printed page

    def line(self, text: str, font=PLAIN) -> None:
        cell = self.ws.cell(self.row, 1)
        write_text(cell, text)
        cell.font = font
        self.row += 1

    def widen(self, column: int, width: int) -> None:
        self.widths[column] = min(MAX_WIDTH, max(self.widths.get(column, 8), width))


def _table(sheet: _Sheet, table: Table) -> None:
    ws = sheet.ws
    if table.title:
        sheet.line(table.title, BOLD)
    top = sheet.row
    if table.has_groups:
        col = 1
        for label, span in table.header_groups:
            cell = ws.cell(sheet.row, col)
            write_text(cell, label)
            for c in range(col, col + span):
                ws.cell(sheet.row, c).fill = HEADER_FILL
                ws.cell(sheet.row, c).border = BOX
            cell.font, cell.alignment = BOLD, CENTER
            if span > 1:
                ws.merge_cells(start_row=sheet.row, start_column=col, end_row=sheet.row, end_column=col + span - 1)
            col += span
        sheet.row += 1
    for col, column in enumerate(table.columns, 1):
        cell = ws.cell(sheet.row, col)
        write_text(cell, column.label)
        cell.font, cell.fill, cell.border, cell.alignment = BOLD, HEADER_FILL, BOX, CENTER
        sheet.widen(col, column.width)
    if not sheet.frozen:
        ws.freeze_panes = ws.cell(sheet.row + 1, 1)
        sheet.frozen = True
        sheet.header = (top, sheet.row)
    sheet.row += 1
    for row in table.rows:
        font = BOLD if row.style in ("group", "total") else SUB if row.style == "sub" else PLAIN
        for col, (value, column) in enumerate(zip(row.cells, table.columns, strict=True), 1):
            cell = ws.cell(sheet.row, col)
            write_value(cell, value, column.kind)
            cell.font, cell.border = font, BOX
            if column.kind == MARK:
                cell.alignment = CENTER
            elif not column.numeric:
                cell.alignment = WRAP
            if row.style == "group":
                cell.fill = GROUP_FILL
            if row.style == "sub" and col == 1:
                cell.alignment = SUB_LABEL
        sheet.row += 1
    if table.note:
        sheet.line(table.note)
    sheet.row += 1


def _chart(sheet: _Sheet, chart: Chart) -> None:
    """A chart's numbers as a small table (the picture is in the page and the PDF)."""
    columns = [Column(chart.title, width=40)] + [Column(s.label, chart.kind, width=14) for s in chart.series]
    _table(sheet, Table(columns=columns, rows=[Row([label, *values]) for label, values in chart.lines]))


def _facts(sheet: _Sheet, facts: Facts) -> None:
    if facts.title:
        sheet.line(facts.title, BOLD)
    for fact in facts.items:
        label = sheet.ws.cell(sheet.row, 1)
        write_text(label, fact.label)
        label.font = BOLD
        cell = sheet.ws.cell(sheet.row, 2)
        write_value(cell, fact.value, fact.kind)
        cell.font = PLAIN
        if fact.detail:
            write_text(sheet.ws.cell(sheet.row, 3), fact.detail)
        sheet.row += 1
    sheet.widen(1, 36)
    sheet.widen(2, 20)
    sheet.row += 1


def _paragraphs(sheet: _Sheet, block: Paragraphs) -> None:
    if block.title:
        sheet.line(block.title, BOLD)
    for text in block.texts:
        cell = sheet.ws.cell(sheet.row, 1)
        write_text(cell, text)
        cell.font, cell.alignment = PLAIN, WRAP
        sheet.row += 1
    sheet.row += 1


def _photos(sheet: _Sheet, block: Photos) -> None:
    if block.title:
        sheet.line(block.title, BOLD)
    for photo in block.items:
        sheet.line(photo.caption)


def _signatures(sheet: _Sheet, block: Signatures) -> None:
    """Who signs and when (a workbook is not signed: the lines are on the PDF)."""
    if block.title:
        sheet.line(block.title, BOLD)
    for s in block.items:
        signed = format_value(s.signed_on, DATE) if s.signed_on else _("not signed")
        sheet.line(f"{s.role}: {s.name or '–'} · {signed}")
    sheet.row += 1


WRITERS = {
    Table: _table,
    Chart: _chart,
    Facts: _facts,
    Paragraphs: _paragraphs,
    Photos: _photos,
    Signatures: _signatures,
}


def _sheet_name(title: str, taken: set[str]) -> str:
    base = (title.translate(INVALID_SHEET_CHARS).strip() or _("Report"))[:28]
    name, n = base, 2
    while name.lower() in taken:
        name = f"{base[:25]} ({n})"
        n += 1
    taken.add(name.lower())
    return name


def _fit_rows(ws, widths: dict[int, int]) -> None:
    """Row heights for the lines each row's wrapped text takes (spreadsheets do not size rows that
    openpyxl wrote), so no text is cut or drawn over the row below."""
    for row in ws.iter_rows():
        lines, points = 1, 0
        for cell in row:
            if cell.value is None:
                continue
            points = max(points, cell.font.sz or 11)
            if cell.alignment.wrap_text:
                width = widths.get(cell.column, 8)
                parts = str(cell.value).split("\n")
                lines = max(lines, sum(max(1, math.ceil(_letters(part) / width)) for part in parts))
        if points:
            ws.row_dimensions[row[0].row].height = round(lines * points * 1.45, 1)


def _letters(text: str) -> int:
    return sum(1 for ch in text if not unicodedata.combining(ch) and ch not in THAI_MARKS)


def render_xlsx(report: Report) -> bytes:
    wb = Workbook()
    taken: set[str] = set()
    sheets: list[_Sheet] = []
    current = None
    for section in report.sections:
        if current is None or section.sheet:
            ws = wb.active if current is None else wb.create_sheet()
            ws.title = _sheet_name(section.sheet or section.title or report.title, taken)
            current = _Sheet(ws, {})
            sheets.append(current)
            current.line(report.title, TITLE)
            for line in [report.org.name, *report.subtitle, *report.notes]:
                current.line(line)
            current.row += 1
        if section.title:
            current.line(section.title, TITLE)
        for block in section.blocks:
            WRITERS[type(block)](current, block)
    for sheet in sheets:
        for col, width in sheet.widths.items():
            sheet.ws.column_dimensions[get_column_letter(col)].width = width + 2
        _fit_rows(sheet.ws, sheet.widths)
        sheet.ws.sheet_view.zoomScale = 100
        page_setup(sheet.ws, sheet.ws.max_column, header=sheet.header)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
