"""``manage.py import_plan FILE --org SLUG``: import an Excel (.xlsx) or CSV file of one of the shapes.

``--shape plan`` (default): the development plan's project list (form ผ.02); without ``--plan-years``
the organization's newest plan, with it the plan of those years (created when missing).
``--shape kpis``: indicators and targets of the plan (same choice of plan).
A department's period results: ``manage.py import_results`` (monitoring).
Any error: nothing is written and the errors are printed.
"""

import re

from django.core.management.base import BaseCommand, CommandError

from core.calendar import from_thai_digits
from orgs.models import Organization
from plans.excel import import_plan
from plans.excel.kpis import import_kpis
from plans.models import DevelopmentPlan

SHAPES = ("plan", "kpis")


class Command(BaseCommand):
    help = "Import a file (.xlsx or .csv) into an organization: form ผ.02, or indicators and targets."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--org", required=True, help="the organization's slug")
        parser.add_argument("--shape", choices=SHAPES, default="plan", help="what the file holds (default: plan)")
        parser.add_argument("--plan-years", help="e.g. 2566-2570 (default: the newest plan)")

    def handle(self, *args, file, org, shape, plan_years=None, **options):
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            raise CommandError(f"no organization {org!r}")
        try:
            with open(file, "rb") as handle:
                plan = self._plan(organization, plan_years)
                result = (import_plan if shape == "plan" else import_kpis)(plan, handle)
        except OSError as error:
            raise CommandError(str(error)) from error
        if not result.ok:
            for e in result.errors:
                self.stderr.write(f"{e.sheet}!{e.column}{e.row or ''} [{e.value}] {e.message}")
            raise CommandError(f"{len(result.errors)} errors; nothing was imported")
        for row in result.summary:
            self.stdout.write(
                f"{row['kind']}: {row['created']} created, {row['updated']} updated, {row['unchanged']} unchanged"
            )
        for warning in result.warnings:
            self.stdout.write(f"warning: {warning}")

    def _plan(self, organization, plan_years):
        plans = DevelopmentPlan.objects.for_org(organization)
        if plan_years:
            match = re.fullmatch(r"(\d{4})-(\d{4})", from_thai_digits(plan_years).strip())
            if not match or int(match.group(1)) > int(match.group(2)):
                raise CommandError("--plan-years needs first-last, e.g. 2566-2570")
            first, last = int(match.group(1)), int(match.group(2))
            plan, _created = plans.get_or_create(
                first_year=first, last_year=last, defaults={"name": f"แผนพัฒนาท้องถิ่น พ.ศ. {first}–{last}"}
            )
            return plan
        plan = plans.order_by("-first_year").first()
        if plan is None:
            raise CommandError("the organization has no development plan; pass --plan-years")
        return plan
