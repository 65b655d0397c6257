"""Reminders: which notifications fall due on a day, and the one email per person that batches them.

FY2569 Q1 runs 1 Oct – 31 Dec 2025; it opens on 1 Oct, its deadline is 15 Jan 2026 (end + 15 days)
and it closes after 22 Jan 2026 (7 grace days). Reminders start 3 days before the deadline.
In the ``world`` fixture project 0 belongs to กองช่าง (works, with the "reporter"), project 1 to กองคลัง.
"""

from datetime import UTC, date, datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_report, make_user
from monitoring.models import Notification, ReportingPeriod, ReportState
from monitoring.periods import ensure_periods
from monitoring.reminders import due_notifications, send_email_batches
from orgs.models import Department, Role
from plans.models import ActionPlanItem, Project

NOW = datetime(2026, 1, 16, 1, 0, tzinfo=UTC)
OPENED_Q1 = date(2025, 10, 5)
DEADLINE = date(2026, 1, 15)


def q(world, number=1, year=2569):
    ensure_periods(world.org, year)
    return ReportingPeriod.objects.get(organization=world.org, fiscal_year=year, number=number)


def keys(user, kind=None):
    rows = Notification.objects.filter(user=user)
    if kind:
        rows = rows.filter(kind=kind)
    return sorted(rows.values_list("key", flat=True))


def of_period(period):
    """The notifications about one period (its pk is the key's second part)."""
    return [n for n in Notification.objects.all() if n.key.split(":")[1] == str(period.pk)]


@pytest.fixture
def finance_reporter(world):
    return make_user("finance-reporter", world.org, Role.REPORTER, world.finance)


def test_period_opened_goes_once_to_the_departments_reporter(world):
    reporter = world.users["reporter"]
    assert due_notifications(date(2025, 9, 30)) == 0  # FY2569 Q1 not open yet
    assert due_notifications(OPENED_Q1) >= 1
    q1 = q(world)
    assert keys(reporter) == [f"opened:{q1.pk}:{world.works.pk}"]
    note = Notification.objects.get(user=reporter)
    assert note.kind == Notification.Kind.PERIOD_OPENED
    assert note.organization == world.org
    assert note.url.startswith("/")

    assert due_notifications(OPENED_Q1) == 0
    assert due_notifications(date(2025, 11, 20)) == 0
    assert Notification.objects.filter(user=reporter).count() == 1
    # Nobody else of บ้านแพน reports for กองช่าง; reviewers get no "opened" notice.
    assert not Notification.objects.filter(user=world.users["auditor"]).exists()


def test_deadline_soon_only_within_reminder_days(world):
    reporter = world.users["reporter"]
    due_notifications(date(2026, 1, 11))  # 4 days before the deadline
    assert keys(reporter, Notification.Kind.DEADLINE_SOON) == []

    due_notifications(date(2026, 1, 12))  # 3 days before
    q1 = q(world)
    assert keys(reporter, Notification.Kind.DEADLINE_SOON) == [f"deadline:{q1.pk}:{world.works.pk}"]
    message = Notification.objects.get(user=reporter, kind=Notification.Kind.DEADLINE_SOON).message
    assert "1" in message

    due_notifications(DEADLINE)  # deadline day: still "soon", not again
    assert len(keys(reporter, Notification.Kind.DEADLINE_SOON)) == 1
    assert keys(reporter, Notification.Kind.OVERDUE) == []


def test_deadline_soon_counts_the_missing_projects(world):
    reporter = world.users["reporter"]
    reporter.language = "en"
    reporter.save()
    works_project = world.plan.projects[0]
    extra = Project.objects.create(
        organization=world.org, program=works_project.program, code="extra", name="x", department=world.works
    )
    ActionPlanItem.objects.create(
        organization=world.org, action_plan=world.plan.action_plan, project=extra, budget=Decimal(1)
    )
    due_notifications(date(2026, 1, 13))
    message = Notification.objects.get(user=reporter, kind=Notification.Kind.DEADLINE_SOON).message
    assert "2 projects" in message
    assert "15 Jan 2026" in message


