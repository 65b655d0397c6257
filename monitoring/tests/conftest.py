from datetime import date

import pytest

from monitoring.periods import ensure_periods
from plans.services import action_plan_carry_forward

TODAY = date(2026, 11, 20)  # inside Q1 of FY2570 (1 Oct – 31 Dec 2026)


@pytest.fixture
def today(monkeypatch):
    """Pages and rules see the same fixed day, whatever the real date is."""
    monkeypatch.setattr("monitoring.views._today", lambda: TODAY)
    return TODAY


@pytest.fixture
def q1(world, today):
    """FY2570's action plan (carried forward from 2569: both projects, their KPIs and targets) and its Q1."""
    action_plan_carry_forward(source=world.plan.action_plan)
    return ensure_periods(world.org, 2570)[0]
