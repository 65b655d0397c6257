"""``manage.py import_plan FILE --org SLUG [--plan-years 2566-2570]``: import form ผ.02 into a plan.

Without ``--plan-years`` the organization's newest plan is used; with it, the plan of those years
(created when missing). Any error: nothing is written and the errors are printed.
"""

import re

from django.core.management.base import BaseCommand, CommandError

from core.calendar import from_thai_digits
from orgs.models import Organization
from plans.excel import import_plan
from plans.models import DevelopmentPlan


class Command(BaseCommand):
    help = "Import a development plan's project list (form ผ.02, .xlsx) into an organization."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--org", required=True, help="the organization's slug")
        parser.add_argument("--plan-years", help="e.g. 2566-2570 (default: the newest plan)")

    def handle(self, *args, file, org, plan_years=None, **options):
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            raise CommandError(f"no organization {org!r}")
        plans = DevelopmentPlan.objects.for_org(organization)
        if plan_years:
            match = re.fullmatch(r"(\d{4})-(\d{4})", from_thai_digits(plan_years).strip())
            if not match or int(match.group(1)) > int(match.group(2)):
                raise CommandError("--plan-years needs first-last, e.g. 2566-2570")
            first, last = int(match.group(1)), int(match.group(2))
            plan, _created = plans.get_or_create(
                first_year=first, last_year=last, defaults={"name": f"แผนพัฒนาท้องถิ่น พ.ศ. {first}–{last}"}
            )
        else:
            plan = plans.order_by("-first_year").first()
            if plan is None:
                raise CommandError("the organization has no development plan; pass --plan-years")
        try:
            with open(file, "rb") as handle:
                result = import_plan(plan, handle)
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
