"""A citizen KPI whose result is computed from a survey: the result of a period is the index of the
answers given in it, saved through the organization-result workflow, and computed again when answers
are added."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from monitoring import workflow
from monitoring.models import IndicatorResult, ReportState
from monitoring.periods import ensure_periods
from orgs.access import access_for
from surveys import sources
from surveys.factories import add_response
from surveys.models import IndicatorSource
from surveys.tests.conftest import options_of

TODAY = date(2026, 1, 10)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def kpi(world):
    indicator = world.plan.org_indicator  # a percentage KPI, ratio of sums
    indicator.perspective = "citizen"
    indicator.save()
    return indicator


@pytest.fixture
def q1(world):
    return ensure_periods(world.org, 2569)[0]  # 1 Oct – 31 Dec 2025


def access(world, persona):
    return access_for(world.users[persona], world.org.slug)


def answer_items(survey, levels, on=date(2025, 11, 1)):
    """One response answering the nine items with these option numbers (1 very satisfied … 3 not)."""
    items = list(survey.questions.filter(kind="rating3").order_by("number"))
    return add_response(
        survey,
        {q: options_of(survey, q.number)[level - 1] for q, level in zip(items, levels, strict=False)},
        answered_on=on,
    )


def link(world, kpi, survey, question=None):
    return sources.source_set(indicator=kpi, survey=survey, question=question, access=access(world, "planner"))


def compute(world, kpi, period, persona="auditor"):
    return sources.result_compute(
        source=IndicatorSource.objects.get(indicator=kpi),
        period=period,
        access=access(world, persona),
        user=world.users[persona],
        today=TODAY,
    )


def test_the_period_s_result_is_the_survey_s_overall_index_of_the_answers_given_in_the_period(world, kpi, survey, q1):
    link(world, kpi, survey)
    answer_items(survey, [1] * 9)  # 27 of 27
    answer_items(survey, [3] * 9)  # 9 of 27
    answer_items(survey, [1] * 9, on=date(2026, 1, 5))  # the next quarter: not counted
    result = compute(world, kpi, q1)
    assert (result.numerator, result.denominator) == (Decimal(36), Decimal(54))
    assert result.numerator / result.denominator * 100 == sources.source_figure(kpi.survey_source, q1).index
    assert result.state == ReportState.DRAFT
    assert survey.title in result.comment and "2 answers" in result.comment
    assert reverse("surveys:results", args=[world.org.slug, survey.pk]) in result.comment


def test_one_item_as_the_source_gives_that_item_s_index_as_a_number_kpi_s_value(world, kpi, survey, q1):
    kpi.measure_type, kpi.aggregation = "number", "average"
    kpi.save()
    first = survey.questions.get(number=5)
    link(world, kpi, survey, first)
    answer_items(survey, [1] + [3] * 8)
    answer_items(survey, [2] + [3] * 8)
    assert compute(world, kpi, q1).value == Decimal("83.33")  # (3 + 2) / 6


def test_added_answers_change_the_result_when_computed_again_and_the_approved_value_is_the_stored_one(
    world, kpi, survey, q1
):
    link(world, kpi, survey)
    answer_items(survey, [1] * 9)
    result = compute(world, kpi, q1)
    workflow.org_result_submit(result=result, access=access(world, "auditor"), user=world.users["auditor"], today=TODAY)
    answer_items(survey, [3] * 9)  # comes in while the result waits for review
    approved = workflow.org_result_approve(result=result, access=access(world, "auditor"), user=world.users["auditor"])
    assert approved.numerator / approved.denominator == 1  # the stored value, not recomputed
    again = compute(world, kpi, q1)  # an approved result computed again is a draft to review again
    assert again.state == ReportState.DRAFT
    assert again.numerator / again.denominator * 100 == Decimal(36) * 100 / Decimal(54)
    workflow.org_result_submit(result=again, access=access(world, "auditor"), user=world.users["auditor"], today=TODAY)
    workflow.org_result_approve(result=again, access=access(world, "auditor"), user=world.users["auditor"])
    assert IndicatorResult.objects.get(pk=result.pk).state == ReportState.APPROVED


def test_a_submitted_result_is_not_computed_again_and_a_period_without_answers_has_no_result(world, kpi, survey, q1):
    link(world, kpi, survey)
    with pytest.raises(workflow.WorkflowError, match="Nobody answered"):
        compute(world, kpi, q1)
    answer_items(survey, [1] * 9)
    result = compute(world, kpi, q1)
    workflow.org_result_submit(result=result, access=access(world, "auditor"), user=world.users["auditor"], today=TODAY)
    with pytest.raises(workflow.WorkflowError):
        compute(world, kpi, q1)


def test_only_a_citizen_kpi_of_the_organization_can_take_a_survey_and_only_a_planner_links_it(world, kpi, survey):
    other = world.plan.indicator  # a project's KPI
    with pytest.raises(workflow.WorkflowError):
        link(world, other, survey)
    with pytest.raises(workflow.WorkflowError):
        sources.source_set(indicator=kpi, survey=survey, question=None, access=access(world, "auditor"))
    with pytest.raises(workflow.WorkflowError):
        link(world, kpi, survey, survey.questions.get(number=1))  # a profile question, not a rating


def test_computing_needs_the_right_to_enter_organization_results(world, kpi, survey, q1):
    link(world, kpi, survey)
    answer_items(survey, [1] * 9)
    with pytest.raises(workflow.WorkflowError):
        compute(world, kpi, q1, persona="reporter")


def test_the_planner_links_the_kpi_on_the_page_and_the_auditor_computes_it_with_the_button(
    client_for, world, kpi, survey, q1, settings
):
    answer_items(survey, [1] * 9)
    url = reverse("surveys:source_edit", args=[world.org.slug, kpi.pk])
    planner = client_for("planner")
    assert planner.post(url, {"survey": survey.pk, "question": ""}).status_code == 302
    assert IndicatorSource.objects.get(indicator=kpi).question is None
    auditor = client_for("auditor")
    page = auditor.get(reverse("surveys:sources", args=[world.org.slug]))
    assert survey.title in page.content.decode()
    compute_url = reverse("surveys:source_compute", args=[world.org.slug, kpi.pk, q1.pk])
    assert auditor.get(compute_url).status_code == 405
    assert auditor.post(compute_url).status_code == 302
    assert IndicatorResult.objects.get(indicator=kpi, period=q1).numerator == 27
