"""Queries and latency of the plan pages on the demo organization (about 120 projects) and on a
synthetic one of 1,000 projects.

    .venv/bin/python bench/plan_pages.py            # uses a fresh SQLite database in a temp folder
    DATABASE_URL=postgres://… .venv/bin/python bench/plan_pages.py

Prints, per page: SQL queries, and the median and 95th-percentile time of 20 requests.
"""

import os
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

import django

django.setup()

from decimal import Decimal

from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
from django.urls import reverse

from orgs.models import Department, Membership, Organization, Role, User
from plans.models import ActionPlan, ActionPlanItem, DevelopmentPlan, Goal, Program, Project, ProjectBudget, Strategy

RUNS = 20


def synthetic_org(size: int) -> Organization:
    org, _ = Organization.objects.get_or_create(
        slug=f"bench-{size}", defaults={"name": f"bench {size}", "province": "-"}
    )
    if Project.objects.for_org(org).exists():
        return org
    departments = [Department.objects.create(organization=org, name=f"dept {n}") for n in range(6)]
    plan = DevelopmentPlan.objects.create(organization=org, name="plan", first_year=2566, last_year=2570)
    action_plan = ActionPlan.objects.create(organization=org, plan=plan, fiscal_year=2569)
    programs = []
    for s in range(1, 7):
        strategy = Strategy.objects.create(organization=org, plan=plan, number=s, name=f"strategy {s}")
        for g in range(1, 4):
            goal = Goal.objects.create(organization=org, strategy=strategy, number=f"{s}.{g}", name="goal")
            programs += [Program.objects.create(organization=org, goal=goal, name=f"program {p}") for p in range(2)]
    projects = Project.objects.bulk_create(
        Project(
            organization=org,
            program=programs[n % len(programs)],
            code=f"B-{n:05}",
            name=f"project {n}",
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


def measure(client, url):
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        status = client.get(url).status_code
    queries = len(captured)  # now: the timed requests below reset the query log
    if status != 200:
        raise SystemExit(f"{url} answered {status}")
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return queries, statistics.median(times), times[int(len(times) * 0.95) - 1]


def main():
    from django.conf import settings

    # Plain static names: the bench measures the pages, not a collected manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    setup_test_environment()
    # Keep one connection across requests so the queries of a request can be counted.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    call_command("migrate", verbosity=0)
    call_command("seed_demo", if_empty=True, verbosity=0)
    user, _ = User.objects.get_or_create(username="bench-planner", defaults={"is_superuser": True})
    client = Client()
    client.force_login(user)
    print(f"database: {connection.vendor}; {RUNS} requests per page after one to count queries")
    print(f"{'organization':<14}{'projects':>9}  {'page':<16}{'queries':>8}{'median ms':>11}{'p95 ms':>9}")
    for org in (Organization.objects.get(slug="banphaen"), synthetic_org(1000)):
        Membership.objects.get_or_create(organization=org, user=user, role=Role.PLANNER)
        plan = DevelopmentPlan.objects.for_org(org).first()
        pages = {
            "plan tree": reverse("plans:plan_detail", args=[org.slug, plan.pk]),
            "project list": reverse("plans:project_list", args=[org.slug]) + "?year=2569",
            "action plan": reverse("plans:action_plan_detail", args=[org.slug, 2569]),
        }
        count = Project.objects.for_org(org).count()
        for name, url in pages.items():
            queries, median, p95 = measure(client, url)
            print(f"{org.slug:<14}{count:>9}  {name:<16}{queries:>8}{median:>11.1f}{p95:>9.1f}")


if __name__ == "__main__":
    main()
