"""Sign-in lockouts: a username is locked at one address only, for a fixed cool-off, and an organization
administrator can unlock a member."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse

OFFICE = "203.0.113.10"
HOME = "198.51.100.7"


@pytest.fixture(autouse=True)
def _lockout_settings(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def log_in(client, username, password, address=OFFICE):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def lock_out(client, username="planner", address=OFFICE):
    for _ in range(3):
        log_in(client, username, "wrong", address)
    assert log_in(client, username, "pw-for-tests-only", address).status_code == 429


def age_attempts(minutes, username="planner"):
    """Move the recorded failures of ``username`` back in time, as if ``minutes`` had passed."""
    for attempt in AccessAttempt.objects.filter(username=username):
        attempt.attempt_time -= timedelta(minutes=minutes)
        attempt.save(update_fields=["attempt_time"])


@pytest.fixture
def visitor():
    """A browser of its own, beside the administrator's ``client_for``."""
    return Client()


def manage_url(world, name, *args):
    return reverse(name, args=[world.org.slug, *args])


def test_a_user_locked_out_at_one_address_still_signs_in_from_another(world, client):
    lock_out(client)
    response = log_in(client, "planner", "pw-for-tests-only", HOME)
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_the_lockout_ends_after_the_cool_off(world, client):
    lock_out(client)
    age_attempts(14)
    assert log_in(client, "planner", "pw-for-tests-only").status_code == 429
    age_attempts(2)
    assert log_in(client, "planner", "pw-for-tests-only").status_code == 302


def test_attempts_during_a_lockout_do_not_extend_it(world, client):
    lock_out(client)
    age_attempts(10)
    locked_at = AccessAttempt.objects.get(username="planner").attempt_time
    for _ in range(5):
        assert log_in(client, "planner", "wrong").status_code == 429
    attempt = AccessAttempt.objects.get(username="planner")
    assert attempt.attempt_time == locked_at
    assert attempt.failures_since_start == 3
    age_attempts(6)
    assert log_in(client, "planner", "pw-for-tests-only").status_code == 302


def test_the_members_page_shows_who_is_locked_out_with_an_unlock_button(world, visitor, client_for):
    lock_out(visitor)
    page = client_for("admin").get(manage_url(world, "orgs:manage")).content.decode()
    planner = world.users["planner"].memberships.get()
    auditor = world.users["auditor"].memberships.get()
    assert manage_url(world, "orgs:member_unlock", planner.pk) in page
    assert manage_url(world, "orgs:member_unlock", auditor.pk) not in page
    assert "ถูกล็อก" in page


def test_an_admin_unlocks_a_member_who_then_signs_in_at_once(world, visitor, client_for):
    lock_out(visitor)
    membership = world.users["planner"].memberships.get()
    response = client_for("admin").post(manage_url(world, "orgs:member_unlock", membership.pk), follow=True)
    assert "เข้าสู่ระบบได้อีกครั้ง" in response.content.decode()
    assert not AccessAttempt.objects.filter(username="planner").exists()
    entry = LogEntry.objects.get(object_id=str(world.users["planner"].pk))
    assert entry.user == world.users["admin"]
    assert world.org.name in entry.change_message
    assert log_in(visitor, "planner", "pw-for-tests-only").status_code == 302


def test_unlocking_a_member_who_is_not_locked_out_says_so_and_records_nothing(world, client_for):
    membership = world.users["auditor"].memberships.get()
    response = client_for("admin").post(manage_url(world, "orgs:member_unlock", membership.pk), follow=True)
    assert response.status_code == 200
    assert not LogEntry.objects.exists()


def test_an_admin_cannot_unlock_a_member_of_another_organization(world, visitor, client_for):
    lock_out(visitor, "outsider")
    theirs = world.users["outsider"].memberships.get()
    assert client_for("admin").post(manage_url(world, "orgs:member_unlock", theirs.pk)).status_code == 404
    assert AccessAttempt.objects.filter(username="outsider").exists()


def test_only_an_organization_admin_may_unlock(world, visitor, client_for):
    lock_out(visitor)
    membership = world.users["planner"].memberships.get()
    for persona in ("planner", "auditor", "executive", "reporter"):
        assert client_for(persona).post(manage_url(world, "orgs:member_unlock", membership.pk)).status_code == 403
    assert AccessAttempt.objects.filter(username="planner").exists()
