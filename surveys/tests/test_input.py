"""The input side of the surveys: the designer, the public answer page and its abuse limits, paper entry
and the Excel import."""

from datetime import date, timedelta
from html.parser import HTMLParser
from io import BytesIO

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.dates import format_be
from orgs.access import access_for
from surveys import design
from surveys.answering import field_name, questions_of
from surveys.models import Answer, Question, Response, Survey
from surveys.templates import ITEMS, PROFILE


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def make_survey(world, template="3/2", **values) -> Survey:
    user = world.users["planner"]
    return design.survey_create(
        org=world.org,
        values={"title": "", "introduction": "", "fiscal_year": 2569, **values},
        template=template,
        user=user,
        access=access_for(user, world.org.slug),
    )


def full_answers(survey) -> dict:
    """POST data answering every question: the first answer of each choice or rating, a text for texts."""
    data = {}
    for question in questions_of(survey):
        if question.kind == Question.Kind.TEXT:
            data[field_name(question)] = "ถนนหน้าบ้านมีหลุม"
        else:
            data[field_name(question)] = str(question.options.all()[0].pk)
    return data


def url(name, world, *args):
    return reverse(f"surveys:{name}", args=[world.org.slug, *args])


# The designer ------------------------------------------------------------------------------------


def test_form_3_2_gives_the_profile_and_the_nine_items_on_three_levels(world):
    survey = make_survey(world)
    questions = questions_of(survey)
    assert survey.form == "3/2" and survey.title.startswith("แบบที่ 3/2")
    profile = [q for q in questions if q.profile]
    assert [q.text for q in profile] == [text for text, _labels in PROFILE]
    age = profile[1]
    assert age.options.first().label == "ต่ำกว่า 20 ปี" and age.options.count() == 6
    items = [q for q in questions if q.is_rating]
    assert [q.text for q in items] == ITEMS
    assert all(q.kind == "rating3" for q in items)
    assert [(o.label, int(o.score)) for o in items[0].options.all()] == [("พอใจมาก", 3), ("พอใจ", 2), ("ไม่พอใจ", 1)]
    assert questions[-1].kind == "text" and not questions[-1].required


def test_form_3_3_gives_one_part_of_nine_items_scored_0_to_10_per_strategy(world):
    survey = make_survey(world, template="3/3")
    parts = [s for s in survey.sections.all() if s.strategy_id]
    assert [s.strategy for s in parts] == [world.plan.strategy]
    items = list(parts[0].questions.all())
    assert len(items) == 9 and all(q.kind == "rating10" for q in items)
    assert [int(o.score) for o in items[0].options.all()] == list(range(11))


def test_a_planner_creates_a_survey_from_a_template_and_edits_its_wording(world, client_for):
    client = client_for("planner")
    response = client.post(url("survey_create", world), {"template": "3/2", "fiscal_year": 2569, "title": ""})
    survey = Survey.objects.get(organization=world.org)
    assert response.url == url("survey_detail", world, survey.pk)
    page = client.get(response.url).content.decode()
    assert ITEMS[0] in page and "เพศ" in page
    question = survey.questions.get(text=ITEMS[0])
    form_page = client.get(url("question_edit", world, survey.pk, question.pk)).content.decode()
    version = form_page.split('name="version" value="')[1].split('"')[0]
    data = {"section": question.section_id, "text": "ถ้อยคำปีนี้", "kind": "rating3", "required": "on", "version": version}
    assert client.post(url("question_edit", world, survey.pk, question.pk), data).status_code == 302
    question.refresh_from_db()
    assert question.text == "ถ้อยคำปีนี้" and question.options.count() == 3


def test_an_edit_from_a_stale_page_is_refused_and_saves_nothing(world, client_for):
    survey = make_survey(world)
    question = survey.questions.get(text=ITEMS[0])
    client = client_for("planner")
    page = client.get(url("question_edit", world, survey.pk, question.pk)).content.decode()
    version = page.split('name="version" value="')[1].split('"')[0]
    Question.objects.filter(pk=question.pk).update(text="someone else's wording")
    data = {"section": question.section_id, "text": "mine", "kind": "rating3", "required": "on", "version": version}
    response = client.post(url("question_edit", world, survey.pk, question.pk), data)
    assert response.status_code == 200 and 'id="stale-edit"' in response.content.decode()
    question.refresh_from_db()
    assert question.text == "someone else's wording"


