"""Step 5, incentives: the raise proposal from the round's final results, within the budget and the quota,
under the raise rules in force when the raise takes effect (salary steps until 9 January 2569, a percentage
of a calculation base from 10 January 2569)."""

from datetime import date
from decimal import Decimal
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from conftest import make_user
from orgs.access import access_for
from orgs.models import Role
from people import raises, services
from people.factories import make_agreement, make_person, make_position, make_round, rule_set
from people.models import Evaluation, RaiseLine, RaiseProposal, RaiseRules
from people.scoring import Band
from people.tests.test_reports import pdf_text, squeeze

PERCENT_RULES = SimpleNamespace(
    method="percent",
    step_percent=Decimal(3),
    rate_outstanding=Decimal(6),
    rate_very_good=Decimal(4),
    rate_good=Decimal(3),
    rate_fair=Decimal(2),
    rate_needs_improvement=Decimal(0),
    budget_percent=Decimal(3),
    quota_band=Band.OUTSTANDING,
    quota_percent=Decimal(15),
    round_to=Decimal(10),
)
STEP_RULES = SimpleNamespace(
    **{
        **vars(PERCENT_RULES),
        "method": "steps",
        "rate_outstanding": Decimal(1),
        "rate_very_good": Decimal("0.5"),
        "rate_good": Decimal("0.5"),
        "rate_fair": Decimal("0.5"),
    }
)


# The rules ---------------------------------------------------------------------------------------------


def test_a_raise_is_steps_of_the_salary_or_a_percentage_of_the_base_rounded_up_to_ten_baht():
    # one step = 3 % of 18,760 = 562.80 → 570; half a step 281.40 → 290
    assert raises.raise_amount(salary=Decimal(18760), base=None, rate=Decimal(1), rules=STEP_RULES) == Decimal(570)
    assert raises.raise_amount(salary=Decimal(18760), base=None, rate=Decimal("0.5"), rules=STEP_RULES) == Decimal(290)
    # 6 % of the base 22,000 (not of the salary): 1,320; without a base, 6 % of the salary 18,760 = 1,125.60 → 1,130
    assert raises.raise_amount(
        salary=Decimal(18760), base=Decimal(22000), rate=Decimal(6), rules=PERCENT_RULES
    ) == Decimal(1320)
    assert raises.raise_amount(salary=Decimal(18760), base=None, rate=Decimal(6), rules=PERCENT_RULES) == Decimal(1130)
    assert raises.raise_amount(salary=None, base=None, rate=Decimal(6), rules=PERCENT_RULES) == Decimal(0)


def test_the_budget_is_a_share_of_the_salaries_and_the_quota_a_share_of_the_people_rounded_down():
    assert raises.budget_of(Decimal("100000.55"), PERCENT_RULES) == Decimal("3000.01")
    assert raises.quota_of(20, PERCENT_RULES) == 3
    assert raises.quota_of(6, PERCENT_RULES) == 0  # 0.9 of a person is nobody
    very_good_up = SimpleNamespace(**{**vars(PERCENT_RULES), "quota_band": Band.VERY_GOOD})
    assert raises.quota_bands(very_good_up) == [Band.OUTSTANDING, Band.VERY_GOOD]
    assert raises.top_rate_floor(very_good_up) == Decimal(3)


def test_beyond_the_quota_the_next_best_get_the_rate_of_the_band_below():
    people = [raises.Candidate(n, Decimal(95 - n), Band.OUTSTANDING, Decimal(20000)) for n in range(3)]
    lines = raises.propose(people, PERCENT_RULES, budget=Decimal(10**6), quota=1)
    assert [(line.person, line.rate, line.over_quota) for line in lines] == [
        (0, Decimal(6), False),
        (1, Decimal(4), True),
        (2, Decimal(4), True),
    ]
    assert [line.amount for line in lines] == [Decimal(1200), Decimal(800), Decimal(800)]


def test_over_the_budget_every_rate_is_scaled_down_and_the_amounts_rounded_down():
    people = [raises.Candidate(n, Decimal(85), Band.VERY_GOOD, Decimal(20000)) for n in range(2)]
    lines = raises.propose(people, PERCENT_RULES, budget=Decimal(1000), quota=0)  # 800 + 800 asked
    assert all(line.scaled for line in lines)
    assert [line.rate for line in lines] == [Decimal("2.5"), Decimal("2.5")]  # 4 × 1000/1600
    assert sum(line.amount for line in lines) == Decimal(1000)


