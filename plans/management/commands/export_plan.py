"""``manage.py export_plan --org SLUG --year 2570 FILE``: write the plan covering that year as form ผ.02."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from orgs.models import Organization
from plans.excel import export_plan, plan_for_year


class Command(BaseCommand):
    help = "Export the development plan covering a fiscal year (form ผ.02, .xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--org", required=True, help="the organization's slug")
        parser.add_argument("--year", type=int, required=True, help="a fiscal year (B.E.) the plan covers")

    def handle(self, *args, file, org, year, **options):
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            raise CommandError(f"no organization {org!r}")
        plan = plan_for_year(organization, int(year))
        if plan is None:
            raise CommandError(f"no development plan of {org} covers {year}")
        Path(file).write_bytes(export_plan(plan))
        self.stdout.write(f"wrote {plan} to {file}")