def test_a_choice_question_is_added_with_its_answers_and_moved_up_and_deleted(world, client_for):
    survey = make_survey(world, template="", title="สำรวจน้ำประปา")
    client = client_for("auditor")
    client.post(url("section_create", world, survey.pk), {"title": "ข้อมูลทั่วไป"})
    section = survey.sections.get()
    for text in ("หมู่บ้าน", "ความพอใจน้ำประปา"):
        data = {"section": section.pk, "text": text, "kind": "choice", "options_text": "หมู่ 1\nหมู่ 2\n\nหมู่ 3"}
        if text != "หมู่บ้าน":
            data = {"section": section.pk, "text": text, "kind": "rating5", "required": "on"}
        assert client.post(url("question_create", world, survey.pk), data).status_code == 302
    village, rating = survey.questions.order_by("number")
    assert [o.label for o in village.options.all()] == ["หมู่ 1", "หมู่ 2", "หมู่ 3"]
    assert rating.options.count() == 5 and not village.required
    client.post(url("question_move", world, survey.pk, rating.pk), {"direction": "up"})
    assert list(survey.questions.order_by("number").values_list("text", flat=True)) == ["ความพอใจน้ำประปา", "หมู่บ้าน"]
    client.post(url("question_delete", world, survey.pk, rating.pk))
    assert list(survey.questions.values_list("text", "number")) == [("หมู่บ้าน", 1)]


def test_a_choice_needs_two_different_answers(world, client_for):
    survey = make_survey(world, template="", title="สำรวจ")
    data = {"text": "หมู่บ้าน", "kind": "choice", "options_text": "หมู่ 1"}
    response = client_for("planner").post(url("question_create", world, survey.pk), data)
    assert response.status_code == 200 and not survey.questions.exists()


