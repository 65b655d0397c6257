"""Who sees whom (privacy of the people's records), on top of ``orgs.access``.

- A person sees their own agreement and results; a supervisor those of their line (everyone under them
  as supervisor or second-level reviewer, down the line); HR and the executive the whole organization
  (capability ``people.view_all``); nobody in another organization anything (``org_view`` answers 404).
- Salaries: only HR and the executive (``people.salary``).
- Staff, positions, rounds and rules are kept by HR and the organization's administrator (``people.manage``).

``visible_people`` is the one selector of "people this access may see"; the pages answer 404 for anyone
else's record, so a colleague cannot tell whether it exists.
"""

from django.http import Http404

from people.models import Agreement, Person

MANAGE = "people.manage"
VIEW_ALL = "people.view_all"
SALARY = "people.salary"


def own_people_ids(access, user) -> set[int]:
    """The person records of ``user`` in the organization (at most one)."""
    if not user.is_authenticated:
        return set()
    return set(Person.objects.for_org(access.org).filter(user=user).values_list("pk", flat=True))


def line_ids(org, heads: set[int]) -> set[int]:
    """Everyone under ``heads`` (as supervisor or second-level reviewer), down the whole line, without the
    heads themselves unless they are under one of them. One query."""
    under: dict[int, set[int]] = {}
    for pk, supervisor, reviewer in Person.objects.for_org(org).values_list("pk", "supervisor_id", "reviewer_id"):
        for head in (supervisor, reviewer):
            if head is not None:
                under.setdefault(head, set()).add(pk)
    found: set[int] = set()
    todo = list(heads)
    while todo:
        for pk in under.get(todo.pop(), ()):
            if pk not in found:
                found.add(pk)
                todo.append(pk)
    return found


def visible_people(access, user):
    """The people this access may see: the whole organization with ``people.view_all``; otherwise the
    person themselves and their line."""
    people = Person.objects.for_org(access.org)
    if access.can(VIEW_ALL):
        return people
    mine = own_people_ids(access, user)
    return people.filter(pk__in=mine | line_ids(access.org, mine))


def supervises(access, user, person) -> bool:
    """Whether ``user`` is above ``person`` in the line (supervisor or second-level reviewer, at any depth)."""
    return person.pk in line_ids(access.org, own_people_ids(access, user)) - {None}


def is_self(user, person) -> bool:
    return user.is_authenticated and person.user_id == user.pk


def may_edit_agreement(access, user, agreement) -> bool:
    """The employee, anyone above them in the line and HR (or the administrator) change the agreement's
    KPIs and record check-ins; a read-only role never does."""
    if access.read_only:
        return False
    return access.can(MANAGE) or is_self(user, agreement.person) or supervises(access, user, agreement.person)


def sees_salary(access) -> bool:
    return access.can(SALARY)


def may_propose_raises(access) -> bool:
    """HR makes, changes and finalizes the raise proposal: it keeps the staff and sees the salaries."""
    return access.can(MANAGE) and access.can(SALARY) and not access.read_only


def person_or_404(request, pk) -> Person:
    person = visible_people(request.access, request.user).select_related("department", "position").filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def agreement_or_404(request, pk) -> Agreement:
    agreement = (
        Agreement.objects.for_org(request.org)
        .filter(pk=pk, person__in=visible_people(request.access, request.user))
        .select_related("person__department", "person__position", "round__rules")
        .first()
    )
    if agreement is None:
        raise Http404
    return agreement


def may_manage(access) -> bool:
    return access.can(MANAGE)


# The evaluation at the round's end ----------------------------------------------------------------------


def supervisor_without_account(person) -> bool:
    """The person has no supervisor, or one without an account: what they sign and rate is on paper."""
    return person.supervisor_id is None or person.supervisor.user_id is None


def may_evaluate(access, user, person) -> bool:
    """The supervisor (anyone above the person in the line) rates the person's result; where the supervisor
    has no account, HR (or the administrator) enters the rating from the signed paper form. Never the
    person."""
    if access.read_only or is_self(user, person):
        return False
    return supervises(access, user, person) or (supervisor_without_account(person) and access.can(MANAGE))


def may_sign(access, user, person, side: str) -> bool:
    """Who signs the agreement: as the employee, the person's own account; as the supervisor, anyone above
    them in the line (never the person). Where the one who signs has no account (the agreement was signed on
    paper), HR (or the administrator) records the signature."""
    if access.read_only:
        return False
    if side == "employee":
        return is_self(user, person) or (person.user_id is None and access.can(MANAGE))
    if is_self(user, person):
        return False
    return supervises(access, user, person) or (supervisor_without_account(person) and access.can(MANAGE))


def may_review(access, user, person) -> bool:
    """The second-level reviewer's account confirms or adjusts the result; where the person has no
    reviewer with an account, HR (or the administrator) does. Never the person themselves."""
    if access.read_only or is_self(user, person):
        return False
    reviewer = person.reviewer
    if reviewer is not None and reviewer.user_id is not None:
        return reviewer.user_id == user.pk
    return access.can(MANAGE)


def may_acknowledge(access, user, person) -> bool:
    """The person acknowledges their own result; HR records it for a person without an account."""
    if access.read_only:
        return False
    return is_self(user, person) or (person.user_id is None and access.can(MANAGE))


def sees_round_results(access) -> bool:
    """The committee's page of a round (everyone's result): HR, the administrator and the executive."""
    return access.can(VIEW_ALL)
