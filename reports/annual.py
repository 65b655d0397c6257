"""Saving the annual report's record: one writer at a time, nobody's change silently lost."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from core.versioning import StaleEdit, differences, field_value
from reports.models import AnnualReport

NOT_SAVED = 0  # the version of a record nobody has saved yet


class StaleRecord(StaleEdit):
    """Someone saved the record after this person opened it (core.versioning's refusal and conflict box;
    the record keeps its integer ``version`` as its token)."""

    def __str__(self):
        return _("Someone else saved this report while you were editing it. Reload to see their changes.")


def _stale(current, values: dict, *, again=True) -> StaleRecord:
    """What changed; ``again``: the form shown again carries the current version (saving again replaces)."""
    stored = {name: (AnnualReport._meta.get_field(name).verbose_name, field_value(current, name)) for name in values}
    last = current.history.select_related("history_user").first()
    return StaleRecord(
        who=last.history_user if last else None,
        when=last.history_date if last else None,
        changes=differences(stored, values),
        version=str(current.version) if again else None,
    )


def record_for(org, fiscal_year: int) -> AnnualReport:
    return AnnualReport.objects.for_org(org).filter(fiscal_year=fiscal_year).first() or AnnualReport(
        organization=org, fiscal_year=fiscal_year
    )


@transaction.atomic
def annual_report_save(*, org, fiscal_year: int, values: dict, version: int, access, user) -> AnnualReport:
    """Save the record's texts and dates (``values``) if it is still the ``version`` the person started
    from (``NOT_SAVED`` for a record nobody had saved); raise StaleRecord if not."""
    if not access.can("evaluation.edit"):
        raise PermissionDenied
    record = AnnualReport.objects.for_org(org).select_for_update().filter(fiscal_year=fiscal_year).first()
    if record is None:
        record = AnnualReport(organization=org, fiscal_year=fiscal_year, version=NOT_SAVED)
    elif version == NOT_SAVED:  # someone saved the first version meanwhile: reload, then change theirs
        raise _stale(record, values, again=False)
    elif record.version != version:
        raise _stale(record, values)
    for name, value in values.items():
        setattr(record, name, value)
    record.version += 1
    record.updated_by = user
    record.save()
    return record
