"""Privacy of the people's records: oneself, one's line, HR and the executive; never another organization."""

from conftest import make_user
from orgs.access import access_for
from orgs.models import Role
from people import access as people_access
from people.factories import make_agreement, make_round

PEOPLE = {"ปลัด", "หัวหน้ากองช่าง", "ช่าง", "ช่างสอง", "นักวิเคราะห์"}


def seen(world, persona):
    access = access_for(world.users[persona], world.org.slug)
    return {p.name for p in people_access.visible_people(access, world.users[persona])}


def test_each_persona_sees_themselves_and_their_line_and_hr_and_the_executive_everyone(world, staff):
    everyone = PEOPLE
    assert seen(world, "reporter") == {"ช่าง"}
    assert seen(world, "planner") == {"นักวิเคราะห์"}
    assert seen(world, "auditor") == {"หัวหน้ากองช่าง", "ช่าง", "ช่างสอง"}
    assert seen(world, "hr") == everyone
    assert seen(world, "executive") == everyone
    assert seen(world, "admin") == everyone
    assert seen(world, "overseer") == set()


def test_the_second_level_reviewer_sees_the_line_below_the_supervisor(world, staff):
    boss = make_user("boss", world.org, Role.PLANNER)
    staff["chief"].user = boss
    staff["chief"].save()
    world.users["boss"] = boss
    assert staff["tech"].reviewer == staff["chief"]
    assert seen(world, "boss") == PEOPLE - {"นักวิเคราะห์"}


def test_salaries_are_seen_only_by_hr_and_the_executive(world, staff):
    who = ("reporter", "planner", "auditor", "admin", "hr", "executive", "overseer")
    allowed = {p for p in who if people_access.sees_salary(access_for(world.users[p], world.org.slug))}
    assert allowed == {"hr", "executive"}


def test_the_employee_their_line_and_hr_edit_an_agreement_and_no_one_else(world, staff):
    agreement = make_agreement(staff["tech"], make_round(world.org, 2570, 1))
    may = {
        persona
        for persona in ("reporter", "planner", "auditor", "admin", "hr", "executive", "overseer")
        if people_access.may_edit_agreement(
            access_for(world.users[persona], world.org.slug), world.users[persona], agreement
        )
    }
    assert may == {"reporter", "auditor", "admin", "hr"}


def test_the_executive_stays_read_only_and_hr_is_not(world, staff):
    assert access_for(world.users["executive"], world.org.slug).read_only
    assert not access_for(world.users["hr"], world.org.slug).read_only


def test_the_supervisor_rates_the_reviewer_reviews_and_the_employee_acknowledges(world, staff):
    """ช่าง's supervisor is หัวหน้ากองช่าง (the auditor); the reviewer ปลัด has no account, so HR and the
    administrator review; ช่าง (the reporter) acknowledges; the executive only reads."""
    personas = ("reporter", "planner", "auditor", "admin", "hr", "executive", "overseer")

    def who(rule):
        tech = staff["tech"]
        return {p for p in personas if rule(access_for(world.users[p], world.org.slug), world.users[p], tech)}

    assert who(people_access.may_evaluate) == {"auditor"}
    assert who(people_access.may_review) == {"admin", "hr"}
    assert who(people_access.may_acknowledge) == {"reporter"}
    boss = make_user("boss", world.org, Role.PLANNER)
    staff["chief"].user = boss
    staff["chief"].save()
    world.users["boss"] = boss
    personas += ("boss",)
    assert who(people_access.may_review) == {"boss"}
    assert who(people_access.may_evaluate) == {"auditor", "boss"}
    staff["tech"].user = None
    assert who(people_access.may_acknowledge) == {"admin", "hr"}  # recorded for a person without an account
