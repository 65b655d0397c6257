"""Completed projects per strategy in both shares the published reports use: of the strategy's own
projects and of ALL projects of the plan year. Hand-computed figures: three strategies with 4, 6 and 10
projects, 2, 3 and 5 of them completed → 50.00 / 50.00 / 50.00 of their own, 10.00 / 15.00 / 25.00 of
all 20, and 50.00 overall (the shares of all add up to it). Every output shows both, each labelled."""

import io
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import make_report
from evaluation import rollup
from monitoring.models import ProjectStatus
from monitoring.periods import ensure_periods
from plans.models import ActionPlanItem, Goal, Program, Project, Strategy

pytestmark = pytest.mark.django_db

OWN = [Decimal("50.00")] * 3
OF_ALL = [Decimal("10.00"), Decimal("15.00"), Decimal("25.00")]


@pytest.fixture
def shares_year(world):
    """FY2569 of บ้านแพน with only the projects made here: 4, 6 and 10 in strategies 1–3, the first
    2, 3 and 5 of each completed by an approved Q1 report, the rest in progress."""
    org, plan = world.org, world.plan
    ActionPlanItem.objects.filter(action_plan=plan.action_plan).delete()
    q1 = next(p for p in ensure_periods(org, 2569) if p.number == 1)
    strategies = [plan.strategy]
    for number in (2, 3):
        strategies.append(Strategy.objects.create(organization=org, plan=plan.plan, number=number, name=f"ที่ {number}"))
    for strategy, (count, done) in zip(strategies, [(4, 2), (6, 3), (10, 5)], strict=True):
        goal = Goal.objects.create(organization=org, strategy=strategy, number=f"{strategy.number}.9", name="เป้า")
        program = Program.objects.create(organization=org, goal=goal, name=f"แผนงาน {strategy.number}")
        for n in range(count):
            project = Project.objects.create(
                organization=org,
                program=program,
                code=f"s{strategy.number}-{n}",
                name="โครงการ",
                department=world.works,
            )
            ActionPlanItem.objects.create(
                organization=org, action_plan=plan.action_plan, project=project, budget=Decimal(1000)
            )
            status = ProjectStatus.COMPLETED if n < done else ProjectStatus.IN_PROGRESS
            make_report(project, q1, status)
    return strategies


def test_both_shares_are_hand_computed_and_the_shares_of_all_add_up_to_the_overall_share(world, shares_year):
    figures = rollup.year_figures(world.org, 2569)
    assert [g.planned for g in figures.strategies] == [4, 6, 10]
    assert [g.completed for g in figures.strategies] == [2, 3, 5]
    assert [g.completed_share for g in figures.strategies] == OWN
    assert [g.completed_share_of_all for g in figures.strategies] == OF_ALL
    assert figures.organization.completed_share == Decimal(50)
    assert figures.organization.completed_share_of_all == Decimal("50.00")
    assert sum(g.completed_share_of_all for g in figures.strategies) == figures.organization.completed_share_of_all
    # The strategy's projects ÷ all projects is another figure (20, 30, 50) and stays apart.
    assert [g.plan_share for g in figures.strategies] == [Decimal("20.00"), Decimal("30.00"), Decimal("50.00")]
    # Departments and programs are partitions of the same projects: their shares add up the same way.
    assert sum(g.completed_share_of_all for g in figures.departments) == Decimal("50.00")
    programs = [c for g in figures.strategies for c in g.children]
    assert [c.completed_share_of_all for c in programs] == OF_ALL


def test_shares_of_all_that_do_not_divide_evenly_still_add_up_to_the_overall_share():
    groups = [rollup.Group("strategy", n, []) for n in range(3)]
    whole = rollup.Group("organization", None, [])
    for group, (planned, completed) in zip(groups, [(1, 1), (1, 1), (1, 0)], strict=True):
        group.planned, group.statuses = planned, {**group.statuses, ProjectStatus.COMPLETED.value: completed}
    whole.planned, whole.statuses = 3, {**whole.statuses, ProjectStatus.COMPLETED.value: 2}
    rollup.done_shares(groups, whole)
    assert whole.completed_share_of_all == Decimal("66.67")  # 2 ÷ 3
    assert [g.completed_share_of_all for g in groups] == [Decimal("33.34"), Decimal("33.33"), Decimal("0.00")]


def test_a_year_without_projects_has_no_share_of_all(world):
    ActionPlanItem.objects.filter(action_plan=world.plan.action_plan).delete()
    figures = rollup.year_figures(world.org, 2569)
    assert figures.organization.completed_share_of_all is None
    assert all(g.completed_share_of_all is None for g in figures.strategies)


def test_the_results_page_labels_each_share_and_shows_the_share_of_all_projects(world, shares_year, client_for):
    url = reverse("evaluation:results", args=[world.org.slug, 2569])
    html = client_for("auditor").get(url, HTTP_ACCEPT_LANGUAGE="th").content.decode()
    table = html.split('id="by-strategy"')[1].split("</table>")[0]
    assert "ร้อยละของโครงการในยุทธศาสตร์" in table and "ร้อยละของโครงการทั้งหมด" in table
    assert "เทียบกับโครงการทั้งหมดของปี" not in table  # the old, misread column is gone
    for text in ("10.00", "15.00", "25.00"):
        assert text in table
    strategy = reverse("evaluation:strategy_results", args=[world.org.slug, 2569, shares_year[1].pk])
    page = client_for("auditor").get(strategy).content.decode()
    assert "50.00" in page and "15.00" in page and "30.00" in page


def test_form_3_1_shows_both_shares_labelled_in_html_xlsx_and_pdf(world, shares_year, client_for):
    client = client_for("auditor")
    html = client.get(reverse("reports:page", args=[world.org.slug, "form3-1"]), {"year": 2569}).content.decode()
    assert "ร้อยละของโครงการในยุทธศาสตร์" in html and "ร้อยละของโครงการทั้งหมด" in html

    xlsx = client.get(reverse("reports:download", args=[world.org.slug, "form3-1", "xlsx"]), {"year": 2569})
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(r for r in rows if "ร้อยละของโครงการทั้งหมด" in r)
    own_at, all_at = header.index("ร้อยละของโครงการในยุทธศาสตร์"), header.index("ร้อยละของโครงการทั้งหมด")
    body = [r for r in rows if isinstance(r[0], str) and r[0].startswith("ยุทธศาสตร์ที่")]
    assert [Decimal(str(r[own_at])) for r in body] == OWN
    assert [Decimal(str(r[all_at])) for r in body] == OF_ALL
    total = next(r for r in rows if r[0] == "รวมทั้งสิ้น")
    assert Decimal(str(total[own_at])) == Decimal(50) and Decimal(str(total[all_at])) == Decimal(50)

    pdf = client.get(reverse("reports:download", args=[world.org.slug, "form3-1", "pdf"]), {"year": 2569}).content
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    text = text.decode()
    assert "ร้อยละของโครงการทั้งหมด" in text.replace(" ", "").replace("\n", "")
    for figure in ("10.00", "15.00", "25.00"):
        assert figure in text
    # Each strategy's section names both shares of its completed projects.
    assert "(50.00% ของโครงการในยุทธศาสตร์; 15.00% ของโครงการทั้งหมดของปี)" in html
