"""Who changed what and when, read from django-simple-history for an object's page."""

from dataclasses import dataclass


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
    """The object's history, newest first, each entry with the fields that changed (one query)."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for record, previous in zip(records, [*records[1:], None], strict=True):
        if record.history_type == "~" and previous is not None:
            delta = record.diff_against(previous)
            changes = [Change(_label(obj, c.field), c.old, c.new) for c in delta.changes]
            if not changes:
                continue
        else:
            changes = []
        entries.append(HistoryEntry(record.history_date, record.history_user, record.history_type, changes))
    return entries[:limit]


def _label(obj, field_name: str) -> str:
    try:
        return str(obj._meta.get_field(field_name).verbose_name)
    except Exception:  # a field since removed from the model
        return field_name
