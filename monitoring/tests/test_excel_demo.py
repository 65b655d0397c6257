"""Every Excel shape on the demo's data: export, then import, changes nothing (round trip).

The demo is seeded once for this module inside a transaction rolled back afterwards (as demo's tests do).
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from demo.monitoring import NOW
from monitoring.excel import export_results, import_results
from monitoring.models import IndicatorResult, ProgressReport, ReportEvent, ReportingPeriod
from orgs.access import access_for
from orgs.models import Department, Organization, User
from plans.excel import export_plan, import_plan
from plans.excel.kpis import export_kpis, import_kpis
from plans.models import DevelopmentPlan, Goal, Indicator, Program, Project, ProjectBudget, Strategy, Target

MODELS = (Strategy, Goal, Program, Project, ProjectBudget, Indicator, Target, ProgressReport, IndicatorResult)
TODAY = NOW.date()


def counts():
    rows = {m.__name__: (m.objects.count(), m.history.count()) for m in MODELS}
    rows["events"] = ReportEvent.objects.count()
    return rows


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def org(demo, db):
    return Organization.objects.get(slug="banphaen")


def test_the_plan_and_its_indicators_round_trip(org):
    plan = DevelopmentPlan.objects.for_org(org).get(first_year=2566)
    before = counts()
    result = import_plan(plan, export_plan(plan))
    assert result.ok, result.errors[:5]
    assert not result.changed and counts() == before
    assert dict(result.counts["projects"]) == {"unchanged": Project.objects.for_org(org).count()}
    result = import_kpis(plan, export_kpis(plan, plan.fiscal_years))
    assert result.ok, result.errors[:5]
    assert not result.changed and counts() == before
    assert result.counts["indicators"]["unchanged"] == Indicator.objects.for_org(org).count()


@pytest.mark.parametrize(("year", "number"), [(2569, 4), (2570, 1)])
def test_every_departments_results_round_trip(org, year, number):
    admin = User.objects.get(username="admin")
    access = access_for(admin, org.slug)
    period = ReportingPeriod.objects.for_org(org).get(fiscal_year=year, number=number, kind="quarter")
    before = counts()
    reported = 0
    for department in Department.objects.for_org(org):
        data = export_results(period, department, access=access, today=TODAY)
        result = import_results(period, department, data, access=access, user=admin, today=TODAY)
        assert result.ok, (department, result.errors[:5])
        assert not result.changed
        reported += result.counts.get("results", {}).get("unchanged", 0)
    assert counts() == before
    assert reported == IndicatorResult.objects.for_org(org).filter(period=period, report__isnull=False).count() > 0