def test_questions_freeze_once_answered_and_a_new_version_copies_them(world, client_for):
    survey = make_survey(world)
    Client().post(reverse("survey_public:answer", args=[survey.token]), full_answers(survey))
    assert survey.responses.count() == 1
    client = client_for("planner")
    question = survey.questions.first()
    before = question.text
    response = client.post(url("question_edit", world, survey.pk, question.pk), {"text": "changed", "kind": "rating3"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text == before
    client.post(url("question_delete", world, survey.pk, question.pk))
    assert survey.questions.filter(pk=question.pk).exists()
    with pytest.raises(design.SurveyFrozen):
        design.question_save(
            survey=survey,
            question=question,
            values={"text": "x"},
            labels=[],
            access=access_for(world.users["planner"], "banphaen"),
        )
    response = client.post(url("survey_new_version", world, survey.pk))
    copy = Survey.objects.exclude(pk=survey.pk).get()
    assert response.url == url("survey_detail", world, copy.pk)
    assert copy.previous == survey and copy.version == 2 and copy.token != survey.token
    assert list(copy.questions.values_list("number", "text", "kind")) == list(
        survey.questions.values_list("number", "text", "kind")
    )
    assert copy.responses.count() == 0 and not design.is_frozen(copy)


def test_a_survey_with_answers_cannot_be_deleted_but_an_empty_one_can(world, client_for):
    answered, empty = make_survey(world), make_survey(world, template="", title="ว่าง")
    Client().post(reverse("survey_public:answer", args=[answered.token]), full_answers(answered))
    client = client_for("planner")
    client.post(url("survey_delete", world, answered.pk))
    client.post(url("survey_delete", world, empty.pk))
    assert list(Survey.objects.values_list("pk", flat=True)) == [answered.pk]


def test_readers_see_the_surveys_but_change_nothing(world, client_for):
    survey = make_survey(world)
    client = client_for("executive")
    assert client.get(url("survey_list", world)).status_code == 200
    page = client.get(url("survey_detail", world, survey.pk)).content.decode()
    assert "new-version" not in page and url("question_edit", world, survey.pk, survey.questions.first().pk) not in page
    assert client.post(url("survey_new_version", world, survey.pk)).status_code == 403
    assert client_for("reporter").get(url("survey_create", world)).status_code == 403


def test_another_organization_gets_404_for_a_survey(world, client_for):
    survey = make_survey(world)
    client = client_for("outsider")
    assert client.get(reverse("surveys:survey_detail", args=[world.other_org.slug, survey.pk])).status_code == 404


# Answering on the public address -----------------------------------------------------------------


def test_a_citizen_answers_without_an_account_and_the_answer_is_counted(world):
    survey = make_survey(world)
    client = Client(enforce_csrf_checks=True)  # as a fresh phone browser: the GET gives the CSRF cookie
    page = client.get(reverse("survey_public:answer", args=[survey.token]))
    html = page.content.decode()
    assert page.status_code == 200 and "<fieldset" in html and "<legend" in html and "<script" not in html
    token = client.cookies["csrftoken"].value
    data = {**full_answers(survey), "csrfmiddlewaretoken": token}
    response = client.post(reverse("survey_public:answer", args=[survey.token]), data)
    assert response.status_code == 302 and response.url == reverse("survey_public:thanks", args=[survey.token])
    assert client.get(response.url).status_code == 200
    saved = Response.objects.get(survey=survey)
    assert saved.channel == "web" and saved.answered_on == timezone.localdate() and saved.entered_by is None
    assert saved.answers.count() == survey.questions.count()
    assert saved.answers.get(question__kind="text").text == "ถนนหน้าบ้านมีหลุม"


def test_a_post_without_the_csrf_token_is_refused(world):
    survey = make_survey(world)
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("survey_public:answer", args=[survey.token]), full_answers(survey))
    assert response.status_code == 403 and not Response.objects.exists()
    assert 'id="csrf-failure"' in response.content.decode()  # a plain Thai page that offers the form again
    assert "เปิดแบบฟอร์มอีกครั้ง" in response.content.decode()


def test_a_missing_required_answer_shows_the_form_again_in_red(world):
    survey = make_survey(world)
    data = full_answers(survey)
    first = questions_of(survey)[0]
    del data[field_name(first)]
    response = Client().post(reverse("survey_public:answer", args=[survey.token]), data)
    assert response.status_code == 400 and "form-errors" in response.content.decode()
    assert not Response.objects.exists()


def test_an_option_of_another_question_is_refused(world):
    survey = make_survey(world)
    data = full_answers(survey)
    first, second = questions_of(survey)[:2]
    data[field_name(first)] = str(second.options.first().pk)
    assert Client().post(reverse("survey_public:answer", args=[survey.token]), data).status_code == 400
    assert not Response.objects.exists()


def test_the_honeypot_is_thanked_and_not_saved(world):
    survey = make_survey(world)
    data = {**full_answers(survey), "website": "http://spam.example"}
    response = Client().post(reverse("survey_public:answer", args=[survey.token]), data)
    assert response.status_code == 302 and response.url.endswith("/thanks/")
    assert not Response.objects.exists()


def test_answers_beyond_the_rate_limit_get_a_polite_429(world, settings):
    settings.TIDTAM_SURVEY_RATE_LIMIT = {"answers": 2, "minutes": 10}
    survey = make_survey(world)
    client = Client(REMOTE_ADDR="203.0.113.9")
    answer = reverse("survey_public:answer", args=[survey.token])
    assert [client.post(answer, full_answers(survey)).status_code for _ in range(2)] == [302, 302]
    refused = client.post(answer, full_answers(survey))
    assert refused.status_code == 429 and 'id="refused"' in refused.content.decode()
    assert "กรุณา" in refused.content.decode()
    assert survey.responses.count() == 2
    other = Client(REMOTE_ADDR="203.0.113.10")
    assert other.post(answer, full_answers(survey)).status_code == 302


def test_one_answer_per_device_thanks_the_second_visit_without_saving(world):
    survey = make_survey(world, one_per_device=True)
    client = Client()
    answer = reverse("survey_public:answer", args=[survey.token])
    assert client.post(answer, full_answers(survey)).status_code == 302
    again = client.get(answer)
    assert (
        again.status_code == 200 and 'id="thanks"' in again.content.decode() and "<form" not in again.content.decode()
    )
    client.post(answer, full_answers(survey))
    assert survey.responses.count() == 1
    assert Client().post(answer, full_answers(survey)).status_code == 302  # another phone
    assert survey.responses.count() == 2


def test_a_full_survey_takes_no_more_answers(world):
    survey = make_survey(world, max_responses=1)
    answer = reverse("survey_public:answer", args=[survey.token])
    Client().post(answer, full_answers(survey))
    late = Client().post(answer, full_answers(survey))
    assert late.status_code == 200 and 'id="closed"' in late.content.decode()
    assert survey.responses.count() == 1


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(timedelta(days=1), None), (None, timedelta(days=-1))],
    ids=["not-open-yet", "closed"],
)
def test_a_survey_outside_its_dates_shows_a_polite_page_and_takes_nothing(world, opens, closes):
    today = timezone.localdate()
    survey = make_survey(world, opens_on=today + opens if opens else None, closes_on=today + closes if closes else None)
    answer = reverse("survey_public:answer", args=[survey.token])
    page = Client().get(answer)
    assert page.status_code == 200 and 'id="closed"' in page.content.decode() and "<form" not in page.content.decode()
    Client().post(answer, full_answers(survey))
    assert not Response.objects.exists()


