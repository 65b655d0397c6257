"""The first journeys in a real Chromium (Debian's, driven by Playwright), with screenshots.

Screenshots go to test-artifacts/screenshots/ for a person to look at.
"""

import pytest
from django.urls import reverse

from conftest import SHOTS, log_in


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
