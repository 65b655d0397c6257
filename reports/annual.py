"""Saving the annual report's record: one writer at a time, nobody's change silently lost."""

from django.db import transaction
from django.utils.translation import gettext as _

from reports.models import AnnualReport


class StaleRecord(Exception):
    """Someone saved the record after this person opened it."""


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
            raise StaleRecord(
                _("Someone else saved this report while you were editing it. Reload to see their changes.")
            )
    elif AnnualReport.objects.filter(organization=record.organization, fiscal_year=record.fiscal_year).exists():
        raise StaleRecord(_("Someone else saved this report while you were editing it. Reload to see their changes."))
    record = form.save(commit=False)
    record.version = form.cleaned_data["version"] + 1 if record.pk else 1
    record.updated_by = user
    record.save()
    return record
