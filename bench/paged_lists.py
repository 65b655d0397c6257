"""The paginated lists on a synthetic organization (1,000 projects by default, BENCH_SIZE=…): for each, the
queries and time of its first page with the year's figures not yet in memory (cold), then the median and
95th percentile of a far page (p.10) and of the first page once they are (warm). Every page shows 50 rows
and the totals of all of them.

    .venv/bin/python bench/paged_lists.py            # a fresh SQLite database in a temp folder
    DATABASE_URL=postgres://… .venv/bin/python bench/paged_lists.py
"""

import os

from common import measure, member, start, synthetic_org, with_four_quarters
from django.db import connection
from django.urls import reverse

from evaluation import memo
from orgs.models import Department

SIZE = int(os.environ.get("BENCH_SIZE", 1000))


def main():
    client = start(seed_demo=False)
    org = synthetic_org(SIZE)
    with_four_quarters(org)
    member(client, org)
    slug = org.slug
    department = Department.objects.for_org(org).order_by("pk").first()
    lists = {
        "results": reverse("evaluation:results", args=[slug, 2569]) + "?",
        "results drill": reverse("evaluation:results", args=[slug, 2569]) + "?status=completed&",
        "IPTT": reverse("reports:page", args=[slug, "iptt"]) + "?year=2569&",
        "action plan": reverse("plans:action_plan_detail", args=[slug, 2569]) + "?",
        "period": reverse("monitoring:period", args=[slug, 2569, 1]) + "?waiting_page=10&missing_",
        "data entry": reverse("monitoring:entry", args=[slug, 2569, 1, department.pk]) + "?show=all&",
        "API figures": reverse("api:project_figures", args=[slug, 2569]) + "?",
        "API KPI figures": reverse("api:kpi_figures", args=[slug, 2569]) + "?",
    }
    print(f"database: {connection.vendor}; {SIZE} projects")
    print(f"{'list':<16}{'cold ms':>9}{'queries':>8}  {'p.10 median':>11}{'p95':>7}{'queries':>8}  {'p.1 warm':>9}")
    for name, url in lists.items():
        memo.clear()
        cold = []
        cold_queries, _median, _p95 = measure(client, url + "page=1", runs=1, cold=cold)
        far_queries, far_median, far_p95 = measure(client, url + "page=10")
        _q, warm, _p95 = measure(client, url + "page=1")
        far = f"{far_median:>11.1f}{far_p95:>7.1f}{far_queries:>8}"
        print(f"{name:<16}{cold[0]:>9.0f}{cold_queries:>8}  {far}  {warm:>9.1f}")


if __name__ == "__main__":
    main()
