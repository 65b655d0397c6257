"""The evaluation at the round's end in a real Chromium: the supervisor rates, the reviewer adjusts with a
reason, the employee acknowledges, HR reads the committee's page. Screenshots go to
test-artifacts/screenshots/ for a person to look at."""

from pathlib import Path

import pytest
from django.urls import reverse

from conftest import SHOTS, log_in
from people.models import Evaluation
from people.tests.test_evaluation import signed  # noqa: F401
from people.tests.test_linked import road  # noqa: F401


@pytest.mark.django_db(transaction=True)
def test_a_result_is_rated_reviewed_acknowledged_and_seen_by_the_committee(
    world,
    signed,  # noqa: F811
    live_server,
    new_page,
):
    detail = live_server.url + reverse("people:evaluation_detail", args=[world.org.slug, signed.pk])
    supervisor = new_page()
    log_in(supervisor, live_server, "auditor")
    supervisor.goto(detail)
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
