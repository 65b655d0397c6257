"""The evaluation at the round's end: the supervisor rates, the second-level reviewer confirms or adjusts
with a reason, the employee acknowledges or disagrees; the committee's page and the final lock."""

from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import make_user
from orgs.models import Role
from people.models import Agreement, AgreementCompetency, AgreementKPI, Evaluation
from people.tests.test_linked import road  # noqa: F401  (the plan KPI's approved data: 160 to 31 March)


def url(world, name, *args):
    return reverse(f"people:{name}", args=[world.org.slug, *args])


@pytest.fixture
def signed(world, staff, road):  # noqa: F811
    """ช่าง's agreement signed by both: the linked road KPI (weight 60, reaches level 3) and an own KPI
    (weight 40); two competencies expected at levels 3 and 2. The reviewer ปลัด has the account "boss"."""
    agreement = staff["agreement"]
    AgreementKPI.objects.create(
        organization=world.org,
        agreement=agreement,
        name="งานเอกสาร",
        weight=Decimal(40),
        order=2,
        **{f"level_{n}": Decimal(n * 10) for n in range(1, 6)},
    )
    for order, (name, level) in enumerate((("การมุ่งผลสัมฤทธิ์", 3), ("การทำงานเป็นทีม", 2))):
        AgreementCompetency.objects.create(
            organization=world.org, agreement=agreement, kind="core", name=name, expected_level=level, order=order
        )
    Agreement.objects.filter(pk=agreement.pk).update(state=Agreement.State.AGREED)
    world.users["boss"] = make_user("boss", world.org, Role.PLANNER)
    staff["chief"].user = world.users["boss"]
    staff["chief"].save()
    agreement.refresh_from_db()
    return agreement


def rating(agreement, form_page, own=5, first=3, second=1, **extra):
    fields = form_page.context["form"].fields
    own_kpi = agreement.kpis.get(name="งานเอกสาร")
    competencies = {c.name: c for c in agreement.competencies.all()}
    data = {
        f"kpi{own_kpi.pk}": str(own),
        f"c{competencies['การมุ่งผลสัมฤทธิ์'].pk}": str(first),
        f"c{competencies['การทำงานเป็นทีม'].pk}": str(second),
        "comment": "ทำงานดี",
        "version": form_page.context["form"]["version"].value(),
    }
    assert set(data) == set(fields)  # the linked KPI is not a field: its level comes from the data
    return data | extra


def test_the_supervisor_rates_the_reviewer_adjusts_with_a_reason_and_the_employee_disagrees(world, signed, client_for):
    page = client_for("auditor").get(url(world, "evaluation_rate", signed.pk))
    assert page.status_code == 200
    assert client_for("auditor").post(url(world, "evaluation_rate", signed.pk), rating(signed, page)).status_code == 302
    evaluation = Evaluation.objects.get(agreement=signed)
    # (3 × 60 + 5 × 40) ÷ 5 = 76; competencies 3 + 2 of 6 points = 83.33; 76 × .7 + 83.33 × .3 = 78.20
    assert (evaluation.state, evaluation.achievement_score, evaluation.total) == ("evaluated", 76, Decimal("78.20"))
    assert evaluation.competency_score == Decimal("83.3333") and evaluation.band == "good"
    assert list(signed.kpis.values_list("rated_level", flat=True)) == [3, 5]
    assert client_for("hr").get(url(world, "evaluation_review", signed.pk)).status_code == 403  # ปลัด reviews
    assert client_for("auditor").get(url(world, "evaluation_review", signed.pk)).status_code == 403
    form = client_for("boss").get(url(world, "evaluation_review", signed.pk)).context["form"]
    no_reason = {"adjusted_total": "82", "adjustment_reason": "", "version": form["version"].value()}
    assert client_for("boss").post(url(world, "evaluation_review", signed.pk), no_reason).status_code == 200
    with_reason = no_reason | {"adjustment_reason": "ผลงานเด่นนอกข้อตกลง"}
    assert client_for("boss").post(url(world, "evaluation_review", signed.pk), with_reason).status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.state, evaluation.final_total, evaluation.band) == ("reviewed", Decimal(82), "very_good")
    assert evaluation.history.first().history_change_reason == "ผลงานเด่นนอกข้อตกลง"
    again = client_for("auditor").get(url(world, "evaluation_rate", signed.pk))
    assert (
        client_for("auditor").post(url(world, "evaluation_rate", signed.pk), rating(signed, again)).status_code == 200
    )
    form = client_for("reporter").get(url(world, "evaluation_acknowledge", signed.pk)).context["form"]
    answer = {"employee_agrees": "no", "employee_note": "", "version": form["version"].value()}
    assert client_for("reporter").post(url(world, "evaluation_acknowledge", signed.pk), answer).status_code == 200
    # a long note (longer than the history's reason column) is kept in full on the evaluation
    long_note = " ".join(["งานเอกสารทำครบทุกเรื่อง"] * 12)
    answer["employee_note"] = long_note
    assert client_for("reporter").post(url(world, "evaluation_acknowledge", signed.pk), answer).status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.state, evaluation.employee_agrees) == ("acknowledged", False)
    assert evaluation.employee_note == long_note
    reason = evaluation.history.first().history_change_reason
    assert len(reason) == 100 and long_note.startswith(reason[:-1]) and reason.endswith("…")
    page = client_for("reporter").get(url(world, "evaluation_detail", signed.pk)).content.decode()
    assert "ดีมาก" in page and "ผลงานเด่นนอกข้อตกลง" in page and "งานเอกสารทำครบทุกเรื่อง" in page


