"""``manage.py send_reminders [--today YYYY-MM-DD]``: create the notifications due today, then email them.

Safe to run as often as cron likes (e.g. every hour): a notification is created once per person and
occasion, and emailed once.
"""

from argparse import ArgumentTypeError
from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from monitoring.reminders import due_notifications, send_email_batches


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ArgumentTypeError(f"--today needs a date as YYYY-MM-DD, not {value!r}") from error


class Command(BaseCommand):
    help = "Create the reminders due today (period opened, deadline soon, overdue) and email each person once."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=_day, help="the day to apply the rules to (default: today, local time)")

    def handle(self, *args, today=None, **options):
        created = due_notifications(today or timezone.localdate())
        sent = send_email_batches(timezone.now())
        self.stdout.write(f"created {created} notifications, sent {sent} emails")
