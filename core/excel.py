"""The shared core of every Excel shape: safe reading, tolerant cells, errors, results and writers.

One reader opens a workbook (.xlsx) or a CSV file (UTF-8 with or without BOM, else Thai Windows
cp874/TIS-620) within limits, and refuses hostile files with a message for people. Header rows are
found wherever they are in the first rows, also as two rows under merged cells. Cell parsers accept
what real files hold (Thai digits, thousands separators, numbers stored as text, Buddhist-Era or
Christian years, stray spaces, Windows line breaks) and raise ``ValueError`` otherwise. Errors are
collected row by row; a result counts what was created, updated or left unchanged. Writers make the
templates: Thai headers, dropdown lists, an instructions sheet, and the workbook listing errors.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import io
import logging
import re
import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import transaction
from django.http import FileResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.xml.functions import fromstring

from core.calendar import from_thai_digits, is_fiscal_year

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_FILE = 20 * 1024 * 1024
MAX_UNCOMPRESSED = 50 * 1024 * 1024  # all the entries of the zip together
MAX_COLUMNS = 100
MAX_AMOUNT = Decimal("999999999999.99")  # 14 digits, 2 places
OLE2 = b"\xd0\xcf\x11\xe0"
ZIP = b"PK\x03\x04"
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
LISTS_SHEET = "lists"
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
INFO_FILL = PatternFill("solid", fgColor="EDEDED")
FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[ >/]")
ROW_TAG = re.compile(rb"<(?:\w+:)?row(?=[\s>/])([^>]*)")
ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
DIMENSION_TAG = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\sref="([^"]*)"')
SHEET_DATA = re.compile(rb"<(?:\w+:)?sheetData[\s>/]")
HEAD_ROWS = 10  # title and header rows an import allows above TIDTAM_IMPORT_MAX_ROWS rows of data
SCAN_CHUNK = 1 << 16
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
BOLD = Font(bold=True)
THAI_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
HEAD_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")

log = logging.getLogger(__name__)
Progress = Callable[[int, int, str], None]


def no_progress(done: int, total: int, step: str = "") -> None:
    """The progress callback of an import nobody watches."""


class WorkbookRefused(Exception):
    """The file cannot be read as a workbook at all (the message says why)."""


# Errors and results ------------------------------------------------------------------------------


@dataclass
class RowError:
    sheet: str
    row: int | None
    column: str
    value: str
    message: str

    def as_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }


class Errors(list):
    """Row errors as they are found; ``col`` is a 0-based column index, a letter, or None."""

    def add(self, sheet: str, row: int | None, col, value, message: str) -> None:
        column = get_column_letter(col + 1) if isinstance(col, int) else (col or "")
        self.append(RowError(sheet, row, column, text(value)[:100], str(message)))


KIND_LABELS = {
    "strategies": gettext_lazy("Strategies"),
    "goals": gettext_lazy("Goals / tactics"),
    "programs": gettext_lazy("Programs"),
    "projects": gettext_lazy("Projects"),
    "budgets": gettext_lazy("Budgets"),
    "indicators": gettext_lazy("Indicators"),
    "targets": gettext_lazy("Targets"),
    "reports": gettext_lazy("Progress reports"),
    "results": gettext_lazy("Indicator results"),
    "responses": gettext_lazy("Survey answers"),
    "people": gettext_lazy("Staff"),
    "positions": gettext_lazy("Positions"),
}


@dataclass
class ImportResult:
    """What an import found (errors, warnings) or did (created / updated / unchanged per kind)."""

    kinds: tuple[str, ...] = ()
    errors: Errors = field(default_factory=Errors)
    counts: dict[str, Counter] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, kind: str, outcome: str, n: int = 1) -> None:
        if n:
            self.counts.setdefault(kind, Counter())[outcome] += n

    @property
    def summary(self) -> list[dict]:
        """One row per kind, in the shape's order: kind, label, created, updated, unchanged."""
        return [
            {
                "kind": kind,
                "label": str(KIND_LABELS.get(kind, kind)),
                "created": self.counts.get(kind, Counter())["created"],
                "updated": self.counts.get(kind, Counter())["updated"],
                "unchanged": self.counts.get(kind, Counter())["unchanged"],
            }
            for kind in self.kinds
        ]

    @property
    def error_count(self) -> int:
        return len(self.errors)

    @property
    def changed(self) -> bool:
        return any(c["created"] or c["updated"] for c in self.summary)

    def as_dict(self, limit: int = 1000) -> dict:
        """JSON-safe, for a background job's result (the first ``limit`` errors; the file has them all)."""
        return {
            "ok": self.ok,
            "summary": self.summary,
            "errors": [e.as_dict() for e in self.errors[:limit]],
            "error_count": len(self.errors),
            "warnings": [str(w) for w in self.warnings],
        }


