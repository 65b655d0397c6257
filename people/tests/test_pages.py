"""The people pages: what each persona sees and does, salaries hidden, another person's agreement 404."""

from decimal import Decimal

import pytest
from django.urls import reverse

from people.models import Agreement, AgreementKPI, CheckIn, Person, Position, Round, RuleSet


def url(world, name, *args):
    return reverse(f"people:{name}", args=[world.org.slug, *args])


@pytest.mark.parametrize("persona", ["reporter", "planner", "auditor", "executive", "admin", "hr"])
def test_every_people_page_opens_for_every_member(world, staff, client_for, persona):
    client = client_for(persona)
    for name, args in (("index", ()), ("staff_list", ()), ("round_detail", (staff["round"].pk,))):
        response = client.get(url(world, name, *args))
        assert response.status_code == 200, (persona, name)
        assert "บุคลากร" in response.content.decode()


def test_a_colleague_gets_404_for_another_persons_agreement_and_record(world, staff, client_for):
    client = client_for("planner")
    assert client.get(url(world, "agreement_detail", staff["agreement"].pk)).status_code == 404
    assert client.get(url(world, "person_detail", staff["tech"].pk)).status_code == 404
    assert client.get(url(world, "kpi_create", staff["agreement"].pk)).status_code == 404
    assert "ช่าง" not in client.get(url(world, "staff_list")).content.decode().replace("ช่างโยธา", "")


def test_the_employee_and_the_supervisor_see_the_agreement_but_the_overseer_does_not(world, staff, client_for):
    for persona, status in (("reporter", 200), ("auditor", 200), ("executive", 200), ("hr", 200), ("overseer", 404)):
        response = client_for(persona).get(url(world, "agreement_detail", staff["agreement"].pk))
        assert response.status_code == status, persona
    elsewhere = reverse("people:agreement_detail", args=[world.other_org.slug, staff["agreement"].pk])
    assert client_for("outsider").get(elsewhere).status_code == 404
    assert client_for("outsider").get(url(world, "agreement_detail", staff["agreement"].pk)).status_code == 404


@pytest.mark.parametrize(
    ("persona", "shown"), [("reporter", False), ("auditor", False), ("admin", False), ("hr", True), ("executive", True)]
)
def test_salaries_appear_only_to_hr_and_the_executive(world, staff, client_for, persona, shown):
    client = client_for(persona)
    pages = [url(world, "staff_list"), url(world, "person_detail", staff["tech"].pk)]
    for page in pages:
        text = client.get(page).content.decode()
        assert ("18,760.00" in text) == shown, (persona, page)
    if persona in ("admin", "hr"):
        form = client.get(url(world, "person_edit", staff["tech"].pk)).content.decode()
        assert ('name="salary"' in form) == shown
        assert ("18760" in form) == shown


def test_an_administrator_edits_a_person_without_touching_the_salary(world, staff, client_for):
    client = client_for("admin")
    tech = staff["tech"]
    data = {"name": "ช่างเอก", "department": world.works.pk, "supervisor": staff["head"].pk, "active": "on"}
    response = client.post(url(world, "person_edit", tech.pk), data)
    assert response.status_code == 302
    tech.refresh_from_db()
    assert (tech.name, tech.salary) == ("ช่างเอก", Decimal("18760.00"))


def test_hr_adds_a_person_without_an_account_and_a_position(world, staff, client_for):
    client = client_for("hr")
    response = client.post(
        url(world, "person_create"),
        {"name": "นางใหม่", "department": world.finance.pk, "salary": "15000", "active": "on"},
    )
    assert response.status_code == 302
    assert Person.objects.get(name="นางใหม่").salary == Decimal("15000.00")
    response = client.post(url(world, "position_list"), {"name": "นักวิชาการเงินและบัญชี", "level": "ปฏิบัติการ"})
    assert response.status_code == 302
    assert Position.objects.filter(name="นักวิชาการเงินและบัญชี").exists()
    assert client_for("reporter").get(url(world, "person_create")).status_code == 403


def test_hr_makes_rules_and_a_round_with_its_default_dates(world, staff, client_for):
    client = client_for("hr")
    bad = {"name": "ใหม่", "valid_from": "10/1/2569", "achievement_weight": "80", "competency_weight": "30"}
    bad |= {"outstanding_from": "90", "very_good_from": "80", "good_from": "70", "fair_from": "60", "scale": "5"}
    bad["competency_points"] = "3,2,1,0"
    assert client.post(url(world, "rules_create"), bad).status_code == 200
    assert client.post(url(world, "rules_create"), {**bad, "competency_weight": "20"}).status_code == 302
    newer = RuleSet.objects.get(name="ใหม่")
    assert newer.valid_from.isoformat() == "2026-01-10"
    response = client.post(url(world, "round_create"), {"fiscal_year": "2570", "number": "1"})
    assert response.status_code == 302
    made = Round.objects.get(fiscal_year=2570, number=1)
    assert (made.starts_on.isoformat(), made.ends_on.isoformat(), made.rules) == ("2026-10-01", "2027-03-31", newer)
    assert client.post(url(world, "round_create"), {"fiscal_year": "2570", "number": "1"}).status_code == 200


