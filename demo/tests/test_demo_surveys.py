"""บ้านแพน's demo surveys: the FY2569 form 3/2 with 400 answers from the web and paper feeding the citizen
KPI, the form 3/3 per strategy, and the FY2570 survey open for answers."""

from datetime import date

from demo.surveys import KPI_NAME
from monitoring.models import IndicatorResult, ReportState
from plans.models import Indicator
from surveys import sources
from surveys.models import Survey
from surveys.results import survey_results


def test_the_fy2569_form_3_2_has_400_answers_from_the_web_and_paper(seeded):
    survey = Survey.objects.get(organization=seeded, form="3/2", fiscal_year=2569)
    results = survey_results(survey)
    assert results.responses == 400
    assert results.web > 150 and results.paper > 100
    assert 60 < results.index < 95


def test_the_fy2569_form_3_3_has_a_section_per_strategy(seeded):
    survey = Survey.objects.get(organization=seeded, form="3/3", fiscal_year=2569)
    assert survey.sections.filter(strategy__isnull=False).count() >= 5
    assert survey.responses.count() == 120


def test_the_fy2570_survey_is_open_today_in_the_demo_story(seeded):
    survey = Survey.objects.get(organization=seeded, fiscal_year=2570)
    assert survey.opens_on < date(2026, 12, 4) < survey.closes_on


def test_the_citizen_kpi_s_2569_results_are_the_survey_s_index_of_each_quarter_and_approved(seeded):
    kpi = Indicator.objects.get(organization=seeded, name=KPI_NAME)
    assert kpi.perspective == "citizen"
    results = IndicatorResult.objects.filter(indicator=kpi, period__fiscal_year=2569).select_related("period")
    assert results.count() == 4
    for result in results:
        figure = sources.source_figure(kpi.survey_source, result.period)
        assert result.numerator / result.denominator * 100 == figure.index
        assert result.state == ReportState.APPROVED
        assert kpi.survey_source.survey.title in result.comment
