"""A department reporter's downloads show what their pages show: the projects of their own department
(and the indicators no project owns), never another department's projects with their budgets, targets and
results. Proven as the reporter of กองช่าง on the plan (ผ.02) and indicator exports, every report's XLSX
(built in the request or by a background job) and the period results export, with the planner's files as
the control (they do list กองคลัง's project)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jobs.models import Job
from reports import registry

YEAR = 2569


def texts(data: bytes) -> list[str]:
    """Every cell of every sheet of the workbook, as text."""
    book = load_workbook(io.BytesIO(data))
    return [str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row if cell]


def download(client, url, query=None) -> bytes:
    """The file at the URL; a report built in the background is fetched from its finished job."""
    response = client.get(url, query or {})
    if response.status_code == 302 and "/jobs/" in response.url:
        job = Job.objects.order_by("-pk").first()
        assert job.state == Job.State.DONE, job.error if hasattr(job, "error") else job.state
        response = client.get(reverse("jobs:download", args=[job.organization.slug, job.pk]))
    assert response.status_code == 200, (url, response.status_code)
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def other_department(world, rpt_year):
    """What belongs to กองคลัง only: its project's code and name and its project KPI's name."""
    two = rpt_year.two
    assert two.department == world.finance
    return [two.code, two.name, rpt_year.share.name]


def leaks(data: bytes, markers) -> set[str]:
    cells = texts(data)
    return {marker for marker in markers if any(marker in cell for cell in cells)}


def exports(world):
    slug, plan = world.org.slug, world.plan.plan
    return {
        "plan": (reverse("plans:plan_export", args=[slug, plan.pk]), {}),
        "indicators": (reverse("plans:kpi_export", args=[slug, plan.pk]), {"year": "all"}),
    }


def test_the_plan_and_indicator_exports_hold_only_the_reporters_department(world, client_for, other_department):
    for name, (url, query) in exports(world).items():
        assert leaks(download(client_for("planner"), url, query), other_department), name  # the control
        mine = download(client_for("reporter"), url, query)
        assert leaks(mine, other_department) == set(), name
        assert world.plan.projects[0].code in " ".join(texts(mine)), name  # their own project is there


def test_every_reports_xlsx_holds_only_the_reporters_department(world, client_for, rpt_year, other_department):
    from surveys.factories import build_survey, form_3_2

    survey = build_survey(world.org, title="แบบที่ 3/2", form="3/2", fiscal_year=YEAR, sections=form_3_2())
    listed_for_planner = set()
    for report_type in registry.all_reports():
        url = reverse("reports:download", args=[world.org.slug, report_type.slug, "xlsx"])
        query = {"year": YEAR}
        if report_type.needs_project:
            query["project"] = rpt_year.one.pk
        if report_type.needs_survey:  # a survey's answers hold no project of any department
            query["survey"] = survey.pk
        if leaks(download(client_for("planner"), url, query), other_department):
            listed_for_planner.add(report_type.slug)
        mine = download(client_for("reporter"), url, query)
        assert leaks(mine, other_department) == set(), report_type.slug
    assert {"iptt", "department", "form3-1", "annual"} <= listed_for_planner  # the files do list projects
    card = reverse("reports:download", args=[world.org.slug, "project_card", "xlsx"])
    assert client_for("reporter").get(card, {"year": YEAR, "project": rpt_year.two.pk}).status_code == 404


def test_the_period_results_export_holds_only_the_reporters_department(world, client_for, rpt_year, other_department):
    period = rpt_year.q[1]
    args = [world.org.slug, YEAR, period.number]
    mine = reverse("monitoring:results_export", args=[*args, world.works.pk])
    theirs = reverse("monitoring:results_export", args=[*args, world.finance.pk])
    reporter = client_for("reporter")
    assert leaks(download(reporter, mine), other_department) == set()
    assert reporter.get(theirs).status_code == 404
    assert leaks(download(client_for("planner"), theirs), other_department)  # the control


def test_the_dashboard_and_results_pages_show_the_reporter_only_their_department(
    world, client_for, rpt_year, other_department
):
    for name in ("dashboard:index", "evaluation:results"):
        args = [world.org.slug] if name == "dashboard:index" else [world.org.slug, YEAR]
        page = client_for("reporter").get(reverse(name, args=args), {"year": YEAR}).content.decode()
        assert not [marker for marker in other_department if marker in page], name
