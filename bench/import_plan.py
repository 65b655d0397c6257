"""Time of the Excel imports on a plan of 1,000 projects.

    .venv/bin/python bench/import_plan.py            # a fresh SQLite database in a temp folder
    DATABASE_URL=postgres://… .venv/bin/python bench/import_plan.py

Builds a form ผ.02 workbook of 1,000 projects (five yearly budgets, two KPIs each) from a synthetic
organization, then imports it into an empty organization (created), again (unchanged) and as CSV;
then the indicators-and-targets workbook of the same 2,000 KPIs. Prints seconds and SQL queries.
"""

import csv
import io
import time
from decimal import Decimal

from common import start, synthetic_org
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from orgs.models import Department, Organization
from plans.excel import export_plan, import_plan
from plans.excel.kpis import export_kpis, import_kpis
from plans.models import DevelopmentPlan, Indicator, Project, Target

SIZE = 1000


def with_kpis(org):
    """Two KPIs per project, with annual and quarter targets for 2569, as the demo has."""
    if Indicator.objects.for_org(org).exists():
        return
    kpis = [
        Indicator(organization=org, project=p, code=f"{p.code}-K{n}", name=name, unit="เมตร", order=n)
        for p in Project.objects.for_org(org)
        for n, name in enumerate(("ระยะทางถนนที่ก่อสร้าง", "จำนวนครัวเรือนที่ได้ประโยชน์"), start=1)
    ]
    Indicator.objects.bulk_create(kpis)
    Target.objects.bulk_create(
        Target(organization=org, indicator=k, fiscal_year=2569, period=period, value=Decimal(value))
        for k in Indicator.objects.for_org(org)
        for period, value in enumerate((400, 100, 100, 100, 100))
    )


def empty_org(source, slug):
    org = Organization.objects.create(name=f"อบต.นำเข้า {slug}", slug=slug, province="พระนครศรีอยุธยา")
    for department in Department.objects.for_org(source):
        Department.objects.create(organization=org, name=department.name)
    return DevelopmentPlan.objects.create(organization=org, name="แผนพัฒนาท้องถิ่น", first_year=2566, last_year=2570)


def timed(label, call):
    with CaptureQueriesContext(connection) as queries:
        began = time.perf_counter()
        result = call()
        seconds = time.perf_counter() - began
    if not result.ok:
        raise SystemExit(f"{label}: {result.errors[:5]}")
    done = ", ".join(f"{r['kind']} {r['created']}/{r['updated']}/{r['unchanged']}" for r in result.summary)
    print(f"{label:<34}{seconds:>8.2f} s{len(queries):>8} queries   {done}")
    return result


def as_csv(data: bytes, sheet: str) -> bytes:
    out = io.StringIO()
    rows = load_workbook(io.BytesIO(data), read_only=True)[sheet].iter_rows(values_only=True)
    csv.writer(out).writerows([["" if v is None else v for v in row] for row in rows])
    return out.getvalue().encode("utf-8-sig")


def main():
    start(seed_demo=False)
    source = synthetic_org(SIZE)
    with_kpis(source)
    plan = DevelopmentPlan.objects.for_org(source).get()
    began = time.perf_counter()
    workbook = export_plan(plan)
    print(
        f"database: {connection.vendor}; form ผ.02 of {SIZE} projects exported in "
        f"{time.perf_counter() - began:.2f} s ({len(workbook) // 1024} KB)"
    )
    print(f"{'':<34}{'time':>10}{'':>8}          created/updated/unchanged")
    target = empty_org(source, "bench-import")
    timed("ผ.02 into an empty organization", lambda: import_plan(target, workbook))
    timed("ผ.02 again (unchanged)", lambda: import_plan(target, workbook))
    timed("ผ.02 as CSV (unchanged)", lambda: import_plan(target, as_csv(workbook, "ผ.02")))
    Indicator.objects.for_org(target.organization).delete()  # the KPI file brings them in full
    kpis = export_kpis(plan, [2569])
    timed("indicators and targets (2,000)", lambda: import_kpis(target, kpis))
    timed("indicators and targets again", lambda: import_kpis(target, kpis))


if __name__ == "__main__":
    main()
