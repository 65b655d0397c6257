"""The performance agreement in a real Chromium: a supervisor copies a KPI of the plan to the three people
of กองช่าง, the employee and the supervisor sign, and a check-in is recorded. Screenshots go to
test-artifacts/screenshots/ for a person to look at."""

import pytest
from django.urls import reverse

from conftest import SHOTS, log_in
from people.models import Agreement, AgreementKPI, CheckIn


@pytest.mark.django_db(transaction=True)
def test_a_supervisor_copies_a_kpi_to_three_staff_and_the_agreement_is_signed_and_followed(
    world, staff, live_server, new_page
):
    org_kpi = world.plan.org_indicator
    supervisor = new_page()
    log_in(supervisor, live_server, "auditor")
    supervisor.goto(live_server.url + reverse("people:round_detail", args=[world.org.slug, staff["round"].pk]))
    supervisor.locator("a[href$='/cascade/']").click()
    supervisor.wait_for_load_state()
    supervisor.locator("#id_department").select_option(str(world.works.pk))
    supervisor.locator("#id_indicator").select_option(str(org_kpi.pk))
    supervisor.locator("#id_weight").fill("40")
    for n, value in enumerate((60, 70, 80, 90, 100), start=1):
        supervisor.locator(f"#id_level_{n}").fill(str(value))
    supervisor.screenshot(path=SHOTS / "people-01-cascade.png", full_page=True)
    supervisor.get_by_role("button", name="บันทึก").click()
    supervisor.wait_for_load_state()
    assert "3" in supervisor.locator(".alert-success").inner_text()
    assert AgreementKPI.objects.filter(indicator=org_kpi).count() == 3
    supervisor.screenshot(path=SHOTS / "people-02-round.png", full_page=True)

    employee = new_page()
    log_in(employee, live_server, "reporter")
    employee.goto(live_server.url + reverse("people:index", args=[world.org.slug]))
    employee.locator("#my-agreements a").first.click()
    employee.wait_for_load_state()
    assert employee.locator("#total-weight").inner_text() == "100"
    employee.get_by_role("button", name="ลงนามในฐานะผู้รับการประเมิน").click()
    employee.wait_for_load_state()
    own_kpi = staff["agreement"].kpis.get(indicator=org_kpi)
    employee.locator(f"a[href$='/kpis/{own_kpi.pk}/check-in/']").click()
    employee.wait_for_load_state()
    employee.locator("#id_on").fill("15/1/2569")
    employee.locator("#id_value").fill("75")
    employee.locator("#id_problem").fill("ผู้ตอบแบบสอบถามน้อย")
    employee.get_by_role("button", name="บันทึก").click()
    employee.wait_for_load_state()
    assert "ผู้ตอบแบบสอบถามน้อย" in employee.locator("#agreement-kpis").inner_text()
    employee.screenshot(path=SHOTS / "people-03-employee-signed.png", full_page=True)

    supervisor.goto(live_server.url + reverse("people:agreement_detail", args=[world.org.slug, staff["agreement"].pk]))
    supervisor.get_by_role("button", name="ลงนามในฐานะผู้ประเมิน").click()
    supervisor.wait_for_load_state()
    assert "ตกลงแล้ว" in supervisor.locator("#agreement-state").inner_text()
    supervisor.screenshot(path=SHOTS / "people-04-agreed.png", full_page=True)
    agreement = Agreement.objects.get(pk=staff["agreement"].pk)
    assert agreement.state == Agreement.State.AGREED
    assert CheckIn.objects.get().recorded_by == world.users["reporter"]
