from decimal import Decimal

import pytest

from conftest import make_user
from orgs.models import Role
from people.factories import make_agreement, make_person, make_position, make_round, rule_set


@pytest.fixture
def staff(world):
    """ปลัด (no account) above หัวหน้ากองช่าง (the auditor's account) above ช่าง (the reporter's) and
    ช่างสอง (no account); นักวิเคราะห์ (the planner's account) is in no one's line; an HR officer; round 1
    of 2569 with ช่าง's draft agreement of one KPI linked to the plan."""
    org = world.org
    world.users["hr"] = make_user("hr", org, Role.HR)
    position = make_position(org, "นายช่างโยธา", "ช่างโยธา", "ชำนาญงาน")
    chief = make_person(org, "ปลัด", salary=Decimal("50000.00"))
    head = make_person(org, "หัวหน้ากองช่าง", department=world.works, supervisor=chief, user=world.users["auditor"])
    tech = make_person(
        org,
        "ช่าง",
        department=world.works,
        supervisor=head,
        user=world.users["reporter"],
        salary=Decimal("18760.00"),
        position=position,
    )
    tech2 = make_person(org, "ช่างสอง", department=world.works, supervisor=head)
    analyst = make_person(org, "นักวิเคราะห์", user=world.users["planner"], salary=Decimal("31230.00"))
    rule_set(org)
    round_ = make_round(org, 2569, 1)
    agreement = make_agreement(tech, round_, [("ถนน", 60, (100, 130, 160, 400, 700), world.plan.indicator)])
    return {
        "chief": chief,
        "head": head,
        "tech": tech,
        "tech2": tech2,
        "analyst": analyst,
        "round": round_,
        "agreement": agreement,
        "position": position,
    }