def test_the_wrong_people_get_404_or_403_at_every_step(world, signed, client_for):
    for name in ("evaluation_detail", "evaluation_rate", "evaluation_review", "evaluation_acknowledge"):
        assert client_for("planner").get(url(world, name, signed.pk)).status_code == 404, name
        assert client_for("overseer").get(url(world, name, signed.pk)).status_code == 404, name
    assert client_for("reporter").get(url(world, "evaluation_rate", signed.pk)).status_code == 403  # not oneself
    assert client_for("hr").get(url(world, "evaluation_rate", signed.pk)).status_code == 403  # not in the line
    assert client_for("executive").get(url(world, "evaluation_rate", signed.pk)).status_code == 403  # reads only
    assert client_for("executive").get(url(world, "evaluation_detail", signed.pk)).status_code == 200
    assert client_for("auditor").get(url(world, "evaluation_acknowledge", signed.pk)).status_code == 403
    assert client_for("boss").get(url(world, "evaluation_rate", signed.pk)).status_code == 200  # above, too
    assert not Evaluation.objects.exists()


def test_a_result_is_reviewed_only_after_rating_and_acknowledged_only_after_review(world, signed, client_for):
    response = client_for("boss").post(url(world, "evaluation_review", signed.pk), {"adjusted_total": ""})
    assert response.status_code == 200 and "พิจารณาได้เฉพาะผลที่ผู้บังคับบัญชาประเมินแล้ว" in response.content.decode()
    response = client_for("reporter").post(url(world, "evaluation_acknowledge", signed.pk), {"employee_agrees": "yes"})
    assert response.status_code == 200
    assert not Evaluation.objects.exists()


def test_a_draft_agreement_or_one_without_competencies_is_not_rated(world, signed, client_for):
    Agreement.objects.filter(pk=signed.pk).update(state=Agreement.State.DRAFT)
    page = client_for("auditor").get(url(world, "evaluation_rate", signed.pk))
    response = client_for("auditor").post(url(world, "evaluation_rate", signed.pk), rating(signed, page))
    assert response.status_code == 200 and "ลงนามทั้งสองฝ่าย" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_a_rating_form_loaded_before_another_rating_is_refused_as_stale(world, signed, client_for):
    mine = client_for("auditor").get(url(world, "evaluation_rate", signed.pk))
    theirs = client_for("boss").get(url(world, "evaluation_rate", signed.pk))
    assert (
        client_for("boss").post(url(world, "evaluation_rate", signed.pk), rating(signed, theirs, own=2)).status_code
        == 302
    )
    response = client_for("auditor").post(url(world, "evaluation_rate", signed.pk), rating(signed, mine, own=5))
    assert response.status_code == 200 and response.context["stale"] is not None
    assert signed.kpis.get(name="งานเอกสาร").rated_level == 2


