"""Dates in the history of changes read in the Buddhist Era, like everywhere else."""

from datetime import date

from django.utils import translation

from core.history import history_of


def test_a_changed_date_is_shown_in_the_buddhist_era(world):
    plan = world.plan.plan
    plan.approved_on = date(2026, 11, 25)
    plan.save()
    with translation.override("th"):  # whatever language an earlier test's request left active
        changes = [c for entry in history_of(plan) for c in entry.changes if c.new is not None]
    assert "25 พ.ย. 2569" in [c.new for c in changes]
