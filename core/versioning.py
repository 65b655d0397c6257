"""Nobody's save silently lost: one version check for every edit form and every API write.

A *version token* is a short hash of the stored values of the fields a form edits (of one row, or of a
set of rows such as an indicator's targets for a year or a period's organization KPI results). The form
carries it in a hidden ``version`` field from the moment it is loaded (the API sends it as the ``ETag``
and takes it back in ``If-Match``). The save locks the rows (``select_for_update``), computes the token
again inside its transaction and, when the stored values changed since, refuses with ``StaleEdit``:
nothing is written, the person's input stays in the form, and ``changes`` says what is saved now next to
what they typed. No column is needed, so it works for sets of rows as well as for single rows.

A save without a token (an old page, an API client that does not send ``If-Match``) is accepted as before.

Anything edited this way implements three methods (``VersionedForm`` gives them to a ModelForm):

- ``stored_values(lock=False)``: ``{key: (label, value)}`` as stored now, the rows locked if ``lock``;
- ``your_values()``: ``{key: value}`` as the person typed it (keys as in ``stored_values``);
- ``version_history()``: a historical queryset that says who saved last and when (or None).
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django import forms
from django.db import models, transaction
from django.utils.translation import gettext as _

VERSION = "version"


@dataclass
class StaleEdit(Exception):
    """Someone saved what this person edits after they loaded it; nothing of theirs was written.

    ``changes`` lists (label, now saved, yours) for every field where the two differ; ``version`` is the
    token of what is saved now (a form shown again carries it, so saving again is a deliberate choice).
    """

    who: object = None
    when: object = None
    changes: list[tuple[str, object, object]] = field(default_factory=list)
    version: str | None = None

    def __str__(self):
        return _("Someone else saved this after you opened it. Nothing of yours was saved yet.")


def plain(value):
    """A value as the token and the comparison see it: blank is None, numbers without trailing zeros,
    dates in ISO form, rows by their id (a set of rows as the sorted ids)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet) or (
        isinstance(value, list | tuple | set) and value and all(isinstance(v, models.Model) for v in value)
    ):
        return sorted(v.pk for v in value)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value] or None
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()} or None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value)).normalize()
        return format(number, "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value == "" or value is None:
        return None
    if isinstance(value, str):
        try:  # a number typed as text (the API's target strings) compares as the number
            return format(Decimal(value).normalize(), "f") if value.strip() == value else value
        except ArithmeticError:
            return value
    return str(value)


def token(stored: dict) -> str:
    """The version token of stored values ``{key: (label, value)}``: 16 hex digits of their SHA-256."""
    text = json.dumps({key: plain(value) for key, (_label, value) in stored.items()}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def shown(value):
    """A value as the conflict box shows it: a set of rows as their names, blank as None, else as it is."""
    if isinstance(value, models.QuerySet | list | tuple | set):
        return ", ".join(str(v) for v in value) or None
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items()) or None
    if value == "":
        return None
    return value


def differences(stored: dict, yours: dict) -> list[tuple[str, object, object]]:
    """(label, now saved, yours) for each key whose stored value differs from the person's."""
    return [
        (str(label), shown(value), shown(yours.get(key)))
        for key, (label, value) in stored.items()
        if key in yours and plain(value) != plain(yours[key])
    ]


NOTHING_STORED = "new"  # the token of a form whose row does not exist yet


def version_of(edited) -> str:
    """The token of what ``edited`` edits as stored now (``NOTHING_STORED`` when nothing is stored yet)."""
    stored = edited.stored_values()
    return token(stored) if stored else NOTHING_STORED


def check(edited, given: str | None) -> None:
    """Raise ``StaleEdit`` unless what ``edited`` edits is still stored as it was when ``given`` was read.

    Call it inside the save's transaction: it locks the rows first. No token given: nothing is checked.
    """
    given = (given or "").strip().strip('"').removeprefix("W/").strip('"')
    if not given or given == "*":
        return
    stored = edited.stored_values(lock=True)
    now = token(stored) if stored else NOTHING_STORED
    if now == given:
        return
    history = edited.version_history()
    last = history.select_related("history_user").order_by("-history_date").first() if history is not None else None
    raise StaleEdit(
        who=last.history_user if last else None,
        when=last.history_date if last else None,
        changes=differences(stored, edited.your_values()),
        version=now,
    )


def check_forms(forms) -> None:
    """``check`` for several forms saved together (rows of one page), each with its own hidden version.

    Call it inside the save's transaction. Every stale form is shown again with its current version, and
    one ``StaleEdit`` lists the changes of them all.
    """
    refused = []
    for form in forms:
        try:
            check(form, form.cleaned_data.get(VERSION))
        except StaleEdit as stale:
            carry_version(form, stale)
            refused.append(stale)
    if refused:
        changes = [change for stale in refused for change in stale.changes]
        raise StaleEdit(who=refused[0].who, when=refused[0].when, changes=changes, version=refused[0].version)


def save_form(form, *, given: str | None = None, save=None):
    """Save a valid form in one transaction if what it edits is unchanged since it was loaded.

    ``given`` is the token the person started from (default: the form's hidden ``version`` field);
    ``save`` the function that writes (default: ``form.save``). Raises ``StaleEdit``.
    """
    if given is None:
        given = form.cleaned_data.get(VERSION)
    with transaction.atomic():
        check(form, given)
        return (save or form.save)()


def save_or_stale(form, *, save=None):
    """``save_form`` for a screen: (the saved object, None), or (None, the StaleEdit) with the form's
    hidden version moved to what is saved now, the person's input kept."""
    try:
        return save_form(form, save=save), None
    except StaleEdit as stale:
        carry_version(form, stale)
        return None, stale


def carry_version(form, stale: StaleEdit) -> None:
    """Show the form again with the current token: saving again replaces what is saved with the input."""
    data = form.data.copy()
    data[form.add_prefix(VERSION)] = stale.version or ""
    form.data = data


def field_value(instance, name):
    """A model field's stored value: a related row, the list of rows of a many-to-many, or the value."""
    model_field = instance._meta.get_field(name)
    if model_field.many_to_many:
        return list(getattr(instance, name).order_by("pk"))
    return getattr(instance, name)


class VersionedForm:
    """A form mixin: the hidden ``version`` field, and the stored values of a ModelForm's instance.

    Put it first among the bases. A form that edits more (a project's budgets, an indicator's targets)
    overrides ``stored_values``; its extra keys are its field names, so ``your_values`` finds them.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[VERSION] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.fields[VERSION].initial = lambda: version_of(self)  # read when shown: after subclasses' fields

    def version_fields(self) -> list[str]:
        return [name for name in self._meta.fields if name in self.fields]

    def existing_row(self):
        """For a form of a row that may not exist yet but is one of a kind (an organization's monitoring
        settings): that row if someone saved it meanwhile. None by default (a new project is just new)."""
        return None

    def stored_values(self, *, lock=False) -> dict:
        instance = self.instance
        if instance.pk is None:
            row = self.existing_row()
            if row is None:
                return {}
            instance.pk, instance._state.adding = row.pk, False  # saving again changes that row
        rows = type(instance)._default_manager.filter(pk=instance.pk).order_by()  # no joins: FOR UPDATE of this row
        current = (rows.select_for_update() if lock else rows).first()
        if current is None:  # deleted since: every value is gone
            return {name: (self.fields[name].label or name, None) for name in self.version_fields()}
        return {name: (self.fields[name].label or name, field_value(current, name)) for name in self.version_fields()}

    def your_values(self) -> dict:
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in self.fields if name != VERSION}

    def version_history(self):
        history = getattr(type(self.instance), "history", None)
        return history.filter(id=self.instance.pk) if history is not None and self.instance.pk else None
