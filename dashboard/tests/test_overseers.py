"""Overseers: the organizations of their area side by side, read-only, at a cost that grows with the
number of organizations only (never with projects)."""

import json
import signal
import time
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from conftest import SHOTS, log_in, make_plan, make_user
from core.tenancy import bulk_written
from dashboard import summaries
from dashboard.models import OrgYearFigures
from dashboard.overseers import sorted_rows
from dashboard.tests.test_publishing import approve_q1
from evaluation import memo
from orgs.models import Department, Organization, Oversight
from plans.models import Project

URL = reverse("oversight")


def add_orgs(n, *, province="พระนครศรีอยุธยา", district="บางปะอิน", projects=2, start=0):
    made = []
    for i in range(start, start + n):
        org = Organization.objects.create(
            name=f"อบต.ทดสอบ {i:02}", slug=f"test-{i:02}", province=province, district=district
        )
        department = Department.objects.create(organization=org, name="สำนักปลัด")
        make_plan(org, [department], projects=projects)
        made.append(org)
    return made


def test_the_overseer_sees_the_organizations_of_their_province_side_by_side(world, client_for):
    approve_q1(world.org, world.plan.projects[0], status="completed", disbursed="95000.50")
    page = client_for("overseer").get(URL, {"year": 2569})
    assert page.status_code == 200
    rows = page.context["rows"]
    assert [r.org for r in rows] == [world.org]  # บ้านกลาง is in ลพบุรี
    row = rows[0]
    assert row.total.planned == 2 and row.total.completed == 1
    assert row.completion == Decimal(50) and row.disbursement == Decimal(50)
    assert row.on_time == Decimal(50)  # one of the two Q1 reports was on time (Q1's deadline has passed)
    assert world.other_org.name not in page.text
    dashboard = reverse("dashboard:index", args=[world.org.slug]) + "?year=2569"
    assert dashboard in page.text


def test_the_rows_open_each_dashboard_read_only(world, client_for):
    client = client_for("overseer")
    assert client.get(reverse("dashboard:index", args=[world.org.slug]), {"year": 2569}).status_code == 200
    assert client.get(reverse("dashboard:publications", args=[world.org.slug])).status_code == 200
    project = world.plan.projects[0]
    assert client.get(reverse("plans:project_edit", args=[world.org.slug, project.pk])).status_code == 403
    assert client.get(reverse("dashboard:publication_create", args=[world.org.slug])).status_code == 403
    assert client.get(reverse("dashboard:index", args=[world.other_org.slug])).status_code == 404


def test_a_district_overseer_sees_their_district_only(world, client):
    add_orgs(2, district="บางปะอิน")
    officer = make_user("district-officer")
    Oversight.objects.create(user=officer, province="พระนครศรีอยุธยา", district="เสนา")
    client.force_login(officer)
    rows = client.get(URL).context["rows"]
    assert [r.org for r in rows] == [world.org]


@pytest.mark.parametrize("persona", ["planner", "executive", "outsider"])
def test_people_who_oversee_nothing_get_404_and_strangers_log_in(world, client_for, persona, client):
    assert client.get(URL).status_code == 302  # signed out: to the login page
    assert client_for(persona).get(URL).status_code == 404


def test_a_superuser_sees_every_organization(world, client):
    root = make_user("root")
    root.is_superuser = True
    root.save()
    client.force_login(root)
    assert {r.org for r in client.get(URL, {"year": 2569}).context["rows"]} == {world.org, world.other_org}


def test_bad_input_never_crashes(world, client_for):
    client = client_for("overseer")
    assert client.get(URL, {"year": 2600}).status_code == 404  # nobody overseen has that year
    assert client.get(URL, {"year": 2400}).status_code == 400  # not a fiscal year
    assert client.get(URL, {"year": "abc"}).status_code == 400
    assert client.get(URL, {"sort": "'; drop"}).status_code == 400
    assert client.get(URL, {"sort": "name", "page": "-3"}).status_code == 400  # not a page number
    assert client.get(URL, {"sort": "name", "page": "x"}).status_code == 400
    assert client.get(URL, {"sort": "-kpis", "page": "9999"}).status_code == 200


def test_an_area_without_action_plans_says_so(db, client):
    Organization.objects.create(name="อบต.ว่าง", slug="empty", province="น่าน")
    officer = make_user("nan-officer")
    Oversight.objects.create(user=officer, province="น่าน")
    client.force_login(officer)
    page = client.get(URL)
    assert page.status_code == 200 and page.context["year"] is None


