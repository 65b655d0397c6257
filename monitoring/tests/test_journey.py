"""The quarter's journey in a real Chromium, with a screenshot of each step (test-artifacts/screenshots/).

`reporter` fills in and submits Q1 for every project of กองช่าง; `auditor` returns one with a reason;
`reporter` sees the reason, fixes it and submits again; `auditor` approves all and locks the period;
a further edit is refused with a message.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import SHOTS, log_in
from monitoring.models import ProgressReport, ReportState
from plans.models import ActionPlanItem, Indicator, Project, Target


@pytest.fixture
def works_projects(world, q1):
    """Three more กองช่าง projects in FY2570, with a percentage KPI, a yes/no KPI and one by sex."""
    action_plan = world.plan.action_plan.__class__.objects.get(organization=world.org, fiscal_year=2570)
    kinds = [
        {
            "name": "ร้อยละครัวเรือนที่มีไฟฟ้าส่องสว่าง",
            "measure_type": "percentage",
            "aggregation": "ratio",
            "numerator_label": "ครัวเรือนที่มีไฟฟ้า",
            "denominator_label": "ครัวเรือนทั้งหมด",
        },
        {"name": "ติดตั้งป้ายเตือนแล้ว", "measure_type": "yes_no", "aggregation": "latest"},
        {"name": "ผู้เข้าร่วมอบรม", "unit": "คน", "disaggregation_label": "เพศ", "disaggregation_categories": "ชาย\nหญิง"},
    ]
    for n, kind in enumerate(kinds, start=2):
        project = Project.objects.create(
            organization=world.org,
            program=world.plan.program,
            code=f"W-{n}",
            name=f"โครงการกองช่างที่ {n}",
            department=world.works,
            order=n,
        )
        ActionPlanItem.objects.create(
            organization=world.org, action_plan=action_plan, project=project, budget=Decimal("50000.00")
        )
        kpi = Indicator.objects.create(organization=world.org, project=project, **kind)
        Target.objects.create(organization=world.org, indicator=kpi, fiscal_year=2570, period=1, value=Decimal(1))
    return Project.objects.filter(department=world.works).order_by("order", "code")


def fill(card, project):
    """Fill a project's card the way a reporter would, each KPI in its own form."""
    p = f"r{project.pk}"
    card.locator(f"select[name={p}-project_status]").select_option("in_progress")
    card.locator(f"input[name={p}-percent_complete]").fill("35")
    card.locator(f"input[name={p}-disbursed]").fill("12500.50")
    card.locator(f"textarea[name={p}-narrative]").fill("ดำเนินการแล้วบางส่วน ประชาชนได้รับประโยชน์ 120 ครัวเรือน")
    for kpi in project.indicators.all():
        k = f"kpi{kpi.pk}"
        if kpi.measure_type == "percentage":
            card.locator(f"input[name={k}-numerator]").fill("90")
            card.locator(f"input[name={k}-denominator]").fill("120")
        elif kpi.measure_type == "yes_no":
            card.locator(f"select[name={k}-yes_no]").select_option("yes")
        elif kpi.categories:
            card.locator(f"input[name={k}-part_0]").fill("12")
            card.locator(f"input[name={k}-part_1]").fill("18")
        else:
            card.locator(f"input[name={k}-value]").fill("80")


def press(card, action):
    card.locator(f"button[name=action][value={action}]").click()


