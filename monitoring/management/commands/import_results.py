"""``manage.py import_results FILE --org SLUG --year 2570 --period 1 --department NAME --user USERNAME``.

Imports a department's results of a reporting period (.xlsx or .csv, the shape ``export_results``
writes), saved as drafts as that person through the report workflow. Any error: nothing is written
and the errors are printed.
"""

from django.core.management.base import CommandError
from django.http import Http404
from django.utils import timezone

from monitoring.excel import import_results
from monitoring.management.commands.export_results import PeriodCommand
from orgs.access import access_for
from orgs.models import User


class Command(PeriodCommand):
    help = "Import a department's results of a reporting period (.xlsx or .csv) as drafts."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--user", required=True, help="the username the reports are saved as")

    def handle(self, *args, file, user, **options):
        organization, period, department = self.resolve(options)
        person = User.objects.filter(username=user).first()
        try:
            access = access_for(person, organization.slug) if person else None
        except Http404:
            access = None
        if access is None:
            raise CommandError(f"{user!r} is not a member of {organization.slug}")
        try:
            with open(file, "rb") as handle:
                result = import_results(
                    period, department, handle, access=access, user=person, today=timezone.localdate()
                )
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