def test_sorting_by_a_figure_puts_missing_figures_last_either_way(world, client_for):
    orgs = add_orgs(3)
    approve_q1(orgs[0], Project.objects.for_org(orgs[0]).first(), status="completed")
    approve_q1(orgs[1], Project.objects.for_org(orgs[1]).first(), status="in_progress")
    empty = Organization.objects.create(name="อบต.ไม่มีแผน", slug="noplan", province="พระนครศรีอยุธยา")
    client = client_for("overseer")
    ascending = [r.org for r in client.get(URL, {"year": 2569, "sort": "completion"}).context["rows"]]
    descending = [r.org for r in client.get(URL, {"year": 2569, "sort": "-completion"}).context["rows"]]
    assert ascending[-1] == empty and descending[-1] == empty  # no projects, no share: last both ways
    assert descending[0] == orgs[0] and ascending.index(orgs[0]) > ascending.index(orgs[1])
    page = client.get(URL, {"year": 2569, "sort": "-completion"})
    assert 'aria-sort="descending"' in page.text


def test_sorted_rows_keeps_rows_without_the_figure_at_the_end():
    class Row:
        def __init__(self, name, value):
            self.org, self.on_time = Organization(name=name), value

    rows = [Row("ค", None), Row("ก", Decimal(10)), Row("ข", Decimal(90))]
    assert [r.org.name for r in sorted_rows(rows, "on_time", False)] == ["ก", "ข", "ค"]
    assert [r.org.name for r in sorted_rows(rows, "on_time", True)] == ["ข", "ก", "ค"]


def page_queries(client, **params) -> int:
    """Queries of the page once the organizations' monitoring settings exist (the first read creates them)."""
    client.get(URL, {"year": 2569, **params})
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, {"year": 2569, **params}).status_code == 200
    return len(captured)


@pytest.mark.parametrize("sort", ["name", "-on_time"])
def test_the_cost_grows_with_organizations_by_a_small_constant_and_not_with_projects(world, client_for, sort):
    client = client_for("overseer")
    add_orgs(9, projects=2)
    ten = page_queries(client, sort=sort)  # บ้านแพน and nine others
    add_orgs(10, projects=2, start=9)
    twenty = page_queries(client, sort=sort)
    per_org = (twenty - ten) / 10
    assert per_org == int(per_org) and per_org <= 13, (ten, twenty)
    assert twenty <= 10 + 20 * per_org
    add_orgs(1, projects=12, start=19)  # a big organization costs the same as a small one
    assert page_queries(client, sort=sort) == twenty + per_org
    print(f"oversight page, sort={sort}: 10 orgs {ten} queries, 20 orgs {twenty}, {per_org:.0f} per organization")


def refresh_all():
    for org in Organization.objects.all():
        summaries.refresh(org)


@pytest.mark.parametrize("sort", ["name", "-on_time"])
def test_with_stored_figures_the_cost_is_the_same_for_ten_or_twenty_organizations(world, client_for, sort):
    client = client_for("overseer")
    add_orgs(9, projects=2)
    refresh_all()
    ten = page_queries(client, sort=sort)
    add_orgs(10, projects=2, start=9)
    add_orgs(1, projects=12, start=19)
    refresh_all()
    assert page_queries(client, sort=sort) == ten <= 12


def test_stored_figures_equal_the_figures_computed_afresh(world, client_for):
    approve_q1(world.org, world.plan.projects[0], status="completed", disbursed="95000.50")
    client = client_for("overseer")
    fresh = [vars(r.total) | {"on_time": r.on_time} for r in client.get(URL, {"year": 2569}).context["rows"]]
    refresh_all()
    stored = [vars(r.total) | {"on_time": r.on_time} for r in client.get(URL, {"year": 2569}).context["rows"]]
    assert stored == fresh and fresh[0]["completed"] == 1 and fresh[0]["on_time"] == Decimal(50)


def test_a_change_in_one_organization_recomputes_that_organization_only(world, client_for):
    client = client_for("overseer")
    others = add_orgs(5, projects=2)
    refresh_all()
    warm = page_queries(client)
    project = Project.objects.for_org(others[0]).first()
    project.name = "โครงการที่แก้ชื่อ"
    project.save()  # a change of others[0]'s data: its stored figures are not current any more
    with CaptureQueriesContext(connection) as captured:
        rows = client.get(URL, {"year": 2569}).context["rows"]
    assert warm < len(captured) <= warm + 13
    assert {r.org for r in rows} >= set(others)