def test_an_unknown_address_is_404(db):
    assert Client().get(reverse("survey_public:answer", args=["no-such-token"])).status_code == 404


# Paper forms -------------------------------------------------------------------------------------


def test_paper_forms_are_saved_one_after_another_with_their_date(world, client_for):
    survey = make_survey(world, closes_on=timezone.localdate() - timedelta(days=3))  # typed in after closing
    client = client_for("auditor")
    entry = url("paper_entry", world, survey.pk)
    page = client.get(entry).content.decode()
    assert "autofocus" in page and 'id="paper-counter"' in page
    day = timezone.localdate() - timedelta(days=5)
    response = client.post(entry, {**full_answers(survey), "paper-answered_on": day.isoformat(), "entered": "0"})
    assert response.url == f"{entry}?on={day.isoformat()}&entered=1"
    page = client.get(response.url).content.decode()
    assert f'value="{format_be(day)}"' in page and "<strong>1</strong>" in page  # the next form keeps the day
    response = client.post(entry, {**full_answers(survey), "paper-answered_on": day.isoformat(), "entered": "1"})
    assert response.url.endswith("entered=2")
    saved = Response.objects.filter(survey=survey)
    assert saved.count() == 2 and {r.channel for r in saved} == {"paper"}
    assert {r.answered_on for r in saved} == {day} and {r.entered_by for r in saved} == {world.users["auditor"]}


def test_a_paper_form_dated_in_the_future_is_refused(world, client_for):
    survey = make_survey(world)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client_for("planner").post(
        url("paper_entry", world, survey.pk), {**full_answers(survey), "paper-answered_on": tomorrow}
    )
    assert response.status_code == 200 and "alert-danger" in response.content.decode()
    assert not Response.objects.exists()


def test_a_reporter_cannot_type_in_paper_forms(world, client_for):
    survey = make_survey(world)
    assert client_for("reporter").get(url("paper_entry", world, survey.pk)).status_code == 403


def _filled_template(client, world, survey, rows) -> BytesIO:
    data = client.get(url("responses_template", world, survey.pk)).content
    book = load_workbook(BytesIO(data))
    sheet = book["คำตอบ"]
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "answers.xlsx"
    return out


def test_the_excel_template_imports_paper_answers(world, client_for):
    survey = make_survey(world)
    client = client_for("planner")
    questions = questions_of(survey)
    good = ["15/01/2569", "หญิง", "2", "ปริญญาตรี", "เกษตรกร", *(["พอใจมาก"] * 8), "1", "ขอไฟทาง"]
    second = [date(2026, 1, 16), "ชาย", "ต่ำกว่า 20 ปี", "อื่น ๆ", "รับจ้าง", *(["ไม่พอใจ"] * 9), None]
    assert len(good) == len(questions) + 1
    upload = _filled_template(client, world, survey, [good, second])
    response = client.post(url("responses_import", world, survey.pk), {"file": upload})
    assert response.status_code == 200, response.content.decode()[:2000]
    saved = Response.objects.filter(survey=survey).order_by("answered_on")
    assert [r.answered_on for r in saved] == [date(2026, 1, 15), date(2026, 1, 16)]
    assert {r.channel for r in saved} == {"paper"}
    first = saved[0]
    assert first.answers.get(question=questions[1]).option.label == "20–30 ปี"
    assert first.answers.get(question=questions[12]).option.label == "พอใจมาก"
    assert first.answers.get(question=questions[-1]).text == "ขอไฟทาง"
    assert Answer.objects.filter(response=saved[1]).count() == len(questions) - 1


