"""The plain data structure every report builds, whatever it is rendered to (HTML, XLSX, PDF).

A report is a title and sections; a section holds blocks: tables, charts, paragraphs, facts (label →
figure) and photos. Values stay typed (Decimal, int, date, str) until a renderer formats them by the
column's kind, so the XLSX keeps numbers as numbers and the PDF and page show them in Thai style.
"""

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.core.paginator import Page

from core import pages

# Kinds of value a column (or a fact) holds; renderers format each kind their own way.
TEXT, INT, MONEY, PERCENT, NUMBER, DATE = "text", "int", "money", "percent", "number", "date"
SCORE = "score"  # a mean or a score always shown with two decimals (2.30, 7.00)
MARK = "mark"  # a short mark (✓) centred in its column, as the DLA forms tick their boxes
NUMERIC = (INT, MONEY, PERCENT, NUMBER, SCORE)


@dataclass(frozen=True)
class Link:
    """A value shown as a link on the web page (plain text in XLSX and PDF)."""

    text: object
    url: str

    def __str__(self):
        return str(self.text)


@dataclass
class Column:
    label: str
    kind: str = TEXT
    width: int = 12  # characters, for the XLSX; the page and PDF size columns themselves
    group: str = ""  # a label over several adjacent columns (the first row of a two-row header)

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC


@dataclass
class Row:
    cells: list
    style: str = ""  # "" | "group" (a heading row inside the table) | "total" | "sub" (a part of the row above)
    url: str = ""  # where the row's subject lives (the web page links the first cell)


class LazyRow(Row):
    """A row whose cells are made when first read: a paged table on the web page then makes the cells of
    its page's rows only (a row of the IPTT costs a hundred roundings); the downloads read every row."""

    def __init__(self, make, style: str = "", url: str = ""):
        self._make, self.style, self.url = make, style, url

    @cached_property
    def cells(self) -> list:
        return self._make()


@dataclass
class Table:
    columns: list[Column]
    rows: list[Row]
    title: str = ""
    note: str = ""
    paged: bool = False  # the web page shows it a page at a time (the downloads hold every row)
    template = "reports/blocks/table.html"

    @property
    def lines(self):
        """Each row with its cells paired with their columns: (row, [(value, column), ...])."""
        return [(row, list(zip(row.cells, self.columns, strict=True))) for row in self.rows]

    @property
    def has_groups(self) -> bool:
        return any(c.group for c in self.columns)

    @property
    def header_groups(self) -> list[tuple[str, int]]:
        """The first header row: (label, span) runs of columns sharing a group ("" = none)."""
        runs: list[list] = []
        for c in self.columns:
            if runs and c.group and runs[-1][0] == c.group:
                runs[-1][1] += 1
            else:
                runs.append([c.group, 1])
        return [(label, span) for label, span in runs]


@dataclass
class Series:
    label: str
    values: list  # Decimal | None per label
    color: str = "#0d6efd"


@dataclass
class Chart:
    """A bar chart (horizontal: one bar per label and series). ``kind`` of the values: PERCENT, MONEY, INT."""

    title: str
    labels: list[str]
    series: list[Series]
    kind: str = PERCENT
    maximum: Decimal | None = None  # the axis end; None = the largest value
    template = "reports/blocks/chart.html"

    @property
    def lines(self):
        """Each label with its values, one per series: (label, [value, ...])."""
        return [(label, [s.values[i] for s in self.series]) for i, label in enumerate(self.labels)]


@dataclass
class Paragraphs:
    texts: list[str]
    title: str = ""
    template = "reports/blocks/paragraphs.html"


@dataclass
class Fact:
    label: str
    value: object
    kind: str = TEXT
    detail: str = ""


@dataclass
class Facts:
    items: list[Fact]
    title: str = ""
    template = "reports/blocks/facts.html"


@dataclass
class Photo:
    url: str  # for the web page (a permission-checked view)
    path: str  # the file on disk, for the PDF
    caption: str = ""


@dataclass
class Photos:
    items: list[Photo]
    title: str = ""
    template = "reports/blocks/photos.html"


@dataclass
class Signature:
    """A line to sign: who signs (their role), their name, and the date when they signed (None: blank, to
    be written by hand)."""

    role: str
    name: str = ""
    position: str = ""
    signed_on: date | None = None


@dataclass
class Signatures:
    """Signature lines side by side (two a row on paper), as an official form ends."""

    items: list[Signature]
    title: str = ""
    template = "reports/blocks/signatures.html"


@dataclass
class Section:
    title: str
    blocks: list = field(default_factory=list)
    sheet: str = ""  # the XLSX sheet for this section ("" = the sheet of the section before)
    new_page: bool = False  # the PDF starts the section on a new page
    key: str = ""  # a stable name for code that looks a section up
    landscape: bool = False  # the PDF sets this section on landscape pages (wide tables)


@dataclass
class Report:
    title: str
    org: object
    sections: list[Section]
    subtitle: list[str] = field(default_factory=list)  # lines under the title
    filename: str = "report"  # without extension
    landscape: bool = False
    cover: bool = False  # the PDF opens with a cover page (title, organization, year)
    generated: date | None = None
    notes: list[str] = field(default_factory=list)  # under the title on every rendering

    @property
    def blocks(self):
        return [b for s in self.sections for b in s.blocks]


def is_number(value) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def page_rows(table: Table, number: int, per_page: int = pages.PAGE_SIZE) -> tuple[list[Row], Page]:
    """Page ``number`` of the table's rows, counted in entries (a row with the "sub" rows under it), each
    page opening with the heading ("group") row of its first entry again; "total" rows, which sum every
    row, close every page. The Page's objects are the entries."""
    heading, entries, totals = None, [], []
    for row in table.rows:
        if row.style == "group":
            heading = row
        elif row.style == "sub" and entries:
            entries[-1][1].append(row)
        elif row.style == "total":
            totals.append(row)
        else:
            entries.append((heading, [row]))
    page = pages.page_of(entries, number, per_page=per_page)
    # The page counted every entry; it keeps only its own: the rendered page's context (cyclic, freed by the
    # garbage collector, not at once) then holds its rows, not the thousands of the whole table.
    page.paginator.object_list = page.object_list
    rows, last = [], None
    for heading, group in page:
        if heading is not None and heading is not last:
            rows.append(heading)
            last = heading
        rows += group
    return rows + totals, page


def paginate(report: Report, number: int, per_page: int = pages.PAGE_SIZE) -> tuple[Report, Page | None]:
    """The report as the web page shows it: its first ``paged`` table cut to page ``number`` (the other
    blocks, the summaries of every row among them, whole), and that table's Page (None: nothing paged)."""
    for s, section in enumerate(report.sections):
        for b, block in enumerate(section.blocks):
            if isinstance(block, Table) and block.paged:
                rows, page = page_rows(block, number, per_page)
                blocks = [*section.blocks[:b], replace(block, rows=rows), *section.blocks[b + 1 :]]
                sections = [*report.sections[:s], replace(section, blocks=blocks), *report.sections[s + 1 :]]
                return replace(report, sections=sections), page
    return report, None
