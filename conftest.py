"""Shared test fixtures: two organizations, a small plan, and one persona per role."""

import os
import shutil
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import reverse

from core.calendar import fiscal_month_bounds, quarter_bounds
from monitoring.models import ProgressReport, ReportingPeriod, ReportState
from orgs.models import Department, Membership, Organization, Oversight, Role, User
from plans.models import (
    ActionPlan,
    ActionPlanItem,
    DevelopmentPlan,
    Goal,
    Indicator,
    PlanRevision,
    Program,
    Project,
    ProjectBudget,
    Strategy,
    Target,
)


@pytest.fixture(autouse=True, scope="session")
def _plain_http():
    """Tests speak plain HTTP (test client, live server). Set before the live server's middleware loads."""
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    # Plain file names, served by the live server from the finders (make test also builds the manifest).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # background jobs run at once, in the test's transaction (the tests of the database queue and its worker say so)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(scope="module")
def seeded_db(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo seeded once per test module into an empty database (with --if-empty), evidence files in a
    temporary MEDIA_ROOT; rolled back after the module.

    The password hasher is the tests' fast one (``_test_settings``), so the tests can check passwords.
    """
    from io import StringIO

    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    media = tmp_path_factory.mktemp("media")
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=hashers):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            empty = not Organization.objects.exists()
            out = StringIO()
            call_command("seed_demo", "--if-empty", stdout=out)
            yield SimpleNamespace(output=out.getvalue(), media=media, was_empty=empty)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def seeded(seeded_db, db, settings):
    """อบต.บ้านแพน of the demo (FY2569 reported in full)."""
    settings.MEDIA_ROOT = seeded_db.media
    return Organization.objects.get(slug="banphaen")


def make_plan(org, departments, *, projects=2, years=(2566, 2570)):
    """A development plan with one strategy → goal → program → ``projects`` projects, each with
    budgets, one KPI with targets, and an action plan for 2569 scheduling every project."""
    plan = DevelopmentPlan.objects.create(
        organization=org, name="แผนพัฒนาท้องถิ่น", first_year=years[0], last_year=years[1]
    )
    revision = PlanRevision.objects.create(organization=org, plan=plan, kind="addition", number=1)
    strategy = Strategy.objects.create(organization=org, plan=plan, number=1, name="โครงสร้างพื้นฐาน")
    goal = Goal.objects.create(organization=org, strategy=strategy, number="1.1", name="ถนนได้มาตรฐาน")
    program = Program.objects.create(organization=org, goal=goal, name="แผนงานเคหะและชุมชน")
    action_plan = ActionPlan.objects.create(organization=org, plan=plan, fiscal_year=2569)
    made = []
    for n in range(projects):
        project = Project.objects.create(
            organization=org,
            program=program,
            code=f"{org.slug}-{n:03}",
            name=f"โครงการก่อสร้างถนน หมู่ที่ {n + 1}",
            department=departments[n % len(departments)],
            order=n,
            planned_start=date(2025, 11, 1),
            planned_end=date(2026, 3, 31),
        )
        for year in (2569, 2570):
            ProjectBudget.objects.create(
                organization=org, project=project, fiscal_year=year, amount=Decimal("100000.00")
            )
        ActionPlanItem.objects.create(
            organization=org, action_plan=action_plan, project=project, budget=Decimal("95000.50")
        )
        kpi = Indicator.objects.create(organization=org, project=project, name="ระยะทางถนน", unit="เมตร")
        Target.objects.create(organization=org, indicator=kpi, fiscal_year=2569, period=0, value=Decimal(200))
        made.append(project)
    org_kpi = Indicator.objects.create(
        organization=org, name="ร้อยละความพึงพอใจ", measure_type="percentage", aggregation="ratio"
    )
    return SimpleNamespace(
        plan=plan,
        revision=revision,
        strategy=strategy,
        goal=goal,
        program=program,
        projects=made,
        action_plan=action_plan,
        indicator=made[0].indicators.first() if made else None,
        org_indicator=org_kpi,
    )


def make_user(username, org=None, role=None, department=None):
    user = User.objects.create_user(username=username, password="pw-for-tests-only")  # noqa: S106
    if org is not None:
        Membership.objects.create(organization=org, user=user, role=role, department=department)
    return user


def make_period(org, fiscal_year, number, **fields):
    """Reporting period ``number`` of the fiscal year, saved, with the dates the default settings give it
    (monitoring/periods.py): a quarter unless ``kind="month"``, open for reporting from its first day, due
    15 days after its end. ``fields`` override any of them (``state``, ``deadline``, …).

    Most tests set a year up the way the application does (``monitoring.periods.ensure_periods``); this is
    for a single period made by hand."""
    kind = fields.pop("kind", ReportingPeriod.Kind.QUARTER)
    bounds = quarter_bounds if kind == ReportingPeriod.Kind.QUARTER else fiscal_month_bounds
    start, end = bounds(fiscal_year, number)
    dates = {"starts_on": start, "ends_on": end, "opens_on": start, "deadline": end + timedelta(days=15)}
    return ReportingPeriod.objects.create(
        organization=org, fiscal_year=fiscal_year, kind=kind, number=number, **{**dates, **fields}
    )


def make_report(project, period, status="", *, state=ReportState.APPROVED, **fields):
    """The project's progress report of the period, saved: of the project's organization and department,
    with project status ``status`` (blank: none given), approved unless ``state`` says otherwise. ``fields``
    are any other fields of the report (``percent_complete``, ``disbursed``, ``problems``, …)."""
    fields = {"department": project.department, **fields}
    return ProgressReport.objects.create(
        organization=project.organization, period=period, project=project, project_status=status, state=state, **fields
    )


@pytest.fixture
def world(db):
    """บ้านแพน with two departments and a plan, a second organization with its own plan, and personas."""
    return make_world()


def make_world():
    """The ``world`` fixture's objects (also built once per module by tests that only read them)."""
    home = Organization.objects.create(name="อบต.บ้านแพน", slug="banphaen", province="พระนครศรีอยุธยา", district="เสนา")
    works = Department.objects.create(organization=home, name="กองช่าง")
    finance = Department.objects.create(organization=home, name="กองคลัง")
    other = Organization.objects.create(
        name="ทต.บ้านกลาง",
        slug="banklang",
        province="ลพบุรี",
        district="เมือง",
        kind=Organization.Kind.SUBDISTRICT_MUNICIPALITY,
    )
    other_dept = Department.objects.create(organization=other, name="สำนักปลัด")
    overseer = make_user("overseer")
    Oversight.objects.create(user=overseer, province="พระนครศรีอยุธยา")
    return SimpleNamespace(
        org=home,
        works=works,
        finance=finance,
        plan=make_plan(home, [works, finance]),
        other_org=other,
        other_plan=make_plan(other, [other_dept], projects=1),
        users={
            "admin": make_user("orgadmin", home, Role.ADMIN),
            "planner": make_user("planner", home, Role.PLANNER),
            "reporter": make_user("reporter", home, Role.REPORTER, works),
            "auditor": make_user("auditor", home, Role.AUDITOR),
            "executive": make_user("executive", home, Role.EXECUTIVE),
            "overseer": overseer,
            "outsider": make_user("outsider", other, Role.ADMIN),  # every capability there, none here
        },
    )


@pytest.fixture
def client_for(client, world):
    """client_for("planner") → the test client signed in as that persona."""

    def sign_in(persona):
        client.force_login(world.users[persona])
        return client

    return sign_in


# Browser tests: Debian's Chromium driven by Playwright; screenshots for people to look at. -----------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parent / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop in this thread
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def new_page(browser):
    """new_page() → a page in a fresh browser context (its own cookies: one person)."""
    contexts = []

    def make(**options):
        context = browser.new_context(**{"locale": "en-US", "viewport": {"width": 1280, "height": 900}, **options})
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def log_in(page, live_server, username):
    """Sign in through the real login form (the page is in Thai whatever the browser asks for)."""
    page.goto(live_server.url + reverse("login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("pw-for-tests-only")
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.fixture(autouse=True, scope="session")
def _no_session_left_on_the_test_database(django_db_setup, django_db_blocker):
    """PostgreSQL refuses to drop the test database while another session is connected to it. A thread that
    ended without closing its connection must not turn a passing run red: such sessions are ended here,
    after the last test and before the test database is dropped."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