def test_an_excel_file_with_one_bad_row_writes_nothing_and_says_where_in_thai(world, client_for):
    survey = make_survey(world)
    client = client_for("planner")
    good = ["15/01/2569", "หญิง", "2", "ปริญญาตรี", "เกษตรกร", *(["พอใจมาก"] * 9), ""]
    bad = ["15/01/2569", "ไม่ระบุ", "2", "ปริญญาตรี", "เกษตรกร", *(["พอใจมาก"] * 8), "", ""]
    upload = _filled_template(client, world, survey, [good, bad])
    response = client.post(url("responses_import", world, survey.pk), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 400
    assert "ไม่ระบุ" in html and "ชาย, หญิง" in html
    assert "ต้องตอบ" in html  # the unanswered rating item of row 3
    assert not Response.objects.exists()


# Escaping: what citizens and staff type is shown as text ------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    "'><script>alert(document.cookie)</script>",
    "<body onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<img src=1 onerror=alert(1)//",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)>",
    "<object data=javascript:alert(1)>",
    "{{ 7*7 }}<script>alert(1)</script>",
    "{% debug %}<script>1</script>",
    "<scr<script>ipt>alert(1)</script>",
    "<SCRIPT SRC=//x.example/x.js></SCRIPT>",
    "<marquee onstart=alert(1)>",
    '"onmouseover="alert(1)',
    "'onfocus='alert(1)' autofocus='",
    '<div style="background:url(javascript:alert(1))">',
    "<style>@import 'javascript:alert(1)';</style>",
    "<base href=javascript:alert(1)//>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<embed src=javascript:alert(1)>",
    "<link rel=import href=data:text/html,<script>alert(1)</script>>",
    "<meta http-equiv=refresh content=0;url=javascript:alert(1)>",
]


