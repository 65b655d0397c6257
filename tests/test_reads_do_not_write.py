"""A GET never writes: every page and API read of every role, also for years whose reporting periods are not set
up yet, changes no table. Only what signing in and the session keep may change: the session, django-axes'
records and the user's last login. The years' periods are created when the year is set up (an action plan is
created or carried forward, or the monitoring page's "set up" button) or by the first report saved."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring.models import ReportingPeriod
from plans.models import ActionPlan
from tests.test_access import READERS, _evidence, _publications, api_url_table, plan_url_table  # noqa: F401

WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)"?', re.IGNORECASE)
SIGN_IN_TABLES = {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}


def writes(queries) -> list[str]:
    """The statements that change a table, except the session's, django-axes' and the last login."""
    found = []
    for query in queries:
        match = WRITE.match(query["sql"])
        if not match or match.group(1) in SIGN_IN_TABLES:
            continue
        if match.group(1) == "orgs_user" and re.search(r'SET\s+"?last_login"?\s*=', query["sql"], re.IGNORECASE):
            continue
        found.append(query["sql"][:200])
    return found


@pytest.fixture
def year_without_periods(world):
    """An action plan of 2570 made before periods were set up with action plans (as data from an older
    version): its year has no reporting periods."""
    ActionPlan.objects.create(organization=world.org, plan=world.plan.plan, fiscal_year=2570)
    assert not ReportingPeriod.objects.filter(fiscal_year__in=(2570, 2600)).exists()
    return 2570


def page_urls(world, year):
    """Every GET page of บ้านแพน, those named by a year asked for ``year``, and the pages that read ?year=."""
    org = world.org.slug
    urls = []
    for name, (kwargs, method, _capability) in plan_url_table(world).items():
        if method == "get":
            kwargs = {**kwargs, "year": year} if "year" in kwargs else kwargs
            urls.append(reverse(name, kwargs={"org_slug": org, **kwargs}))
    for name in ("monitoring:index", "dashboard:index", "evaluation:finding_list", "plans:project_list"):
        urls.append(reverse(name, args=[org]) + f"?year={year}")
    urls.append(reverse("reports:page", args=[org, "form2"]) + f"?year={year}")
    urls.append(reverse("oversight") + f"?year={year}")
    return urls


def api_urls(world, year):
    org = world.org.slug
    urls = []
    for name, kwargs, method, _capability in api_url_table(world):
        if method == "get":
            kwargs = {**kwargs, "year": year} if "year" in kwargs else kwargs
            urls.append(reverse(name, kwargs={"org_slug": org, **kwargs}))
    for name in ("api:periods", "api:reports", "api:results"):
        urls.append(reverse(name, args=[org]) + f"?fiscal_year={year}")
    return urls


def read_everything(client, urls) -> list[tuple[str, str]]:
    """(url, statement) of every write the GETs of ``urls`` made."""
    found = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code < 500, (url, response.status_code)
        found += [(url, sql) for sql in writes(queries.captured_queries)]
    return found


@pytest.mark.parametrize("persona", sorted(READERS))
def test_reading_every_page_and_api_list_for_years_without_periods_writes_nothing(
    world, client_for, year_without_periods, persona
):
    client = client_for(persona)
    client.get(reverse("org_home", args=[world.org.slug]))  # the session's organization is kept on first visit
    for year in (year_without_periods, 2600):
        urls = page_urls(world, year) + api_urls(world, year)
        written = read_everything(client, urls)
        assert written == [], (persona, year, sorted({(url, sql.split(" (")[0]) for url, sql in written}))
    assert not ReportingPeriod.objects.filter(fiscal_year__in=(2570, 2600)).exists()


def test_the_monitoring_page_of_a_year_not_set_up_shows_the_periods_it_would_have(
    world, client_for, year_without_periods
):
    page = client_for("auditor").get(reverse("monitoring:index", args=[world.org.slug]) + "?year=2570")
    assert page.status_code == 200
    assert len(page.context["rows"]) == 4  # the four quarters it would have, computed, not saved
    assert all(row["period"].pk is None for row in page.context["rows"])
    assert not ReportingPeriod.objects.filter(fiscal_year=2570).exists()


def test_a_period_of_a_year_not_set_up_is_not_found_until_the_year_is_set_up(world, client_for, year_without_periods):
    client = client_for("auditor")
    period = reverse("monitoring:period", args=[world.org.slug, 2570, 1])
    assert client.get(period).status_code == 404
    page = client.get(reverse("monitoring:index", args=[world.org.slug]) + "?year=2570").content.decode()
    assert 'id="not-set-up"' in page and period not in page  # no link to a page that does not exist yet
    response = client.post(reverse("monitoring:year_set_up", args=[world.org.slug, 2570]))
    assert response.status_code == 302
    assert ReportingPeriod.objects.filter(organization=world.org, fiscal_year=2570).count() == 4
    assert client.get(period).status_code == 200
    assert 'id="not-set-up"' not in client.get(response.url).content.decode()


def test_creating_or_carrying_forward_an_action_plan_sets_up_its_years_periods(world, client_for):
    client = client_for("planner")
    response = client.post(
        reverse("plans:carry_forward", args=[world.org.slug, 2569]),
        {"projects": [p.pk for p in world.plan.projects]},
    )
    assert response.status_code == 302
    assert ReportingPeriod.objects.filter(organization=world.org, fiscal_year=2570).count() == 4
    response = client.post(
        reverse("plans:action_plan_create", args=[world.org.slug]), {"fiscal_year": 2568, "status": "draft"}
    )
    assert response.status_code == 302, response.context["form"].errors
    assert ReportingPeriod.objects.filter(organization=world.org, fiscal_year=2568).count() == 4


def test_the_first_report_saved_sets_up_its_year(world, client_for, year_without_periods):
    from plans.models import ActionPlanItem

    project = world.plan.projects[0]
    ActionPlanItem.objects.create(
        organization=world.org,
        action_plan=ActionPlan.objects.get(organization=world.org, fiscal_year=2570),
        project=project,
        budget=1,
    )
    url = reverse("monitoring:report_save", args=[world.org.slug, 2570, 1, project.pk])
    client_for("reporter").post(url, {})
    assert ReportingPeriod.objects.filter(organization=world.org, fiscal_year=2570).count() == 4