def refused(result: ImportResult, message: str) -> ImportResult:
    result.errors.add("", None, None, "", message)
    return result


def import_workbook(file, *, kinds: tuple[str, ...], csv_sheet: str, read: Callable, write: Callable) -> ImportResult:
    """The one course of every import (plan, KPIs, results, survey answers): all of it, or nothing.

    1. open the upload (refused when it is not a workbook or CSV, or too big: ``open_book``);
    2. ``read(book, result)`` reads and checks every row, adding each row's error to ``result.errors``, and
       returns what to write (a damaged sheet deep in the zip refuses the file, never a 500);
    3. nothing is written when any row has an error;
    4. ``write(data, result)`` writes in one transaction, counting what it did; an error it adds (a row the
       workflow refuses) rolls the whole back and clears the counts.
    """
    result = ImportResult(kinds=kinds)
    try:
        book = open_book(file, csv_sheet=csv_sheet)
    except WorkbookRefused as refusal:
        return refused(result, str(refusal))
    try:
        data = read(book, result)
    except Exception:  # a damaged sheet deep in the zip: refuse, never 500
        log_unreadable()
        return refused(ImportResult(kinds=kinds), unreadable())
    finally:
        book.close()
    if result.errors:
        return result
    with transaction.atomic():
        write(data, result)
        if result.errors:
            transaction.set_rollback(True)
            result.counts.clear()
    return result


# Reading -----------------------------------------------------------------------------------------


@dataclass
class Row:
    number: int  # as the spreadsheet numbers it, from 1
    values: list
    formulas: list[bool]  # a formula whose value was not saved with the file

    def get(self, col: int | None):
        return self.values[col] if col is not None and col < len(self.values) else None

    def is_formula(self, col: int | None) -> bool:
        return col is not None and col < len(self.formulas) and self.formulas[col]


@dataclass
class Sheet:
    name: str
    rows: list[Row]


class Book:
    """The sheets of an uploaded workbook or CSV file, read lazily and within limits."""

    def __init__(self, *, values=None, formulas=None, csv_rows=None, csv_sheet=""):
        self._values, self._formulas, self._csv, self._csv_sheet = values, formulas, csv_rows, csv_sheet
        self.is_csv = csv_rows is not None

    @property
    def sheetnames(self) -> list[str]:
        return [self._csv_sheet] if self.is_csv else list(self._values.sheetnames)

    def find(self, name: str) -> str | None:
        """The sheet's real name, matched without regard to spaces and case (a CSV has its one sheet)."""
        if self.is_csv:
            return self._csv_sheet
        wanted = _squash(name)
        return next((n for n in self.sheetnames if _squash(n) == wanted), None)

    def sheet(self, name: str, errors: Errors) -> Sheet:
        if self.is_csv:
            pairs = ((row, [False] * len(row)) for row in self._csv)
        elif self._formulas is None:
            values = _rows(self._values[name])
            pairs = ((list(v), []) for v in values)
        else:
            values = _rows(self._values[name])
            formulas = _rows(self._formulas[name])
            pairs = (
                (list(v), [isinstance(f, str) and f.startswith("=") for f in fr])
                for v, fr in zip(values, formulas, strict=False)
            )
        return Sheet(name, _collect(name, pairs, errors))

    def close(self) -> None:
        for book in (self._values, self._formulas):
            if book is not None:
                book.close()


def _rows(worksheet):
    """The rows of a read-only sheet to its real end: its declared size may be wrong (the zip scan has
    already refused sheets reaching past ``last_row()``, whatever they declare)."""
    worksheet.reset_dimensions()
    return worksheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)


def last_row() -> int:
    """The last row of a sheet (or line of a CSV file) an import reads: TIDTAM_IMPORT_MAX_ROWS rows of
    data under up to HEAD_ROWS rows of titles and headers. A file reaching further is refused."""
    return settings.TIDTAM_IMPORT_MAX_ROWS + HEAD_ROWS


def too_many_rows() -> str:
    return _("The sheet has more than %(n)s rows. Split the file into smaller files.") % {
        "n": settings.TIDTAM_IMPORT_MAX_ROWS
    }


def _collect(name: str, pairs: Iterable, errors: Errors) -> list[Row]:
    """Non-empty rows, refusing sheets wider than MAX_COLUMNS or longer than ``last_row()``.

    Reading stops at the first row past the limit: refused when it holds anything, else the end.
    """
    rows = []
    limit = last_row()
    for number, (values, flags) in enumerate(pairs, start=1):
        if len(values) > MAX_COLUMNS and any(v not in (None, "") for v in values[MAX_COLUMNS:]):
            errors.add(
                name,
                number,
                MAX_COLUMNS,
                "",
                _("The sheet has more than %(n)s columns. Delete the columns that are not part of the form.")
                % {"n": MAX_COLUMNS},
            )
            return []
        values, flags = list(values[:MAX_COLUMNS]), list(flags[:MAX_COLUMNS])
        empty = all(v is None or text(v) == "" for v in values) and not any(flags)
        if number > limit:
            if empty:
                break
            errors.add(name, number, None, "", too_many_rows())
            return []
        if empty:
            continue
        rows.append(Row(number, values, flags + [False] * (len(values) - len(flags))))
    return rows


