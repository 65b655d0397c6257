"""Writes of the plan that span rows or models. Keyword-only arguments, one transaction each."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.tenancy import bulk_written
from plans.models import (
    ActionPlan,
    ActionPlanItem,
    DevelopmentPlan,
    Goal,
    Indicator,
    Program,
    Project,
    ProjectBudget,
    Strategy,
    Target,
)
from plans.selectors import carry_forward_candidates

# What can be reordered, and the field that groups its siblings.
ORDERABLE = {
    "strategy": (Strategy, "plan_id"),
    "goal": (Goal, "strategy_id"),
    "program": (Program, "goal_id"),
    "project": (Project, "program_id"),
    "indicator": (Indicator, None),
}


@transaction.atomic
def move(*, obj, direction: str) -> bool:
    """Swap an item with its previous or next sibling. Returns False at either end.

    Siblings are renumbered 0..n-1 first, so equal or missing orders never make a move a no-op.
    """
    model, parent_field = ORDERABLE[obj._meta.model_name]
    siblings = model.objects.for_org(obj.organization)
    if parent_field:
        siblings = siblings.filter(**{parent_field: getattr(obj, parent_field)})
    elif isinstance(obj, Indicator):
        siblings = siblings.filter(strategy=obj.strategy, goal=obj.goal, project=obj.project)
    ordered = list(siblings.select_for_update())
    index = next(i for i, sibling in enumerate(ordered) if sibling.pk == obj.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, sibling in enumerate(ordered):
        if sibling.order != position:
            sibling.order = position
            sibling.save(update_fields=["order"])
    return True


def next_order(queryset) -> int:
    last = queryset.order_by("-order").values_list("order", flat=True).first()
    return 0 if last is None else last + 1


def year_set_up(*, org, fiscal_year: int) -> None:
    """Prepare a fiscal year that has an action plan: call each function named in
    ``settings.TIDTAM_YEAR_SET_UP`` as ``f(org, fiscal_year)`` (monitoring creates the year's reporting
    periods). Settings wire the apps above this one: plans never imports upward."""
    for name in settings.TIDTAM_YEAR_SET_UP:
        import_string(name)(org, fiscal_year)


@transaction.atomic
def action_plan_save(*, form) -> ActionPlan:
    """Save an action plan from its (valid) form and set up its fiscal year."""
    action_plan = form.save()
    year_set_up(org=action_plan.organization, fiscal_year=action_plan.fiscal_year)
    return action_plan


@transaction.atomic
def action_plan_carry_forward(*, source: ActionPlan, projects=None, access=None) -> ActionPlan:
    """Schedule the chosen projects of this year's action plan in next year's; the old year is left untouched.

    ``projects``: ids of projects of ``source`` (others are ignored); None: the default choice, the
    continued and unfinished ones (``selectors.carry_forward_candidates``). Next year's action plan is
    created as a draft of the development plan that covers that year when there is none yet.

    Within the same development plan a project is scheduled again as it is. When the next year belongs to
    another development plan, the project is copied into it first (``project_carry_into``), so that plan's
    page, its ผ.02 and the action plan show the same projects. Each is scheduled with the budget the
    development plan sets for the new year (or, without one, this year's budget), planned dates one year
    on, and each indicator's targets copied to the new year where it has none yet.

    Running it again adds only what is not scheduled yet: nothing is duplicated. A row of next year's action
    plan that schedules the old plan's own project (as carrying forward did before it copied) is pointed at
    the copy. Returns next year's action plan.
    """
    if access is not None and not access.can("plan.edit"):
        raise PermissionDenied
    org = source.organization
    carry = carry_forward_candidates(source)
    year = carry.fiscal_year
    if carry.plan is None:
        raise ValidationError(
            _("No development plan covers fiscal year %(year)s. Create that plan first.") % {"year": year}
        )
    chosen = set(carry.default_choice() if projects is None else projects)
    new = carry.next_action_plan
    if new is None:
        new = ActionPlan.objects.create(organization=org, plan=carry.plan, fiscal_year=year, carried_from=source)
    items_of = {i.project_id: i for i in new.items.all()}
    scheduled = set(items_of)
    taken = set(Project.objects.for_org(org).values_list("code", flat=True))
    planned = dict(
        ProjectBudget.objects.for_org(org)
        .filter(project__in=chosen, fiscal_year=year)
        .values_list("project_id", "amount")
    )
    added = []
    for candidate in carry.candidates:
        item = candidate.item
        if item.project_id not in chosen:
            continue
        budget = planned.get(item.project_id, item.budget)
        project = item.project
        if carry.into_new_plan:
            project = project_carry_into(project=project, plan=carry.plan, fiscal_year=year, budget=budget, taken=taken)
            stale = items_of.get(item.project_id)  # scheduled as the old plan's own project: point it at the copy
            if stale is not None and project.pk not in scheduled:
                stale.project = project
                stale.save(update_fields=["project"])
                scheduled.add(project.pk)
                added.append(project.pk)
                continue
        if project.pk in scheduled:
            continue
        ActionPlanItem.objects.create(
            organization=org,
            action_plan=new,
            project=project,
            budget=budget,
            planned_start=_one_year_on(item.planned_start),
            planned_end=_one_year_on(item.planned_end),
        )
        scheduled.add(project.pk)
        added.append(project.pk)
    if carry.into_new_plan:  # the copies' targets come with them; the organization's own KPIs carry on
        indicators = Indicator.objects.for_org(org).filter(
            project__isnull=True, strategy__isnull=True, goal__isnull=True
        )
    else:
        indicators = Indicator.objects.for_org(org).filter(Q(project_id__in=added) | Q(project__isnull=True))
    _copy_targets(org, indicators, source.fiscal_year, year)
    year_set_up(org=org, fiscal_year=year)
    new.added_count = len(added)
    return new


def project_carry_into(*, project: Project, plan: DevelopmentPlan, fiscal_year: int, budget, taken: set) -> Project:
    """The copy of ``project`` in another development plan, made the first time (``carried_from`` remembers
    the origin, so a second call finds it and copies nothing).

    It goes under the strategy, goal and program of the same names in ``plan`` (each made like the old one
    where ``plan`` has none), takes a new code (the old one followed by the plan's first year), the
    development plan's budget of ``fiscal_year`` and copies of the project's indicators with their targets
    of the year before moved to ``fiscal_year``.
    """
    org = project.organization
    existing = Project.objects.for_org(org).filter(carried_from=project, program__goal__strategy__plan=plan).first()
    if existing is not None:
        return existing
    program = _program_into(project.program, plan)
    copy = Project.objects.get(pk=project.pk)
    copy.pk = copy.id = None
    copy._state.adding = True
    copy.program, copy.revision, copy.carried_from = program, None, project
    copy.code = _carried_code(project.code, plan.first_year, taken)
    copy.planned_start, copy.planned_end = _one_year_on(project.planned_start), _one_year_on(project.planned_end)
    copy.order = next_order(Project.objects.for_org(org).filter(program=program))
    copy.save()
    ProjectBudget.objects.create(organization=org, project=copy, fiscal_year=fiscal_year, amount=budget)
    for indicator in Indicator.objects.for_org(org).filter(project=project):
        old_pk = indicator.pk
        indicator.pk = indicator.id = None
        indicator._state.adding = True
        indicator.project, indicator.code = copy, ""
        indicator.save()
        _copy_targets(org, Indicator.objects.filter(pk=old_pk), fiscal_year - 1, fiscal_year, into=indicator)
    return copy


def _program_into(program: Program, plan: DevelopmentPlan) -> Program:
    """The program of the same name under the goal and strategy of the same names in ``plan`` (made where
    missing, numbered as before unless the number is taken)."""
    org, goal = program.organization, program.goal
    strategy = goal.strategy
    new_strategy = Strategy.objects.for_org(org).filter(plan=plan, name=strategy.name).first()
    if new_strategy is None:
        numbers = set(Strategy.objects.for_org(org).filter(plan=plan).values_list("number", flat=True))
        number = strategy.number if strategy.number not in numbers else max(numbers) + 1
        new_strategy = Strategy.objects.create(
            organization=org,
            plan=plan,
            number=number,
            name=strategy.name,
            objective=strategy.objective,
            order=strategy.order,
        )
    new_goal = Goal.objects.for_org(org).filter(strategy=new_strategy, name=goal.name).first()
    if new_goal is None:
        new_goal = Goal.objects.create(
            organization=org, strategy=new_strategy, number=goal.number, name=goal.name, order=goal.order
        )
    new_program = Program.objects.for_org(org).filter(goal=new_goal, name=program.name).first()
    if new_program is None:
        new_program = Program.objects.create(organization=org, goal=new_goal, name=program.name, order=program.order)
    return new_program


def _carried_code(code: str, first_year: int, taken: set) -> str:
    """``code-<first year>`` (e.g. 01-003-2571), or with a number after it when taken; added to ``taken``."""
    base = f"{code[:33]}-{first_year}"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def _copy_targets(org, indicators, from_year: int, to_year: int, *, into=None) -> None:
    """Copy the targets of ``from_year`` to ``to_year`` where the indicator has none for that period
    (onto ``into`` instead of each indicator itself when given)."""
    existing = set(Target.objects.for_org(org).filter(fiscal_year=to_year).values_list("indicator_id", "period"))
    copies = []
    for t in Target.objects.for_org(org).filter(indicator__in=indicators, fiscal_year=from_year):
        indicator_id = into.pk if into is not None else t.indicator_id
        if (indicator_id, t.period) not in existing:
            copies.append(
                Target(
                    organization=org,
                    indicator_id=indicator_id,
                    fiscal_year=to_year,
                    period=t.period,
                    value=t.value,
                    text=t.text,
                )
            )
    bulk_create_with_history(copies, Target)
    bulk_written.send(sender=Target, org_id=org.pk)


def _one_year_on(day):
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)