money = st.decimals(min_value=5000, max_value=80000, places=2)
candidates = st.lists(
    st.tuples(
        st.decimals(min_value=0, max_value=100, places=2), st.one_of(st.none(), money), st.one_of(st.none(), money)
    ),
    max_size=40,
)
rule_sets = st.builds(
    lambda method, rates, budget, quota, band, round_to: SimpleNamespace(
        method=method,
        step_percent=Decimal(3),
        **dict(zip(raises.RATE_FIELDS.values(), sorted(rates, reverse=True), strict=True)),
        budget_percent=budget,
        quota_band=band,
        quota_percent=quota,
        round_to=round_to,
    ),
    st.sampled_from(["steps", "percent"]),
    st.lists(st.decimals(min_value=0, max_value=8, places=2), min_size=5, max_size=5),
    st.decimals(min_value=0, max_value=10, places=2),
    st.decimals(min_value=0, max_value=100, places=2),
    st.sampled_from([Band.OUTSTANDING, Band.VERY_GOOD]),
    st.sampled_from([Decimal("0.01"), Decimal(1), Decimal(10), Decimal(100)]),
)
SCORE_BANDS = SimpleNamespace(
    outstanding_from=Decimal(90), very_good_from=Decimal(80), good_from=Decimal(70), fair_from=Decimal(60)
)


@given(candidates, rule_sets, money)
def test_a_proposal_never_exceeds_the_budget_the_quota_or_a_band_s_rate(people, rules, salaries_total):
    from people.scoring import band

    pool = [
        raises.Candidate(n, total, band(total, SCORE_BANDS), salary, base)
        for n, (total, salary, base) in enumerate(people)
    ]
    budget, quota = raises.budget_of(salaries_total, rules), raises.quota_of(len(pool), rules)
    lines = raises.propose(pool, rules, budget=budget, quota=quota)
    assert sorted(line.person for line in lines) == list(range(len(pool)))  # nobody dropped
    assert sum(line.amount for line in lines) <= budget
    assert raises.top_count((line.rate for line in lines), rules) <= quota
    assert all(Decimal(0) <= line.rate <= raises.band_rate(line.band, rules) for line in lines)
    assert raises.problems(lines, rules, budget=budget, quota=quota) == []


def test_problems_name_the_budget_the_quota_and_a_rate_above_its_band():
    line = SimpleNamespace
    lines = [
        line(band=Band.OUTSTANDING, rate=Decimal(6), amount=Decimal(700)),
        line(band=Band.GOOD, rate=Decimal(4), amount=Decimal(400)),
    ]
    found = raises.problems(lines, PERCENT_RULES, budget=Decimal(1000), quota=0)
    assert len(found) == 3
    assert "1,100.00" in found[0] and "1,000.00" in found[0]


# The proposal of a round -----------------------------------------------------------------------------------


@pytest.fixture
def results(world):
    """Round 2 of 2568 and round 1 of 2569 with the same five results (HR's account "hr"), both final; the
    steps rules valid from 1 October 2563, the percentage rules from 10 January 2569. Salaries in post:
    20,000 × 5 + 50,000 (the chief, not evaluated) = 150,000."""
    org = world.org
    world.users["hr"] = make_user("hr", org, Role.HR)
    rules = rule_set(org)
    position = make_position(org, "นักจัดการงานทั่วไป", "บริหารทั่วไป", "ชำนาญการ")
    position.calculation_base = Decimal(25000)
    position.save()
    chief = make_person(org, "ปลัด", salary=Decimal(50000))
    people = [
        make_person(
            org,
            f"คนที่ {n}",
            department=world.works,
            supervisor=chief,
            salary=Decimal(20000),
            position=position if n == 0 else None,
        )
        for n in range(5)
    ]
    RaiseRules.objects.create(
        organization=org,
        name="ขั้น",
        valid_from=date(2020, 10, 1),
        method="steps",
        **{
            "rate_outstanding": Decimal(1),
            "rate_very_good": Decimal("0.5"),
            "rate_good": Decimal("0.5"),
            "rate_fair": Decimal("0.5"),
            "rate_needs_improvement": Decimal(0),
            "budget_percent": Decimal(3),
            "quota_percent": Decimal(20),
        },
    )
    RaiseRules.objects.create(
        organization=org,
        name="ร้อยละ ก.ถ. 21",
        valid_from=date(2026, 1, 10),
        method="percent",
        quota_percent=Decimal(20),
    )
    totals = [Decimal("95.50"), Decimal("92.00"), Decimal("85.00"), Decimal("72.00"), Decimal("55.00")]
    rounds = {}
    for year, number in ((2568, 2), (2569, 1)):
        round_ = make_round(org, year, number, rules=rules)
        for person, total in zip(people, totals, strict=True):
            agreement = make_agreement(person, round_)
            Evaluation.objects.create(
                organization=org,
                agreement=agreement,
                state=Evaluation.State.REVIEWED,
                total=total,
                band=services.scoring.band(total, rules),
            )
        round_.finalized_at = timezone.now()
        round_.save()
        rounds[(year, number)] = round_
    return SimpleNamespace(
        rounds=rounds, people=people, hr=world.users["hr"], access=access_for(world.users["hr"], org.slug)
    )


