"""The dashboard and every report page cost the same number of queries at 10 and at 200 projects."""

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_plan, make_report, make_user
from evaluation.models import Evaluation, Finding
from monitoring.periods import ensure_periods
from orgs.models import Department, Organization, Role


def queries(client, url):
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


def organization(size):
    org = Organization.objects.create(name=f"อบต. {size}", slug=f"r{size}", province="พระนครศรีอยุธยา")
    department = Department.objects.create(organization=org, name="กองช่าง")
    plan = make_plan(org, [department], projects=size)
    period = ensure_periods(org, 2569)[0]
    for n, project in enumerate(plan.projects):
        make_report(project, period, "in_progress", disbursed=1000, problems="ฝนตก" if n % 2 else "")
    Evaluation.objects.create(organization=org, fiscal_year=2569, strategy=plan.strategy, state="approved")
    Finding.objects.create(organization=org, fiscal_year=2569, title="ข้อเสนอแนะ", owner=department)
    return org, plan


def test_the_dashboard_and_the_report_pages_do_not_grow_with_the_number_of_projects(db, client):
    counts = []
    for size in (10, 200):
        org, plan = organization(size)
        client.force_login(make_user(f"p{size}", org, Role.PLANNER))
        pages = [reverse("dashboard:index", args=[org.slug]) + "?year=2569"]
        for slug in ("form2", "form3-1", "iptt", "department", "annual"):
            pages.append(reverse("reports:page", args=[org.slug, slug]) + "?year=2569")
        card = reverse("reports:page", args=[org.slug, "project-card"])
        pages.append(f"{card}?year=2569&project={plan.projects[0].pk}")
        counts.append([queries(client, url) for url in pages])
    assert counts[0] == counts[1], counts