def read_bytes(file) -> tuple[bytes, str]:
    """(the first MAX_FILE + 1 bytes, the file's name) of an upload, a path, a file object or bytes."""
    if isinstance(file, bytes | bytearray):
        return bytes(file), ""
    if isinstance(file, str) or hasattr(file, "__fspath__"):
        with open(file, "rb") as handle:
            return handle.read(MAX_FILE + 1), str(file)
    name = str(getattr(file, "name", "") or "")
    if hasattr(file, "seek"):
        file.seek(0)
    return file.read(MAX_FILE + 1), name


def open_book(file, *, csv_sheet: str) -> Book:
    """The workbook or CSV file in ``file``, or WorkbookRefused with a message for people."""
    data, name = read_bytes(file)
    if len(data) > MAX_FILE:
        raise WorkbookRefused(_("This file is larger than 20 MB. Remove other sheets and pictures."))
    suffix = Path(name).suffix.lower()
    if data[:4] == OLE2:
        raise WorkbookRefused(
            _(
                "This file is password-protected or an old .xls workbook. Remove the password or save it "
                "as an Excel workbook (.xlsx) and upload again."
            )
        )
    if data[:4] == ZIP:
        return _open_xlsx(data)
    if suffix in (".csv", ".txt") or (suffix not in (".xlsx", ".xlsm", ".xls") and _looks_like_text(data)):
        return Book(csv_rows=_csv_rows(data), csv_sheet=csv_sheet)
    raise WorkbookRefused(
        _("This file is not an Excel workbook (.xlsx) or a CSV file. Save it as .xlsx and upload again.")
    )


def count_rows(file, sheet_name: str) -> int:
    """How many non-empty rows the sheet of an upload holds (0 when it cannot be read: the import says why)."""
    try:
        book = open_book(file, csv_sheet=sheet_name)
    except WorkbookRefused:
        return 0
    try:
        name = book.find(sheet_name)
        return 0 if name is None else len(book.sheet(name, Errors()).rows)
    except Exception:
        return 0
    finally:
        book.close()
        if hasattr(file, "seek"):
            file.seek(0)


def _looks_like_text(data: bytes) -> bool:
    return bool(data.strip()) and b"\0" not in data[:4096]


def _open_xlsx(data: bytes) -> Book:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > 10000 or sum(e.file_size for e in entries) > MAX_UNCOMPRESSED:
                raise WorkbookRefused(
                    _("This workbook is too large once unpacked (over 50 MB). Remove other sheets and pictures.")
                )
            has_formulas = _scan_sheets(archive)
        values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        # a second reading, of the formulas, only when a sheet has any (to refuse those without a saved value)
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False) if has_formulas else None
    except WorkbookRefused:
        raise
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, TypeError) as error:
        raise WorkbookRefused(
            _("This file is not a readable Excel workbook (.xlsx). Save it again as .xlsx and upload again.")
        ) from error
    except Exception as error:  # any parser failure of a hostile file is a refusal, not a 500
        raise WorkbookRefused(unreadable()) from error
    return Book(values=values, formulas=formulas)


def _scan_sheets(archive: zipfile.ZipFile) -> bool:
    """Refuse a workbook with a sheet of more rows than an import reads, before any cell is parsed;
    True when a sheet has a formula.

    Each sheet's XML is streamed from the zip: its declared size (``<dimension ref="A1:Z400000"/>``,
    which comes before the cells) is refused at once when it reaches past ``last_row()``; the row
    elements are counted, as that size may be missing or wrong, and the reading stops at the first
    one past the limit. A sheet of 400,000 rows is refused after reading a few kilobytes of it.
    """
    limit, names, has_formulas = last_row(), None, False
    for entry in archive.infolist():
        path = entry.filename
        if not (path.startswith("xl/worksheets/") and path.endswith(".xml")) or "/_rels/" in path:
            continue
        declared, rows, formula = _scan_sheet(archive, entry, limit)
        has_formulas = has_formulas or formula
        if declared > limit or rows > limit:
            names = _sheet_names(archive) if names is None else names
            sheet = names.get(path, Path(path).stem)
            if declared > limit:
                message = _(
                    'The sheet "%(sheet)s" has %(rows)s rows (its size as saved in the file), more than the '
                    "%(n)s an import takes. Delete the rows below the data (empty rows that were formatted "
                    "count too) or split the file into smaller files."
                ) % {"sheet": sheet, "rows": f"{declared:,}", "n": f"{settings.TIDTAM_IMPORT_MAX_ROWS:,}"}
            else:
                message = _(
                    'The sheet "%(sheet)s" has more than %(n)s rows. Delete the rows below the data (empty '
                    "rows that were formatted count too) or split the file into smaller files."
                ) % {"sheet": sheet, "n": f"{settings.TIDTAM_IMPORT_MAX_ROWS:,}"}
            raise WorkbookRefused(message)
    return has_formulas


