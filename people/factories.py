"""Small builders of staff, rounds and agreements for the tests (and the demo)."""

from datetime import date
from decimal import Decimal

from people.models import Agreement, AgreementKPI, Person, Position, Round, RuleSet
from people.rounds import default_round_dates


def rule_set(org, *, valid_from=date(2020, 10, 1), name="เกณฑ์ประเมิน", **values) -> RuleSet:
    return RuleSet.objects.create(organization=org, name=name, valid_from=valid_from, **values)


def make_round(org, fiscal_year=2569, number=1, *, rules=None) -> Round:
    starts, ends = default_round_dates(fiscal_year, number)
    rules = rules or RuleSet.objects.for_org(org).first() or rule_set(org)
    return Round.objects.create(
        organization=org, fiscal_year=fiscal_year, number=number, starts_on=starts, ends_on=ends, rules=rules
    )


def make_person(org, name, *, department=None, supervisor=None, user=None, salary=None, position=None) -> Person:
    return Person.objects.create(
        organization=org,
        name=name,
        department=department,
        supervisor=supervisor,
        reviewer=supervisor.supervisor if supervisor else None,
        user=user,
        salary=salary,
        position=position,
    )


def make_position(org, name="นักวิชาการ", line="วิชาการ", level="ชำนาญการ") -> Position:
    return Position.objects.create(organization=org, name=name, line=line, level=level)


def make_agreement(person, round_, kpis=()) -> Agreement:
    """An agreement with KPIs given as (name, weight, levels 1–5[, indicator])."""
    agreement = Agreement.objects.create(organization=person.organization, person=person, round=round_)
    for order, (name, weight, levels, *indicator) in enumerate(kpis):
        AgreementKPI.objects.create(
            organization=person.organization,
            agreement=agreement,
            name=name,
            weight=Decimal(weight),
            order=order,
            indicator=indicator[0] if indicator else None,
            **{f"level_{n}": Decimal(v) for n, v in enumerate(levels, start=1)},
        )
    return agreement
