"""The first journeys in a real Chromium (Debian's, driven by Playwright), with screenshots.

Screenshots go to test-artifacts/screenshots/ for a person to look at.
"""

import pytest
from django.urls import reverse

from conftest import SHOTS, log_in, make_period


def sarabun_is_used(page):
    """True when Sarabun's Thai face has loaded (Chromium here has no Thai system font to fall back on)."""
    return page.evaluate(
        """document.fonts.ready.then(() => [...document.fonts].some((face) =>
            face.family.replaceAll('"', '') === 'Sarabun' && face.status === 'loaded'
            && face.unicodeRange.includes('U+E01')))"""
    )


@pytest.mark.django_db(transaction=True)
def test_a_planner_logs_in_in_thai_and_sees_the_plan_tree_in_baht(world, live_server, page):
    page.goto(live_server.url + reverse("login"))
    assert page.locator("h2").inner_text() == "เข้าสู่ระบบ"  # Thai although the browser asks for English
    assert sarabun_is_used(page)
    page.screenshot(path=SHOTS / "01-login.png", full_page=True)

    log_in(page, live_server, "planner")
    assert page.url.endswith(reverse("plans:home", args=[world.org.slug]))
    page.screenshot(path=SHOTS / "02-org-home.png", full_page=True)

    page.get_by_role("link", name=world.plan.plan.name, exact=False).filter(has_text="2566").first.click()
    tree = page.locator("#plan-tree")
    assert "200,000.00" in tree.inner_text()
    assert "บาท" in tree.locator("tfoot").inner_text()
    page.screenshot(path=SHOTS / "03-plan-tree.png", full_page=True)

    page.get_by_role("link", name=world.plan.projects[0].name).click()
    assert "พ.ย. 2568" in page.content()
    page.screenshot(path=SHOTS / "04-project.png", full_page=True)


@pytest.mark.django_db(transaction=True)
def test_a_user_of_another_organization_sees_none_of_banphaen(world, live_server, page):
    log_in(page, live_server, "outsider")
    assert world.other_org.name in page.content()
    assert world.org.name not in page.content()
    response = page.goto(live_server.url + reverse("plans:plan_detail", args=[world.org.slug, world.plan.plan.pk]))
    assert response.status == 404
    assert world.plan.plan.name not in page.content()
    page.screenshot(path=SHOTS / "05-other-org-404.png", full_page=True)


@pytest.mark.django_db(transaction=True)
def test_the_plan_pages_fit_a_phone(world, live_server, new_page):
    phone = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    log_in(phone, live_server, "planner")
    phone.goto(live_server.url + reverse("plans:project_list", args=[world.org.slug]))
    # the page itself does not scroll sideways; wide tables scroll inside their own box
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    phone.screenshot(path=SHOTS / "06-phone-projects.png", full_page=True)


@pytest.mark.django_db(transaction=True)
def test_a_date_typed_in_the_buddhist_era_saves_as_its_day_and_the_calendar_writes_buddhist_years(
    world, live_server, new_page
):
    from datetime import date

    project = world.plan.projects[0]
    for name, options in (("desktop", {}), ("phone", {"viewport": {"width": 390, "height": 844}, "is_mobile": True})):
        page = new_page(**options)
        log_in(page, live_server, "planner")
        page.goto(live_server.url + reverse("plans:project_edit", args=[world.org.slug, project.pk]))
        start = page.locator("#id_planned_start")
        assert start.input_value() == "1/11/2568"  # shown back in พ.ศ.
        button = page.get_by_role("button", name="เลือกจากปฏิทิน").first
        assert button.is_visible()
        page.screenshot(path=SHOTS / f"07-date-field-{name}.png", full_page=True)
    # the calendar: the browser's own picker, its chosen day written back in พ.ศ.
    native = page.locator(".be-date-native").first
    native.evaluate("(el) => { el.value = '2026-12-05'; el.dispatchEvent(new Event('change', {bubbles: true})); }")
    assert start.input_value() == "5/12/2569"
    # the browser checks the shape as it is typed (the pattern compiles in Chromium)
    start.fill("พรุ่งนี้")
    assert start.evaluate("(el) => el.validity.patternMismatch")
    # typed by hand (keyboard only), and saved
    start.fill("12/11/2569")
    assert not start.evaluate("(el) => el.validity.patternMismatch")
    page.locator("#id_planned_end").fill("๓๑/๓/๗๐")  # Thai digits and a two-digit year
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    project.refresh_from_db()
    assert project.planned_start == date(2026, 11, 12)
    assert project.planned_end == date(2027, 3, 31)


@pytest.mark.django_db(transaction=True)
def test_a_gregorian_year_typed_by_mistake_is_refused_in_thai(world, live_server, page):
    project = world.plan.projects[0]
    log_in(page, live_server, "planner")
    page.goto(live_server.url + reverse("plans:project_edit", args=[world.org.slug, project.pk]))
    page.locator("#id_planned_start").fill("12/11/2026")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "ใช้ปี พ.ศ. เช่น 12/11/2569 ไม่ใช่ปี ค.ศ. 2026" in page.locator("#id_planned_start_errors").inner_text()
    assert page.locator("#id_planned_start").input_value() == "12/11/2026"  # what was typed stays
    project.refresh_from_db()
    assert str(project.planned_start) == "2025-11-01"


@pytest.mark.django_db(transaction=True)
def test_the_dashboards_money_axis_reads_the_thai_way(world, live_server, new_page):
    from dashboard.tests.test_dashboard import approve

    period = make_period(world.org, 2569, 1)
    approve(world.org, period, world.plan.projects[0], disbursed="1500000.00")
    approve(world.org, period, world.plan.projects[1], disbursed="250000.00")
    for name, options in (("desktop", {}), ("phone", {"viewport": {"width": 390, "height": 844}, "is_mobile": True})):
        page = new_page(**options)
        log_in(page, live_server, "executive")
        page.goto(live_server.url + reverse("dashboard:index", args=[world.org.slug]) + "?year=2569")
        page.wait_for_function("window.Chart && Chart.getChart('chart-quarters')")
        ticks = page.evaluate("Chart.getChart('chart-quarters').scales.y.ticks.map((t) => t.label)")
        assert ticks[0] == "0"
        assert any(t.endswith(" ล้าน") for t in ticks), ticks  # "1.5 ล้าน", not "1.5M"
        assert not any(t.endswith(("K", "M", "B")) for t in ticks), ticks
        page.locator("#chart-quarters").scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / f"08-dashboard-axis-{name}.png")
    # below a million: whole baht with separators
    labels = page.evaluate(
        """(() => { const c = Chart.getChart('chart-quarters'); c.data.datasets[0].data = [500000, 250000, 0, 0];
            c.data.datasets[1].data = [null, null, null, null]; c.update('none');
            return c.scales.y.ticks.map((t) => t.label); })()"""
    )
    assert "500,000" in labels, labels
