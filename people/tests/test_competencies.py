"""Competencies: the scoring rule of a competency's gap, the organization's list with its default core set,
the expected levels of a position, and their copy into an agreement when it opens."""

from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from people import scoring
from people.models import AgreementCompetency, Competency, PositionCompetency
from people.services import DEFAULT_CORE_COMPETENCIES

shown_levels = st.one_of(st.none(), st.integers(min_value=0, max_value=5))
expected_levels = st.integers(min_value=1, max_value=5)


def url(world, name, *args):
    return reverse(f"people:{name}", args=[world.org.slug, *args])


def test_a_competency_scores_3_points_at_its_expected_level_and_one_less_per_level_short():
    assert [scoring.competency_points(shown, 3) for shown in (5, 3, 2, 1, 0, None)] == [3, 3, 2, 1, 0, 0]
    assert scoring.competency_score([(3, 3), (4, 3)]) == Decimal(100)
    assert scoring.competency_score([(3, 3), (2, 3)]) == Decimal(500) / Decimal(6)  # 5 of 6 points
    assert scoring.competency_score([]) is None
    assert (scoring.competency_gap(2, 4), scoring.competency_gap(5, 4), scoring.competency_gap(None, 3)) == (2, 0, 3)


@given(st.lists(st.tuples(shown_levels, expected_levels), min_size=1, max_size=8), st.data())
def test_the_competency_score_stays_within_0_and_100_and_never_falls_when_a_level_rises(items, data):
    score = scoring.competency_score(items)
    assert Decimal(0) <= score <= Decimal(100)
    i = data.draw(st.integers(min_value=0, max_value=len(items) - 1))
    shown, expected = items[i]
    raised = list(items)
    raised[i] = (data.draw(st.integers(min_value=shown or 0, max_value=5)), expected)
    assert scoring.competency_score(raised) >= score


@pytest.fixture
def competencies(world, staff):
    """The default core set, a functional competency, and the expected levels of ช่าง's position."""
    from orgs.access import access_for
    from people import services

    services.competencies_add_defaults(org=world.org, access=access_for(world.users["hr"], world.org.slug))
    functional = Competency.objects.create(organization=world.org, kind="functional", name="การตรวจงานก่อสร้าง")
    position = staff["position"]
    for order, competency in enumerate(Competency.objects.filter(organization=world.org)):
        PositionCompetency.objects.create(
            organization=world.org, position=position, competency=competency, expected_level=2 + order % 2
        )
    return {"functional": functional}


def test_hr_adds_the_five_core_competencies_in_one_click_once(world, staff, client_for):
    hr = client_for("hr")
    assert hr.post(url(world, "competency_defaults")).status_code == 302
    assert hr.post(url(world, "competency_defaults")).status_code == 302
    names = list(Competency.objects.filter(organization=world.org).values_list("name", flat=True))
    assert sorted(names) == sorted(DEFAULT_CORE_COMPETENCIES)
    assert set(Competency.objects.values_list("kind", flat=True)) == {"core"}
    page = hr.get(url(world, "competency_list")).content.decode()
    assert "การทำงานเป็นทีม" in page and "สมรรถนะหลัก" in page
    assert client_for("reporter").post(url(world, "competency_defaults")).status_code == 403
    assert client_for("executive").post(url(world, "competency_defaults")).status_code == 403
    assert Competency.objects.count() == 5


def test_hr_edits_a_competencys_wording_and_a_stale_form_is_refused(world, staff, competencies, client_for):
    hr = client_for("hr")
    team = Competency.objects.get(name="การทำงานเป็นทีม")
    form = hr.get(url(world, "competency_edit", team.pk)).context["form"]
    version = form["version"].value()
    data = {"kind": "core", "name": "การทำงานเป็นทีมและการประสานงาน", "order": "5", "active": "on"}
    assert hr.post(url(world, "competency_edit", team.pk), {**data, "version": version}).status_code == 302
    stale = hr.post(url(world, "competency_edit", team.pk), {**data, "name": "ทีม", "version": version})
    assert stale.status_code == 200 and stale.context["stale"] is not None
    team.refresh_from_db()
    assert team.name == "การทำงานเป็นทีมและการประสานงาน"
    duplicate = hr.post(url(world, "competency_list"), {"kind": "core", "name": "การบริการที่ดี", "order": "1"})
    assert duplicate.status_code == 200
    assert client_for("auditor").get(url(world, "competency_edit", team.pk)).status_code == 403