def _scan_sheet(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, limit: int) -> tuple[int, int, bool]:
    """(the last row the sheet declares or 0, the last row read, whether it has a formula), read in
    chunks and stopped as soon as either row passes ``limit``."""
    declared, last, count, formula, in_data, carry = 0, 0, 0, False, False, b""
    with archive.open(entry) as stream:
        while chunk := stream.read(SCAN_CHUNK):
            block = carry + chunk
            cut = block.rfind(b">") + 1  # whole tags only; the rest waits for the next chunk
            block, carry = block[:cut], block[cut:]
            if not in_data:
                found = DIMENSION_TAG.search(block)
                if found and not declared:
                    numbers = re.findall(rb"\d+", found.group(1))
                    declared = int(numbers[-1]) if numbers else 0
                    if declared > limit:
                        return declared, last, formula
                in_data = bool(SHEET_DATA.search(block))
            formula = formula or bool(FORMULA_TAG.search(block))
            for row in ROW_TAG.finditer(block):
                number = ROW_NUMBER.search(row.group(1))
                count += 1
                last = max(last, count, int(number.group(1)) if number else last + 1)
                if last > limit:
                    return declared, last, formula
    return declared, last, formula


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """The sheets' names by the path of their XML in the zip (empty when the workbook part is odd)."""
    try:
        book = fromstring(archive.read("xl/workbook.xml"))
        links = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:
        return {}
    targets = {}
    for link in links:
        target = link.get("Target", "")
        targets[link.get("Id")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    names = {}
    for element in book.iter():
        if str(element.tag).endswith("}sheet") or element.tag == "sheet":
            rid = next((v for k, v in element.attrib.items() if str(k).endswith("}id")), None)
            if rid in targets:
                names[targets[rid]] = element.get("name", "")
    return names


def log_unreadable() -> None:
    """Note in the log why a workbook could not be read (the person only sees that it could not)."""
    log.warning("a workbook could not be read", exc_info=True)


def unreadable() -> str:
    return _("This workbook could not be read. Save it again as .xlsx and upload again.")


def _csv_rows(data: bytes) -> list[list[str]]:
    """The cells of a CSV file: UTF-8 (with or without BOM), else Thai Windows (cp874) or TIS-620."""
    for encoding in ("utf-8-sig", "cp874", "tis_620"):
        try:
            content = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise WorkbookRefused(_("This CSV file could not be read. Save it as CSV UTF-8 and upload again."))
    if "\0" in content:
        raise WorkbookRefused(_("This CSV file could not be read. Save it as CSV UTF-8 and upload again."))
    first = next((line for line in io.StringIO(content) if line.strip()), "")  # not splitlines(): a copy
    delimiter = max([",", ";", "\t"], key=first.count) if first else ","
    limit = last_row()
    rows = []
    try:
        for n, row in enumerate(csv.reader(io.StringIO(content, newline=""), delimiter=delimiter), start=1):
            if n <= limit:
                rows.append(row)
            elif any(cell.strip() for cell in row):
                raise WorkbookRefused(too_many_rows())  # empty lines past the limit are only read
    except csv.Error as error:
        raise WorkbookRefused(
            _("This CSV file could not be read (%(error)s). Save it as CSV UTF-8 and upload again.") % {"error": error}
        ) from error
    return rows


# Headers -----------------------------------------------------------------------------------------


def _squash(value) -> str:
    """Header text for matching: Thai digits as Arabic, no spaces, no required-marks, case-folded."""
    return re.sub(r"[\s*]+", "", from_thai_digits(text(value))).casefold()


def exact_headers(titles: dict) -> Callable[[str], object]:
    """A matcher of header text to a key by the titles (and their aliases: a title may be a tuple)."""
    table = {}
    for key, title in titles.items():
        for one in title if isinstance(title, tuple) else (title,):
            table[_squash(one)] = key
    return table.get


@dataclass
class Header:
    row: int  # the (last) header row's number
    columns: dict  # key → 0-based column
    data: list[Row]  # the rows below the header


def find_header(sheet: Sheet, match, *, anchor, required: dict, errors: Errors) -> Header | None:
    """The header row (the first of the first 20 rows with the anchor column), and its columns.

    ``match(squashed text) → key or None``. A column whose top cell is empty or unknown (a merged
    group such as "ค่าเป้าหมาย 2569") is read together with the cell below it ("ทั้งปี"); then that
    second row is part of the header. ``required`` maps each key that must be there to its title.
    """
    if not sheet.rows:
        errors.add(sheet.name, None, None, "", _("The sheet is empty: it needs its header row."))
        return None
    head_at = next(
        (i for i, row in enumerate(sheet.rows[:20]) if any(match(_squash(v)) == anchor for v in row.values)), None
    )
    if head_at is None:
        errors.add(
            sheet.name,
            sheet.rows[0].number,
            None,
            "",
            _('No header row found. The first row must hold the headers of the form, e.g. "%(title)s".')
            % {"title": required.get(anchor, anchor)},
        )
        return None
    head = sheet.rows[head_at]
    below = sheet.rows[head_at + 1] if head_at + 1 < len(sheet.rows) else None
    keys, carried, sub_used = {}, "", False
    for col, value in enumerate(head.values):
        top = _squash(value)
        carried = top or carried
        key = match(top) if top else None
        if key is None and below is not None and text(below.get(col)):
            key = match(carried + _squash(below.get(col)))
            sub_used = sub_used or key is not None
        if key is not None:
            keys.setdefault(col, key)
    anchor_col = next(col for col, key in keys.items() if key == anchor)
    if sub_used and text(below.get(anchor_col)):
        # the row below is data, not a second header row: read the header row alone
        keys = {col: match(_squash(v)) for col, v in enumerate(head.values) if match(_squash(v)) is not None}
        sub_used = False
    columns = {}
    for col, key in keys.items():
        if key in columns:
            errors.add(
                sheet.name,
                head.number,
                col,
                head.get(col),
                _("Two columns hold the same information; keep one of them."),
            )
        columns.setdefault(key, col)
    for key, title in required.items():
        if key not in columns:
            errors.add(
                sheet.name,
                head.number,
                None,
                "",
                _('The column "%(title)s" is missing. Add it to the header row.') % {"title": title},
            )
    data = sheet.rows[head_at + (2 if sub_used else 1) :]
    return Header(below.number if sub_used else head.number, columns, data)


# Cells -------------------------------------------------------------------------------------------


def text(value) -> str:
    """A cell as clean text: numbers without ".0", Windows line breaks folded, outer spaces dropped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime) and value.time() == time(0):
        value = value.date()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def limited(value, limit: int) -> str:
    """Clean text of at most ``limit`` characters (ValueError when longer)."""
    result = text(value)
    if len(result) > limit:
        raise ValueError
    return result


EMPTY = ("", "-", "–", "—")


def number(value, *, places: int = 4, digits: int = 18, minimum=None, maximum=None) -> Decimal | None:
    """A Decimal rounded half-up to ``places`` (None for an empty cell or a dash).

    Accepts numbers and numbers stored as text with Thai digits, thousands separators, spaces, a
    trailing "%" or "บาท". ValueError for anything else, too many digits, or outside the bounds.
    """
    if value is None:
        return None
    if isinstance(value, bool | datetime | date | time):
        raise ValueError
    if isinstance(value, float):
        value = Decimal(repr(value))
    elif isinstance(value, int):
        value = Decimal(value)
    elif not isinstance(value, Decimal):
        raw = text(value)
        if raw in EMPTY:
            return None
        cleaned = from_thai_digits(raw).replace("\u2212", "-")
        cleaned = re.sub(r"(บาท|%)$", "", cleaned.strip())
        cleaned = re.sub(r"[\s,\u00a0]", "", cleaned)
        if not re.fullmatch(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", cleaned):
            raise ValueError
        value = Decimal(cleaned)
    if not value.is_finite():
        raise ValueError
    try:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise ValueError from None
    if abs(value) >= Decimal(10) ** (digits - places):
        raise ValueError
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ValueError
    return value or abs(value)  # never -0


def money(value) -> Decimal | None:
    """Baht, 2 places, 0 to MAX_AMOUNT."""
    return number(value, places=2, digits=14, minimum=Decimal(0), maximum=MAX_AMOUNT)


def whole(value, *, minimum=None, maximum=None) -> int | None:
    amount = number(value, places=0, digits=12, minimum=minimum, maximum=maximum)
    return None if amount is None else int(amount)


def be_year(value) -> int | None:
    """A fiscal year in the Buddhist Era; a Christian year (1900–2200) is converted (+543)."""
    year = whole(value)
    if year is None:
        return None
    return year_of(year)


def year_of(year: int) -> int:
    if 1900 <= year <= 2200:
        year += 543
    if not is_fiscal_year(year):
        raise ValueError
    return year


YES = {"ใช่", "มี", "yes", "y", "true", "1", "✓", "✔", "x", "ผ่าน"}
NO = {"ไม่ใช่", "ไม่", "ไม่มี", "no", "n", "false", "0", "✗", "ไม่ผ่าน"}


def yes_no(value) -> bool | None:
    if isinstance(value, bool):
        return value
    raw = _squash(value)
    if raw in EMPTY:
        return None
    if raw in YES:
        return True
    if raw in NO:
        return False
    raise ValueError


def yes_no_label(value: bool | None) -> str:
    return "" if value is None else (_("Yes") if value else _("No"))


def _plain(key: str) -> str:
    """Only Thai letters and ASCII letters and digits: a label still matches after a Thai Windows CSV
    turned "÷" or "Σ" into "?", or someone dropped the punctuation."""
    return re.sub(r"[^0-9a-z\u0e00-\u0e7f]+", "", key)


class Choices:
    """A field's choices, read from their code, their Thai label or their English label."""

    def __init__(self, choices, *, blank: str | None = None):
        self.choices = list(choices)
        self.blank = blank
        self._table = {}
        for lang in (None, "th", "en"):
            with translation.override(lang) if lang else contextlib.nullcontext():
                for value, label in self.choices:
                    self._table.setdefault(_plain(_squash(value)), value)
                    self._table.setdefault(_plain(_squash(str(label))), value)

    def __call__(self, value):
        raw = _squash(value)
        if raw in EMPTY:
            return self.blank
        if _plain(raw) not in self._table:
            raise ValueError
        return self._table[_plain(raw)]

    def labels(self) -> list[str]:
        return [str(label) for _value, label in self.choices]

    def label(self, value) -> str:
        return next((str(label) for v, label in self.choices if v == value), "")


def formula_message() -> str:
    return _("Formulas are not accepted; copy the cells and paste them as values, then upload again.")


# Writing -----------------------------------------------------------------------------------------


def put(cell, value):
    """Write a value; text that a spreadsheet would read as a formula stays text (quotePrefix)."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters cannot be stored in XLSX
        if value == "":
            value = None
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(DANGEROUS_START):
            cell.quotePrefix = True
    return cell


@dataclass
class Column:
    key: object
    title: str
    width: int = 16
    format: str = ""  # a number format, e.g. "#,##0.00"
    info: bool = False  # shown for reference, not read back


LANDSCAPE_COLUMNS = 7  # a sheet this wide or wider prints across the page


def page_setup(ws, columns: int, *, header: tuple[int, int] | None = None) -> None:
    """How every sheet the system writes prints: on A4, landscape when it has ``LANDSCAPE_COLUMNS`` columns
    or more, scaled to the page's width (as many pages down as it takes), the rows ``header`` (first, last)
    repeated at the top of every page, and "page n of m" in the footer.

    On a write-only sheet it must be called before the first row (the fit-to-page flag is written first).
    """
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.orientation = "landscape" if columns >= LANDSCAPE_COLUMNS else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.3, footer=0.3)
    if header is not None:
        ws.print_title_rows = f"{header[0]}:{header[1]}"
    ws.oddFooter.center.text = _("Page &P of &N")


LINE_POINTS = 15  # the height of a line of text in the default font


def wrapped_lines(text: str, width: int) -> int:
    """About how many lines ``text`` takes wrapped in a column ``width`` characters wide (Thai vowel and tone
    marks above and below a letter take no width of their own)."""
    per_line = max(width - 1, 1)
    lines = 0
    for part in text.split("\n"):
        letters = len(part) - len(THAI_MARKS.findall(part))
        lines += max(1, -(-letters // per_line))
    return lines


class WrittenSheet:
    """A sheet of a Template being written row by row (openpyxl's write-only mode: each row goes to the
    file as it is appended, so a sheet of any length takes linear time and little memory)."""

    def __init__(self, ws, columns: list[Column]):
        self.ws = ws
        self.columns_spec = columns
        self.max_row = 0  # rows appended so far (the number of the last one)

    @property
    def title(self) -> str:
        return self.ws.title

    def append(self, cells: list) -> int:
        self.ws.append(cells)
        self.max_row += 1
        return self.max_row


class _Styles:
    """The style of a cell looked up once per combination: openpyxl hashes every font, fill and alignment
    given to a cell, which for a sheet of 10,000 rows costs more than writing it. A new cell copies the
    stored style (a short array of indexes into the workbook's style lists) instead."""

    def __init__(self):
        self._known = {}

    def cell(self, ws, value=None, *, font=None, fill=None, alignment=None, number_format=None) -> WriteOnlyCell:
        key = (id(ws.parent), id(font), id(fill), id(alignment), number_format)
        style = self._known.get(key)
        if style is None:
            model = WriteOnlyCell(ws)
            if font is not None:
                model.font = font
            if fill is not None:
                model.fill = fill
            if alignment is not None:
                model.alignment = alignment
            if number_format:
                model.number_format = number_format
            style = self._known[key] = model._style
        cell = WriteOnlyCell(ws)
        cell._style = copy.copy(style)
        put(cell, value)  # may add the quote prefix to this cell's own copy
        return cell


class Template:
    """A workbook being written: sheets with a styled header, dropdown lists and instructions.

    Written in openpyxl's write-only mode: rows stream to the file as they are added (``row``), in time
    linear in their number. Column widths, the frozen header and the print settings are set when a sheet
    is made, before its first row; dropdowns and the hidden sheet of their lists are written at ``save``.
    """

    def __init__(self):
        self.book = Workbook(write_only=True)
        self._cell = _Styles().cell
        self._lists: dict[tuple[str, ...], str] = {}  # the items of each dropdown → their range

    def sheet(self, title: str, columns: list[Column], *, above: list[list] = ()) -> WrittenSheet:
        """A new sheet: ``above`` rows (e.g. what the file is for), then the header row, frozen."""
        ws = self.book.create_sheet(title)
        head = len(above) + 1
        for col, column in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(col)].width = column.width
        ws.freeze_panes = f"A{head + 1}"
        page_setup(ws, len(columns), header=(head, head))
        sheet = WrittenSheet(ws, columns)
        for row in above:
            sheet.append([self._cell(ws, value, font=BOLD if col == 0 else None) for col, value in enumerate(row)])
        sheet.append(
            [
                self._cell(ws, c.title, font=BOLD, fill=INFO_FILL if c.info else HEAD_FILL, alignment=HEAD_ALIGN)
                for c in columns
            ]
        )
        return sheet

    def row(self, sheet: WrittenSheet, values: dict) -> int:
        """Append one row of ``values`` (key → value) under the sheet's columns; returns its number."""
        ws, cells, lines = sheet.ws, [], 1
        for column in sheet.columns_spec:
            value = values.get(column.key)
            fill = INFO_FILL if column.info else None
            if value is None or value == "":
                cells.append(self._cell(ws, fill=fill) if fill else None)
            elif isinstance(value, Decimal | int | float) and not isinstance(value, bool):
                cells.append(self._cell(ws, value, fill=fill, alignment=TOP, number_format=column.format))
            else:
                cells.append(self._cell(ws, str(value), fill=fill, alignment=WRAP))
                lines = max(lines, wrapped_lines(str(value), column.width))
        if lines > 1:  # spreadsheets do not size the rows of a written file: tall enough for the wrapped text
            ws.row_dimensions[sheet.max_row + 1].height = min(409, LINE_POINTS * lines)
        return sheet.append(cells)

    def dropdown(self, sheet: WrittenSheet, key, items: list[str], *, first: int, last: int | None = None) -> None:
        """A list to choose from in the column of ``key`` (typing another value only warns)."""
        cols = [i for i, c in enumerate(sheet.columns_spec, start=1) if c.key == key]
        if not cols or not items:
            return
        ref = self._list_ref(tuple(items))
        validation = DataValidation(type="list", formula1=ref, allow_blank=True, showDropDown=False)
        validation.errorStyle = "warning"
        validation.error = _("Choose a value from the list.")
        validation.showErrorMessage = True
        letter = get_column_letter(cols[0])
        validation.add(f"{letter}{first}:{letter}{max(last or 0, first + 1000)}")
        sheet.ws.data_validations.append(validation)

    def _list_ref(self, items: tuple[str, ...]) -> str:
        if items not in self._lists:
            letter = get_column_letter(len(self._lists) + 1)
            self._lists[items] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$1:${letter}${len(items)}"
        return self._lists[items]

    def instructions(self, title: str, lines: list[str]) -> None:
        ws = self.book.create_sheet(title)
        ws.column_dimensions["A"].width = 110
        page_setup(ws, 1)
        for n, line in enumerate(lines, start=1):
            ws.append([self._cell(ws, str(line), font=BOLD if n == 1 else None, alignment=WRAP)])

    def _write_lists(self) -> None:
        """The hidden last sheet of the dropdowns' lists, one list per column."""
        if not self._lists:
            return
        ws = self.book.create_sheet(LISTS_SHEET)
        ws.sheet_state = "hidden"
        lists = list(self._lists)
        for row in range(max(len(items) for items in lists)):
            ws.append([self._cell(ws, items[row]) if row < len(items) else None for items in lists])

    def save(self, into=None) -> bytes | None:
        """The workbook's bytes; or, given a binary file ``into``, written there (a large export is served
        from a temporary file, never held whole in memory)."""
        self._write_lists()
        if into is not None:
            self.book.save(into)
            return None
        out = io.BytesIO()
        self.book.save(out)
        return out.getvalue()


def xlsx_download(filename: str, write: Callable[[BinaryIO], object]) -> FileResponse:
    """A workbook served from a temporary file: ``write(file)`` writes it there (e.g. an export given
    ``into=file``), and the response streams it in blocks and then closes (so deletes) it. A large export is
    never held whole in memory."""
    file = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it when it is sent)
    try:
        write(file)
        file.seek(0)
    except BaseException:
        file.close()
        raise
    return FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX)


