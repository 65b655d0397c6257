"""Writes of the plan that span rows or models. Keyword-only arguments, one transaction each."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
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
    Strategy,
    Target,
)

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
def action_plan_carry_forward(*, source: ActionPlan) -> ActionPlan:
    """Start next year's action plan as a draft from this one; the old year is left untouched.

    Every project is scheduled again with the budget the development plan sets for the new year
    (or, without one, this year's budget), planned dates moved one year on, and each indicator's
    targets copied to the new year where it has none yet.
    """
    org = source.organization
    year = source.fiscal_year + 1
    if ActionPlan.objects.for_org(org).filter(fiscal_year=year).exists():
        raise ValidationError(_("An action plan for fiscal year %(year)s already exists.") % {"year": year})
    plan = DevelopmentPlan.objects.for_org(org).filter(first_year__lte=year, last_year__gte=year).first()
    if plan is None:
        raise ValidationError(
            _("No development plan covers fiscal year %(year)s. Create that plan first.") % {"year": year}
        )
    new = ActionPlan.objects.create(organization=org, plan=plan, fiscal_year=year, carried_from=source)
    items = list(source.items.select_related("project").prefetch_related("project__budgets"))
    for item in items:
        planned = {b.fiscal_year: b.amount for b in item.project.budgets.all()}
        ActionPlanItem.objects.create(
            organization=org,
            action_plan=new,
            project=item.project,
            budget=planned.get(year, item.budget),
            planned_start=_one_year_on(item.planned_start),
            planned_end=_one_year_on(item.planned_end),
        )
    project_ids = [item.project_id for item in items]
    indicators = Indicator.objects.for_org(org).filter(project_id__in=project_ids) | Indicator.objects.for_org(
        org
    ).filter(project__isnull=True)
    existing = set(Target.objects.for_org(org).filter(fiscal_year=year).values_list("indicator_id", "period"))
    copies = [
        Target(
            organization=org, indicator_id=t.indicator_id, fiscal_year=year, period=t.period, value=t.value, text=t.text
        )
        for t in Target.objects.for_org(org).filter(indicator__in=indicators, fiscal_year=source.fiscal_year)
        if (t.indicator_id, t.period) not in existing
    ]
    bulk_create_with_history(copies, Target)
    bulk_written.send(sender=Target, org_id=org.pk)
    year_set_up(org=org, fiscal_year=year)
    return new


def _one_year_on(day):
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)
