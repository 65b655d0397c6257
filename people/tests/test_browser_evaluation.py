"""The evaluation at the round's end in a real Chromium: the supervisor rates (the linked KPI's actual being
the monitoring data's), the reviewer adjusts with a reason, the employee acknowledges, HR reads the
committee's page, makes the round's results final, makes the raise proposal, downloads it as a PDF and makes
it final. Screenshots go to test-artifacts/screenshots/ for a person to look at."""

from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from conftest import SHOTS, log_in
from core.money import format_number
from people.models import Evaluation, RaiseProposal, RaiseRules
from people.tests.test_evaluation import signed  # noqa: F401
from people.tests.test_linked import figure_of, road  # noqa: F401


@pytest.fixture
def raise_rules(world):
    """The percentage rules (ประกาศ ก.ถ. ฉบับที่ 21) from 10 January 2569: in force on 1 April 2569, when the raise
    of round 1/2569 takes effect. The defaults: very good 4 percent, a budget of 3 percent of the salaries."""
    return RaiseRules.objects.create(
        organization=world.org, name="ร้อยละ ก.ถ. 21", valid_from=date(2026, 1, 10), method="percent"
    )


@pytest.mark.django_db(transaction=True)
def test_a_result_is_rated_reviewed_acknowledged_seen_by_the_committee_and_feeds_the_raise_proposal(
    world,
    signed,  # noqa: F811
    road,  # noqa: F811
    raise_rules,
    live_server,
    new_page,
):
    detail = live_server.url + reverse("people:evaluation_detail", args=[world.org.slug, signed.pk])
    supervisor = new_page()
    log_in(supervisor, live_server, "auditor")
    supervisor.goto(detail)
    # the linked KPI's actual on the page is the monitoring data's, to the round's end (31 March: quarter 2)
    monitored = figure_of(world, road, 2).actual.value
    linked_row = supervisor.locator("#evaluation-kpis tbody tr").filter(has_text="ถนน")
    assert linked_row.locator("td").nth(2).inner_text() == format_number(monitored) == "160"
    assert linked_row.locator("td").nth(3).inner_text() == "3"  # 160 reaches level 3 (130–159 is level 2)
    supervisor.get_by_role("link", name="ให้คะแนนผลการปฏิบัติงาน").click()
    supervisor.wait_for_load_state()
    own = signed.kpis.get(name="งานเอกสาร")
    supervisor.locator(f"#id_kpi{own.pk}").select_option("5")
    for competency, level in zip(signed.competencies.order_by("order"), ("3", "1"), strict=True):
        supervisor.locator(f"#id_c{competency.pk}").select_option(level)
    supervisor.screenshot(path=SHOTS / "people-05-rate.png", full_page=True)
    supervisor.get_by_role("button", name="บันทึก").click()
    supervisor.wait_for_load_state()
    assert supervisor.locator("#score-total").inner_text() == "78.20"
    assert supervisor.locator("#band").inner_text() == "ดี"

    reviewer = new_page()
    log_in(reviewer, live_server, "boss")
    reviewer.goto(detail)
    reviewer.get_by_role("link", name="พิจารณาผลการประเมิน").click()
    reviewer.wait_for_load_state()
    reviewer.locator("#id_adjusted_total").fill("81")
    reviewer.locator("#id_adjustment_reason").fill("ผลงานเด่นนอกข้อตกลง")
    reviewer.get_by_role("button", name="บันทึก").click()
    reviewer.wait_for_load_state()
    assert reviewer.locator("#band").inner_text() == "ดีมาก"

    employee = new_page()
    log_in(employee, live_server, "reporter")
    employee.goto(detail)
    employee.get_by_role("link", name="รับทราบผลการประเมิน").click()
    employee.wait_for_load_state()
    employee.get_by_label("รับทราบและเห็นด้วย").check()
    employee.get_by_role("button", name="บันทึก").click()
    employee.wait_for_load_state()
    assert "ผลงานเด่นนอกข้อตกลง" in employee.locator("#evaluation-history").inner_text()
    employee.screenshot(path=SHOTS / "people-06-acknowledged.png", full_page=True)
    assert Evaluation.objects.get().state == "acknowledged"
    with employee.expect_download() as download:
        employee.locator("#evaluation-pdf").click()
    assert download.value.suggested_filename == f"evaluation-2569-1-{signed.pk}.pdf"
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"

    hr = new_page()
    log_in(hr, live_server, "hr")
    hr.goto(live_server.url + reverse("people:round_results", args=[world.org.slug, signed.round.pk]))
    assert "81.00" in hr.locator("#result-list").inner_text()
    summary = hr.locator("#department-summary").inner_text()
    assert "กองช่าง" in summary and "81.00" in summary  # one very good result in the department
    hr.screenshot(path=SHOTS / "people-07-committee.png", full_page=True)

    # HR makes the results final, then the raise proposal from them
    hr.get_by_role("button", name="ยืนยันผลการประเมินของรอบเป็นที่สุด").click()
    hr.wait_for_load_state()
    assert hr.locator("#final").is_visible()
    hr.locator("#raise-proposal-link").click()
    hr.wait_for_load_state()
    hr.get_by_role("button", name="จัดทำบัญชีเสนอเลื่อนเงินเดือน").click()
    hr.wait_for_load_state()
    # ช่าง, very good: 4 percent of the salary 18,760 (no calculation base) = 750.40, rounded up to 760; the
    # budget: 3 percent of the salaries in post (50,000 + 18,760 + 31,230 = 99,990) = 2,999.70
    line = hr.locator("#raise-lines tbody tr").filter(has_text="ช่าง")
    assert line.count() == 1
    cells = [cell.strip() for cell in line.locator("td").all_inner_texts()]
    assert cells[:8] == ["ช่าง", "กองช่าง", "81.00", "ดีมาก", "18,760.00", "–", "4", "760.00"]
    assert hr.locator("#spent").inner_text() == "760.00" and hr.locator("#spent-total").inner_text() == "760.00"
    assert hr.locator("#budget").inner_text() == "2,999.70"
    assert "2,239.70" in hr.locator("#proposal-totals").inner_text()  # left of the budget
    assert hr.locator("#problems").count() == 0
    hr.screenshot(path=SHOTS / "people-08-raise-proposal.png", full_page=True)
    with hr.expect_download() as download:
        hr.locator("#proposal-pdf").click()
    assert download.value.suggested_filename == "raise-proposal-2569-1-draft.pdf"
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"
    hr.get_by_role("button", name="ยืนยันบัญชีเป็นที่สุด").click()
    hr.wait_for_load_state()
    assert hr.locator("#final").is_visible()
    assert hr.locator("#finalize-proposal").count() == 0 and hr.locator("#make-proposal").count() == 0
    hr.screenshot(path=SHOTS / "people-09-raise-final.png", full_page=True)
    proposal = RaiseProposal.objects.get(round=signed.round)
    assert proposal.state == "final" and proposal.finalized_by == world.users["hr"]
    assert [(line.person.name, line.amount) for line in proposal.lines.select_related("person")] == [("ช่าง", 760)]
    with hr.expect_download() as download:
        hr.locator("#proposal-pdf").click()
    assert download.value.suggested_filename == "raise-proposal-2569-1.pdf"  # final: no longer a draft