def amounts(proposal):
    return {line.person.name: (line.rate, line.amount) for line in proposal.lines.select_related("person")}


def test_the_same_results_under_the_two_rule_versions_give_the_two_expected_proposals(world, results):
    steps = services.raise_proposal_make(round_=results.rounds[(2568, 2)], user=results.hr, access=results.access)
    percent = services.raise_proposal_make(round_=results.rounds[(2569, 1)], user=results.hr, access=results.access)
    assert steps.rules.method == "steps" and percent.rules.method == "percent"  # effective 1 Oct 2568 / 1 Apr 2569
    assert (steps.budget, steps.quota, steps.evaluated) == (Decimal("4500.00"), 1, 5)
    # steps: one step = 3 % of 20,000 = 600; the second outstanding is over the quota of 1 → half a step
    assert amounts(steps) == {
        "คนที่ 0": (Decimal(1), Decimal(600)),
        "คนที่ 1": (Decimal("0.5"), Decimal(300)),
        "คนที่ 2": (Decimal("0.5"), Decimal(300)),
        "คนที่ 3": (Decimal("0.5"), Decimal(300)),
        "คนที่ 4": (Decimal(0), Decimal(0)),
    }
    # percentage: 6 % of the base 25,000 for คนที่ 0; then 4 %, 4 %, 3 % of the salary; needs improvement 0
    assert amounts(percent) == {
        "คนที่ 0": (Decimal(6), Decimal(1500)),
        "คนที่ 1": (Decimal(4), Decimal(800)),
        "คนที่ 2": (Decimal(4), Decimal(800)),
        "คนที่ 3": (Decimal(3), Decimal(600)),
        "คนที่ 4": (Decimal(0), Decimal(0)),
    }
    over = RaiseLine.objects.filter(proposal__in=[steps, percent], over_quota=True)
    assert sorted((line.proposal.rules.method, line.person.name) for line in over) == [
        ("percent", "คนที่ 1"),
        ("steps", "คนที่ 1"),
    ]
    assert not RaiseLine.objects.filter(scaled=True).exists()  # 1,500 and 3,700 of a budget of 4,500


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_the_proposal_waits_for_final_results_and_for_rules(world, results, english):
    round_ = results.rounds[(2569, 1)]
    round_.finalized_at = None
    round_.save()
    with pytest.raises(ValidationError, match="final"):
        services.raise_proposal_make(round_=round_, user=results.hr, access=results.access)
    RaiseRules.objects.all().delete()
    round_.finalized_at = timezone.now()
    round_.save()
    with pytest.raises(ValidationError, match="No raise rules"):
        services.raise_proposal_make(round_=round_, user=results.hr, access=results.access)
    assert not RaiseProposal.objects.exists()


