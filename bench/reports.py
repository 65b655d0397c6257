"""Server time and queries of the dashboard, แบบที่ 2 and the IPTT on an organization of 1,000 projects
with four approved quarters of reports and KPI results, and the time to build the annual report PDF.

    .venv/bin/python bench/reports.py                  # a fresh SQLite database in a temp folder
    DATABASE_URL=postgres://… .venv/bin/python bench/reports.py

Targets (2 cores, PostgreSQL): dashboard p95 ≤ 100 ms; แบบที่ 2 and IPTT ≤ 300 ms; annual PDF ≤ 10 s.
"""

import shutil
import subprocess
import time

from common import RUNS, measure, member, start, synthetic_org, with_four_quarters
from django.db import connection
from django.urls import reverse

from evaluation import memo

SIZE = 1000


def main():
    client = start(seed_demo=False)
    org = synthetic_org(SIZE)
    with_four_quarters(org)
    member(client, org)
    print(f"database: {connection.vendor}; {SIZE} projects, four approved quarters; {RUNS} requests per page")
    print(f"{'page':<12}{'queries':>8}{'median ms':>11}{'p95 ms':>9}{'first ms':>10}")
    pages = {
        "dashboard": reverse("dashboard:index", args=[org.slug]) + "?year=2569",
        "form 2": reverse("reports:page", args=[org.slug, "form2"]) + "?year=2569",
        "IPTT": reverse("reports:page", args=[org.slug, "iptt"]) + "?year=2569",
    }
    for name, url in pages.items():
        memo.clear()  # the first request computes the figures; the timed ones find them in memory
        cold = []
        queries, median, p95 = measure(client, url, cold=cold)
        print(f"{name:<12}{queries:>8}{median:>11.1f}{p95:>9.1f}{cold[0]:>10.1f}")

    from orgs.access import access_for
    from reports import registry
    from reports.output import render_file
    from reports.params import read_params

    access = access_for(client.user, org.slug)
    memo.clear()  # the annual report computes its figures afresh
    began = time.perf_counter()
    report = registry.get("annual").build(org, access, read_params({"year": "2569"}, org, access))
    built = time.perf_counter()
    name, content, _ = render_file(report, "pdf")
    done = time.perf_counter()
    print(f"annual report PDF: {done - began:.1f} s (figures {built - began:.1f} s, PDF {done - built:.1f} s)")
    pdfinfo = [shutil.which("pdfinfo") or "/usr/bin/pdfinfo", "-"]
    info = subprocess.run(pdfinfo, input=content, capture_output=True, check=False).stdout.decode()  # noqa: S603
    pages = next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")
    print(f"  {len(content) // 1024} KB, {pages} pages")
    began = time.perf_counter()
    render_file(report, "xlsx")
    print(f"annual report XLSX: {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
