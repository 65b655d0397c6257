"""``manage.py export_plan --org SLUG --year 2570 FILE``: write one of the shapes as .xlsx.

``--shape plan`` (default): the development plan covering that year, form ผ.02.
``--shape kpis``: its indicators with their targets of that year (``--all-years``: every year of the plan).
A department's period results: ``manage.py export_results`` (monitoring).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from orgs.models import Organization
from plans.excel import export_plan, plan_for_year
from plans.excel.kpis import export_kpis


class Command(BaseCommand):
    help = "Export a development plan (form ผ.02), or its indicators and targets (.xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--org", required=True, help="the organization's slug")
        parser.add_argument("--year", type=int, required=True, help="a fiscal year (B.E.) the plan covers")
        parser.add_argument("--shape", choices=("plan", "kpis"), default="plan", help="what to export (default: plan)")
        parser.add_argument("--all-years", action="store_true", help="kpis: the targets of every year of the plan")

    def handle(self, *args, file, org, year, shape, **options):
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            raise CommandError(f"no organization {org!r}")
        plan = plan_for_year(organization, int(year))
        if plan is None:
            raise CommandError(f"no development plan of {org} covers {year}")
        if shape == "plan":
            data = export_plan(plan)
        else:
            data = export_kpis(plan, plan.fiscal_years if options["all_years"] else [int(year)])
        Path(file).write_bytes(data)
        self.stdout.write(f"wrote {plan} to {file}")
