"""Every table a person sees on a page can be downloaded as XLSX, by one mechanism.

The page's view answers ``?format=xlsx`` (with the page's own filters in the query) with the rows it
shows, built by the same selector under the same scope (organization, department) and filters, every row
of a paginated list, and hands them to ``download``; the template offers the link with
``{% include "core/_xlsx_link.html" %}``. The workbook (core.excel): the page's title and filters above
a styled, frozen header, numbers kept as numbers, dates in พ.ศ., printed as every workbook is
(core.excel.page_setup).

    if tables.wants_xlsx(request):
        return tables.download("projects-2569", _("Projects"), COLUMNS, rows, lines=[...])
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.http import FileResponse
from django.utils.translation import gettext as _

from core.dates import format_be
from core.excel import Column, Template, xlsx_download

FORMAT = "xlsx"
MONEY = "#,##0.00"
NUMBER = "#,##0.##"
PERCENT = '0.00"%"'  # a share already in percent (85.5 → 85.50%)
SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


@dataclass
class Col:
    """A column of a page's table: its heading, its width in characters and a number format."""

    label: str
    width: int = 16
    format: str = ""


def wants_xlsx(request) -> bool:
    """True when the page is asked for its table as a workbook (``?format=xlsx``)."""
    return request.GET.get("format") == FORMAT


def cell(value):
    """A value as the workbook keeps it: numbers as numbers, dates in พ.ศ., yes/no in words, text as text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, Decimal | int | float):
        return value
    if isinstance(value, date):
        return format_be(value)
    return str(value)


def write(into, title: str, columns: list[Col], rows: Iterable[Iterable], *, lines: Iterable[str] = ()) -> None:
    """The table as a workbook written into the binary file ``into``: ``lines`` (what the page shows above
    its table: the organization, the filters) above the header row, then one row per row."""
    template = Template()
    above = [[str(title)], *[[str(line)] for line in lines if line]]
    name = SHEET_NAME.sub(" ", str(title)).strip()[:31] or _("Table")
    heads = [Column(n, str(c.label), c.width, c.format) for n, c in enumerate(columns)]
    sheet = template.sheet(name, heads, above=above)
    for row in rows:
        template.row(sheet, {n: cell(value) for n, value in enumerate(row)})
    template.save(into)


def download(filename: str, title: str, columns: list[Col], rows: Iterable[Iterable], *, lines=()) -> FileResponse:
    """The page's table as an XLSX download (``filename`` without its extension)."""
    return xlsx_download(f"{filename}.xlsx", lambda file: write(file, title, columns, rows, lines=lines))