def test_finalizing_is_refused_over_the_budget_and_a_final_proposal_changes_no_more(world, results, english):
    proposal = services.raise_proposal_make(round_=results.rounds[(2569, 1)], user=results.hr, access=results.access)
    line = proposal.lines.get(person__name="คนที่ 4")  # needs improvement: 0 % at most
    with pytest.raises(ValidationError, match="rate of the band"):
        services.raise_line_save(line=line, rate=Decimal(1), user=results.hr, access=results.access)
    RaiseLine.objects.filter(proposal=proposal).update(amount=Decimal(2000))  # 10,000 against 4,500
    with pytest.raises(ValidationError, match="over the budget"):
        services.raise_proposal_finalize(proposal=proposal, user=results.hr, access=results.access)
    services.raise_proposal_make(round_=results.rounds[(2569, 1)], user=results.hr, access=results.access)
    proposal = RaiseProposal.objects.get(round=results.rounds[(2569, 1)])
    final = services.raise_proposal_finalize(proposal=proposal, user=results.hr, access=results.access)
    assert final.state == "final" and final.finalized_by == results.hr
    line = final.lines.get(person__name="คนที่ 3")
    with pytest.raises(ValidationError, match="final"):
        services.raise_line_save(line=line, rate=Decimal(2), user=results.hr, access=results.access)
    with pytest.raises(ValidationError, match="final"):
        services.raise_proposal_make(round_=results.rounds[(2569, 1)], user=results.hr, access=results.access)


def test_hr_changes_a_rate_on_the_page_and_the_amount_follows(world, results, client_for):
    round_ = results.rounds[(2569, 1)]
    client = client_for("hr")
    response = client.post(reverse("people:raise_proposal_make", args=[world.org.slug, round_.pk]))
    assert response.status_code == 302
    line = RaiseLine.objects.get(proposal__round=round_, person__name="คนที่ 3")
    edit = reverse("people:raise_line_edit", args=[world.org.slug, line.pk])
    page = client.get(edit)
    version = page.context["form"]["version"].value()
    client.post(edit, {"rate": "2", "note": "ลดตามมติคณะกรรมการ", "version": version})
    line.refresh_from_db()
    assert (line.rate, line.amount, line.note) == (Decimal(2), Decimal(400), "ลดตามมติคณะกรรมการ")
    stale = client.post(edit, {"rate": "1", "note": "", "version": version})  # the same old version: refused
    assert stale.status_code == 200 and stale.context["stale"] is not None
    line.refresh_from_db()
    assert line.rate == Decimal(2)
    page = client.get(reverse("people:raise_proposal", args=[world.org.slug, round_.pk]))
    assert page.status_code == 200 and "20,000.00" in page.content.decode()  # HR sees salaries
    assert page.context["totals"].spent == Decimal(1500 + 800 + 800 + 400)


def test_only_hr_and_the_executive_see_the_proposal_and_only_hr_changes_it(world, results, client_for):
    round_ = results.rounds[(2569, 1)]
    services.raise_proposal_make(round_=round_, user=results.hr, access=results.access)
    page = reverse("people:raise_proposal", args=[world.org.slug, round_.pk])
    executive = client_for("executive").get(page)
    assert executive.status_code == 200 and "20,000.00" in executive.content.decode()
    assert not executive.context["can_edit"] and not executive.context["can_make"]
    for persona in ("admin", "planner", "reporter", "auditor"):  # the admin keeps staff but sees no salary
        assert client_for(persona).get(page).status_code == 403, persona
    assert client_for("outsider").get(page).status_code in (403, 404)
    line = RaiseLine.objects.filter(proposal__round=round_).first()
    edit = reverse("people:raise_line_edit", args=[world.org.slug, line.pk])
    assert client_for("admin").get(edit).status_code == 403
    assert client_for("executive").post(edit, {"rate": "0"}).status_code == 403
    old_xlsx = client_for("hr").get(page, {"format": "xlsx"})  # the page's workbook is the reports' one now
    assert old_xlsx.status_code == 302
    assert old_xlsx["Location"] == reverse("reports:raise_proposal", args=[world.org.slug, round_.pk, "xlsx"])


# The proposal to print and sign (PDF) and as a workbook (XLSX), from the one report -------------------------


def download(client, world, round_, fmt):
    return client.get(reverse("reports:raise_proposal", args=[world.org.slug, round_.pk, fmt]))


def ws_rows(response) -> list[tuple]:
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))


def workbook_lines(response) -> tuple[list[tuple], dict]:
    """The table's rows (a number in the first column) and the label → value of the other lines (the lines
    under the title have no value: None)."""
    rows = ws_rows(response)
    lines = [row for row in rows if isinstance(row[0], int)]
    facts = {row[0]: row[1] for row in rows if isinstance(row[0], str)}
    return lines, facts