class Elements(HTMLParser):
    """Every element of a page with its attributes, as a browser would build them."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def injected(html: str) -> list[str]:
    """What a payload could run: an event handler attribute, a script not of our own, an element that loads
    something, or a javascript: address."""
    parser = Elements()
    parser.feed(html)
    problems = []
    for tag, attrs in parser.found:
        problems += [f"{tag} {name}" for name in attrs if name.startswith("on")]
        if tag == "script" and not (attrs.get("src") or "").startswith("/static/"):
            problems.append("inline script")
        if tag in ("iframe", "object", "embed", "base", "math", "video", "marquee", "details", "img"):
            problems.append(tag)
        problems += [
            f"{tag} {name}"
            for name in ("href", "src", "action", "data")
            if (attrs.get(name) or "").strip().lower().startswith("javascript:")
        ]
    return problems


def test_thirty_payloads_in_titles_questions_and_answers_are_shown_escaped_on_the_staff_pages(world, client_for):
    assert len(PAYLOADS) == 30
    survey = make_survey(world, template="", title=PAYLOADS[0], introduction=PAYLOADS[1])
    user = world.users["planner"]
    access = access_for(user, world.org.slug)
    section = design.section_save(survey=survey, section=None, title=PAYLOADS[2], strategy=None, access=access)
    for n, payload in enumerate(PAYLOADS):
        design.question_save(
            survey=survey,
            question=None,
            values={
                "section": section,
                "text": payload[:500],
                "kind": "choice" if n % 2 else "text",
                "required": False,
            },
            labels=[payload, f"ok {n}"],
            access=access,
        )
    client = client_for("planner")
    for question in survey.questions.all()[:4]:  # before the answers freeze the questions
        html = client.get(url("question_edit", world, survey.pk, question.pk)).content.decode()
        assert injected(html) == [] and "&lt;" in html
    text_questions = [q for q in questions_of(survey) if q.kind == "text"]
    for payload in PAYLOADS:
        data = {field_name(q): payload for q in text_questions}
        assert (
            Client(REMOTE_ADDR=f"198.51.100.{PAYLOADS.index(payload)}")
            .post(reverse("survey_public:answer", args=[survey.token]), data)
            .status_code
            == 302
        )
    assert Answer.objects.filter(text=PAYLOADS[0]).exists()
    pages = [
        url("survey_list", world),
        url("survey_detail", world, survey.pk),
        url("survey_edit", world, survey.pk),
        url("paper_entry", world, survey.pk),
        url("responses_import", world, survey.pk),
        url("section_edit", world, survey.pk, section.pk),
        reverse("survey_public:answer", args=[survey.token]),
        reverse("survey_public:thanks", args=[survey.token]),
    ]
    for page in pages:
        response = client.get(page)
        html = response.content.decode()
        assert response.status_code == 200, page
        assert injected(html) == [], page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, page
    new_version = client.post(url("survey_new_version", world, survey.pk))
    assert injected(client.get(new_version.url).content.decode()) == []


def test_a_large_excel_file_goes_to_a_background_job(world, client_for, settings, tmp_path):
    from jobs.models import Job

    settings.MEDIA_ROOT = tmp_path
    settings.TIDTAM_IMPORT_BACKGROUND_ROWS = 1
    survey = make_survey(world)
    client = client_for("auditor")
    row = ["15/01/2569", "หญิง", "2", "ปริญญาตรี", "เกษตรกร", *(["พอใจ"] * 9), ""]
    upload = _filled_template(client, world, survey, [row, row, row])
    response = client.post(url("responses_import", world, survey.pk), {"file": upload})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.kind == "surveys.import_responses" and job.state == Job.State.DONE, job.error
    assert job.result["ok"] and survey.responses.filter(channel="paper").count() == 3


# Sharing: QR codes and the poster -----------------------------------------------------------------


def test_the_qr_codes_and_the_poster_point_to_the_public_address_on_the_site_url(world, client_for, settings):
    import shutil
    import subprocess

    settings.SITE_URL = "https://tidtam.example/"
    survey = make_survey(world)
    client = client_for("executive")  # reading is enough to print a poster
    svg = client.get(url("qr_svg", world, survey.pk))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert svg["Content-Disposition"].startswith("attachment")
    png = client.get(url("qr_png", world, survey.pk))
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    pdf = client.get(url("poster_pdf", world, survey.pk))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    address = f"https://tidtam.example/s/{survey.token}/"
    page = client.get(url("survey_detail", world, survey.pk)).content.decode()
    assert f'href="{address}"' in page
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout
        assert address in text.decode().replace("\n", "")


def test_the_settings_of_an_answered_survey_still_change_and_a_closing_date_before_the_opening_is_refused(
    world, client_for
):
    survey = make_survey(world)
    Client().post(reverse("survey_public:answer", args=[survey.token]), full_answers(survey))
    client = client_for("planner")
    edit = url("survey_edit", world, survey.pk)
    data = {"title": "แบบสำรวจปี 2569", "fiscal_year": 2569, "opens_on": "2026-01-10", "closes_on": "2026-01-01"}
    assert client.post(edit, data).status_code == 200
    data["closes_on"] = "2026-02-28"
    assert client.post(edit, data).status_code == 302
    survey.refresh_from_db()
    assert survey.title == "แบบสำรวจปี 2569" and survey.closes_on == date(2026, 2, 28)


def test_a_blank_survey_needs_a_title(world, client_for):
    response = client_for("planner").post(url("survey_create", world), {"template": "", "fiscal_year": 2569})
    assert response.status_code == 200 and not Survey.objects.exists()


def test_a_survey_or_question_a_kpi_takes_its_result_from_is_not_deleted(world, client_for):
    from surveys.models import IndicatorSource

    survey = make_survey(world)
    question = survey.questions.get(text=ITEMS[0])
    IndicatorSource.objects.create(
        organization=world.org, indicator=world.plan.org_indicator, survey=survey, question=question
    )
    client = client_for("planner")
    response = client.post(url("question_delete", world, survey.pk, question.pk), follow=True)
    assert "ตัวชี้วัด" in response.content.decode() and survey.questions.filter(pk=question.pk).exists()
    client.post(url("survey_delete", world, survey.pk))
    assert Survey.objects.filter(pk=survey.pk).exists()
