"""Queries and latency of the plan pages on the demo organization (about 120 projects) and on a
synthetic one of 1,000 projects.

    .venv/bin/python bench/plan_pages.py            # uses a fresh SQLite database in a temp folder
    DATABASE_URL=postgres://… .venv/bin/python bench/plan_pages.py

Prints, per page: SQL queries, and the median and 95th-percentile time of 20 requests.
"""

from common import RUNS, measure, member, start, synthetic_org
from django.db import connection
from django.urls import reverse

from orgs.models import Organization
from plans.models import DevelopmentPlan, Project


def main():
    client = start()
    print(f"database: {connection.vendor}; {RUNS} requests per page after one to count queries")
    print(f"{'organization':<14}{'projects':>9}  {'page':<16}{'queries':>8}{'median ms':>11}{'p95 ms':>9}")
    for org in (Organization.objects.get(slug="banphaen"), synthetic_org(1000)):
        member(client, org)
        plan = DevelopmentPlan.objects.for_org(org).first()
        pages = {
            "plan tree": reverse("plans:plan_detail", args=[org.slug, plan.pk]),
            "project list": reverse("plans:project_list", args=[org.slug]) + "?year=2569",
            "action plan": reverse("plans:action_plan_detail", args=[org.slug, 2569]),
            "action plan p.9": reverse("plans:action_plan_detail", args=[org.slug, 2569]) + "?page=9",
        }
        count = Project.objects.for_org(org).count()
        for name, url in pages.items():
            queries, median, p95 = measure(client, url)
            print(f"{org.slug:<14}{count:>9}  {name:<16}{queries:>8}{median:>11.1f}{p95:>9.1f}")


if __name__ == "__main__":
    main()