def test_the_proposal_prints_each_persons_raise_the_totals_against_the_budget_the_rules_and_the_signatures(
    world, results, client_for
):
    round_ = results.rounds[(2569, 1)]
    services.raise_proposal_make(round_=round_, user=results.hr, access=results.access)
    response = download(client_for("hr"), world, round_, "pdf")
    assert response["Content-Disposition"] == 'attachment; filename="raise-proposal-2569-1-draft.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    text = squeeze(pdf_text(response))  # (pdftotext drops the ำ of ตำแหน่ง and ชำนาญการ: avoided here)
    assert "บัญชีเสนอเลื่อนเงินเดือน" in text and world.org.name in text
    assert "ร่าง: ยังไม่เป็นที่สุด" in text  # a draft says so
    assert "ครั้งที่ 1/2569 (1 ตุลาคม 2568 – 31 มีนาคม 2569)" in text  # the round, in พ.ศ.
    assert "ร้อยละ ก.ถ. 21" in text and "ใช้ตั้งแต่ 10 มกราคม 2569" in text  # the rules and their date
    assert "มีผลตั้งแต่วันที่ 1 เมษายน 2569" in text  # the raise takes effect the day after the round
    # best total first: position, department, band, score, rate (percent), salary, base, raise, what was done
    assert "1 คนที่ 0 นักจัดการงาน ทั่วไป" in text
    assert "กองช่าง ดีเด่น 95.50 6 20,000.00 25,000.00 1,500.00" in text  # 6 percent of the base
    assert "2 คนที่ 1 – กองช่าง ดีเด่น 92.00 4 20,000.00 – 800.00 เกินโควตา" in text  # over the quota of one
    assert "5 คนที่ 4 – กองช่าง ต้อง ปรับปรุง 55.00 0 20,000.00 – 0.00" in text
    assert "รวมทั้งสิ้น 3,700.00" in text
    assert "150,000.00" in text and "วงเงิน (บาทต่อเดือน) 4,500.00 ร้อยละ 3" in text
    assert "เงินที่เสนอเลื่อน (บาทต่อเดือน) 3,700.00" in text and "วงเงินคงเหลือ (บาทต่อเดือน) 800.00" in text
    assert "ผู้ได้อัตราสูงสุด (คน) 1" in text and "โควตาอัตราสูงสุด (คน) 1 ร้อยละ 20" in text
    assert "(hr) งานการเจ้าหน้าที่ (ผู้เสนอ)" in text and "ผู้บริหารท้องถิ่น (ผู้อนุมัติ)" in text
    assert text.count("ลงชื่อ") == 2
    assert "ยังยืนยันบัญชีเป็นที่สุดไม่ได้" not in text

    RaiseLine.objects.filter(proposal__round=round_).update(amount=Decimal(2000))  # 10,000 against 4,500
    text = squeeze(pdf_text(download(client_for("hr"), world, round_, "pdf")))
    assert "รวมทั้งสิ้น 10,000.00" in text and "วงเงินคงเหลือ (บาทต่อเดือน) -5,500.00" in text
    assert "ยังยืนยันบัญชีเป็นที่สุดไม่ได้" in text and "เกินวงเงิน 4,500.00 บาท" in text  # why it is not final


