"""The results of a survey as counted by the database: shares, item figures, the overall index, the
channels, the date filter and the cross-tabulation."""

from datetime import date
from decimal import Decimal

import pytest
from django.http import Http404

from core.params import InvalidParameter
from surveys.factories import add_response, add_responses
from surveys.models import Response
from surveys.results import Filter, read_filter, survey_results
from surveys.tests.conftest import options_of


def answer(survey, sex, item1, *, on=date(2025, 11, 1), channel=Response.Channel.WEB, comment=None):
    """Sex (question 1) and the first item (question 5); option numbers 1-based."""
    choices = {survey.questions.get(number=1): options_of(survey, 1)[sex - 1]}
    choices[survey.questions.get(number=5)] = options_of(survey, 5)[item1 - 1]
    if comment is not None:
        choices[survey.questions.get(kind="text")] = comment
    return add_response(survey, choices, answered_on=on, channel=channel)


def test_counts_shares_mean_sd_and_index_of_an_item_match_the_hand_computed_figures(survey):
    for level, times in ((1, 5), (2, 3), (3, 2)):  # 5 very satisfied, 3 satisfied, 2 not satisfied
        for _ in range(times):
            answer(survey, 1, level)
    results = survey_results(survey)
    item = next(q for q in results.items if q.question.number == 5)
    assert [o.count for o in item.options] == [5, 3, 2]
    assert [o.share for o in item.options] == [Decimal("50.00"), Decimal("30.00"), Decimal("20.00")]
    assert item.rating.mean == Decimal("2.3")
    assert item.rating.sd.quantize(Decimal("0.0001")) == Decimal("0.8233")
    assert item.rating.index.quantize(Decimal("0.01")) == Decimal("76.67")
    assert item.rating.satisfied == Decimal(80)
    assert results.index.quantize(Decimal("0.01")) == Decimal("76.67")  # the only item answered
    assert results.satisfied == Decimal(80)
    assert results.responses == 10
    assert results.margin_of_error.quantize(Decimal("0.01")) == Decimal("30.99")  # 1.96 × √(0.25/10)


def test_answers_are_counted_by_channel_and_filtered_by_the_dates_answered(survey):
    answer(survey, 1, 1, on=date(2025, 10, 5), channel=Response.Channel.PAPER)
    answer(survey, 2, 3, on=date(2026, 1, 5))
    answer(survey, 2, 3, on=date(2026, 2, 5))
    everything = survey_results(survey)
    assert (everything.responses, everything.web, everything.paper) == (3, 2, 1)
    first_quarter = survey_results(survey, Filter(date_from=date(2025, 10, 1), date_to=date(2025, 12, 31)))
    assert (first_quarter.responses, first_quarter.paper) == (1, 1)
    assert first_quarter.index == Decimal(100)


def test_a_reporting_period_narrows_the_answers_to_its_dates(survey, world):
    from monitoring.periods import ensure_periods

    q2 = ensure_periods(world.org, 2569)[1]
    answer(survey, 1, 1, on=date(2025, 10, 5))
    answer(survey, 1, 3, on=date(2026, 2, 5))
    flt = read_filter({"period": str(q2.pk)}, survey)
    assert survey_results(survey, flt).responses == 1


def test_the_filter_refuses_bad_dates_and_another_survey_s_question(survey, survey_3_3):
    with pytest.raises(InvalidParameter):
        read_filter({"from": "31/01/2026"}, survey)
    with pytest.raises(InvalidParameter):
        read_filter({"from": "2026-02-01", "to": "2026-01-01"}, survey)
    with pytest.raises(Http404):
        read_filter({"by": str(survey_3_3.questions.get(number=1).pk)}, survey)


def test_the_cross_tabulation_counts_each_item_within_each_group_of_the_profile_question(survey):
    answer(survey, 1, 1)
    answer(survey, 1, 1)
    answer(survey, 1, 3)
    answer(survey, 2, 2)
    by = survey.questions.get(number=1)
    results = survey_results(survey, Filter(by=by))
    item = next(q for q in results.items if q.question.number == 5)
    men, women = item.columns
    assert men.counts == [2, 0, 1] and women.counts == [0, 1, 0]
    assert men.shares == [Decimal("66.67"), Decimal("0.00"), Decimal("33.33")]
    assert men.rating.index.quantize(Decimal("0.01")) == Decimal("77.78")  # (3+3+1) / 9
    assert women.rating.mean == Decimal(2)
    assert not next(q for q in results.questions if q.question.pk == by.pk).columns


def test_open_text_answers_are_listed_newest_first_and_counted(survey):
    answer(survey, 1, 1, on=date(2025, 11, 1), comment="ก่อน")
    answer(survey, 1, 1, on=date(2025, 12, 1), comment="หลัง")
    (texts,) = survey_results(survey).texts
    assert texts.texts == ["หลัง", "ก่อน"] and texts.answers == 2


def test_every_question_s_shares_add_up_to_100_with_many_answers(survey):
    add_responses(survey, 333, starts=date(2025, 10, 1), ends=date(2026, 9, 30))
    results = survey_results(survey)
    assert results.responses == 333
    for q in results.questions:
        if q.options and q.answers:
            assert sum(o.share for o in q.options) == Decimal("100.00")
    assert 60 < results.index < 95
