"""Saving the annual report's record: one writer at a time, nobody's change silently lost."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.versioning import StaleEdit, differences, field_value
from reports.models import AnnualReport


class StaleRecord(StaleEdit):
    """Someone saved the record after this person opened it (core.versioning's refusal and conflict box;
    the record keeps its integer ``version`` as its token)."""

    def __str__(self):
        return _("Someone else saved this report while you were editing it. Reload to see their changes.")


def _stale(form, current, *, again=True) -> StaleRecord:
    """What changed; ``again``: the form shown again carries the current version (saving again replaces)."""
    names = form._meta.fields
    stored = {name: (form.fields[name].label, field_value(current, name)) for name in names}
    last = current.history.select_related("history_user").first()
    return StaleRecord(
        who=last.history_user if last else None,
        when=last.history_date if last else None,
        changes=differences(stored, {name: form.cleaned_data.get(name) for name in names}),
        version=str(current.version) if again else None,
    )


def record_for(org, fiscal_year: int) -> AnnualReport:
    return AnnualReport.objects.for_org(org).filter(fiscal_year=fiscal_year).first() or AnnualReport(
        organization=org, fiscal_year=fiscal_year
    )


@transaction.atomic
def save_record(form, *, user) -> AnnualReport:
    """Save the form if the record is still the version the person started from; raise StaleRecord if not."""
    record = form.instance
    if record.pk:
        current = AnnualReport.objects.select_for_update().get(pk=record.pk)
        if current.version != form.cleaned_data["version"]:
            raise _stale(form, current)
    else:
        created = AnnualReport.objects.filter(organization=record.organization, fiscal_year=record.fiscal_year).first()
        if created is not None:  # someone saved the first version meanwhile: reload, then change theirs
            raise _stale(form, created, again=False)
    record = form.save(commit=False)
    record.version = form.cleaned_data["version"] + 1 if record.pk else 1
    record.updated_by = user
    record.save()
    return record
