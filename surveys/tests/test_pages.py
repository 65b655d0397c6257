"""The results page, its downloads and the reports of the survey: what they show, for whom, how many
queries they take, and that what respondents and designers typed stays text."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from surveys.factories import add_responses


def results_url(world, survey, **query):
    url = reverse("surveys:results", args=[world.org.slug, survey.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def download(client, world, slug, fmt, survey, **query):
    url = reverse("reports:download", args=[world.org.slug, slug, fmt])
    return client.get(url, {"survey": survey.pk, **query})


def test_the_results_page_shows_the_answers_the_index_and_says_how_percentages_are_rounded(client_for, world, survey):
    add_responses(survey, 40, starts=date(2025, 10, 1), ends=date(2026, 9, 30))
    page = client_for("executive").get(results_url(world, survey))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="answer-count">40<' in text
    assert "largest remainder" in text or "เศษเหลือมากที่สุด" in text
    assert page.context["results"].responses == 40


def test_another_organization_s_survey_is_not_found(client_for, world, survey):
    assert client_for("outsider").get(results_url(world, survey)).status_code == 404


def test_a_malformed_date_is_a_clear_400(client_for, world, survey):
    assert client_for("planner").get(results_url(world, survey, **{"from": "yesterday"})).status_code == 400


def test_the_results_page_takes_the_same_number_of_queries_for_few_and_many_answers(client_for, world, survey):
    client = client_for("planner")
    by = survey.questions.get(number=1).pk
    add_responses(survey, 20, starts=date(2025, 10, 1), ends=date(2026, 9, 30))
    with CaptureQueriesContext(connection) as few:
        assert client.get(results_url(world, survey, by=by)).status_code == 200
    add_responses(survey, 300, seed=7, starts=date(2025, 10, 1), ends=date(2026, 9, 30))
    with CaptureQueriesContext(connection) as many:
        assert client.get(results_url(world, survey, by=by)).status_code == 200
    assert len(many) == len(few)


@pytest.mark.parametrize("slug", ["survey-results", "form3-2"])
def test_the_reports_of_a_3_2_survey_download_as_xlsx_with_shares_adding_up(client_for, world, survey, slug):
    add_responses(survey, 30, starts=date(2025, 10, 1), ends=date(2026, 9, 30))
    response = download(client_for("auditor"), world, slug, "xlsx", survey)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) >= 2


def test_form_3_3_gives_each_strategy_s_mean_score_out_of_10(client_for, world, survey_3_3):
    add_responses(survey_3_3, 25, starts=date(2025, 10, 1), ends=date(2026, 9, 30))
    page = client_for("planner").get(
        reverse("reports:page", args=[world.org.slug, "form3-3"]), {"survey": survey_3_3.pk}
    )
    assert page.status_code == 200
    report = page.context["report"]
    table = report.sections[1].blocks[0]
    scores = [row.cells[2] for row in table.rows]
    assert all(Decimal(0) <= s <= Decimal(10) for s in scores)
