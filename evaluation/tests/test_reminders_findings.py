"""Reminders of overdue recommendations: the owner department's reporters and the reviewers, once each."""

from datetime import date
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from conftest import make_user
from evaluation.models import Finding
from evaluation.reminders import due_notifications
from monitoring.models import Notification
from orgs.models import Role

TODAY = date(2026, 2, 1)


def finding(org, owner, **fields):
    defaults = {
        "organization": org,
        "fiscal_year": 2569,
        "title": "ซ่อมถนน",
        "owner": owner,
        "due_on": date(2026, 1, 15),
    }
    return Finding.objects.create(**{**defaults, **fields})


def recipients(item):
    return set(Notification.objects.filter(key=f"finding-overdue:{item.pk}").values_list("user__username", flat=True))


def test_overdue_finding_notifies_owner_reporters_and_reviewers_once(world):
    item = finding(world.org, world.works)
    assert due_notifications(TODAY) == 3
    assert recipients(item) == {"reporter", "auditor", "orgadmin"}
    note = Notification.objects.get(user=world.users["reporter"])
    assert note.kind == Notification.Kind.OVERDUE
    assert note.organization == world.org
    assert note.url == reverse("evaluation:finding_detail", args=[world.org.slug, item.pk])
    assert "ซ่อมถนน" in note.message
    assert due_notifications(TODAY) == 0
    assert Notification.objects.count() == 3


def test_in_progress_is_reminded_too_and_in_each_persons_language(world):
    world.users["auditor"].language = "en"
    world.users["auditor"].save()
    item = finding(world.org, world.works, status=Finding.Status.IN_PROGRESS, title="Fix the road")
    due_notifications(TODAY)
    note = Notification.objects.get(user=world.users["auditor"], key=f"finding-overdue:{item.pk}")
    assert note.message == "The recommendation 'Fix the road' was due on 15 Jan 2026."


def test_no_reminder_when_done_not_adopted_or_not_yet_due(world):
    finding(world.org, world.works, status=Finding.Status.DONE)
    finding(world.org, world.works, status=Finding.Status.NOT_ADOPTED, not_adopted_reason="งบประมาณไม่พอ")
    finding(world.org, world.works, due_on=TODAY)  # due today: not past
    finding(world.org, world.works, due_on=None)
    assert due_notifications(TODAY) == 0
    assert not Notification.objects.exists()


def test_other_departments_reporters_and_other_orgs_are_not_told(world):
    make_user("finance-reporter", world.org, Role.REPORTER, world.finance)
    stranger = make_user("stranger-auditor", world.other_org, Role.AUDITOR)
    item = finding(world.org, world.works)
    due_notifications(TODAY)
    assert "finance-reporter" not in recipients(item)
    assert not Notification.objects.filter(user__in=[stranger, world.users["outsider"]]).exists()


def test_bounded_queries_per_organization(world, django_assert_max_num_queries):
    for n in range(3):
        finding(world.org, world.works, title=f"a{n}")
    due_notifications(TODAY)  # the notifications exist now: a second run only reads
    for n in range(20):
        finding(world.org, world.finance, title=f"b{n}")
    Notification.objects.all().delete()
    due_notifications(TODAY)
    with django_assert_max_num_queries(2 + 2 * 5):  # organizations, then a few reads per organization
        assert due_notifications(TODAY) == 0


def test_send_reminders_runs_the_evaluation_job_through_the_setting(world, settings):
    assert "evaluation.reminders.due_notifications" in settings.TIDTAM_REMINDER_JOBS
    item = finding(world.org, world.works)
    call_command("send_reminders", today="2026-02-01", stdout=StringIO())
    assert recipients(item) == {"reporter", "auditor", "orgadmin"}

    settings.TIDTAM_REMINDER_JOBS = ["monitoring.reminders.due_notifications"]
    other = finding(world.org, world.works, title="อีกเรื่อง")
    call_command("send_reminders", today="2026-02-01", stdout=StringIO())
    assert recipients(other) == set()
