"""The API keeps its OpenAPI contract: schemathesis generates requests for every operation of the schema
(valid ones, with random and with real object ids, and invalid ones), sends them to the application with
a real token, and finds no server error and no answer that the schema does not describe."""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, seed, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api import tokens
from monitoring.models import IndicatorResult, ReportState
from monitoring.workflow import report_for

POSITIVE, NEGATIVE = GenerationMode.POSITIVE, GenerationMode.NEGATIVE
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Per operation and kind of input: about 600 requests in all. API_SCHEMA_EXAMPLES=50 explores more,
# API_SCHEMA_SEED=<n> draws other examples (by default they are the same on every run).
EXAMPLES = int(os.environ.get("API_SCHEMA_EXAMPLES", "5"))
SEED = os.environ.get("API_SCHEMA_SEED")
# What a planner may not do is sent with an administrator's token: review steps, period states, KPI results
# of the organization (entered and submitted by the audit unit and the administrator).
FOR_ADMIN = ("/approve/", "/return/", "/state/", "POST /api/v1/orgs/{org_slug}/results/", "/results/{id}/submit/")


@pytest.fixture
def application():
    """The WSGI application, called in the test's transaction (as Django's test client does)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def openapi(client):
    answer = client.get(reverse("api:schema"), {"format": "json", "lang": "en"})
    assert answer.status_code == 200
    return answer.json()


def real_ids(world, q1):
    """A real object of บ้านแพน for each kind of path, so the cases also reach real rows."""
    report = report_for(period=q1, project=world.plan.projects[0])
    result = IndicatorResult.objects.create(
        organization=world.org,
        indicator=world.plan.org_indicator,
        period=q1,
        numerator=7,
        denominator=10,
        state=ReportState.APPROVED,
    )
    p = world.plan
    return {
        "/plans/": p.plan.pk,
        "/strategies/": p.strategy.pk,
        "/programs/": p.program.pk,
        "/projects/": p.projects[0].pk,
        "/indicators/": p.indicator.pk,
        "/periods/": q1.pk,
        "/reports/": report.pk,
        "/results/": result.pk,
    }


def real_bodies(world, q1):
    """Real ids for the references in a new object's body, so valid cases get past "not found"."""
    p = world.plan
    return {
        "/strategies/": {"plan": p.plan.pk},
        "/projects/": {"program": p.program.pk, "department": world.works.pk},
        "/reports/": {"period": q1.pk, "project": p.projects[1].pk},
        "/results/": {"period": q1.pk, "indicator": p.org_indicator.pk},
    }


def fixed_parameters(path, ids):
    fixed = {"org_slug": "banphaen"} if "{org_slug}" in path else {}
    if "{year}" in path:
        fixed["year"] = 2570
    if "{id}" in path:
        fixed["id"] = next(pk for prefix, pk in ids.items() if prefix + "{id}" in path)
    return fixed


def run(strategy, application, headers, body=None):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=SEED is None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def keeps_the_contract(case):
        if body and isinstance(case.body, dict):
            case.body.update(body)
        response = case.call(app=application, headers=headers)
        case.validate_response(response, checks=CHECKS)

    if SEED is not None:
        keeps_the_contract = seed(int(SEED))(keeps_the_contract)
    keeps_the_contract()


def test_every_operation_keeps_the_openapi_contract(world, q1, openapi, application):
    # openapi before application: the test client that fetches the schema reconnects the signals
    planner = {"Authorization": f"Bearer {tokens.create(user=world.users['planner'], name='schema')[1]}"}
    admin = {"Authorization": f"Bearer {tokens.create(user=world.users['admin'], name='schema')[1]}"}
    ids, bodies = real_ids(world, q1), real_bodies(world, q1)
    schema = schemathesis.openapi.from_dict(openapi)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 40

    for operation in operations:
        headers = admin if any(step in operation.label or step in operation.path for step in FOR_ADMIN) else planner
        real = fixed_parameters(operation.path, ids)
        body = next(
            (b for end, b in bodies.items() if operation.method == "post" and operation.path.endswith(end)), None
        )
        for mode, path_parameters, references in (
            (POSITIVE, {k: v for k, v in real.items() if k == "org_slug"}, None),  # random ids and years: mostly 404
            (POSITIVE, real, body),
            (NEGATIVE, real, None),
        ):
            strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)
            run(strategy, application, headers, references)
