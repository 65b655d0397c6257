"""The five roles' home pages on the demo, in a real Chromium on a desktop and on a 390 px phone.

Screenshots go to test-artifacts/screenshots/home-<role>-<desktop|phone>.png for a person to look at.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from conftest import SHOTS
from demo.monitoring import NOW

# demo account → the card its home must show first
ROLES = {
    "reporter": "card-reports",
    "auditor": "card-review",
    "planner": "card-plan",
    "executive": "card-headline",
    "admin": "card-admin",
}
DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


@pytest.mark.django_db(transaction=True)
def test_each_roles_home_on_a_desktop_and_a_phone(live_server, new_page, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=StringIO())
    monkeypatch.setattr("dashboard.home._today", lambda: NOW.date())  # the demo's "today", in Q1 of 2570
    home = live_server.url + reverse("org_home", args=["banphaen"])
    for username, card in ROLES.items():
        for device, options in DEVICES.items():
            page = new_page(**options)
            page.goto(live_server.url + reverse("login"))
            page.locator("#id_username").fill(username)
            page.locator("#id_password").fill("tidtam-demo")
            page.locator("form button[type=submit]").click()
            page.wait_for_load_state()
            page.goto(home)
            page.screenshot(path=SHOTS / f"home-{username}-{device}.png", full_page=True)
            assert page.locator(f"#{card}").is_visible(), (username, device)
            if device == "phone":  # the page itself does not scroll sideways on a phone
                assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), username
            text = page.locator("#next-actions").inner_text()
            if username == "reporter":
                assert "ภายใน 15 ม.ค. 2570" in text
                links = page.locator("#card-reports a[data-action=returned]")
                for n in range(links.count()):
                    assert links.nth(n).get_attribute("href").endswith("?show=returned")
            if username == "executive":
                assert "ปีงบประมาณ พ.ศ. 2569" in text  # the latest year with approved data, not 2570
            page.context.close()