def test_overdue_to_reporters_and_one_summary_to_the_reviewers(world, finance_reporter):
    q1 = q(world)
    due_notifications(date(2026, 1, 16))
    assert keys(world.users["reporter"], Notification.Kind.OVERDUE) == [f"overdue:{q1.pk}:{world.works.pk}"]
    assert keys(finance_reporter, Notification.Kind.OVERDUE) == [f"overdue:{q1.pk}:{world.finance.pk}"]
    for reviewer in (world.users["auditor"], world.users["admin"]):
        assert keys(reviewer) == [f"overdue-summary:{q1.pk}"]
    for bystander in ("planner", "executive"):
        assert not Notification.objects.filter(user=world.users[bystander]).exists()

    due_notifications(date(2026, 1, 17))
    due_notifications(date(2026, 1, 20))
    assert Notification.objects.filter(user=world.users["auditor"]).count() == 1
    assert len(keys(world.users["reporter"], Notification.Kind.OVERDUE)) == 1


def test_draft_and_returned_reports_are_still_missing(world):
    q1 = q(world)
    make_report(world.plan.projects[0], q1, state=ReportState.DRAFT)
    make_report(world.plan.projects[1], q1, state=ReportState.RETURNED)
    due_notifications(date(2026, 1, 16))
    assert keys(world.users["reporter"], Notification.Kind.OVERDUE) == [f"overdue:{q1.pk}:{world.works.pk}"]
    summary = Notification.objects.get(user=world.users["auditor"]).message
    assert "2" in summary


@pytest.mark.parametrize("state", [ReportState.SUBMITTED, ReportState.APPROVED])
def test_a_department_with_everything_reported_gets_no_reminder(world, finance_reporter, state):
    q1 = q(world)
    make_report(world.plan.projects[0], q1, state=state)  # กองช่าง's only project
    due_notifications(date(2026, 1, 13))
    due_notifications(date(2026, 1, 16))
    reporter = world.users["reporter"]
    assert keys(reporter, Notification.Kind.DEADLINE_SOON) == []
    assert keys(reporter, Notification.Kind.OVERDUE) == []
    assert keys(finance_reporter, Notification.Kind.DEADLINE_SOON) == [f"deadline:{q1.pk}:{world.finance.pk}"]
    assert keys(finance_reporter, Notification.Kind.OVERDUE) == [f"overdue:{q1.pk}:{world.finance.pk}"]
    # The reviewers' summary names only the department still missing a report.
    summary = Notification.objects.get(user=world.users["auditor"]).message
    assert world.finance.name in summary
    assert world.works.name not in summary


def test_nothing_when_everything_is_reported(world):
    q1 = q(world)
    for project in world.plan.projects:
        make_report(project, q1, state=ReportState.SUBMITTED)
    due_notifications(date(2026, 1, 16))
    assert of_period(q1) == []
    assert Notification.objects.filter(organization=world.org).exists()  # Q2 opened meanwhile


def test_one_email_per_person_listing_everything_and_never_twice(world, mailoutbox, settings):
    settings.SITE_URL = "https://tidtam.example/"
    reporter, auditor, admin = world.users["reporter"], world.users["auditor"], world.users["admin"]
    reporter.email, reporter.language = "reporter@example.org", "en"
    reporter.save()
    auditor.email = "auditor@example.org"
    auditor.save()
    admin.email = ""  # no address: sees the bell only
    admin.save()

    due_notifications(OPENED_Q1)
    due_notifications(date(2026, 1, 16))  # Q1 overdue, Q2 opened
    mine = list(Notification.objects.filter(user=reporter))
    assert len(mine) == 3

    assert send_email_batches(NOW) == 2
    assert len(mailoutbox) == 2
    by_address = {m.to[0]: m for m in mailoutbox}
    email = by_address["reporter@example.org"]
    assert email.subject == "Tidtam: 3 items need your attention"
    for note in mine:
        assert note.message in email.body
        assert f"https://tidtam.example{note.url}" in email.body
    assert world.org.name in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert "https://tidtam.example/" in html
    assert by_address["auditor@example.org"].to == ["auditor@example.org"]

    assert Notification.objects.filter(user=reporter, emailed_at=NOW).count() == 3
    assert Notification.objects.filter(user=auditor, emailed_at=NOW).count() == 1
    assert Notification.objects.filter(user=admin).exists()
    assert not Notification.objects.filter(user=admin, emailed_at__isnull=False).exists()

    assert send_email_batches(NOW) == 0
    due_notifications(date(2026, 1, 17))
    assert send_email_batches(NOW) == 0
    assert len(mailoutbox) == 2


