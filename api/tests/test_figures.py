"""The computed figures are evaluation/rollup.py's own, approved data only, decimals as strings."""

import re
from decimal import Decimal

from api.tests.conftest import url
from conftest import make_report
from evaluation.rollup import year_figures
from evaluation.tests.test_done_shares import OF_ALL, OWN, shares_year  # noqa: F401 (a fixture)
from monitoring.models import IndicatorResult, ReportState
from monitoring.periods import ensure_periods

DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")


def report(world, project, period, *, state, value, status="in_progress", disbursed="20000.00"):
    saved = make_report(
        project, period, status, state=state, percent_complete=Decimal(60), disbursed=Decimal(disbursed)
    )
    IndicatorResult.objects.create(
        organization=world.org,
        indicator=project.indicators.get(),
        period=period,
        report=saved,
        value=Decimal(value),
        state=state,
    )


def test_the_figures_are_the_roll_ups_of_approved_data(world, api_for):
    q1, q2 = ensure_periods(world.org, 2569)[:2]
    works, finance = world.plan.projects
    report(world, works, q1, state=ReportState.APPROVED, value=150)
    report(world, finance, q1, state=ReportState.APPROVED, value=90, status="completed")
    report(world, works, q2, state=ReportState.SUBMITTED, value=999)  # not approved: not counted

    answer = api_for("auditor").get(url("figures", year=2569))
    assert answer.status_code == 200
    data = answer.json()
    expected = year_figures(world.org, 2569)
    org = data["organization"]
    assert org["planned"] == expected.organization.planned == 2
    assert org["statuses"] == expected.organization.statuses
    assert org["budget"] == "190001.00" == f"{expected.organization.budget:.2f}"
    assert org["disbursed"] == "40000.00" == f"{expected.organization.disbursed:.2f}"
    assert org["rate"] == f"{expected.organization.rate:.2f}"
    assert org["kpi_counts"] == expected.organization.kpi_counts
    assert data["strategies"][0]["id"] == world.plan.strategy.pk
    assert data["strategies"][0]["planned"] == 2 and data["strategies"][0]["programs"][0]["planned"] == 2
    assert data["organization_kpis"]["count"] == 1  # the organization's own KPI (no result: no data)
    assert data["official"] is True

    kpis = {row["indicator"]: row for row in api_for("auditor").get(url("kpi_figures", year=2569)).json()["results"]}
    by_rollup = {k.kpi.pk: k for k in expected.all_kpis}
    assert set(kpis) == set(by_rollup)
    works_kpi = works.indicators.get().pk
    assert kpis[works_kpi]["figures"]["actual"] == "150.0000"  # the submitted 999 is left out
    assert kpis[works_kpi]["figures"]["achievement"] == f"{by_rollup[works_kpi].figures.achievement:.2f}" == "75.00"
    assert kpis[works_kpi]["figures"]["status"] == by_rollup[works_kpi].status == "off_track"
    assert kpis[finance.indicators.get().pk]["figures"]["achievement"] == "45.00"

    def strings(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("actual", "target", "achievement", "budget", "disbursed", "score", "points", "rate"):
                    assert value is None or (isinstance(value, str) and DECIMAL.match(value)), (key, value)
                strings(value)
        elif isinstance(node, list):
            for item in node:
                strings(item)

    strings(data)
    strings(kpis)


def test_quarters_and_year_to_date_of_one_kpi(world, api_for):
    q1, q2 = ensure_periods(world.org, 2569)[:2]
    works = world.plan.projects[0]
    report(world, works, q1, state=ReportState.APPROVED, value=50)
    report(world, works, q2, state=ReportState.APPROVED, value=70)
    kpi = works.indicators.get()
    data = api_for("executive").get(url("kpi_period_figures", year=2569, pk=kpi.pk)).json()
    assert [q["figures"]["actual"] for q in data["quarters"]] == ["50.0000", "120.0000", "120.0000", "120.0000"]
    assert data["year_to_date"]["actual"] == "120.0000" and data["year_to_date"]["target"] == "200.0000"
    assert data["year_to_date"]["achievement"] == "60.00" and data["year_to_date"]["status"] == "off_track"
    assert data["annual_target"] == "200.0000"
    upto = api_for("executive").get(url("kpi_figures", year=2569), {"upto": 1}).json()["results"]
    assert next(r for r in upto if r["indicator"] == kpi.pk)["figures"]["actual"] == "50.0000"
    assert api_for("executive").get(url("figures", year=2569), {"upto": 5}).status_code == 400
    assert api_for("executive").get(url("figures", year=1999)).status_code == 404


def test_strategy_figures_and_department_filter(world, api_for):
    strategy = world.plan.strategy
    client = api_for("planner")
    data = client.get(url("strategy_figures", year=2569, pk=strategy.pk)).json()
    assert data["id"] == strategy.pk and data["planned"] == 2 and data["kpis"] == []
    only_works = client.get(url("project_figures", year=2569), {"department": world.works.pk}).json()
    assert [row["project"] for row in only_works["results"]] == [world.plan.projects[0].pk]
    other = world.other_plan.strategy
    assert client.get(url("strategy_figures", year=2569, pk=other.pk)).status_code == 404


def test_the_api_names_both_shares_of_the_completed_projects(world, shares_year, api_for):  # noqa: F811
    data = api_for("auditor").get(url("figures", year=2569)).json()
    assert [Decimal(s["completed_share"]) for s in data["strategies"]] == OWN
    assert [Decimal(s["completed_share_of_all"]) for s in data["strategies"]] == OF_ALL
    assert [Decimal(s["plan_share"]) for s in data["strategies"]] == [Decimal(20), Decimal(30), Decimal(50)]
    assert Decimal(data["organization"]["completed_share_of_all"]) == Decimal("50.00")
