"""แบบที่ 1 — the self-assessment of the planning process: the organization's own item list (copied from
the defaults on first use, never by reading), one assessment per year with the version check, the form
as a report in HTML, XLSX and PDF, and who may do what."""

import io
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core import versioning
from orgs.access import access_for
from reports import self_assessment as service
from reports.form1_items import DEFAULT_ITEMS
from reports.models import SelfAssessment, SelfAssessmentAnswer, SelfAssessmentItem

pytestmark = pytest.mark.django_db
YEAR = 2569


def url(world, name, *args):
    return reverse(f"reports:{name}", args=[world.org.slug, *args])


@pytest.fixture
def started(world):
    return service.self_assessment_start(org=world.org, access=access_for(world.users["planner"], world.org.slug))


def fill(client, world, answers, *, version=None):
    """POST the year's form: answers maps item → ("done" | "not_done" | "", note)."""
    page = client.get(url(world, "form1_assessment", YEAR))
    data = {"version": page.context["form"]["version"].value() if version is None else version}
    for item, (done, note) in answers.items():
        data[f"done_{item.pk}"], data[f"note_{item.pk}"] = done, note
    return client.post(url(world, "form1_assessment", YEAR), data)


def test_reading_shows_the_default_items_and_writes_nothing(world, client_for):
    for persona in ("planner", "executive"):
        client = client_for(persona)
        for address in (url(world, "form1_assessment", YEAR), url(world, "form1_items")):
            response = client.get(address)
            assert response.status_code == 200
            assert DEFAULT_ITEMS[0][1] in response.content.decode()
        assert client.get(url(world, "page", "form1"), {"year": YEAR}).status_code == 200
    assert not SelfAssessmentItem.objects.exists() and not SelfAssessment.objects.exists()


def test_starting_copies_the_default_items_once(world, client_for):
    client = client_for("auditor")
    assert client.post(url(world, "form1_items"), {"start": "1"}).status_code == 302
    client.post(url(world, "form1_items"), {"start": "1"})
    items = list(SelfAssessmentItem.objects.for_org(world.org))
    assert [(i.part, i.text) for i in items] == DEFAULT_ITEMS
    assert [i.order for i in items if i.part == 1] == [1, 2, 3, 4, 5, 6]
    assert not SelfAssessmentItem.objects.for_org(world.other_org).exists()


