"""The shared renderers: Thai digits, column widths, formula-safe text."""

import io
import subprocess
from decimal import Decimal
from types import SimpleNamespace

from openpyxl import load_workbook

from reports.document import MONEY, Column, Report, Row, Section, Table
from reports.render.html import fit_widths
from reports.render.pdf import render_pdf, thai_digits_in_text
from reports.render.xlsx import render_xlsx

ORG = SimpleNamespace(name="องค์การบริหารส่วนตำบลทดสอบ", district="", province="")


def report(table) -> Report:
    return Report(title="รายงานทดสอบ", org=ORG, sections=[Section("ผลการเบิกจ่าย", [table])], subtitle=["ปี 2569"])


def money_table(*amounts, label='=HYPERLINK("http://x","y")') -> Table:
    columns = [Column("โครงการ", width=40), Column("เบิกจ่าย (บาท)", MONEY, 16)]
    return Table(columns, [Row([label, Decimal(a)]) for a in amounts])


def test_thai_digits_change_the_text_only_never_tags_or_attributes():
    html = '<td style="width: 12.5%" data-n="3">ปี 2569: 1,234.50</td>'
    assert thai_digits_in_text(html) == '<td style="width: 12.5%" data-n="3">ปี ๒๕๖๙: ๑,๒๓๔.๕๐</td>'


def test_a_pdf_in_thai_digits_writes_its_amounts_in_thai_digits():
    content = render_pdf(report(money_table("1234567.50")), thai_digits=True)
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
    assert "๑,๒๓๔,๕๖๗.๕๐" in text and "1,234,567.50" not in text


def test_number_columns_get_the_width_of_their_longest_value_and_text_the_rest():
    table = money_table("1.00", "123456789.00")
    narrow, wide = (float(w.rstrip("%")) for w in fit_widths(table))
    assert narrow + wide == 100
    assert wide * 68 / 100 >= len("123,456,789.00")  # room for the longest amount on a portrait page
    thai_wide = float(fit_widths(table, thai_digits=True)[1].rstrip("%"))
    assert thai_wide > wide  # Thai digits are wider


def test_text_that_looks_like_a_formula_is_written_as_text():
    book = load_workbook(io.BytesIO(render_xlsx(report(money_table("5", label="=1+1")))))
    cells = [c for row in book.active.iter_rows() for c in row if c.value is not None]
    formula = next(c for c in cells if c.value == "=1+1")
    assert formula.data_type == "s" and formula.quotePrefix
    amount = next(c for c in cells if c.value == 5)
    assert amount.data_type == "n" and amount.number_format == "#,##0.00"
    assert book.active.freeze_panes is not None