def kpi_data(**extra):
    levels = {f"level_{n}": str(n * 10) for n in range(1, 6)}
    return {"name": "งานเอกสาร", "direction": "higher", "weight": "40", **levels, **extra}


def test_the_employee_adds_a_kpi_both_sign_and_a_change_then_needs_a_reason(world, staff, client_for):
    agreement = staff["agreement"]
    reporter = client_for("reporter")
    assert reporter.post(url(world, "kpi_create", agreement.pk), kpi_data()).status_code == 302
    assert reporter.post(url(world, "agreement_sign", agreement.pk)).status_code == 302
    agreement.refresh_from_db()
    assert agreement.employee_signed_by == world.users["reporter"] and agreement.state == "draft"
    auditor = client_for("auditor")
    auditor.post(url(world, "agreement_sign", agreement.pk))
    agreement.refresh_from_db()
    assert agreement.supervisor_signed_by == world.users["auditor"] and agreement.state == Agreement.State.AGREED
    kpi = agreement.kpis.get(name="งานเอกสาร")
    assert auditor.post(url(world, "kpi_edit", kpi.pk), kpi_data(weight="40", name="งานสารบรรณ")).status_code == 200
    response = auditor.post(url(world, "kpi_edit", kpi.pk), kpi_data(name="งานสารบรรณ", reason="ย้ายงาน"))
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.state == "draft" and agreement.employee_signed_at is None
    assert agreement.history.first().history_change_reason == "ย้ายงาน"


def test_signing_is_refused_while_the_weights_do_not_make_100(world, staff, client_for):
    agreement = staff["agreement"]
    client_for("reporter").post(url(world, "kpi_create", agreement.pk), kpi_data(weight="30"))
    response = client_for("reporter").post(url(world, "agreement_sign", agreement.pk), follow=True)
    assert "ต้องรวมได้ 100" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.employee_signed_at is None
    assert client_for("admin").post(url(world, "agreement_sign", agreement.pk)).status_code == 403


def test_levels_out_of_order_are_refused(world, staff, client_for):
    data = kpi_data(level_3="5")
    response = client_for("reporter").post(url(world, "kpi_create", staff["agreement"].pk), data)
    assert response.status_code == 200
    assert not AgreementKPI.objects.filter(name="งานเอกสาร").exists()


def test_a_check_in_is_recorded_and_shown(world, staff, client_for):
    kpi = staff["agreement"].kpis.get()
    data = {"on": "15/1/2569", "value": "120", "note": "ก่อสร้างแล้วครึ่งทาง", "problem": "ฝนตก", "advice": "เร่งงาน"}
    response = client_for("auditor").post(url(world, "checkin_create", kpi.pk), data)
    assert response.status_code == 302
    checkin = CheckIn.objects.get()
    assert (checkin.recorded_by, checkin.value) == (world.users["auditor"], Decimal(120))
    page = client_for("reporter").get(url(world, "agreement_detail", staff["agreement"].pk)).content.decode()
    assert "ฝนตก" in page and "เร่งงาน" in page
    assert client_for("planner").get(url(world, "checkin_create", kpi.pk)).status_code == 404
    assert client_for("executive").get(url(world, "checkin_create", kpi.pk)).status_code == 403


def test_a_department_kpi_is_copied_to_all_its_staff_in_bulk(world, staff, client_for):
    data = {"department": world.works.pk, "indicator": world.plan.indicator.pk, "weight": "20", "direction": "higher"}
    data |= {f"level_{n}": str(n * 100) for n in range(1, 6)}
    response = client_for("hr").post(url(world, "cascade", staff["round"].pk), data)
    assert response.status_code == 302
    works = {"หัวหน้ากองช่าง", "ช่าง", "ช่างสอง"}
    linked = AgreementKPI.objects.filter(indicator=world.plan.indicator, agreement__round=staff["round"])
    # ช่าง's agreement already had the KPI: left alone; the two others got it, with their agreements made
    assert {k.agreement.person.name for k in linked} == works
    assert linked.count() == 3
    assert linked.get(agreement__person__name="ช่างสอง").history.count() == 1
    again = client_for("hr").post(url(world, "cascade", staff["round"].pk), data)
    assert again.status_code == 302 and linked.count() == 3


