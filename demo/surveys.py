"""The demo's citizen satisfaction surveys of อบต.บ้านแพน.

- FY2569 แบบที่ 3/2: 400 answers over the year (about 60 % on the web, the rest typed in from paper),
  feeding the KPI "ดัชนีความพึงพอใจของประชาชนต่อผลการดำเนินงานในภาพรวม": its four quarterly results of
  2569, computed from the answers of each quarter, entered by the planner and approved by the audit unit.
- FY2569 แบบที่ 3/3: 120 answers, the nine items per strategy scored 0–10.
- FY2570 แบบที่ 3/2: open for answers now (from 1 Nov 2026 to 31 Jan 2027), 36 web answers so far.

Deterministic (fixed random seeds) and idempotent: a survey that exists is left as it is.
"""

from collections import Counter
from datetime import date
from decimal import Decimal

from monitoring.models import IndicatorResult, ReportingPeriod, ReportState
from orgs.models import User
from plans.models import Indicator, Strategy, Target
from surveys import sources
from surveys.factories import add_responses, build_survey, form_3_2, form_3_3
from surveys.models import IndicatorSource, Survey

YEAR = 2569
KPI_NAME = "ดัชนีความพึงพอใจของประชาชนต่อผลการดำเนินงานในภาพรวม (แบบที่ 3/2)"
SURVEYS = [
    # (key, form, fiscal year, title, opens, closes, answers, paper share, seed)
    (
        "3/2-2569",
        Survey.Form.DLA_3_2,
        2569,
        "แบบประเมินความพึงพอใจต่อผลการดำเนินงานในภาพรวม ปีงบประมาณ 2569",
        date(2025, 10, 1),
        date(2026, 9, 30),
        400,
        0.4,
        2569,
    ),
    (
        "3/3-2569",
        Survey.Form.DLA_3_3,
        2569,
        "แบบประเมินความพึงพอใจต่อผลการดำเนินงานในแต่ละยุทธศาสตร์ ปีงบประมาณ 2569",
        date(2025, 10, 1),
        date(2026, 9, 30),
        120,
        0.5,
        2570,
    ),
    (
        "3/2-2570",
        Survey.Form.DLA_3_2,
        2570,
        "แบบประเมินความพึงพอใจต่อผลการดำเนินงานในภาพรวม ปีงบประมาณ 2570",
        date(2026, 11, 1),
        date(2027, 1, 31),
        36,
        0.0,
        2571,
    ),
]
ANSWERED_UNTIL_2570 = date(2026, 12, 3)  # the open survey's answers so far


def questionnaire(org, form: str, fiscal_year: int) -> list:
    """The sections of a demo questionnaire (the one place to swap in the designer's templates)."""
    if form == Survey.Form.DLA_3_3:
        strategies = (
            Strategy.objects.for_org(org)
            .filter(plan__first_year__lte=fiscal_year, plan__last_year__gte=fiscal_year)
            .order_by("number")
        )
        return form_3_3(list(strategies))
    return form_3_2()


class SurveySeeder:
    def __init__(self, org):
        self.org = org
        self.created = Counter()
        self.updated = Counter()

    def summary(self) -> str:
        surveys = Survey.objects.for_org(self.org)
        answers = sum(s.responses.count() for s in surveys)
        return f"{surveys.count()} surveys, {answers} answers"

    def run(self):
        made = {}
        for key, form, year, title, opens, closes, count, paper, seed in SURVEYS:
            survey = Survey.objects.for_org(self.org).filter(title=title).first()
            if survey is None:
                survey = build_survey(
                    self.org,
                    title=title,
                    form=form,
                    fiscal_year=year,
                    sections=questionnaire(self.org, form, year),
                    opens_on=opens,
                    closes_on=closes,
                    one_per_device=year == 2570,
                )
                ends = min(closes, ANSWERED_UNTIL_2570)
                add_responses(survey, count, seed=seed, starts=opens, ends=ends, paper_share=paper)
                self.created["Survey"] += 1
                self.created["Response"] += count
            made[key] = survey
        self.feed_kpi(made["3/2-2569"])
        return self

    def feed_kpi(self, survey):
        """The citizen KPI of the overall index, linked to the FY2569 3/2 survey, with the year's quarterly
        results computed from it (entered by the planner, approved by the audit unit after each quarter)."""
        org = self.org
        kpi = Indicator.objects.for_org(org).filter(name=KPI_NAME, project__isnull=True).first()
        if kpi is None:
            kpi = Indicator.objects.create(
                organization=org,
                name=KPI_NAME,
                unit="ร้อยละ",
                kind=Indicator.Kind.OUTCOME,
                measure_type=Indicator.MeasureType.PERCENTAGE,
                aggregation=Indicator.Aggregation.RATIO,
                perspective=Indicator.Perspective.CITIZEN,
                numerator_label="ผลรวมคะแนนความพึงพอใจที่ได้",
                denominator_label="ผลรวมคะแนนเต็ม",
                definition="คะแนนเฉลี่ยความพึงพอใจ ÷ คะแนนเต็ม × 100 จากแบบที่ 3/2",
            )
            Target.objects.bulk_create(  # a ratio of sums: every quarter's target is the year's
                Target(organization=org, indicator=kpi, fiscal_year=year, period=period, value=Decimal(80))
                for year in (2569, 2570)
                for period in range(5)
            )
            self.created["Indicator"] += 1
        source, created = IndicatorSource.objects.get_or_create(
            indicator=kpi, defaults={"organization": org, "survey": survey}
        )
        self.created["IndicatorSource"] += int(created)
        planner = User.objects.get(username="planner")
        auditor = User.objects.get(username="auditor")
        periods = ReportingPeriod.objects.for_org(org).filter(fiscal_year=YEAR, kind=sources.period_kind(org))
        done = set(IndicatorResult.objects.filter(indicator=kpi).values_list("period_id", flat=True))
        for period in periods.order_by("number"):
            if period.pk in done:
                continue
            figure = sources.source_figure(source, period)
            if figure.index is None:
                continue
            # The periods of 2569 are locked now: the results are written as they were entered and approved then.
            result = IndicatorResult(
                organization=org,
                indicator=kpi,
                period=period,
                numerator=figure.total,
                denominator=figure.maximum_total,
                comment=sources.evidence_text(source, period, figure),
                state=ReportState.SUBMITTED,
                entered_by=planner,
            )
            result._history_user = planner
            result.save()
            result.state = ReportState.APPROVED
            result._history_user = auditor
            result.save()
            self.created["IndicatorResult"] += 1


def seed_surveys(org) -> SurveySeeder:
    """บ้านแพน's demo surveys and the KPI they feed (call inside a transaction, after the monitoring data)."""
    return SurveySeeder(org).run()