@pytest.mark.django_db(transaction=True)
def test_a_quarter_from_data_entry_to_a_locked_period(world, q1, works_projects, live_server, new_page, today):
    entry = live_server.url + reverse("monitoring:entry", args=[world.org.slug, 2570, 1, world.works.pk])

    def report_page(project):
        return live_server.url + reverse("monitoring:report", args=[world.org.slug, 2570, 1, project.pk])

    reporter = new_page()
    log_in(reporter, live_server, "reporter")
    reporter.goto(entry)
    reporter.screenshot(path=SHOTS / "m01-entry-empty.png", full_page=True)

    # A mistake first: the input stays and the error is explained.
    first = works_projects[0]
    reporter.locator(f"#entry-list a#project-{first.pk}").click()
    reporter.wait_for_load_state()
    card = reporter.locator(f"#project-{first.pk}")
    fill(card, first)
    card.locator(f"input[name=r{first.pk}-percent_complete]").fill("140")
    press(card, "submit")
    card = reporter.locator(f"#project-{first.pk}")
    card.locator(".is-invalid").first.wait_for()
    assert "ดำเนินการแล้วบางส่วน" in card.locator(f"textarea[name=r{first.pk}-narrative]").input_value()
    reporter.screenshot(path=SHOTS / "m02-entry-error-kept.png", full_page=True)
    assert not ProgressReport.objects.filter(project=first).exists()

    for project in works_projects:
        reporter.goto(report_page(project))
        card = reporter.locator(f"#project-{project.pk}")
        fill(card, project)
        press(card, "submit")
        reporter.locator(f"#project-{project.pk}.state-submitted").wait_for()
    reporter.goto(entry + "?show=all")
    reporter.screenshot(path=SHOTS / "m03-entry-all-submitted.png", full_page=True)
    assert set(ProgressReport.objects.filter(period=q1).values_list("state", flat=True)) == {ReportState.SUBMITTED}

    # The audit unit returns one report with a reason.
    returned = works_projects[1]
    auditor = new_page()
    reporter.on("dialog", lambda dialog: dialog.accept())
    auditor.on("dialog", lambda dialog: dialog.accept())
    log_in(auditor, live_server, "auditor")
    auditor.goto(live_server.url + reverse("monitoring:report", args=[world.org.slug, 2570, 1, returned.pk]))
    auditor.locator("#reason").fill("ตัวเลขผู้ได้รับประโยชน์ไม่ตรงกับภาพถ่าย กรุณาตรวจสอบ")
    auditor.locator("button[name=action][value=return]").click()
    auditor.wait_for_load_state()
    auditor.screenshot(path=SHOTS / "m04-auditor-returned.png", full_page=True)

    # The reporter sees the reason, fixes the report and submits it again.
    reporter.goto(entry)  # "to report" by default: only the returned one is left
    assert reporter.locator("#entry-list .entry-row").count() == 1
    assert "ตัวเลขผู้ได้รับประโยชน์ไม่ตรงกับภาพถ่าย" in reporter.locator(f"#project-{returned.pk}").inner_text()
    reporter.locator(f"#project-{returned.pk}").click()
    reporter.wait_for_load_state()
    card = reporter.locator(f"#project-{returned.pk}")
    assert "ตัวเลขผู้ได้รับประโยชน์ไม่ตรงกับภาพถ่าย" in card.inner_text()
    reporter.screenshot(path=SHOTS / "m05-reporter-sees-reason.png", full_page=True)
    card.locator(f"textarea[name=r{returned.pk}-narrative]").fill("ประชาชนได้รับประโยชน์ 95 ครัวเรือน (ตรวจนับใหม่)")
    press(card, "submit")
    reporter.locator(f"#project-{returned.pk}.state-submitted").wait_for()

    # The audit unit approves everything and locks the period.
    for project in works_projects:
        auditor.goto(live_server.url + reverse("monitoring:report", args=[world.org.slug, 2570, 1, project.pk]))
        auditor.locator("button[name=action][value=approve]").click()
        auditor.wait_for_load_state()
    auditor.screenshot(path=SHOTS / "m06-auditor-approved.png", full_page=True)
    reporter.goto(report_page(first))  # the reporter has the page open while the period gets locked
    auditor.goto(live_server.url + reverse("monitoring:period", args=[world.org.slug, 2570, 1]))
    auditor.locator("button[name=state][value=locked]").click()
    auditor.wait_for_load_state()
    auditor.screenshot(path=SHOTS / "m07-period-locked.png", full_page=True)
    assert set(ProgressReport.objects.filter(period=q1).values_list("state", flat=True)) == {ReportState.APPROVED}

    # A further edit is refused with a message, and nothing changes.
    card = reporter.locator(f"#project-{first.pk}")
    card.locator(f"input[name=r{first.pk}-percent_complete]").fill("50")
    card.locator(f"textarea[name=r{first.pk}-change_reason]").fill("แก้ไขเพิ่มเติม")
    press(card, "save")
    reporter.locator(f"#project-{first.pk} .alert-danger").wait_for()
    reporter.screenshot(path=SHOTS / "m08-edit-refused.png", full_page=True)
    assert ProgressReport.objects.get(project=first, period=q1).percent_complete == Decimal(35)
    reporter.goto(report_page(first))
    assert reporter.locator(f"#project-{first.pk} form[data-autosave]").count() == 0  # read-only now
