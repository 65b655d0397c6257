"""``manage.py export_results FILE --org SLUG --year 2570 --period 1 --department NAME``.

Writes a department's projects and KPIs of a reporting period with what was reported so far (.xlsx),
the file ``import_results`` reads back.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.calendar import is_fiscal_year
from monitoring.excel import export_results
from monitoring.models import ReportingPeriod
from monitoring.periods import ensure_periods, policy_for
from orgs.access import Access
from orgs.models import Department, Organization, Role


class PeriodCommand(BaseCommand):
    """The arguments that name an organization, a reporting period and a department."""

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--org", required=True, help="the organization's slug")
        parser.add_argument("--year", type=int, required=True, help="the fiscal year (B.E.)")
        parser.add_argument("--period", type=int, required=True, help="the period's number (quarter or month)")
        parser.add_argument("--department", required=True, help="the department's name")

    def resolve(self, options):
        organization = Organization.objects.filter(slug=options["org"]).first()
        if organization is None:
            raise CommandError(f"no organization {options['org']!r}")
        department = Department.objects.for_org(organization).filter(name=options["department"].strip()).first()
        if department is None:
            raise CommandError(f"no department {options['department']!r}")
        if not is_fiscal_year(options["year"]):
            raise CommandError("--year is a Buddhist-Era fiscal year, e.g. 2570")
        ensure_periods(organization, options["year"])
        period = (
            ReportingPeriod.objects.for_org(organization)
            .filter(fiscal_year=options["year"], number=options["period"], kind=policy_for(organization).period_kind)
            .first()
        )
        if period is None:
            raise CommandError(f"no period {options['period']} in {options['year']}")
        return organization, period, department


class Command(PeriodCommand):
    help = "Export a department's results of a reporting period (.xlsx): the file to fill in and import."

    def handle(self, *args, file, **options):
        organization, period, department = self.resolve(options)
        access = Access(org=organization, roles=frozenset({Role.ADMIN}))  # reading only
        Path(file).write_bytes(export_results(period, department, access=access, today=timezone.localdate()))
        self.stdout.write(f"wrote {department} {period} to {file}")
