"""The data-entry list of a department of 43 projects in a real Chromium: its height on a phone, screenshots
(test-artifacts/screenshots/entry-*.png), and a reporter filling five projects with the keyboard only."""

import pytest
from django.urls import reverse

from conftest import SHOTS, log_in
from monitoring import selectors
from monitoring.models import ProgressReport, ReportState
from monitoring.tests.test_entry_list import add_projects, set_state
from orgs.access import access_for

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
SCREENS = 3  # the phone list may be at most three screens tall


@pytest.fixture
def forty_three(world, q1):
    """กองช่าง with 43 projects of FY2570 with long names, as real ones are; a few reports already in."""
    projects = [world.plan.projects[0], *add_projects(world, 42)]
    for n, project in enumerate(projects[1:]):
        project.name = f"โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ {n % 12 + 1} สายบ้านนายสมชาย ถึงบ้านนายสมศักดิ์ ({n})"
        project.save()
    states = ["returned"] * 3 + ["submitted"] * 4 + ["approved"] * 3 + ["draft"] * 2
    for project, state in zip(projects[30:], states, strict=False):
        set_state(world, q1, project, state)
    return projects


def entry_url(live_server, world, query=""):
    address = reverse("monitoring:entry", args=[world.org.slug, 2570, 1, world.works.pk])
    return live_server.url + address + (f"?{query}" if query else "")


@pytest.mark.django_db(transaction=True)
def test_the_list_of_43_projects_fits_in_three_phone_screens(world, q1, forty_three, live_server, new_page, today):
    phone = new_page(**PHONE)
    log_in(phone, live_server, "reporter")
    heights = {}
    for show in ("todo", "returned", "all"):
        phone.goto(entry_url(live_server, world, f"show={show}"))
        heights[show] = phone.evaluate("document.documentElement.scrollHeight")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
        phone.screenshot(path=SHOTS / f"entry-phone-{show}.png", full_page=True)
    assert max(heights.values()) <= SCREENS * 844, heights
    rows = phone.locator("#entry-list .entry-row")
    assert rows.count() == 25  # show=all: the first page of 43
    assert "43" in phone.locator("#entry-filters").inner_text()
    phone.goto(entry_url(live_server, world, "show=all&page=2"))
    assert phone.locator("#entry-list .entry-row").count() == 18
    phone.screenshot(path=SHOTS / "entry-phone-all-page2.png", full_page=True)
    phone.locator("#entry-list .entry-row").first.click()  # a project opens on its own page, the filter kept
    phone.wait_for_load_state()
    assert "show=all" in phone.url and phone.locator("#entry-nav a[rel=next]").count() == 1
    phone.screenshot(path=SHOTS / "entry-phone-project.png", full_page=True)

    for project in forty_three[:28]:  # the tallest list: 25 returned rows, each with its reason
        set_state(world, q1, project, "returned")
    phone.goto(entry_url(live_server, world, "show=returned"))
    assert phone.locator("#entry-list .entry-row").count() == 25
    heights["returned, 31"] = phone.evaluate("document.documentElement.scrollHeight")
    assert heights["returned, 31"] <= SCREENS * 844, heights
    phone.screenshot(path=SHOTS / "entry-phone-returned-31.png", full_page=True)

    desktop = new_page()
    log_in(desktop, live_server, "reporter")
    desktop.goto(entry_url(live_server, world))
    desktop.screenshot(path=SHOTS / "entry-desktop-todo.png", full_page=True)
    heights["desktop"] = desktop.evaluate("document.documentElement.scrollHeight")
    assert heights["desktop"] <= SCREENS * 900, heights
    desktop.locator("#entry-list .entry-row").first.click()
    desktop.wait_for_load_state()
    desktop.screenshot(path=SHOTS / "entry-desktop-project.png", full_page=True)
    print("list heights (px):", heights)


def keyboard_log_in(page, live_server, username):
    page.goto(live_server.url + reverse("login"))
    page.locator("#id_username").wait_for()
    assert page.evaluate("document.activeElement.id") == "id_username"  # the field has the focus
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type("pw-for-tests-only")
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.django_db(transaction=True)
def test_a_reporter_fills_five_projects_with_the_keyboard_only(world, forty_three, q1, live_server, new_page, today):
    access = access_for(world.users["reporter"], world.org.slug)
    todo = [row.project for row in selectors.entry_list(world.org, q1, access, world.works.pk).rows]
    page = new_page()
    keyboard_log_in(page, live_server, "reporter")
    page.goto(entry_url(live_server, world))
    page.keyboard.press("n")  # opens the first project of the list
    for n, project in enumerate(todo[:5]):
        page.wait_for_url(f"**/projects/{project.pk}/?show=todo")
        p = f"r{project.pk}"
        assert page.evaluate("document.activeElement.name") == f"{p}-project_status"  # typing starts at once
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")  # "in progress"
        assert page.locator(f"select[name={p}-project_status]").input_value() == "in_progress"
        page.keyboard.press("Tab")
        page.keyboard.type(str(20 + n))  # percent complete
        page.keyboard.press("Tab")
        page.keyboard.type("15000.50")  # disbursed
        page.keyboard.press("Tab")
        page.keyboard.type(str(100 + n))  # the KPI's result
        page.keyboard.press("Tab")  # its comment
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.name") == f"{p}-narrative"
        page.keyboard.type(f"ซ่อมถนนแล้ว {100 + n} เมตร")
        if n == 2:
            page.screenshot(path=SHOTS / "entry-keyboard-typed.png", full_page=True)
        page.keyboard.press("Control+Shift+Enter" if n == 4 else "Control+Enter")
    page.wait_for_url(f"**/projects/{todo[5].pk}/?show=todo")
    assert todo[4].code in page.locator(".alert-success").first.inner_text()  # which project was sent
    page.screenshot(path=SHOTS / "entry-keyboard-next.png", full_page=True)
    for n, project in enumerate(todo[:5]):
        report = ProgressReport.objects.get(project=project, period=q1)
        assert report.percent_complete == 20 + n and report.disbursed == 15000.50
        assert report.narrative == f"ซ่อมถนนแล้ว {100 + n} เมตร" and report.project_status == "in_progress"
        assert report.results.get().value == 100 + n
        assert report.state == (ReportState.SUBMITTED if n == 4 else ReportState.DRAFT)
    page.keyboard.press("Escape")  # out of the field
    page.keyboard.press("p")  # the previous project still to report: the fourth (the fifth is submitted)
    page.wait_for_url(f"**/projects/{todo[3].pk}/?show=todo")
    assert page.locator(f"input[name=r{todo[3].pk}-percent_complete]").input_value() == "23.00"
