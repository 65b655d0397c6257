from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from plans.models import ActionPlan, Project, Target
from plans.services import action_plan_carry_forward, move


def test_carrying_forward_creates_a_draft_for_the_next_year_with_projects_budgets_and_targets(world):
    source = world.plan.action_plan
    old_items = list(source.items.values_list("project_id", "budget"))
    old_targets = Target.objects.filter(fiscal_year=2569, organization=world.org).count()

    new = action_plan_carry_forward(source=source)

    assert (new.fiscal_year, new.status, new.carried_from) == (2570, ActionPlan.Status.DRAFT, source)
    assert sorted(new.items.values_list("project_id", flat=True)) == sorted(p for p, _ in old_items)
    # the development plan's 2570 budget is used where it exists
    assert set(new.items.values_list("budget", flat=True)) == {Decimal("100000.00")}
    assert Target.objects.filter(fiscal_year=2570, organization=world.org).count() == old_targets
    # nothing of the old year changed
    assert list(source.items.values_list("project_id", "budget")) == old_items
    assert Target.objects.filter(fiscal_year=2569, organization=world.org).count() == old_targets
    # and the copies are in history
    assert Target.history.filter(fiscal_year=2570, history_type="+").count() == old_targets


def test_carrying_forward_twice_duplicates_nothing(world):
    new = action_plan_carry_forward(source=world.plan.action_plan)
    items, targets = new.items.count(), Target.objects.filter(fiscal_year=2570).count()
    again = action_plan_carry_forward(source=world.plan.action_plan)
    assert again == new and again.added_count == 0
    assert (new.items.count(), Target.objects.filter(fiscal_year=2570).count()) == (items, targets)


def test_carrying_forward_past_the_development_plan_needs_a_new_plan(world):
    source = world.plan.action_plan
    source.fiscal_year = 2570
    source.save()
    with pytest.raises(ValidationError, match="2571"):
        action_plan_carry_forward(source=source)


def test_carrying_forward_does_not_touch_another_organization(world):
    other_targets = Target.objects.filter(organization=world.other_org).count()
    action_plan_carry_forward(source=world.plan.action_plan)
    assert Target.objects.filter(organization=world.other_org).count() == other_targets
    assert not ActionPlan.objects.filter(organization=world.other_org, fiscal_year=2570).exists()


def test_moving_a_project_swaps_it_with_its_neighbour(world):
    first, second = world.plan.projects
    assert move(obj=first, direction="down")
    assert list(Project.objects.filter(program=world.plan.program).values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
    assert not move(obj=Project.objects.get(pk=first.pk), direction="down")  # already last