def test_the_planner_fills_in_the_year_and_the_report_ticks_each_column(world, started, client_for):
    client = client_for("planner")
    first, second, plan_item = started[0], started[1], started[6]
    response = fill(client, world, {first: ("done", "คำสั่งที่ 1/2569"), second: ("not_done", ""), plan_item: ("done", "")})
    assert response.status_code == 302
    answers = {a.item_id: (a.done, a.note) for a in SelfAssessmentAnswer.objects.all()}
    assert answers == {first.pk: (True, "คำสั่งที่ 1/2569"), second.pk: (False, ""), plan_item.pk: (True, "")}
    assert SelfAssessment.objects.get().updated_by == world.users["planner"]

    report = client.get(url(world, "page", "form1"), {"year": YEAR}).content.decode()
    assert "มีการดำเนินงาน" in report and "ไม่มีการดำเนินงาน" in report
    assert "ส่วนที่ 1 การจัดตั้งคณะกรรมการพัฒนาท้องถิ่น" in report and "ส่วนที่ 2 การจัดทำแผนพัฒนาท้องถิ่น" in report

    book = load_workbook(io.BytesIO(client.get(url(world, "download", "form1", "xlsx"), {"year": YEAR}).content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header = next(r for r in rows if "มีการดำเนินงาน" in r)
    done_at, not_at = header.index("มีการดำเนินงาน"), header.index("ไม่มีการดำเนินงาน")
    by_text = {r[0]: r for r in rows if isinstance(r[0], str)}
    assert by_text[f"1. {first.text}"][done_at] == "✓" and not by_text[f"1. {first.text}"][not_at]
    assert by_text[f"2. {second.text}"][not_at] == "✓" and not by_text[f"2. {second.text}"][done_at]
    assert "คำสั่งที่ 1/2569" in by_text[f"1. {first.text}"]
    assert f"1. {plan_item.text}" in by_text  # numbered again from 1 in part 2
    unanswered = by_text[f"3. {started[2].text}"]
    assert not unanswered[done_at] and not unanswered[not_at]

    pdf = client.get(url(world, "download", "form1", "pdf"), {"year": YEAR}).content
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert text.count("✓") == 1 + 3  # the explanation names the mark; then the three answers

    def loose(value):  # pdftotext drops ำ, a tone mark before it and ា; lines break anywhere
        return "".join(ch for ch in value if ch not in "\u0e33\u0e48\u0e49\u0e4a\u0e4b\u0e32 \n")

    assert loose("แบบที่ 1") in loose(text) and loose("คำสั่งที่ 1/2569") in loose(text)


def test_two_people_filling_in_the_form_at_once_never_overwrite_each_other(world, started, client_for):
    planner, auditor = client_for("planner"), client_for("auditor")
    item = started[0]
    opened = planner.get(url(world, "form1_assessment", YEAR)).context["form"]["version"].value()
    assert opened == versioning.NOTHING_STORED
    assert fill(auditor, world, {item: ("not_done", "ยังไม่ได้แต่งตั้ง")}).status_code == 302
    response = fill(planner, world, {item: ("done", "")}, version=opened)
    assert response.status_code == 200 and response.context["stale"] is not None
    assert SelfAssessmentAnswer.objects.get().done is False  # the auditor's answer stands
    assert "ยังไม่ได้แต่งตั้ง" in response.content.decode()  # what is saved now, next to the planner's
    again = response.context["form"]["version"].value()
    assert fill(planner, world, {item: ("done", "")}, version=again).status_code == 302
    assert SelfAssessmentAnswer.objects.get().done is True


def test_clearing_an_answer_removes_it_and_a_bad_choice_is_an_error_not_a_500(world, started, client_for):
    client = client_for("auditor")
    item = started[0]
    fill(client, world, {item: ("done", "")})
    assert fill(client, world, {item: ("", "")}).status_code == 302
    assert not SelfAssessmentAnswer.objects.exists()
    response = fill(client, world, {item: ("maybe", "")})
    assert response.status_code == 200 and response.context["form"].errors
    assert not SelfAssessmentAnswer.objects.exists()


def test_items_are_added_reworded_reordered_and_retired(world, started, client_for):
    client = client_for("planner")
    response = client.post(url(world, "form1_items"), {"part": 1, "text": "มีการเผยแพร่รายงานการประชุม"})
    assert response.status_code == 302
    added = SelfAssessmentItem.objects.get(text="มีการเผยแพร่รายงานการประชุม")
    assert added.order == 7 and added.part == 1

    client.post(url(world, "form1_item_move", added.pk), {"direction": "up"})
    part1 = list(SelfAssessmentItem.objects.for_org(world.org).filter(part=1))
    assert [i.pk for i in part1][-2:] == [added.pk, started[5].pk]
    client.post(url(world, "form1_item_move", part1[0].pk), {"direction": "up"})  # already first: stays
    assert SelfAssessmentItem.objects.for_org(world.org).filter(part=1).first().pk == part1[0].pk

    item = started[2]
    page = client.get(url(world, "form1_item", item.pk))
    version = page.context["form"]["version"].value()
    data = {"part": 1, "text": "มีการจัดประชุมอย่างต่อเนื่องสม่ำเสมอ (อย่างน้อยปีละ 2 ครั้ง)", "version": version}
    assert client.post(url(world, "form1_item", item.pk), data).status_code == 302
    item.refresh_from_db()
    assert item.text.endswith("(อย่างน้อยปีละ 2 ครั้ง)")
    stale = client.post(url(world, "form1_item", item.pk), {**data, "text": "อื่น"})  # the version of before
    assert stale.status_code == 200 and stale.context["stale"] is not None
    item.refresh_from_db()
    assert item.text.endswith("(อย่างน้อยปีละ 2 ครั้ง)")


def test_a_retired_item_leaves_new_years_but_stays_in_the_year_that_answered_it(world, started, client_for):
    client = client_for("auditor")
    item = started[1]
    fill(client, world, {item: ("done", "")})
    version = client.get(url(world, "form1_item", item.pk)).context["form"]["version"].value()
    client.post(url(world, "form1_item", item.pk), {"part": 1, "text": item.text, "retired": "on", "version": version})
    answered = service.lines_of(world.org, service.assessment_of(world.org, YEAR))
    assert item.pk in [line.item.pk for line in answered]
    fresh = service.lines_of(world.org, None)
    assert item.pk not in [line.item.pk for line in fresh]
    assert [line.number for line in fresh if line.item.part == 1] == [1, 2, 3, 4, 5]


def test_only_planners_and_auditors_change_the_form(world, started, client_for):
    item = started[0]
    for persona in ("reporter", "executive", "overseer"):
        client = client_for(persona)
        assert client.get(url(world, "form1_assessment", YEAR)).status_code == 200
        assert client.post(url(world, "form1_assessment", YEAR), {f"done_{item.pk}": "done"}).status_code == 403
        assert client.post(url(world, "form1_items"), {"part": 1, "text": "x"}).status_code == 403
        assert client.post(url(world, "form1_item", item.pk), {"part": 1, "text": "x"}).status_code == 403
        assert client.post(url(world, "form1_item_move", item.pk), {"direction": "down"}).status_code == 403
    assert not SelfAssessmentAnswer.objects.exists()
    assert SelfAssessmentItem.objects.for_org(world.org).count() == len(DEFAULT_ITEMS)
    # The reader sees the form without a save button.
    page = client_for("executive").get(url(world, "form1_assessment", YEAR)).content.decode()
    assert "disabled" in page and 'class="btn btn-primary" type="submit"' not in page


def test_another_organizations_items_are_not_found(world, started, client_for):
    other = service.self_assessment_start(
        org=world.other_org, access=access_for(world.users["outsider"], world.other_org.slug)
    )
    client = client_for("planner")
    assert client.get(url(world, "form1_item", other[0].pk)).status_code == 404
    assert client.post(url(world, "form1_item_move", other[0].pk), {"direction": "up"}).status_code == 404
    response = client.post(url(world, "form1_assessment", YEAR), {f"done_{other[0].pk}": "done"})
    assert response.status_code == 302 and not SelfAssessmentAnswer.objects.exists()  # not a field of this form


def test_a_year_without_an_action_plan_is_not_found(world, client_for):
    assert client_for("planner").get(url(world, "form1_assessment", 2590)).status_code == 404
