"""evaluation.memo: the year's figures are remembered while the data is unchanged, recomputed after any
change (a save, a deletion, rows inserted in bulk), never remembered inside a transaction, and shared with
the other processes through the database when they were slow to compute."""

from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from conftest import make_report
from evaluation import memo
from evaluation.models import SharedFigures
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


@pytest.fixture
def share_all(settings):
    """Every computing counts as slow, so every year's figures are shared; what the world's creation left in
    memory (its refresh) is forgotten."""
    settings.TIDTAM_FIGURES_SHARE_MS = 0
    memo.clear()


def _another_process(monkeypatch):
    """What a second worker sees: nothing in its own memory, and no way to compute the figures itself."""
    memo.clear()

    def refuse(*args, **kwargs):
        raise AssertionError("computed, not read from the shared figures")

    monkeypatch.setattr(memo.rollup, "year_figures", refuse)


def test_slow_figures_are_shared_with_another_process_which_reads_them_in_two_queries(world, share_all, monkeypatch):
    first = memo.year_figures(world.org, 2569, upto=4)
    [row] = SharedFigures.objects.filter(organization=world.org)
    assert row.version == memo.version_key(memo.data_version(world.org))
    _another_process(monkeypatch)
    with CaptureQueriesContext(connection) as captured:
        read = memo.year_figures(world.org, 2569, upto=4)
    assert len(captured) == 2  # the data version, the shared row
    assert read is not first and read.organization.planned == first.organization.planned
    assert [p.project.name for p in read.projects] == [p.project.name for p in first.projects]
    assert memo.year_figures(world.org, 2569, upto=4) is read  # kept in this process's memory from then on


def test_an_argument_given_its_default_and_an_access_that_sees_everything_are_the_same_figures(world, share_all):
    from orgs.access import access_for

    memo.year_figures(world.org, 2569)
    plain = memo.year_figures(world.org, 2569)
    executive = access_for(world.users["executive"], world.org.slug)
    same = memo.year_figures(world.org, 2569, access=executive, upto=None, department_id=None, perspective=None)
    assert same is plain and SharedFigures.objects.filter(organization=world.org).count() == 1


def test_shared_figures_of_an_older_version_are_never_read_and_are_dropped(world, share_all):
    memo.year_figures(world.org, 2569)
    assert memo.year_figures(world.org, 2569).organization.disbursed == 0
    make_report(world.plan.projects[0], ensure_periods(world.org, 2569)[0], "approved", disbursed=Decimal("5000.00"))
    memo.clear()
    assert memo.year_figures(world.org, 2569).organization.disbursed == Decimal("5000.00")
    current = memo.version_key(memo.data_version(world.org))
    assert set(SharedFigures.objects.filter(organization=world.org).values_list("version", flat=True)) == {current}


def test_quick_figures_stay_in_the_process_and_another_organization_never_reads_ours(world, settings):
    memo.clear()
    memo.year_figures(world.org, 2569)
    memo.year_figures(world.org, 2569)  # a few projects: far below TIDTAM_FIGURES_SHARE_MS
    assert not SharedFigures.objects.exists()
    settings.TIDTAM_FIGURES_SHARE_MS = 0
    memo.clear()
    ours = memo.year_figures(world.org, 2569)
    theirs = memo.year_figures(world.other_org, 2569)
    assert {p.project.organization_id for p in theirs.projects} == {world.other_org.pk}
    assert ours.organization.planned != theirs.organization.planned or ours.projects != theirs.projects


def test_a_damaged_row_or_another_release_computes_the_figures_afresh(world, share_all, monkeypatch):
    memo.year_figures(world.org, 2569)
    expected = memo.year_figures(world.org, 2569).organization.planned
    SharedFigures.objects.filter(organization=world.org).update(data=b"not figures")
    memo.clear()
    assert memo.year_figures(world.org, 2569).organization.planned == expected  # and stored again, readable
    monkeypatch.setattr(memo, "FORMAT", "the next release")
    memo.clear()
    with CaptureQueriesContext(connection) as captured:
        assert memo.year_figures(world.org, 2569).organization.planned == expected
    assert len(captured) > 2  # computed: the rows of the release before are not read


def test_figures_hold_no_reference_cycle_so_replaced_ones_are_freed_without_a_full_collection(world):
    import gc

    from evaluation import rollup

    enabled = gc.isenabled()
    gc.disable()
    try:
        figures = rollup.year_figures(world.org, 2569, quarters=True)
        assert figures.projects and figures.strategies[0].by_quarter
        gc.collect()  # what computing them left behind
        del figures
        assert gc.collect() == 0  # nothing of the figures waited for the collector
    finally:
        if enabled:
            gc.enable()
