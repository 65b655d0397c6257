"""``manage.py send_reminders [--today YYYY-MM-DD]``: create the notifications due today, then email them.

Safe to run as often as cron likes (e.g. every hour): a notification is created once per person and
occasion, and emailed once.
"""

from argparse import ArgumentTypeError
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.module_loading import import_string

from monitoring.reminders import send_email_batches


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ArgumentTypeError(f"--today needs a date as YYYY-MM-DD, not {value!r}") from error


class Command(BaseCommand):
    help = "Create the reminders due today (settings.TIDTAM_REMINDER_JOBS) and email each person once."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=_day, help="the day to apply the rules to (default: today, local time)")

    def handle(self, *args, today=None, **options):
        if isinstance(today, str):  # call_command("send_reminders", today="YYYY-MM-DD") skips the parser
            today = _day(today)
        today = today or timezone.localdate()
        # Each app's reminder rules, wired in settings (monitoring does not import the apps above it).
        created = sum(import_string(job)(today) for job in settings.TIDTAM_REMINDER_JOBS)
        sent = send_email_batches(timezone.now())
        self.stdout.write(f"created {created} notifications, sent {sent} emails")
