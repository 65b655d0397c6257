"""Another organization's user gets 404 for every endpoint of บ้านแพน, and for บ้านแพน's objects under
their own organization's slug. The test walks every organization URL of the API, so a new endpoint is
covered (or fails here) without anyone remembering to add it."""

from django.urls import URLPattern, reverse

from api.tests.conftest import url
from api.urls import org_patterns
from monitoring.models import IndicatorResult, ReportState
from monitoring.workflow import report_for


def test_another_organizations_user_gets_404_for_every_object_and_list(world, api_for, q1):
    report = report_for(period=q1, project=world.plan.projects[0])
    result = IndicatorResult.objects.create(
        organization=world.org, indicator=world.plan.org_indicator, period=q1, value=1, state=ReportState.APPROVED
    )
    p = world.plan
    ids = {
        "plan": p.plan.pk,
        "strategy": p.strategy.pk,
        "program": p.program.pk,
        "project": p.projects[0].pk,
        "indicator": p.indicator.pk,
        "year_targets": p.indicator.pk,
        "period": q1.pk,
        "period_state": q1.pk,
        "report": report.pk,
        "report_submit": report.pk,
        "report_approve": report.pk,
        "report_return": report.pk,
        "result": result.pk,
        "result_submit": result.pk,
        "result_approve": result.pk,
        "result_return": result.pk,
        "strategy_figures": p.strategy.pk,
        "kpi_period_figures": p.indicator.pk,
    }
    outsider = api_for("outsider")  # an administrator of ทต.บ้านกลาง: every capability there, none here
    checked = 0
    for pattern in org_patterns:
        assert isinstance(pattern, URLPattern)
        kwargs = {}
        if "<int:pk>" in str(pattern.pattern):
            kwargs["pk"] = ids[pattern.name]
        if "<fy:year>" in str(pattern.pattern):
            kwargs["year"] = 2570
        methods = [m for m in ("get", "post", "patch", "put") if hasattr(pattern.callback.view_class, m)]
        for method in methods:
            for org in ("banphaen", "banklang"):
                if org == "banklang" and "pk" not in kwargs:
                    continue  # their own lists are theirs: only บ้านแพน's objects must stay hidden
                address = reverse(f"api:{pattern.name}", kwargs={"org_slug": org, **kwargs})
                answer = getattr(outsider, method)(address, {})
                assert answer.status_code == 404, (method, address, answer.status_code)
                checked += 1
    assert checked > 50
    own = outsider.get(url("projects", org="banklang")).json()["results"]
    assert [row["id"] for row in own] == [world.other_plan.projects[0].pk]
    assert [o["slug"] for o in outsider.get(reverse("api:orgs")).json()["results"]] == ["banklang"]


def test_an_overseer_reads_the_organizations_of_their_province_only(world, api_for):
    overseer = api_for("overseer")
    assert overseer.get(url("projects")).status_code == 200
    assert overseer.get(url("projects", org="banklang")).status_code == 404
    orgs = overseer.get(reverse("api:orgs")).json()["results"]
    assert orgs == [{**orgs[0], "slug": "banphaen", "roles": ["overseer"]}]