def test_a_supervisor_cascades_only_to_their_line(world, staff, client_for):
    from people.factories import make_person

    make_person(world.org, "ช่างนอกสาย", department=world.works)
    data = {"department": world.works.pk, "indicator": world.plan.indicator.pk, "weight": "20", "direction": "higher"}
    data |= {f"level_{n}": str(n * 100) for n in range(1, 6)}
    assert client_for("auditor").post(url(world, "cascade", staff["round"].pk), data).status_code == 302
    names = set(
        AgreementKPI.objects.filter(indicator=world.plan.indicator).values_list("agreement__person__name", flat=True)
    )
    assert names == {"หัวหน้ากองช่าง", "ช่าง", "ช่างสอง"}
    assert client_for("planner").get(url(world, "cascade", staff["round"].pk)).status_code == 403


def test_hr_starts_an_agreement_for_everyone_in_post(world, staff, client_for):
    assert client_for("hr").post(url(world, "round_open_all", staff["round"].pk)).status_code == 302
    assert Agreement.objects.filter(round=staff["round"]).count() == Person.objects.filter(active=True).count() == 5


def test_a_duplicate_position_or_rules_of_the_same_day_are_refused_with_a_message(world, staff, client_for):
    client = client_for("hr")
    same = {"name": "นายช่างโยธา", "line": "ช่างโยธา", "level": "ชำนาญงาน"}
    assert client.post(url(world, "position_list"), same).status_code == 200
    assert Position.objects.filter(name="นายช่างโยธา").count() == 1
    rules = RuleSet.objects.get()
    data = {"name": "ซ้ำ", "valid_from": "1/10/2563", "achievement_weight": "70", "competency_weight": "30"}
    data |= {"outstanding_from": "90", "very_good_from": "80", "good_from": "70", "fair_from": "60", "scale": "5"}
    assert rules.valid_from.isoformat() == "2020-10-01"
    assert client.post(url(world, "rules_create"), data).status_code == 200
    assert RuleSet.objects.count() == 1


def test_the_tree_of_a_plan_kpi_shows_the_people_it_was_cascaded_to_that_one_may_see(world, staff, client_for):
    indicator = world.plan.indicator
    tree = url(world, "kpi_tree", indicator.pk)
    page = client_for("auditor").get(tree).content.decode()
    assert "กองช่าง" in page and "ช่าง" in page and "ครั้งที่ 1/2569" in page
    assert "ช่าง</a>" not in client_for("planner").get(tree).content.decode()
    assert client_for("outsider").get(tree).status_code == 404


def test_hr_records_the_signatures_made_on_paper_by_people_without_an_account_and_rates_for_such_a_supervisor(
    world, staff, client_for
):
    from people.factories import make_agreement

    own = [("งานเอกสาร", 100, (1, 2, 3, 4, 5))]
    head = make_agreement(staff["head"], staff["round"], own)  # the auditor's; the ปลัด above has no account
    tech2 = make_agreement(staff["tech2"], staff["round"], own)  # no account; the auditor above
    page = client_for("hr").get(url(world, "agreement_detail", tech2.pk)).content.decode()
    assert "บันทึกการลงนามของผู้รับการประเมิน (ลงนามในเอกสาร)" in page
    assert "บันทึกการลงนามของผู้ประเมิน" not in page  # the supervisor has an account: they sign themselves
    assert client_for("hr").post(url(world, "agreement_sign", tech2.pk), {"side": "employee"}).status_code == 302
    assert client_for("hr").post(url(world, "agreement_sign", tech2.pk), {"side": "supervisor"}).status_code == 403
    client_for("auditor").post(url(world, "agreement_sign", tech2.pk))
    tech2.refresh_from_db()
    assert tech2.state == Agreement.State.AGREED
    assert (tech2.employee_signed_by, tech2.supervisor_signed_by) == (world.users["hr"], world.users["auditor"])
    # the head signs as the employee; HR records the ปลัด's signature, and may rate the head's result
    client_for("auditor").post(url(world, "agreement_sign", head.pk), {"side": "employee"})
    assert client_for("auditor").post(url(world, "agreement_sign", head.pk), {"side": "supervisor"}).status_code == 403
    assert client_for("hr").post(url(world, "agreement_sign", head.pk), {"side": "supervisor"}).status_code == 302
    head.refresh_from_db()
    assert head.state == Agreement.State.AGREED and head.supervisor_signed_by == world.users["hr"]
    assert client_for("hr").get(url(world, "evaluation_rate", head.pk)).status_code == 200
    assert client_for("hr").get(url(world, "evaluation_rate", tech2.pk)).status_code == 403  # the auditor rates ช่างสอง
    # nobody else records a signature for someone else; a side that is no side is refused
    assert client_for("reporter").post(url(world, "agreement_sign", tech2.pk), {"side": "employee"}).status_code == 404
    assert client_for("hr").post(url(world, "agreement_sign", head.pk), {"side": "boss"}).status_code == 403
