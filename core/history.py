"""Who changed what and when, read from django-simple-history for an object's page."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from core.calendar import format_date


@dataclass
class Change:
    field: str
    old: object
    new: object


@dataclass
class HistoryEntry:
    when: object
    who: object
    action: str  # "+" created, "~" changed, "-" deleted
    changes: list[Change]
    subject: str = ""  # which part of the object, when it is not the object itself


def history_of(obj, *, parts=(), limit: int = 50) -> list[HistoryEntry]:
    """The object's history, newest first, each entry with the fields that changed.

    ``parts`` are historical querysets of rows that belong to the object and are edited with it
    (a project's budgets, an indicator's targets): their changes are shown too, named by the row.
    Choices show their labels and foreign keys the related object's name (one query per related model).
    """
    raw = _changes(obj.history.all(), limit, name=None)
    for records in parts:
        raw += _changes(records, limit, name=lambda record: f"{record.instance._meta.verbose_name} {record.instance}")
    raw.sort(key=lambda item: item[0].history_date, reverse=True)
    raw = raw[:limit]
    names = _related_names([(record.instance, change) for record, changes, _ in raw for change in changes])
    return [
        HistoryEntry(
            record.history_date,
            record.history_user,
            record.history_type,
            [
                Change(
                    _label(record.instance, c.field),
                    _shown(record.instance, c.field, c.old, names),
                    _shown(record.instance, c.field, c.new, names),
                )
                for c in changes
            ],
            subject or "",
        )
        for record, changes, subject in raw
    ]


def _changes(records, limit, *, name):
    """(record, field changes, prefix) for each record, diffed against the same row's previous record."""
    records = list(records.select_related("history_user").order_by("-history_date", "-history_id")[: limit * 4])
    previous_of = {}
    for record in reversed(records):
        record.previous = previous_of.get(record.id)
        previous_of[record.id] = record
    result = []
    for record in records:
        changes = []
        if record.history_type == "~" and record.previous is not None:
            changes = record.diff_against(record.previous).changes
            if not changes:
                continue
        result.append((record, changes, name(record) if name else None))
    return result


def _field(obj, name):
    try:
        return obj._meta.get_field(name)
    except FieldDoesNotExist:  # a field since removed from the model
        return None


def _label(obj, name: str) -> str:
    field = _field(obj, name)
    return str(field.verbose_name) if field is not None else name


def _related_names(changes) -> dict:
    wanted = defaultdict(set)
    for obj, change in changes:
        field = _field(obj, change.field)
        if isinstance(field, models.ForeignKey):
            wanted[field.related_model].update(v for v in (change.old, change.new) if v is not None)
    return {
        (model, pk): str(related)
        for model, pks in wanted.items()
        for pk, related in model._default_manager.in_bulk(pks).items()
    }


def _shown(obj, name, value, names):
    field = _field(obj, name)
    if value is None or field is None:
        return value
    if isinstance(field, models.ForeignKey):
        return names.get((field.related_model, value), value)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, date):  # dates (and times) in the Buddhist Era, like everywhere else
        return format_date(value)
    return value
