"""Paper answers in Excel: the workbook to fill in, made from the survey's questions (one row per paper
form, one column per question, the answers to choose from in drop-downs), and its import.

The import is all-or-nothing: every row is checked first, and one error anywhere writes nothing.
A choice or a rating cell takes the answer's text as offered, or its number in the list of answers
(ratings 0–10: the score itself).
"""

from datetime import date, datetime
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.calendar import from_thai_digits
from core.excel import (
    ImportResult,
    _squash,
    find_header,
    import_workbook,
    limited,
    no_progress,
    page_setup,
    refused,
    text,
)
from surveys.answering import TEXT_LIMIT, questions_of, response_record
from surveys.models import Question, Response, Survey

SHEET = "คำตอบ"
CHOICES_SHEET = "ตัวเลือก"
DATE_KEY = "answered_on"


def _date_title() -> str:
    return _("Answered on")


def _header(question: Question) -> str:
    return f"{question.number}. {question.text}"


def export_template(survey: Survey) -> bytes:
    """The workbook to type paper forms into: the header row of the questions, drop-downs of the answers."""
    questions = questions_of(survey)
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    choices = book.create_sheet(CHOICES_SHEET)
    bold = Font(bold=True)
    sheet.append([_date_title(), *(_header(q) for q in questions)])
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    sheet.row_dimensions[1].height = 60
    sheet.column_dimensions["A"].width = 14
    sheet.freeze_panes = "B2"
    page_setup(sheet, len(questions) + 1, header=(1, 1))
    choices.append([_("Question"), _("Answers to choose from")])
    for cell in choices[1]:
        cell.font = bold
    for col, question in enumerate(questions, start=2):
        letter = get_column_letter(col)
        sheet.column_dimensions[letter].width = 18 if question.kind != Question.Kind.TEXT else 40
        options = list(question.options.all())
        if not options:
            continue
        row = choices.max_row + 1
        choices.cell(row=row, column=1, value=_header(question))
        for offset, option in enumerate(options, start=2):
            choices.cell(row=row, column=offset, value=option.label)
        end = get_column_letter(len(options) + 1)
        validation = DataValidation(
            type="list",
            formula1=f"'{CHOICES_SHEET}'!$B${row}:${end}${row}",
            allow_blank=True,
            showErrorMessage=False,
        )
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}1000")
    choices.column_dimensions["A"].width = 50
    page_setup(choices, choices.max_column, header=(1, 1))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _answered_on(value) -> date:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        day = value
    else:
        raw = from_thai_digits(text(value)).replace("-", "/").replace(".", "/")
        parts = raw.split("/")
        if len(parts) != 3 or not all(p.isdigit() for p in parts):
            raise ValueError
        first, second, third = (int(p) for p in parts)
        year, month, day_number = (first, second, third) if first > 31 else (third, second, first)
        if year > 2400:
            year -= 543
        day = date(year, month, day_number)
    if day.year > 2400:  # a Buddhist Era year typed into a date cell
        day = day.replace(year=day.year - 543)
    if day > timezone.localdate():
        raise ValueError
    return day


def _option_for(question: Question, value):
    wanted = _squash(value)
    options = list(question.options.all())
    for option in options:
        if _squash(option.label) == wanted:
            return option
    number = from_thai_digits(text(value))
    if number.isdigit() and question.kind != Question.Kind.RATING_10:
        position = int(number)
        if 1 <= position <= len(options):
            return options[position - 1]
    return None


def import_responses(survey: Survey, file, *, access, user, progress=no_progress) -> ImportResult:
    """Read every row of the sheet; when all are right, record one paper response per row (else none)."""

    def read(book, result):
        name = book.find(SHEET)
        if name is None:
            refused(result, _('The sheet "%(sheet)s" is missing. Use the template of this survey.') % {"sheet": SHEET})
            return []
        sheet = book.sheet(name, result.errors)
        if result.errors:
            return []
        return _read_rows(survey, sheet, result, progress)

    def write(rows, result):
        for index, (answered_on, answers) in enumerate(rows, start=1):
            progress(index, len(rows), "save")
            response_record(
                survey=survey,
                answers=answers,
                channel=Response.Channel.PAPER,
                answered_on=answered_on,
                user=user,
                access=access,
                capped=False,
            )
        result.count("responses", "created", len(rows))

    return import_workbook(file, kinds=("responses",), csv_sheet=SHEET, read=read, write=write)


def _read_rows(survey, sheet, result, progress) -> list:
    """Each row's date and answers (question → option or text), every error of every row in ``result``."""
    questions = questions_of(survey)
    by_number = {q.number: q for q in questions}
    date_title = _squash(_date_title())

    def match(squashed: str):
        if squashed == date_title:
            return DATE_KEY
        head = squashed.split(".", 1)[0]
        return int(head) if head.isdigit() and int(head) in by_number else None

    header = find_header(sheet, match, anchor=DATE_KEY, required={DATE_KEY: _date_title()}, errors=result.errors)
    if header is None or result.errors:
        return []
    rows = []
    total = len(header.data)
    for index, row in enumerate(header.data, start=1):
        progress(index, total, "check")
        if not any(text(v) for v in row.values):
            continue
        answers = {}
        raw = row.get(header.columns[DATE_KEY])
        try:
            answered_on = _answered_on(raw)
        except (ValueError, TypeError):
            answered_on = None
            message = (
                _("Enter the date the form was filled in, e.g. 15/01/2569.")
                if not text(raw)
                else _("This is not a date on or before today; write it as day/month/year, e.g. 15/01/2569.")
            )
            result.errors.add(SHEET, row.number, header.columns[DATE_KEY], raw, message)
        for number, question in by_number.items():
            col = header.columns.get(number)
            value = row.get(col) if col is not None else None
            if not text(value):
                if question.required:
                    result.errors.add(SHEET, row.number, col, "", _("Question %(n)s must be answered.") % {"n": number})
                continue
            if question.kind == Question.Kind.TEXT:
                try:
                    answers[question.pk] = limited(value, TEXT_LIMIT)
                except ValueError:
                    result.errors.add(SHEET, row.number, col, value, _("At most %(n)s characters.") % {"n": TEXT_LIMIT})
                continue
            option = _option_for(question, value)
            if option is None:
                labels = ", ".join(o.label for o in question.options.all())
                result.errors.add(
                    SHEET,
                    row.number,
                    col,
                    value,
                    _("Question %(n)s takes one of: %(labels)s.") % {"n": number, "labels": labels},
                )
            else:
                answers[question.pk] = option.pk
        rows.append((answered_on, answers))
    if not rows and not result.errors:
        refused(result, _("The sheet has no answers under its header row."))
    return rows