def test_the_workbook_holds_the_same_lines_and_totals_as_numbers(world, results, client_for):
    round_ = results.rounds[(2569, 1)]
    proposal = services.raise_proposal_make(round_=round_, user=results.hr, access=results.access)
    line = proposal.lines.get(person__name="คนที่ 3")
    services.raise_line_save(line=line, rate=Decimal(2), note="ตามมติ", user=results.hr, access=results.access)
    response = download(client_for("executive"), world, round_, "xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="raise-proposal-2569-1-draft.xlsx"'
    lines, facts = workbook_lines(response)
    # name, band, score, rate, salary, base, raise, note: numbers as numbers, equal to the proposal's Decimals
    got = [(row[1], row[4], *[None if v is None else Decimal(str(v)) for v in row[5:10]], row[10]) for row in lines]
    d = Decimal
    assert got == [
        ("คนที่ 0", "ดีเด่น", d("95.5"), d(6), d(20000), d(25000), d(1500), None),
        ("คนที่ 1", "ดีเด่น", d(92), d(4), d(20000), None, d(800), "เกินโควตา: ได้อัตราของระดับถัดลงไป"),
        ("คนที่ 2", "ดีมาก", d(85), d(4), d(20000), None, d(800), None),
        ("คนที่ 3", "ดี", d(72), d(2), d(20000), None, d(400), "ตามมติ"),
        ("คนที่ 4", "ต้องปรับปรุง", d(55), d(0), d(20000), None, d(0), None),
    ]
    assert [row[2] for row in lines] == ["นักจัดการงานทั่วไป (ชำนาญการ)", *["–"] * 4]
    assert {row[3] for row in lines} == {"กองช่าง"}
    assert Decimal(str(facts["วงเงิน (บาทต่อเดือน)"])) == Decimal("4500.00")
    assert Decimal(str(facts["เงินที่เสนอเลื่อน (บาทต่อเดือน)"])) == Decimal(3500)
    assert Decimal(str(facts["วงเงินคงเหลือ (บาทต่อเดือน)"])) == Decimal(1000)
    total = next(row for row in ws_rows(response) if row[1] == "รวมทั้งสิ้น")
    assert Decimal(str(total[9])) == Decimal(3500)
    assert "หลักเกณฑ์การเลื่อนเงินเดือน: ร้อยละ ก.ถ. 21 (ร้อยละของฐานในการคำนวณ) ใช้ตั้งแต่ 10 มกราคม 2569" in facts
    assert "ร่าง: ยังไม่เป็นที่สุด อาจเปลี่ยนแปลงได้" in facts


def test_a_final_proposal_prints_final_with_the_day_and_who_made_it_final(world, results, client_for):
    round_ = results.rounds[(2568, 2)]  # salary steps
    results.hr.first_name, results.hr.last_name = "สมศรี", "ใจดี"
    results.hr.save()
    proposal = services.raise_proposal_make(round_=round_, user=results.hr, access=results.access)
    services.raise_proposal_finalize(proposal=proposal, user=results.hr, access=results.access)
    response = download(client_for("executive"), world, round_, "pdf")
    assert response["Content-Disposition"] == 'attachment; filename="raise-proposal-2568-2.pdf"'
    text = squeeze(pdf_text(response))
    assert "ร่าง" not in text and "เป็นที่สุดตั้งแต่" in text
    assert "(สมศรี ใจดี) งานการเจ้าหน้าที่ (ผู้เสนอ) วันที่" in text  # who made it final signs for HR, dated
    assert "อัตรา (ขั้น)" in text and "ดีมาก 85.00 0.5 20,000.00 – 300.00" in text  # half a step of 20,000
    assert "ขั้น (เลื่อนเป็นขั้น) ใช้ตั้งแต่ 1 ตุลาคม 2563" in text  # the steps rules, valid from
    assert "รวมทั้งสิ้น 1,500.00" in text


def test_only_hr_and_the_executive_download_the_proposal_and_another_organizations_is_404(world, results, client_for):
    round_ = results.rounds[(2569, 1)]
    theirs = make_round(world.other_org, 2569, 1, rules=rule_set(world.other_org))
    for fmt in ("pdf", "xlsx"):
        assert download(client_for("hr"), world, round_, fmt).status_code == 404  # nothing proposed yet
    services.raise_proposal_make(round_=round_, user=results.hr, access=results.access)
    for fmt in ("pdf", "xlsx"):
        assert download(client_for("hr"), world, round_, fmt).status_code == 200
        assert download(client_for("executive"), world, round_, fmt).status_code == 200
        for persona in ("admin", "planner", "reporter", "auditor"):
            assert download(client_for(persona), world, round_, fmt).status_code == 403, persona
        assert download(client_for("outsider"), world, round_, fmt).status_code == 404
        assert download(client_for("hr"), world, theirs, fmt).status_code == 404
    assert download(client_for("hr"), world, round_, "doc").status_code == 404


def test_the_proposal_page_links_its_pdf_and_workbook(world, results, client_for):
    round_ = results.rounds[(2569, 1)]
    page = reverse("people:raise_proposal", args=[world.org.slug, round_.pk])
    assert "proposal-pdf" not in client_for("hr").get(page).content.decode()  # nothing to download yet
    services.raise_proposal_make(round_=round_, user=results.hr, access=results.access)
    html = client_for("hr").get(page).content.decode()
    for fmt in ("pdf", "xlsx"):
        assert reverse("reports:raise_proposal", args=[world.org.slug, round_.pk, fmt]) in html
