"""Who changed what and when, read from django-simple-history for an object's page."""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import models


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


def history_of(obj, limit: int = 50) -> list[HistoryEntry]:
    """The object's history, newest first, each entry with the fields that changed.

    Choices show their labels and foreign keys the related object's name (one query per related model).
    """
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    raw = []
    for record, previous in zip(records, [*records[1:], None], strict=True):
        changes = []
        if record.history_type == "~" and previous is not None:
            changes = record.diff_against(previous).changes
            if not changes:
                continue
        raw.append((record, changes))
    names = _related_names(obj, [change for _record, changes in raw for change in changes])
    return [
        HistoryEntry(
            record.history_date,
            record.history_user,
            record.history_type,
            [
                Change(_label(obj, c.field), _shown(obj, c.field, c.old, names), _shown(obj, c.field, c.new, names))
                for c in changes
            ],
        )
        for record, changes in raw[:limit]
    ]


def _field(obj, name):
    try:
        return obj._meta.get_field(name)
    except FieldDoesNotExist:  # a field since removed from the model
        return None


def _label(obj, name: str) -> str:
    field = _field(obj, name)
    return str(field.verbose_name) if field is not None else name


def _related_names(obj, changes) -> dict:
    wanted = defaultdict(set)
    for change in changes:
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
    return value
