"""The evaluation pages cost the same number of queries at 10 and at 200 projects."""

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_plan, make_user
from evaluation.models import Evaluation, Factor, Finding
from orgs.models import Department, Organization, Role


def queries(client, url):
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_evaluation_pages_do_not_grow_with_the_number_of_projects(db, client):
    counts = []
    for size in (10, 200):
        org = Organization.objects.create(name=f"อบต. {size}", slug=f"e{size}", province="พระนครศรีอยุธยา")
        department = Department.objects.create(organization=org, name="กองช่าง")
        plan = make_plan(org, [department], projects=size)
        evaluation = Evaluation.objects.create(organization=org, fiscal_year=2569, strategy=plan.strategy)
        Factor.objects.create(
            organization=org, evaluation=evaluation, kind="hindering", category="weather", description="ฝน"
        )
        finding = Finding.objects.create(organization=org, fiscal_year=2569, title="ข้อเสนอแนะ", evaluation=evaluation)
        finding.projects.set(plan.projects[:5])
        client.force_login(make_user(f"a{size}", org, Role.AUDITOR))
        counts.append(
            [
                queries(client, reverse(name, args=[org.slug, *args]))
                for name, args in (
                    ("evaluation:evaluation_list", []),
                    ("evaluation:evaluation_detail", [evaluation.pk]),
                    ("evaluation:readiness", [2569]),
                    ("evaluation:finding_detail", [finding.pk]),
                    ("evaluation:index", []),
                    ("evaluation:program_results", [2569, plan.program.pk]),
                )
            ]
        )
    assert counts[0] == counts[1], counts