def test_email_is_written_in_the_persons_language(world, mailoutbox):
    reporter = world.users["reporter"]
    reporter.email = "reporter@example.org"
    reporter.language = "en"
    reporter.save()
    due_notifications(OPENED_Q1)
    send_email_batches(NOW)
    (email,) = mailoutbox
    assert email.subject == "Tidtam: 1 item needs your attention"
    assert "Q1 (Oct–Dec) Fiscal year 2569" in email.body  # the notification itself was written in English
    assert "by 15 Jan 2026" in email.body


def test_read_notifications_are_not_emailed(world, mailoutbox):
    reporter = world.users["reporter"]
    reporter.email = "reporter@example.org"
    reporter.save()
    due_notifications(OPENED_Q1)
    Notification.objects.filter(user=reporter).update(read_at=NOW)
    assert send_email_batches(NOW) == 0
    assert mailoutbox == []


def test_failed_email_is_tried_again(world, mailoutbox, monkeypatch):
    reporter = world.users["reporter"]
    reporter.email = "reporter@example.org"
    reporter.save()
    due_notifications(OPENED_Q1)

    def refuse(self, fail_silently=False):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    assert send_email_batches(NOW) == 0
    assert not Notification.objects.filter(user=reporter, emailed_at__isnull=False).exists()
    monkeypatch.undo()
    assert send_email_batches(NOW) == 1
    assert len(mailoutbox) == 1


def test_another_organizations_people_never_get_banphaens_notifications(world):
    other_department = Department.objects.get(organization=world.other_org)
    other_reporter = make_user("other-reporter", world.other_org, Role.REPORTER, other_department)
    outsider = world.users["outsider"]
    due_notifications(OPENED_Q1)
    due_notifications(date(2026, 1, 16))

    banphaen_periods = set(ReportingPeriod.objects.filter(organization=world.org).values_list("pk", flat=True))
    for person in (other_reporter, outsider):
        notes = list(Notification.objects.filter(user=person))
        assert notes  # they do get their own organization's
        assert {n.organization_id for n in notes} == {world.other_org.pk}
        assert not any(int(n.key.split(":")[1]) in banphaen_periods for n in notes)
    for persona in ("reporter", "auditor", "admin"):
        assert set(
            Notification.objects.filter(user=world.users[persona]).values_list("organization_id", flat=True)
        ) == {world.org.pk}


def test_periods_past_deadline_and_grace_get_closed(world):
    q1 = q(world)
    due_notifications(date(2026, 1, 22))  # last grace day
    q1.refresh_from_db()
    assert q1.state == ReportingPeriod.State.OPEN

    due_notifications(date(2026, 1, 23))
    q1.refresh_from_db()
    assert q1.state == ReportingPeriod.State.CLOSED
    assert q(world, 2).state == ReportingPeriod.State.OPEN


def test_a_closed_period_gets_no_more_reminders(world):
    q1 = q(world)
    due_notifications(date(2026, 1, 23))  # first run after the grace: too late to remind anyone
    assert of_period(q1) == []


def test_periods_of_a_year_without_action_plan_are_ignored(world):
    world.plan.action_plan.items.all().delete()
    world.plan.action_plan.delete()
    due_notifications(OPENED_Q1)
    assert not Notification.objects.filter(organization=world.org).exists()
    assert not ReportingPeriod.objects.filter(organization=world.org).exists()


def test_queries_do_not_grow_with_projects(world):
    day = date(2026, 1, 16)
    due_notifications(day)  # creates the periods

    def measure():
        Notification.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            due_notifications(day)
        return len(queries)

    before = measure()
    program = world.plan.projects[0].program
    for n in range(10):
        project = Project.objects.create(
            organization=world.org,
            program=program,
            code=f"more-{n}",
            name="x",
            department=world.works if n % 2 else world.finance,
        )
        ActionPlanItem.objects.create(
            organization=world.org, action_plan=world.plan.action_plan, project=project, budget=Decimal(1)
        )
    assert measure() == before


def test_command_runs_both_and_repeats_nothing(world, mailoutbox):
    reporter = world.users["reporter"]
    reporter.email = "reporter@example.org"
    reporter.save()
    out = StringIO()
    call_command("send_reminders", "--today", "2025-10-05", stdout=out)
    created = Notification.objects.count()
    assert out.getvalue().strip() == f"created {created} notifications, sent 1 emails"
    out = StringIO()
    call_command("send_reminders", "--today", "2025-10-05", stdout=out)
    assert out.getvalue().strip() == "created 0 notifications, sent 0 emails"
    assert len(mailoutbox) == 1
