"""Every workbook the system produces prints well (core.excel.page_setup): A4, landscape when a sheet has
seven columns or more, fitted to the page's width, the table's header rows repeated on every page, and the
page numbers in the footer.

The test downloads every XLSX of the system as the planner would (the plan's ผ.02, the indicators and
targets, a department's period results, the import errors, a survey's paper-answer template, every report,
and the table of every page with an XLSX download) and checks each visible sheet."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core.excel import LANDSCAPE_COLUMNS, page_setup
from jobs.models import Job
from reports import registry

YEAR = 2569


def download(client, url: str, query: dict) -> bytes:
    """The file at the URL; a report built in the background is fetched from its finished job."""
    response = client.get(url, query)
    if response.status_code == 302 and "/jobs/" in response.url:
        job = Job.objects.order_by("-pk").first()
        assert job.state == Job.State.DONE, job.state
        response = client.get(reverse("jobs:download", args=[job.organization.slug, job.pk]))
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    return b"".join(response.streaming_content) if response.streaming else response.content


def every_download(world, rpt_year, survey) -> dict[str, tuple[str, dict]]:
    slug, plan = world.org.slug, world.plan.plan
    period = rpt_year.q[1]
    files = {
        "plan": (reverse("plans:plan_export", args=[slug, plan.pk]), {}),
        "indicators": (reverse("plans:kpi_export", args=[slug, plan.pk]), {"year": "all"}),
        "period results": (
            reverse("monitoring:results_export", args=[slug, YEAR, period.number, world.works.pk]),
            {},
        ),
        "import errors": (reverse("plans:import_errors", args=[slug]), {}),
        "paper answers": (reverse("surveys:responses_template", args=[slug, survey.pk]), {}),
    }
    for report_type in registry.all_reports():
        query = {"year": YEAR}
        if report_type.needs_project:
            query["project"] = rpt_year.one.pk
        if report_type.needs_survey:
            query["survey"] = survey.pk
        url = reverse("reports:download", args=[slug, report_type.slug, "xlsx"])
        files[f"report {report_type.slug}"] = (url, query)
    for name, (url, query) in page_tables(world).items():
        files[f"page {name}"] = (url, {**query, "format": "xlsx"})
    return files


def page_tables(world) -> dict[str, tuple[str, dict]]:
    """The pages whose table downloads as XLSX (``?format=xlsx``, core.tables)."""
    slug = world.org.slug
    return {
        "projects": (reverse("plans:project_list", args=[slug]), {"year": YEAR}),
        "indicators": (reverse("plans:indicator_list", args=[slug]), {}),
        "findings": (reverse("evaluation:finding_list", args=[slug]), {}),
        "comparison": (reverse("evaluation:compare", args=[slug]), {}),
        "results": (reverse("evaluation:results", args=[slug, YEAR]), {}),
        "completeness": (reverse("monitoring:period", args=[slug, YEAR, 1]), {}),
        **{
            f"dashboard {table}": (reverse("dashboard:index", args=[slug]), {"year": YEAR, "table": table})
            for table in ("strategies", "quarters", "status", "perspectives", "departments", "trend")
        },
    }


def check(name: str, data: bytes) -> None:
    book = load_workbook(io.BytesIO(data))
    visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    assert visible, name
    for ws in visible:
        where = f"{name}: sheet {ws.title}"
        setup = ws.page_setup
        assert str(setup.paperSize) == "9", where  # A4
        wide = ws.max_column >= LANDSCAPE_COLUMNS
        assert setup.orientation == ("landscape" if wide else "portrait"), (where, ws.max_column)
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), where
        assert ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage, where
        assert "&P" in (ws.oddFooter.center.text or ""), where  # page numbers
        if ws.freeze_panes:  # a table: its header rows are printed at the top of every page
            assert ws.print_title_rows, where
            last_header = int(ws.print_title_rows.split(":")[-1].lstrip("$"))
            assert last_header == ws[ws.freeze_panes].row - 1, (where, ws.print_title_rows, ws.freeze_panes)


def test_page_setup_of_a_narrow_and_a_wide_sheet():
    book = Workbook()
    narrow, wide = book.active, book.create_sheet()
    page_setup(narrow, 3)
    page_setup(wide, LANDSCAPE_COLUMNS, header=(4, 5))
    assert narrow.page_setup.orientation == "portrait" and narrow.print_title_rows is None
    assert wide.page_setup.orientation == "landscape" and wide.print_title_rows == "$4:$5"
    assert int(wide.page_setup.paperSize) == 9 and wide.page_setup.fitToWidth == 1 and wide.page_setup.fitToHeight == 0


@pytest.mark.django_db
def test_every_xlsx_download_prints_on_a4_fitted_to_width_with_repeated_headers(world, client_for, rpt_year):
    from surveys.factories import build_survey, form_3_2

    survey = build_survey(world.org, title="แบบที่ 3/2", form="3/2", fiscal_year=YEAR, sections=form_3_2())
    client = client_for("planner")
    files = every_download(world, rpt_year, survey)
    assert len(files) >= 5 + len(registry.all_reports())
    for name, (url, query) in files.items():
        check(name, download(client, url, query))
