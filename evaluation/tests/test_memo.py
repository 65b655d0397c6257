"""evaluation.memo: the year's figures are remembered while the data is unchanged, recomputed after any
change (a save, a deletion, rows inserted in bulk), and never remembered inside a transaction."""

from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from conftest import make_report
from evaluation import memo
from monitoring.periods import ensure_periods
from plans.models import ActionPlanItem, Project

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _empty_cache():
    memo.clear()
    yield
    memo.clear()


def test_the_same_figures_come_back_for_one_query_while_nothing_changed(world):
    memo.year_figures(world.org, 2569)  # the first reading creates the monitoring settings: not kept
    first = memo.year_figures(world.org, 2569)
    with CaptureQueriesContext(connection) as captured:
        again = memo.year_figures(world.org, 2569)
    assert again is first and len(captured) == 1
    assert memo.year_figures(world.org, 2569, upto=2) is not first  # other arguments, other figures


def test_an_approved_report_or_a_deleted_project_makes_them_stale(world):
    before = memo.year_figures(world.org, 2569)
    assert before.organization.disbursed == 0
    period = ensure_periods(world.org, 2569)[0]
    project = world.plan.projects[0]
    make_report(project, period, "in_progress", disbursed=Decimal("5000.00"))
    after = memo.year_figures(world.org, 2569)
    assert after is not before and after.organization.disbursed == Decimal("5000.00")
    ActionPlanItem.objects.filter(project=world.plan.projects[1]).delete()
    assert memo.year_figures(world.org, 2569).organization.planned == after.organization.planned - 1


def test_rows_inserted_without_history_make_them_stale_too(world):
    before = memo.year_figures(world.org, 2569)
    program = world.plan.program
    [project] = Project.objects.bulk_create(
        [Project(organization=world.org, program=program, code="bulk-1", name="นำเข้า", department=world.works)]
    )
    ActionPlanItem.objects.bulk_create(
        [ActionPlanItem(organization=world.org, action_plan=world.plan.action_plan, project=project, budget=1)]
    )
    assert memo.year_figures(world.org, 2569).organization.planned == before.organization.planned + 1


def test_people_with_different_access_get_their_own_figures(world):
    from orgs.access import access_for

    everyone = memo.year_figures(world.org, 2569, access=access_for(world.users["planner"], world.org.slug))
    reporter = memo.year_figures(world.org, 2569, access=access_for(world.users["reporter"], world.org.slug))
    assert reporter.organization.planned < everyone.organization.planned


def test_inside_a_transaction_nothing_is_remembered(world):
    with transaction.atomic():
        first = memo.year_figures(world.org, 2569)
        assert memo.year_figures(world.org, 2569) is not first
    assert memo.year_figures(world.org, 2569) is not first


def test_a_change_in_another_organization_leaves_them_current(world):
    memo.year_figures(world.org, 2569)
    first = memo.year_figures(world.org, 2569)
    other = Project.objects.for_org(world.other_org).first()
    other.name = "โครงการของอีกองค์กร"
    other.save()
    assert memo.year_figures(world.org, 2569) is first
    assert memo.data_version(world.other_org) != memo.data_version(world.org)


def test_versions_of_many_organizations_come_in_one_query(world):
    with CaptureQueriesContext(connection) as captured:
        found = memo.versions([world.org.pk, world.other_org.pk])
    assert len(captured) == 1 and set(found) == {world.org.pk, world.other_org.pk}
    assert found[world.org.pk] == memo.data_version(world.org)
