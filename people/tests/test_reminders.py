"""Check-in reminders: a person whose agreement went N weeks without a check-in, and their supervisor, once."""

from datetime import date, timedelta
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from monitoring.models import Notification
from orgs.models import Role
from people.factories import make_agreement, make_person, make_round, rule_set
from people.models import CheckIn, Round
from people.reminders import due_notifications

START = date(2025, 10, 1)  # round 1 of 2569: 1 Oct 2025 – 31 Mar 2026; 4 weeks by default
DUE = START + timedelta(weeks=4)


def told(key_part=""):
    return set(
        Notification.objects.filter(key__startswith=f"checkin-due:{key_part}").values_list("user__username", flat=True)
    )


def check_in(agreement, on):
    kpi = agreement.kpis.first()
    return CheckIn.objects.create(organization=agreement.organization, kpi=kpi, on=on, note="คืบหน้า")


def test_not_due_before_n_weeks_due_at_exactly_n_weeks_to_the_person_and_the_supervisor(world, staff):
    agreement = staff["agreement"]
    assert due_notifications(DUE - timedelta(days=1)) == 0
    assert due_notifications(DUE) == 2
    assert told() == {"reporter", "auditor"}  # ช่าง and หัวหน้ากองช่าง, his supervisor
    mine = Notification.objects.get(user=world.users["reporter"])
    assert mine.key == f"checkin-due:{agreement.pk}:2025-10-01"
    assert mine.organization == world.org
    assert mine.kind == Notification.Kind.OVERDUE
    assert mine.url == reverse("people:agreement_detail", args=[world.org.slug, agreement.pk])
    assert "1 ต.ค. 2568" in mine.message
    boss = Notification.objects.get(user=world.users["auditor"])
    assert "ช่าง" in boss.message and boss.message != mine.message


def test_a_second_run_repeats_nothing(world, staff):
    assert due_notifications(DUE) == 2
    assert due_notifications(DUE) == 0
    assert due_notifications(DUE + timedelta(days=10)) == 0
    call_command("send_reminders", today=(DUE + timedelta(days=11)).isoformat(), stdout=StringIO())
    assert Notification.objects.filter(key__startswith="checkin-due:").count() == 2


def test_weeks_count_from_the_last_check_in_and_a_new_check_in_is_a_new_occasion(world, staff):
    agreement = staff["agreement"]
    check_in(agreement, date(2025, 11, 3))
    later = date(2025, 11, 3) + timedelta(weeks=4)
    assert due_notifications(later - timedelta(days=1)) == 0
    assert due_notifications(later) == 2
    assert Notification.objects.filter(key=f"checkin-due:{agreement.pk}:2025-11-03").count() == 2
    check_in(agreement, date(2025, 12, 15))
    assert due_notifications(later + timedelta(days=14)) == 0  # 1 Dec + 2 weeks: the check-in is recent
    assert due_notifications(date(2025, 12, 15) + timedelta(weeks=4)) == 2


def test_the_rounds_weeks_are_its_own_and_zero_means_no_reminders(world, staff):
    round_ = staff["round"]
    round_.checkin_reminder_weeks = 2
    round_.save()
    assert due_notifications(START + timedelta(weeks=2)) == 2
    Notification.objects.all().delete()
    round_.checkin_reminder_weeks = 0
    round_.save()
    assert due_notifications(date(2026, 3, 1)) == 0
    assert not Notification.objects.exists()


def test_no_reminder_outside_the_round_or_once_its_results_are_final(world, staff):
    round_ = staff["round"]
    assert due_notifications(START - timedelta(days=1)) == 0
    assert due_notifications(date(2026, 4, 1)) == 0  # the day after the round's end
    round_.finalized_at = timezone.now()
    round_.save()
    assert due_notifications(date(2026, 3, 1)) == 0
    assert not Notification.objects.exists()


def test_agreed_agreements_too_and_a_person_without_an_account_leaves_only_the_supervisor(world, staff):
    agreement = staff["agreement"]
    agreement.state = "agreed"
    agreement.save()
    other = make_agreement(staff["tech2"], staff["round"], [("เอกสาร", 100, (1, 2, 3, 4, 5))])  # no account
    assert due_notifications(DUE) == 3
    assert told(f"{other.pk}:") == {"auditor"}
    assert told(f"{agreement.pk}:") == {"reporter", "auditor"}


def test_people_not_in_post_and_inactive_accounts_are_not_told(world, staff):
    staff["tech"].active = False
    staff["tech"].save()
    assert due_notifications(DUE) == 0
    staff["tech"].active = True
    staff["tech"].save()
    world.users["auditor"].is_active = False
    world.users["auditor"].save()
    assert due_notifications(DUE) == 1
    assert told() == {"reporter"}


def test_another_organization_is_untouched_and_its_round_reminds_its_own(world, staff):
    org = world.other_org
    rule_set(org)
    elsewhere = make_round(org, 2569, 1)
    elsewhere.checkin_reminder_weeks = 0
    elsewhere.save()
    stranger = make_user("stranger", org, Role.HR)
    boss = make_person(org, "ปลัดอื่น", user=world.users["outsider"])
    make_agreement(make_person(org, "คนอื่น", user=stranger, supervisor=boss), elsewhere, [("ก", 100, (1, 2, 3, 4, 5))])
    assert due_notifications(DUE) == 2
    assert not Notification.objects.filter(organization=org).exists()
    elsewhere.checkin_reminder_weeks = 4
    elsewhere.save()
    assert due_notifications(DUE) == 2
    assert told() == {"reporter", "auditor", "stranger", "outsider"}
    assert set(Notification.objects.filter(organization=org).values_list("user__username", flat=True)) == {
        "stranger",
        "outsider",
    }


def test_send_reminders_runs_the_people_job_through_the_setting(world, staff, settings):
    assert "people.reminders.due_notifications" in settings.TIDTAM_REMINDER_JOBS
    call_command("send_reminders", today=DUE.isoformat(), stdout=StringIO())
    assert told() == {"reporter", "auditor"}


def test_the_round_form_sets_the_weeks_and_empty_keeps_the_default(world, staff, client_for):
    client = client_for("hr")
    new = reverse("people:round_create", args=[world.org.slug])
    page = client.get(new).content.decode()
    assert 'name="checkin_reminder_weeks"' in page
    assert client.post(new, {"fiscal_year": "2569", "number": "2", "checkin_reminder_weeks": "0"}).status_code == 302
    assert client.post(new, {"fiscal_year": "2570", "number": "1"}).status_code == 302
    assert Round.objects.get(organization=world.org, fiscal_year=2570, number=1).checkin_reminder_weeks == 4
    assert Round.objects.get(organization=world.org, fiscal_year=2569, number=2).checkin_reminder_weeks == 0