def test_hr_sets_the_expected_levels_of_a_position(world, staff, competencies, client_for):
    hr = client_for("hr")
    position = staff["position"]
    page = hr.get(url(world, "position_competencies", position.pk))
    assert page.status_code == 200
    fields = page.context["form"].fields
    functional = competencies["functional"]
    data = {name: "" for name in fields if name != "version"}
    data |= {f"c{functional.pk}": "4", "version": page.context["form"]["version"].value()}
    assert hr.post(url(world, "position_competencies", position.pk), data).status_code == 302
    assert list(PositionCompetency.objects.filter(position=position).values_list("competency", "expected_level")) == [
        (functional.pk, 4)
    ]
    stale = hr.post(url(world, "position_competencies", position.pk), {**data, f"c{functional.pk}": "3"})
    assert stale.status_code == 200 and stale.context["stale"] is not None
    assert PositionCompetency.objects.get(position=position).expected_level == 4
    assert client_for("reporter").get(url(world, "position_competencies", position.pk)).status_code == 403


def test_an_agreement_keeps_the_competencies_of_the_position_it_opened_with(world, staff, competencies, client_for):
    from people.factories import make_round

    tech = staff["tech"]
    round_2 = make_round(world.org, 2569, 2)
    response = client_for("reporter").post(url(world, "agreement_open", round_2.pk, tech.pk))
    assert response.status_code == 302
    agreement = tech.agreements.get(round=round_2)
    copied = {(c.name, c.kind, c.expected_level) for c in agreement.competencies.all()}
    assert len(copied) == 6 and ("การตรวจงานก่อสร้าง", "functional", 3) in copied
    PositionCompetency.objects.filter(position=staff["position"]).update(expected_level=5)
    Competency.objects.filter(name="การบริการที่ดี").update(name="การบริการเป็นเลิศ")
    assert {(c.name, c.kind, c.expected_level) for c in agreement.competencies.all()} == copied
    page = client_for("reporter").get(url(world, "agreement_detail", agreement.pk)).content.decode()
    assert "การบริการที่ดี" in page and "ระดับที่คาดหวัง" in page


def test_the_draft_agreement_opened_before_the_levels_were_set_takes_them_once(world, staff, competencies, client_for):
    agreement = staff["agreement"]
    assert not agreement.competencies.exists()
    client = client_for("reporter")
    assert "นำสมรรถนะของตำแหน่งมาใช้" in client.get(url(world, "agreement_detail", agreement.pk)).content.decode()
    client.post(url(world, "agreement_open", staff["round"].pk, staff["tech"].pk))
    client.post(url(world, "agreement_open", staff["round"].pk, staff["tech"].pk))
    assert agreement.competencies.count() == 6


def test_opening_every_agreement_of_a_round_copies_each_persons_competencies(world, staff, competencies, client_for):
    staff["tech2"].position = staff["position"]
    staff["tech2"].save()
    client_for("hr").post(url(world, "round_open_all", staff["round"].pk))
    rows = AgreementCompetency.objects.filter(agreement__round=staff["round"])
    assert set(rows.values_list("agreement__person__name", flat=True)) == {"ช่างสอง"}
    assert rows.count() == 6


def test_a_kpi_copied_to_a_department_starts_the_missing_agreements_with_their_competencies(
    world, staff, competencies, client_for
):
    staff["tech2"].position = staff["position"]
    staff["tech2"].save()
    data = {"department": world.works.pk, "indicator": world.plan.indicator.pk, "weight": "20", "direction": "higher"}
    data |= {f"level_{n}": str(n * 100) for n in range(1, 6)}
    assert client_for("hr").post(url(world, "cascade", staff["round"].pk), data).status_code == 302
    rows = AgreementCompetency.objects.filter(agreement__round=staff["round"])
    assert set(rows.values_list("agreement__person__name", flat=True)) == {"ช่างสอง"}  # the head has no position
    assert rows.count() == 6


def test_the_points_of_a_competency_come_from_the_rule_set():
    strict = scoring.parse_competency_points("4, 2, 0")  # a committee that scores a gap harder
    assert [scoring.competency_points(shown, 3, strict) for shown in (4, 3, 2, 1, 0)] == [4, 4, 2, 0, 0]
    assert scoring.competency_score([(3, 3), (2, 3)], strict) == Decimal(75)  # 6 of 8 points
    assert scoring.competency_score([(3, 3), (2, 3)]) == Decimal(500) / Decimal(6)  # the default 3,2,1,0
    for bad in ("", "3", "0,0", "1,2", "3,-1", "a,b"):
        with pytest.raises(ValueError):
            scoring.parse_competency_points(bad)
