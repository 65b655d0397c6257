"""The one scoping rule of ``orgs.access.Access``: who sees which department's work."""

from types import SimpleNamespace

from orgs.access import Access
from orgs.models import Role

ORG = SimpleNamespace(pk=1)


def reporter(*departments):
    return Access(org=ORG, roles=frozenset({Role.REPORTER}), department_ids=frozenset(departments))


def test_a_pure_reporter_sees_only_their_departments_and_the_others_see_all():
    assert reporter(3).sees_department(3) and not reporter(3).sees_department(4)
    assert reporter(3).sees_project(SimpleNamespace(department_id=3))
    assert not reporter(3).sees_project(SimpleNamespace(department_id=4))
    planner = Access(org=ORG, roles=frozenset({Role.PLANNER}))
    assert planner.sees_department(4) and planner.sees_project(SimpleNamespace(department_id=None))


def test_people_with_the_same_scope_share_one_cache_key_and_different_scopes_do_not():
    planner = Access(org=ORG, roles=frozenset({Role.PLANNER}), department_ids=frozenset({3}))
    auditor = Access(org=ORG, roles=frozenset({Role.AUDITOR}))
    assert planner.scope_key == auditor.scope_key == ("all",)
    assert reporter(3, 5).scope_key == reporter(5, 3).scope_key == ("departments", 3, 5)
    assert reporter(3).scope_key != reporter(5).scope_key != planner.scope_key
