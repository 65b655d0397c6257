"""The surveys in a real Chromium: a citizen on a phone, the designer, and paper entry by keyboard.

Screenshots go to test-artifacts/screenshots/ for a person to look at.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse

from conftest import SHOTS, log_in
from surveys.models import Response
from surveys.poster import poster_pdf
from surveys.tests.test_input import make_survey


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def answer_every_question(page):
    """Tap the first answer of every question and write a suggestion, as a person would."""
    groups = page.locator("fieldset.question")
    for n in range(groups.count()):
        groups.nth(n).locator("label.choice").first.click()
    page.locator("textarea").first.fill("อยากให้ซ่อมไฟทางหน้าวัด")


@pytest.mark.django_db(transaction=True)
def test_a_citizen_answers_on_a_phone_and_a_rapid_second_answer_is_refused_politely(
    world, live_server, new_page, settings
):
    settings.TIDTAM_SURVEY_RATE_LIMIT = {"answers": 1, "minutes": 10}
    survey = make_survey(world)
    phone = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    address = live_server.url + reverse("survey_public:answer", args=[survey.token])
    phone.goto(address)
    assert phone.locator("h1").inner_text().startswith("แบบที่ 3/2")
    assert phone.locator("legend").first.inner_text().startswith("1.")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert phone.evaluate("document.scripts.length") == 0
    phone.screenshot(path=SHOTS / "surveys-01-phone-form.png", full_page=True)

    answer_every_question(phone)
    phone.get_by_role("button", name="ส่งคำตอบ").click()
    phone.wait_for_url("**/thanks/")
    assert "ขอบคุณ" in phone.locator("#thanks").inner_text()
    phone.screenshot(path=SHOTS / "surveys-02-thanks.png", full_page=True)
    saved = Response.objects.get(survey=survey)
    assert saved.channel == "web" and saved.answers.count() == survey.questions.count()

    phone.goto(address)
    answer_every_question(phone)
    with phone.expect_response(lambda r: r.request.method == "POST") as posted:
        phone.get_by_role("button", name="ส่งคำตอบ").click()
    assert posted.value.status == 429
    assert "กรุณารอสักครู่" in phone.locator("#refused").inner_text()
    phone.screenshot(path=SHOTS / "surveys-03-refused.png", full_page=True)
    assert Response.objects.filter(survey=survey).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_designer_shows_the_questions_and_a_paper_form_goes_in_by_keyboard(world, live_server, new_page):
    survey = make_survey(world)
    planner = new_page()
    log_in(planner, live_server, "planner")
    planner.get_by_role("link", name="แบบสำรวจ").first.click()
    planner.get_by_role("link", name=survey.title).click()
    assert planner.locator(".question-text").count() == survey.questions.count()
    planner.screenshot(path=SHOTS / "surveys-04-designer.png", full_page=True)

    clerk = new_page()
    log_in(clerk, live_server, "auditor")
    clerk.goto(live_server.url + reverse("surveys:paper_entry", args=[world.org.slug, survey.pk]))
    assert clerk.evaluate("document.activeElement.type") == "radio"  # the first answer has the focus
    for _question in range(clerk.locator("fieldset.question").count()):
        clerk.keyboard.press("2")  # the second answer, then on to the next question
    assert clerk.evaluate("document.activeElement.id") == "save-next"
    clerk.keyboard.press("Enter")
    clerk.wait_for_url("**entered=1")
    assert "1" in clerk.locator("#paper-counter strong").inner_text()
    assert clerk.evaluate("document.activeElement.type") == "radio"  # the next empty form, ready
    clerk.screenshot(path=SHOTS / "surveys-05-paper-entry.png", full_page=True)
    paper = Response.objects.get(survey=survey, channel="paper")
    assert paper.entered_by == world.users["auditor"]
    assert {a.option.number for a in paper.answers.all()} == {2}

    (SHOTS / "surveys-06-poster.pdf").write_bytes(poster_pdf(survey))