def test_hr_reviews_where_the_reviewer_has_no_account(world, signed, client_for):
    staff_chief = signed.person.reviewer
    staff_chief.user = None
    staff_chief.save()
    client_for("auditor").post(
        url(world, "evaluation_rate", signed.pk),
        rating(signed, client_for("auditor").get(url(world, "evaluation_rate", signed.pk))),
    )
    assert client_for("hr").post(url(world, "evaluation_review", signed.pk), {"adjusted_total": ""}).status_code == 302
    evaluation = Evaluation.objects.get()
    assert (evaluation.state, evaluation.adjusted_total, evaluation.band) == ("reviewed", None, "good")


def test_the_committee_sees_everyones_result_and_hr_makes_the_round_final(world, signed, client_for):
    client_for("auditor").post(
        url(world, "evaluation_rate", signed.pk),
        rating(signed, client_for("auditor").get(url(world, "evaluation_rate", signed.pk))),
    )
    results = url(world, "round_results", signed.round.pk)
    for persona in ("hr", "executive", "admin"):
        page = client_for(persona).get(results)
        assert page.status_code == 200, persona
        assert ("ดี", 1) in page.context["bands"] and "78.20" in page.content.decode()
    for persona in ("reporter", "auditor", "planner"):
        assert client_for(persona).get(results).status_code == 403, persona
    response = client_for("hr").post(url(world, "round_finalize", signed.round.pk), follow=True)
    assert "ยังไม่ได้พิจารณา" in response.content.decode()
    signed.round.refresh_from_db()
    assert signed.round.finalized_at is None
    client_for("boss").post(url(world, "evaluation_review", signed.pk), {"adjusted_total": ""})
    assert client_for("hr").post(url(world, "round_finalize", signed.round.pk)).status_code == 302
    signed.round.refresh_from_db()
    assert signed.round.finalized_by == world.users["hr"]
    assert client_for("executive").post(url(world, "round_finalize", signed.round.pk)).status_code == 403
    answer = {"employee_agrees": "yes"}
    assert client_for("reporter").post(url(world, "evaluation_acknowledge", signed.pk), answer).status_code == 200
    assert Evaluation.objects.get().state == "reviewed"
    assert (
        "ผลการประเมินของรอบเป็นที่สุดแล้ว"
        in client_for("reporter").get(url(world, "evaluation_detail", signed.pk)).content.decode()
    )


def test_the_kpis_of_a_rated_agreement_no_longer_change(world, signed, client_for):
    page = client_for("auditor").get(url(world, "evaluation_rate", signed.pk))
    client_for("auditor").post(url(world, "evaluation_rate", signed.pk), rating(signed, page))
    own = signed.kpis.get(name="งานเอกสาร")
    data = {"name": "งานใหม่", "direction": "higher", "weight": "40", "reason": "ย้ายงาน"}
    data |= {f"level_{n}": str(n * 10) for n in range(1, 6)}
    response = client_for("auditor").post(url(world, "kpi_edit", own.pk), data)
    assert response.status_code == 200 and "ตัวชี้วัดเปลี่ยนแปลงไม่ได้อีก" in response.content.decode()
    assert client_for("auditor").post(url(world, "kpi_create", signed.pk), data).status_code == 200
    client_for("auditor").post(url(world, "kpi_delete", own.pk), {"reason": "ย้ายงาน"})
    assert list(signed.kpis.values_list("name", flat=True)) == ["ถนน", "งานเอกสาร"]
    # nor a check-in: the rating read them as they were; the agreement's page offers no edit any more
    checkin = {"on": "20/3/2569", "value": "50", "note": "หลังประเมิน"}
    response = client_for("auditor").post(url(world, "checkin_create", own.pk), checkin)
    assert response.status_code == 200 and not own.checkins.exists()
    detail = client_for("auditor").get(url(world, "agreement_detail", signed.pk)).content.decode()
    assert url(world, "checkin_create", own.pk) not in detail and url(world, "kpi_edit", own.pk) not in detail
    listing = client_for("auditor").get(url(world, "round_detail", signed.round.pk)).content.decode()
    assert "ผู้บังคับบัญชาประเมินแล้ว" in listing and "ดี" in listing
