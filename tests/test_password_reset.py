"""Password reset by email: a link that works once and expires, on SITE_URL, limited per address and per email,
and the same answer whether or not an account uses the email."""

import re
import time
from datetime import timedelta

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

NEW_PASSWORD = "แผนดำเนินงาน-2570-xyz"


@pytest.fixture(autouse=True)
def _reset_settings(world, settings):
    cache.clear()
    settings.SITE_URL = "https://tidtam.banphaen.go.th/"
    settings.TIDTAM_PASSWORD_RESET_LIMITS = {"per_address": 5, "per_email": 2}
    planner = world.users["planner"]
    planner.email = "planner@banphaen.go.th"
    planner.first_name, planner.last_name = "สมหญิง", "ใจดี"
    planner.save()
    yield
    cache.clear()


def ask(client, email, address="203.0.113.10"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def without_tokens(page):
    """The page without its per-response random values (CSRF token, CSP nonce)."""
    return re.sub(r"[A-Za-z0-9+/_-]{20,}={0,2}", "", page)


def link_in(message):
    return re.search(r"https://tidtam\.banphaen\.go\.th(/\S+)", message.body).group(1)


def set_password(client, link):
    """Open the emailed link and set NEW_PASSWORD; the last response."""
    form_url = client.get(link).url  # the token moves to the session, out of the address bar
    return client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})


def test_the_login_page_links_to_the_password_reset(client, db):
    page = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in page
    assert "ลืมรหัสผ่าน" in page


def test_a_user_resets_their_password_with_the_emailed_link_in_thai(world, client):
    response = ask(client, "Planner@BanPhaen.go.th")
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["planner@banphaen.go.th"]
    assert message.subject == "ตั้งรหัสผ่านใหม่สำหรับระบบติดตาม"
    assert "สมหญิง ใจดี" in message.body
    assert "60 นาที" in message.body
    response = set_password(client, link_in(message))
    assert response.status_code == 302 and response.url == reverse("password_reset_complete")
    world.users["planner"].refresh_from_db()
    assert world.users["planner"].check_password(NEW_PASSWORD)
    assert "เข้าสู่ระบบด้วยรหัสผ่านใหม่" in client.get(response.url).content.decode()


def test_an_unknown_email_gets_the_same_page_and_no_email(world, client):
    known = without_tokens(client.get(ask(client, "planner@banphaen.go.th").url).content.decode())
    unknown_response = ask(client, "nobody@banphaen.go.th")
    assert unknown_response.status_code == 302 and unknown_response.url == reverse("password_reset_done")
    assert without_tokens(client.get(unknown_response.url).content.decode()) == known
    assert len(mail.outbox) == 1


def test_a_used_link_no_longer_works(world, client):
    ask(client, "planner@banphaen.go.th")
    link = link_in(mail.outbox[0])
    set_password(client, link)
    page = client.get(link, follow=True).content.decode()
    assert "ลิงก์นี้ใช้ไม่ได้แล้ว" in page
    assert 'name="new_password1"' not in page


def test_a_link_expires_after_the_reset_timeout(world, client, settings, monkeypatch):
    ask(client, "planner@banphaen.go.th")
    link = link_in(mail.outbox[0])
    later = PasswordResetTokenGenerator()._now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)
    page = client.get(link, follow=True).content.decode()
    assert "ลิงก์นี้ใช้ไม่ได้แล้ว" in page
    world.users["planner"].refresh_from_db()
    assert world.users["planner"].check_password("pw-for-tests-only")


def test_an_email_gets_at_most_its_hourly_limit_of_links_with_the_same_answer(world, client):
    answers = {ask(client, "planner@banphaen.go.th").url for _ in range(4)}
    assert answers == {reverse("password_reset_done")}
    assert len(mail.outbox) == 2
    assert "ไม่เกิน 2 ฉบับต่อชั่วโมง" in client.get(reverse("password_reset_done")).content.decode()


def test_the_email_limit_counts_unknown_addresses_alike(world, client):
    for _ in range(3):
        assert ask(client, "nobody@banphaen.go.th").url == reverse("password_reset_done")
    assert mail.outbox == []


def test_one_address_asking_too_often_is_told_to_wait_and_sends_nothing_more(world, client):
    for n in range(5):
        ask(client, f"someone{n}@example.com")
    response = ask(client, "planner@banphaen.go.th")
    assert response.status_code == 429
    assert "ลองใหม่อีกครั้งในอีกหนึ่งชั่วโมง" in response.content.decode()
    assert mail.outbox == []
    assert ask(client, "planner@banphaen.go.th", address="198.51.100.7").status_code == 302
    assert len(mail.outbox) == 1


def test_the_limits_start_again_after_an_hour(world, client, monkeypatch):
    for _ in range(3):
        ask(client, "planner@banphaen.go.th")
    assert len(mail.outbox) == 2
    an_hour_later = time.time() + 3601
    monkeypatch.setattr(time, "time", lambda: an_hour_later)
    ask(client, "planner@banphaen.go.th")
    assert len(mail.outbox) == 3
