"""Server time and queries of a survey's results page at 1,000 and 10,000 answers (a 3/2-like survey:
four profile questions, nine 3-level items and a comment box; 14 answers a respondent), with and without a
breakdown by a profile question. The queries must not grow with the answers: everything is counted by
the database.

    .venv/bin/python bench/survey_results.py                  # a fresh SQLite database in a temp folder
    DATABASE_URL=postgres://… .venv/bin/python bench/survey_results.py

Target (2 cores): the results page at 10,000 answers p95 ≤ 300 ms, the same number of queries as at 1,000.
"""

import time
from datetime import date

from common import RUNS, measure, member, start
from django.db import connection
from django.urls import reverse

from orgs.models import Organization
from surveys.factories import add_responses, build_survey, form_3_2
from surveys.models import Survey


def main():
    client = start(seed_demo=False)
    org, _ = Organization.objects.get_or_create(slug="bench-survey", defaults={"name": "อบต.ทดสอบแบบสำรวจ"})
    member(client, org)
    survey = Survey.objects.for_org(org).first() or build_survey(
        org, title="แบบที่ 3/2 (ทดสอบ)", form=Survey.Form.DLA_3_2, fiscal_year=2569, sections=form_3_2()
    )
    by = survey.questions.get(number=1).pk
    url = reverse("surveys:results", args=[org.slug, survey.pk])
    print(f"database: {connection.vendor}; {RUNS} requests per page")
    print(f"{'answers':>8} {'page':<12}{'queries':>8}{'median ms':>11}{'p95 ms':>9}")
    have = survey.responses.count()
    for size in (1000, 10000):
        if have < size:
            began = time.perf_counter()
            add_responses(survey, size - have, seed=size, starts=date(2025, 10, 1), ends=date(2026, 9, 30))
            have = size
            print(f"  (added answers up to {size} in {time.perf_counter() - began:.1f} s)")
        for name, page in (("results", url), ("by sex", f"{url}?by={by}")):
            queries, median, p95 = measure(client, page)
            print(f"{size:>8} {name:<12}{queries:>8}{median:>11.1f}{p95:>9.1f}")


if __name__ == "__main__":
    main()
