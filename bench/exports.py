"""Time of the Excel exports (streamed, openpyxl write-only) at 1,000 / 5,000 / 10,000 indicators.

    .venv/bin/python bench/exports.py                   # a fresh SQLite database in a temp folder
    DATABASE_URL=postgres://… .venv/bin/python bench/exports.py
    .venv/bin/python bench/exports.py 1000 5000         # only these sizes

For each size N it builds (once) an organization of N/2 projects with two KPIs each and their targets of
every year of the plan, then downloads through the page, as a signed-in planner would, the indicators with
the targets of one year (``plans:kpi_export?year=2569``, the file the page offers first: N rows) and of all
five years (``?year=all``: 25 more columns), and the form ผ.02 (N/2 rows). Prints seconds, the CPU
seconds of the process (what it costs on a busy machine), rows per second, the file's size and the SQL
queries. The target: 10,000 indicators (one year) in 10 s or less.
"""

import sys
import time
from decimal import Decimal

from common import member, start, synthetic_org
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import DevelopmentPlan, Indicator, Project, Target

SIZES = (1000, 5000, 10000)
TARGET_SECONDS = 10


def with_kpis(org) -> None:
    """Two KPIs per project, with annual and quarter targets for each year of the plan."""
    if Indicator.objects.for_org(org).exists():
        return
    Indicator.objects.bulk_create(
        Indicator(organization=org, project=p, code=f"{p.code}-K{n}", name=name, unit="เมตร", order=n)
        for p in Project.objects.for_org(org)
        for n, name in enumerate(("ระยะทางถนนที่ก่อสร้าง", "จำนวนครัวเรือนที่ได้ประโยชน์"), start=1)
    )
    Target.objects.bulk_create(
        (
            Target(organization=org, indicator=k, fiscal_year=year, period=period, value=Decimal(value))
            for k in Indicator.objects.for_org(org)
            for year in range(2566, 2571)
            for period, value in enumerate((400, 100, 100, 100, 100))
        ),
        batch_size=5000,
    )


def download(client, url) -> tuple[float, float, int, int]:
    """(seconds, CPU seconds of this process, bytes, queries) of one download read to its end. The CPU time
    is what the download costs whatever else the machine runs (the elapsed time is not, on a busy machine)."""
    with CaptureQueriesContext(connection) as queries:
        cpu = time.process_time()
        began = time.perf_counter()
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        size = len(b"".join(response.streaming_content) if response.streaming else response.content)
        seconds = time.perf_counter() - began
        cpu = time.process_time() - cpu
    return seconds, cpu, size, len(queries)


def main(sizes) -> None:
    client = start(seed_demo=False)
    print(f"database: {connection.vendor}")
    print(f"{'export':<34}{'rows':>8}{'seconds':>10}{'CPU s':>8}{'rows/s':>10}{'KB':>8}{'queries':>9}")
    slow = []
    for kpis in sizes:
        org = synthetic_org(kpis // 2)
        with_kpis(org)
        member(client, org)
        plan = DevelopmentPlan.objects.for_org(org).get()
        for label, name, rows, query in (
            ("indicators and targets of 2569", "plans:kpi_export", kpis, "?year=2569"),
            ("indicators and targets (5 years)", "plans:kpi_export", kpis, "?year=all"),
            ("form ผ.02", "plans:plan_export", kpis // 2, ""),
        ):
            seconds, cpu, size, queries = download(client, reverse(name, args=[org.slug, plan.pk]) + query)
            print(
                f"{label:<34}{rows:>8,}{seconds:>10.2f}{cpu:>8.2f}{rows / seconds:>10,.0f}"
                f"{size // 1024:>8,}{queries:>9}",
                flush=True,
            )
            if query == "?year=2569" and kpis >= 10000 and seconds > TARGET_SECONDS:
                slow.append(f"{kpis:,} indicators took {seconds:.1f} s (target {TARGET_SECONDS} s)")
    if slow:
        raise SystemExit("; ".join(slow))


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or SIZES)
