from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError

from people.factories import make_agreement, make_person, make_round, rule_set
from people.models import Person, Round, RuleSet
from people.rounds import default_round_dates, rules_on


def test_round_1_runs_from_1_october_to_31_march_and_round_2_from_1_april_to_30_september():
    assert default_round_dates(2570, 1) == (date(2026, 10, 1), date(2027, 3, 31))
    assert default_round_dates(2570, 2) == (date(2027, 4, 1), date(2027, 9, 30))
    with pytest.raises(ValueError):
        default_round_dates(2570, 3)


def test_a_rule_set_has_the_default_weights_bands_and_scale(world):
    rules = rule_set(world.org)
    assert (rules.achievement_weight, rules.competency_weight) == (Decimal(70), Decimal(30))
    assert (rules.outstanding_from, rules.very_good_from, rules.good_from, rules.fair_from) == (90, 80, 70, 60)
    assert rules.scale == 5


def test_the_rules_in_force_on_a_day_are_the_latest_valid_from_then(world):
    old = rule_set(world.org, valid_from=date(2020, 10, 1), name="เดิม")
    new = rule_set(world.org, valid_from=date(2026, 1, 10), name="ใหม่")
    assert rules_on(world.org, date(2025, 12, 31)) == old
    assert rules_on(world.org, date(2026, 1, 10)) == new
    assert rules_on(world.org, date(2019, 1, 1)) is None
    assert rules_on(world.other_org, date(2026, 1, 10)) is None


def test_a_person_needs_no_login_and_one_login_is_one_person_per_organization(world):
    boss = make_person(world.org, "นายหัวหน้า", department=world.works, user=world.users["auditor"])
    staff = make_person(world.org, "นางลูกน้อง", department=world.works, supervisor=boss)
    assert staff.user is None and staff.supervisor == boss
    assert list(boss.subordinates.all()) == [staff]
    with pytest.raises(IntegrityError):
        make_person(world.org, "ซ้ำ", user=world.users["auditor"])


def test_a_salary_is_not_kept_in_the_history_that_pages_show(world):
    person = make_person(world.org, "นางเงินเดือน", salary=Decimal("25000.00"))
    person.salary = Decimal("26000.00")
    person.save()
    assert person.history.count() == 2
    assert not hasattr(person.history.first(), "salary")
    assert Person.objects.get(pk=person.pk).salary == Decimal("26000.00")


def test_one_agreement_per_person_and_round_and_one_round_per_number(world):
    round_ = make_round(world.org, 2570, 1)
    person = make_person(world.org, "นายหนึ่ง")
    agreement = make_agreement(person, round_, [("งานหนึ่ง", 60, (1, 2, 3, 4, 5)), ("งานสอง", 40, (5, 4, 3, 2, 1))])
    assert agreement.kpis.first().levels == [1, 2, 3, 4, 5]
    with pytest.raises(IntegrityError):
        make_agreement(person, round_)


def test_rounds_are_unique_per_year_and_number(world):
    make_round(world.org, 2570, 1)
    with pytest.raises(IntegrityError):
        Round.objects.create(
            organization=world.org,
            fiscal_year=2570,
            number=1,
            starts_on=date(2026, 10, 1),
            ends_on=date(2027, 3, 31),
            rules=RuleSet.objects.get(),
        )