@pytest.fixture
def committed_from_here(world):
    """The set-up's saves queued a refresh on the test's transaction, which never commits: forget it, so that
    what the test saves next queues its own (captured by ``django_capture_on_commit_callbacks``)."""
    transaction.get_connection().__dict__.pop("figures_pending", None)


def test_a_committed_change_refreshes_the_organization_s_stored_figures(
    world, committed_from_here, django_capture_on_commit_callbacks
):
    summaries.refresh(world.org)
    stored = OrgYearFigures.objects.get(organization=world.org, fiscal_year=2569)
    assert json.loads(stored.figures)["completed"] == 0
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        approve_q1(world.org, world.plan.projects[0], status="completed", disbursed="95000.50")
    assert len(callbacks) == 1  # once for the transaction, however many rows it saved
    stored.refresh_from_db()
    figures = json.loads(stored.figures)
    assert figures["completed"] == 1 and figures["disbursed"] == "95000.50"
    assert stored.version == memo.version_key(memo.data_version(world.org))


def test_rows_written_in_bulk_refresh_the_stored_figures_too(
    world, committed_from_here, django_capture_on_commit_callbacks
):
    summaries.refresh(world.org)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        bulk_written.send(sender=Project, org_id=world.org.pk)
    assert len(callbacks) == 1
    assert OrgYearFigures.objects.get(organization=world.org, fiscal_year=2569).version == memo.version_key(
        memo.data_version(world.org)
    )


@pytest.mark.django_db(transaction=True)
def test_the_overseer_page_in_a_browser(world, live_server, page):
    add_orgs(4)
    approve_q1(world.org, world.plan.projects[0], status="completed", disbursed="95000.50")
    log_in(page, live_server, "overseer")
    page.goto(live_server.url + URL + "?year=2569")
    page.locator("#oversight thead a[href$='sort=completion']").click()
    page.wait_for_load_state()
    page.locator("#oversight thead a[href$='sort=-completion']").click()  # again: highest first
    page.wait_for_load_state()
    assert page.locator("#oversight tbody tr").first.inner_text().startswith(world.org.name)
    page.screenshot(path=SHOTS / "oversight-01.png", full_page=True)
    page.get_by_role("link", name=world.org.name).click()
    page.wait_for_load_state()
    assert page.url.endswith(reverse("dashboard:index", args=[world.org.slug]) + "?year=2569")


@pytest.fixture
def worker_signals():
    """The worker command takes over SIGINT/SIGTERM/SIGQUIT for its graceful stop: give them back."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.mark.django_db(transaction=True)
def test_an_approval_is_in_the_stored_figures_once_the_worker_has_run_within_seconds(world, settings, worker_signals):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TIDTAM_FIGURES_REFRESH = "task"
    began = time.monotonic()
    with transaction.atomic():  # the reviewer's request
        approve_q1(world.org, world.plan.projects[0], status="completed", disbursed="95000.50")
    [queued] = DBTaskResult.objects.all()  # one refresh for the transaction, waiting for the worker
    assert queued.task_path == "dashboard.summaries.refresh_figures" and queued.args_kwargs["args"] == [world.org.pk]
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval=0", stdout=StringIO())
    stored = OrgYearFigures.objects.get(organization=world.org, fiscal_year=2569)
    assert json.loads(stored.figures)["completed"] == 1
    assert stored.version == memo.version_key(memo.data_version(world.org))
    assert time.monotonic() - began < 5


@pytest.mark.django_db(transaction=True)
def test_a_web_worker_reads_the_figures_the_refresh_computed_instead_of_computing_them(
    world, settings, worker_signals, monkeypatch, client
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TIDTAM_FIGURES_REFRESH = "task"
    settings.TIDTAM_FIGURES_SHARE_MS = 0  # a few projects here: count them as slow to compute
    with transaction.atomic():
        approve_q1(world.org, world.plan.projects[0], status="completed", disbursed="95000.50")
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval=0", stdout=StringIO())
    memo.clear()  # a web worker: nothing of the worker's memory

    def refuse(*args, **kwargs):
        raise AssertionError("computed in the request")

    monkeypatch.setattr(memo.rollup, "year_figures", refuse)
    assert memo.year_figures(world.org, 2569).organization.completed == 1
    assert memo.year_figures(world.org, 2569, quarters=True).organization.completed == 1  # IPTT's
    client.force_login(world.users["executive"])
    page = client.get(reverse("dashboard:index", args=[world.org.slug]) + "?year=2569")
    assert page.status_code == 200 and page.context["total"].completed == 1
