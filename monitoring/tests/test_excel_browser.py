"""Importing a department's results in a real Chromium: a file with an error, then a large one in the background."""

import pytest
from django.urls import reverse

from conftest import SHOTS, log_in
from monitoring.models import ProgressReport
from monitoring.tests.test_excel_results import fill, works  # noqa: F401 (the fixture)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("works")  # กองช่าง's project with a percentage KPI too
def test_a_reporter_imports_results_from_the_entry_page(world, q1, live_server, new_page, today, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = world.plan.projects[0]
    sheet = fill(world, q1, project)
    sheet.set(project.code, ร้อยละความก้าวหน้า=140)
    bad, good = tmp_path / "bad.xlsx", tmp_path / "good.xlsx"
    bad.write_bytes(sheet.bytes())
    sheet.set(project.code, ร้อยละความก้าวหน้า=40)
    good.write_bytes(sheet.bytes())

    page = new_page()
    log_in(page, live_server, "reporter")
    page.goto(live_server.url + reverse("monitoring:entry", args=[world.org.slug, 2570, 1, world.works.pk]))
    import_url = reverse("monitoring:results_import", args=[world.org.slug, 2570, 1, world.works.pk])
    page.locator(f"a[href='{import_url}']").click()
    page.wait_for_load_state()
    page.set_input_files("input[type=file]", str(bad))
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#import-errors tbody tr").count() == 1
    assert page.locator("#import-errors td").nth(2).inner_text() == sheet.letter("ร้อยละความก้าวหน้า")
    page.screenshot(path=SHOTS / "excel-results-errors.png", full_page=True)
    with page.expect_download() as download:
        page.locator("a[href$='errors.xlsx']").click()
    assert download.value.suggested_filename == "import-errors.xlsx"
    assert not ProgressReport.objects.exists()

    settings.TIDTAM_IMPORT_BACKGROUND_ROWS = 1  # this file now counts as large: a job with a progress page
    page.set_input_files("input[type=file]", str(good))
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_load_state()
    assert "/jobs/" in page.url
    page.locator("#import-summary").wait_for()
    page.screenshot(path=SHOTS / "excel-results-job.png", full_page=True)
    assert ProgressReport.objects.get(project=project).percent_complete == 40