def errors_workbook(errors: Iterable) -> bytes:
    """A workbook listing each problem: sheet, row, column, the value found and what to fix."""
    template = Template()
    ws = template.sheet(
        _("Errors"),
        [
            Column("sheet", _("Sheet"), 18),
            Column("row", _("Row"), 8),
            Column("column", _("Column"), 10),
            Column("value", _("Value"), 30),
            Column("message", _("What to fix"), 90),
        ],
    )
    for error in errors:
        values = error.as_dict() if hasattr(error, "as_dict") else dict(error)
        template.row(ws, values)
    return template.save()


# Fields: one column of a shape, how it is read and written --------------------------------------


@dataclass
class Field:
    """A column of a shape: its Thai header, how a cell is read (``kind``) and shown in a template.

    Kinds: text, number, year, choice, yes_no, info (shown, never read back).
    """

    key: str
    title: str | tuple
    kind: str = "text"
    width: int = 16
    limit: int = 0
    choices: Choices | None = None
    places: int = 4
    digits: int = 18
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    format: str = ""

    @property
    def heading(self) -> str:
        return self.title[0] if isinstance(self.title, tuple) else self.title

    def column(self) -> Column:
        return Column(self.key, self.heading, self.width, self.format, info=self.kind == "info")

    def parse(self, value):
        if self.kind == "text":
            return limited(value, self.limit) if self.limit else text(value)
        if self.kind == "number":
            return number(value, places=self.places, digits=self.digits, minimum=self.minimum, maximum=self.maximum)
        if self.kind == "year":
            return be_year(value)
        if self.kind == "choice":
            return self.choices(value)
        if self.kind == "yes_no":
            return yes_no(value)
        return None

    def show(self, value):
        """The value as the template writes it: choices and yes/no by their label."""
        if self.kind == "choice":
            return self.choices.label(value) if value not in (None, "") else None
        if self.kind == "yes_no":
            return yes_no_label(value) or None
        return value

    def message(self) -> str:
        """What to do when a cell of this column cannot be read."""
        title = self.heading
        if self.kind == "text":
            return _('"%(title)s" is longer than %(n)s characters; shorten it.') % {"title": title, "n": self.limit}
        if self.kind == "number":
            if self.minimum is not None and self.maximum is not None:
                return _('"%(title)s" must be a number from %(min)s to %(max)s (or empty).') % {
                    "title": title,
                    "min": f"{self.minimum:,}",
                    "max": f"{self.maximum:,}",
                }
            if self.minimum is not None:
                return _('"%(title)s" must be a number, %(min)s or more, such as 1,234.5 (or empty).') % {
                    "title": title,
                    "min": f"{self.minimum:,}",
                }
            return _('"%(title)s" must be a number such as 1,234.5 (or empty).') % {"title": title}
        if self.kind == "year":
            return _('"%(title)s" must be a Buddhist-Era year such as 2569 (or empty).') % {"title": title}
        if self.kind == "choice":
            return _('"%(title)s" must be one of: %(choices)s. Choose from the list.') % {
                "title": title,
                "choices": ", ".join(self.choices.labels()),
            }
        if self.kind == "yes_no":
            return _('"%(title)s" must be "%(yes)s" or "%(no)s" (or empty).') % {
                "title": title,
                "yes": _("Yes"),
                "no": _("No"),
            }
        return ""


def field_matcher(fields: list[Field], extra: Callable[[str], object] | None = None):
    """A header matcher for ``fields`` (by title and aliases), then ``extra`` for patterned headers."""
    exact = exact_headers({f.key: f.title for f in fields})

    def match(key: str):
        found = exact(key)
        if found is None and extra is not None:
            found = extra(key)
        return found

    return match


def read_fields(sheet: str, row: Row, columns: dict, fields: list[Field], errors: Errors) -> dict:
    """The values of the present, readable columns of one row (errors collected for the others)."""
    values = {}
    for f in fields:
        col = columns.get(f.key)
        if col is None or f.kind == "info":
            continue
        raw = row.get(col)
        if row.is_formula(col) and raw is None:
            errors.add(sheet, row.number, col, "", formula_message())
            continue
        try:
            values[f.key] = f.parse(raw)
        except (ValueError, TypeError):
            errors.add(sheet, row.number, col, raw, f.message())
    return values


def formula_cells(sheet: str, row: Row, errors: Errors) -> bool:
    """Record an error for each formula without a saved value; True when the row had one."""
    found = False
    for col in range(len(row.values)):
        if row.is_formula(col) and row.get(col) is None:
            errors.add(sheet, row.number, col, "", formula_message())
            found = True
    return found
