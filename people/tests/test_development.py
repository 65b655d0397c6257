"""The individual development plan: the competency gaps of the evaluation and the actions to close them."""

import pytest
from django.urls import reverse

from people.models import AgreementCompetency, DevelopmentAction
from people.services import development_gaps


def url(world, name, *args):
    return reverse(f"people:{name}", args=[world.org.slug, *args])


@pytest.fixture
def rated(world, staff):
    """ช่าง's agreement with three competencies rated: one short by 2, one short by 1, one reached."""
    agreement = staff["agreement"]
    for order, (name, expected, shown) in enumerate((("ก", 3, 3), ("ข", 3, 2), ("ค", 4, 2))):
        AgreementCompetency.objects.create(
            organization=world.org,
            agreement=agreement,
            kind="core",
            name=name,
            expected_level=expected,
            rated_level=shown,
            order=order,
        )
    AgreementCompetency.objects.create(
        organization=world.org, agreement=agreement, kind="functional", name="ง", expected_level=3
    )
    return agreement


def test_the_gaps_are_the_rated_competencies_below_their_expected_level_largest_first(rated):
    assert [(c.name, gap) for c, gap in development_gaps(rated)] == [("ค", 2), ("ข", 1)]


def test_the_employee_plans_an_action_for_a_gap_and_the_supervisor_updates_it(world, staff, rated, client_for):
    gap = rated.competencies.get(name="ค")
    page = client_for("reporter").get(url(world, "development", rated.pk))
    assert page.status_code == 200 and "ค" in page.content.decode()
    data = {"competency": gap.pk, "action": "อบรมการวางแผนงาน", "method": "training", "status": "planned"}
    bad = data | {"starts_on": "1/2/2569", "ends_on": "1/1/2569"}
    assert client_for("reporter").post(url(world, "development", rated.pk), bad).status_code == 200
    data |= {"starts_on": "1/1/2569", "ends_on": "31/1/2569"}
    assert client_for("reporter").post(url(world, "development", rated.pk), data).status_code == 302
    action = DevelopmentAction.objects.get()
    assert (action.competency, action.starts_on.isoformat()) == (gap, "2026-01-01")
    edit = url(world, "development_edit", action.pk)
    version = client_for("auditor").get(edit).context["form"]["version"].value()
    done = data | {"status": "done", "outcome": "ผ่านการอบรม", "version": version}
    assert client_for("auditor").post(edit, done).status_code == 302
    stale = client_for("reporter").post(edit, data | {"status": "cancelled", "version": version})
    assert stale.status_code == 200 and stale.context["stale"] is not None
    action.refresh_from_db()
    assert (action.status, action.outcome) == ("done", "ผ่านการอบรม")
    assert action.history.count() == 2


def test_a_colleague_gets_404_and_a_reader_only_reads(world, staff, rated, client_for):
    action = DevelopmentAction.objects.create(organization=world.org, agreement=rated, action="สอนงาน")
    for name, pk in (("development", rated.pk), ("development_edit", action.pk)):
        assert client_for("planner").get(url(world, name, pk)).status_code == 404, name
    page = client_for("executive").get(url(world, "development", rated.pk))
    assert page.status_code == 200 and page.context["form"] is None
    assert client_for("executive").get(url(world, "development_edit", action.pk)).status_code == 403
    assert client_for("executive").post(url(world, "development", rated.pk), {"action": "x"}).status_code == 403
    assert DevelopmentAction.objects.count() == 1
