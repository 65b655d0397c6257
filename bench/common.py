"""What the benchmark scripts share: Django set up on a throw-away database, a synthetic organization of
N projects, and the timing of a page (queries, median and 95th percentile of repeated requests)."""

import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp())  # seed_demo's evidence photos
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tidtam.settings")
os.environ.setdefault("SECURE", "0")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # DEBUG is off, as in production

import django

django.setup()

from decimal import Decimal

from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
from django.utils import timezone

from monitoring.models import IndicatorResult, ProgressReport, ProjectStatus, ReportState
from monitoring.periods import ensure_periods
from orgs.models import Department, Membership, Organization, Role, User
from plans.models import (
    ActionPlan,
    ActionPlanItem,
    DevelopmentPlan,
    Goal,
    Indicator,
    Program,
    Project,
    ProjectBudget,
    Strategy,
    Target,
)

RUNS = 20


def synthetic_org(size: int, slug: str | None = None) -> Organization:
    """An organization of ``size`` projects in six strategies, budgeted and in the FY2569 action plan."""
    slug = slug or f"bench-{size}"
    org, _ = Organization.objects.get_or_create(
        slug=slug, defaults={"name": f"อบต.ทดสอบ {slug.removeprefix('bench-')}", "province": "พระนครศรีอยุธยา"}
    )
    if Project.objects.for_org(org).exists():
        return org
    departments = [Department.objects.create(organization=org, name=f"กอง {n}") for n in range(6)]
    plan = DevelopmentPlan.objects.create(organization=org, name="แผนพัฒนาท้องถิ่น", first_year=2566, last_year=2570)
    action_plan = ActionPlan.objects.create(organization=org, plan=plan, fiscal_year=2569)
    programs = []
    for s in range(1, 7):
        strategy = Strategy.objects.create(organization=org, plan=plan, number=s, name=f"ยุทธศาสตร์การพัฒนาด้านที่ {s}")
        for g in range(1, 4):
            goal = Goal.objects.create(organization=org, strategy=strategy, number=f"{s}.{g}", name="เป้าประสงค์")
            programs += [Program.objects.create(organization=org, goal=goal, name=f"แผนงาน {p}") for p in range(2)]
    projects = Project.objects.bulk_create(
        Project(
            organization=org,
            program=programs[n % len(programs)],
            code=f"B-{n:05}",
            name=f"โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ {n % 12 + 1} ลำดับ {n}",
            department=departments[n % 6],
            order=n,
        )
        for n in range(size)
    )
    ProjectBudget.objects.bulk_create(
        ProjectBudget(organization=org, project=p, fiscal_year=year, amount=Decimal("123456.78"))
        for p in projects
        for year in range(2566, 2571)
    )
    ActionPlanItem.objects.bulk_create(
        ActionPlanItem(organization=org, action_plan=action_plan, project=p, budget=Decimal("100000.00"))
        for p in projects
    )
    return org


def start(*, seed_demo: bool = True) -> Client:
    """Migrate (and seed the demo), keep one connection across requests so queries can be counted, and
    return a client signed in as a superuser."""
    from django.conf import settings

    # Plain static names: the benches measure the pages, not a collected manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    setup_test_environment()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    call_command("migrate", verbosity=0)
    if seed_demo:
        call_command("seed_demo", if_empty=True, verbosity=0)
    user, _ = User.objects.get_or_create(username="bench-planner", defaults={"is_superuser": True})
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def member(client, org) -> None:
    Membership.objects.get_or_create(organization=org, user=client.user, role=Role.PLANNER)


def measure(client, url, runs: int = RUNS, *, cold: list | None = None):
    """(queries of one request, median ms, p95 ms of ``runs`` requests). The first request, which counts
    the queries, is timed too and appended to ``cold`` when given (figures not yet in memory)."""
    reset_queries()
    began = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        status = client.get(url).status_code
    if cold is not None:
        cold.append((time.perf_counter() - began) * 1000)
    queries = len(captured)
    if status != 200:
        raise SystemExit(f"{url} answered {status}")
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return queries, statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


STATUSES = [ProjectStatus.COMPLETED, ProjectStatus.IN_PROGRESS, ProjectStatus.DELAYED, ProjectStatus.NOT_STARTED]


def with_four_quarters(org, kpis_per_project: int = 1):
    """``kpis_per_project`` KPIs per project with targets, and an approved report and results in each quarter
    of 2569."""
    if ProgressReport.objects.for_org(org).exists():
        return
    projects = list(Project.objects.for_org(org).order_by("pk"))
    periods = ensure_periods(org, 2569)
    kpis = Indicator.objects.bulk_create(
        Indicator(
            organization=org,
            project=p,
            name=f"ระยะทางถนนที่ก่อสร้าง {p.code} ตัวชี้วัดที่ {k + 1}",
            unit="เมตร",
            weight=Decimal(100 // kpis_per_project),
        )
        for p in projects
        for k in range(kpis_per_project)
    )
    Target.objects.bulk_create(
        Target(organization=org, indicator=k, fiscal_year=2569, period=q, value=Decimal(400 if q == 0 else 100))
        for k in kpis
        for q in range(5)
    )
    now = timezone.now()
    reports = ProgressReport.objects.bulk_create(
        ProgressReport(
            organization=org,
            period=period,
            project=p,
            department_id=p.department_id,
            project_status=STATUSES[(n + period.number) % 4] if period.number < 4 else STATUSES[n % 4],
            percent_complete=Decimal(25 * period.number),
            disbursed=Decimal("20000.00"),
            narrative="ดำเนินการตามแผน",
            problems="ฝนตกต่อเนื่อง ทำให้การก่อสร้างล่าช้า" if n % 10 == 0 else "",
            state=ReportState.APPROVED,
            submitted_at=now,
            approved_at=now,
        )
        for n, p in enumerate(projects)
        for period in periods
    )
    by_key = {(r.project_id, r.period_id): r for r in reports}
    IndicatorResult.objects.bulk_create(
        IndicatorResult(
            organization=org,
            indicator=k,
            period=period,
            report=by_key[(k.project_id, period.pk)],
            value=Decimal(90 + (n % 25)),
            state=ReportState.APPROVED,
        )
        for n, k in enumerate(kpis)
        for period in periods
    )
