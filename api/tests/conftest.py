from datetime import date

import pytest
from rest_framework.test import APIClient

from api import tokens
from monitoring.periods import ensure_periods
from plans.services import action_plan_carry_forward

TODAY = date(2026, 11, 20)  # inside Q1 of FY2570 (1 Oct – 31 Dec 2026)


@pytest.fixture
def api_for(world):
    """api_for("planner") → an API client that sends that persona's own personal token (English answers
    unless ``language`` says otherwise)."""

    def make(persona, language="en"):
        _token, raw = tokens.create(user=world.users[persona], name=f"{persona} test")
        headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
        if language:
            headers["HTTP_ACCEPT_LANGUAGE"] = language
        return APIClient(**headers)

    return make


@pytest.fixture
def today(monkeypatch):
    """The API and the screens see the same fixed day, whatever the real date is."""
    monkeypatch.setattr("api.views_monitoring._today", lambda: TODAY)
    monkeypatch.setattr("monitoring.views._today", lambda: TODAY)
    return TODAY


@pytest.fixture
def q1(world, today):
    """FY2570's action plan (carried forward from 2569: both projects, their KPIs and targets) and its Q1."""
    action_plan_carry_forward(source=world.plan.action_plan)
    return ensure_periods(world.org, 2570)[0]


def url(name, org="banphaen", **kwargs):
    from django.urls import reverse

    return reverse(f"api:{name}", kwargs={"org_slug": org, **kwargs})
