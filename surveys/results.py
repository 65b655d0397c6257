"""The results of a survey: counts and shares per option, the figures of each rating item, the overall
satisfaction index, the answers by channel with their margin of error, and a cross-tabulation by a
profile question — for the answers given in a date range or a reporting period.

The counting is done by the database (``values().annotate(Count())``): the number of queries is the same
for 10 answers and 10,000, and no answer is loaded into Python (only the open-text answers shown). The
arithmetic is ``surveys.stats``'s.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.utils.translation import gettext as _

from core import params
from core.dates import parse_be
from monitoring.models import ReportingPeriod
from surveys import stats
from surveys.models import Answer, Option, Question, Response, Section

TEXTS_SHOWN = 100  # open-text answers listed per question (the newest); the count says how many there are
MAX_POPULATION = 100_000_000


@dataclass
class Filter:
    """Which answers count: answered from ``date_from`` to ``date_to`` (either may be open), within a
    reporting period's dates when one is chosen; ``by`` a profile question to break the results down by;
    ``population`` the size of the population for the margin of error (None: no correction)."""

    date_from: date | None = None
    date_to: date | None = None
    period: ReportingPeriod | None = None
    by: Question | None = None
    population: int | None = None

    @property
    def starts(self) -> date | None:
        found = [d for d in (self.date_from, self.period and self.period.starts_on) if d]
        return max(found) if found else None

    @property
    def ends(self) -> date | None:
        found = [d for d in (self.date_to, self.period and self.period.ends_on) if d]
        return min(found) if found else None

    def query(self) -> dict:
        """As query-string parameters (for links and downloads)."""
        found = {
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "period": self.period.pk if self.period else None,
            "by": self.by.pk if self.by else None,
            "population": self.population,
        }
        return {k: v for k, v in found.items() if v is not None}

    def responses(self, survey):
        found = Response.objects.filter(survey=survey)
        if self.starts:
            found = found.filter(answered_on__gte=self.starts)
        if self.ends:
            found = found.filter(answered_on__lte=self.ends)
        return found

    def answers(self, survey):
        found = Answer.objects.filter(response__survey=survey)
        if self.starts:
            found = found.filter(response__answered_on__gte=self.starts)
        if self.ends:
            found = found.filter(response__answered_on__lte=self.ends)
        return found


def _date(query, name: str) -> date | None:
    """A date of the query string, typed in the Buddhist Era (12/11/2569) or sent as ISO (2026-11-12)."""
    raw = (query.get(name) or "").strip()
    if not raw:
        return None
    try:
        return parse_be(raw)
    except ValidationError as error:
        raise params.InvalidParameter(" ".join(error.messages)) from None


def periods_of(survey):
    """The reporting periods of the survey's fiscal year (to filter by)."""
    return ReportingPeriod.objects.for_org(survey.organization).filter(fiscal_year=survey.fiscal_year)


def read_filter(query, survey) -> Filter:
    """The filter from a query string; a period or question of another survey or organization is a 404,
    a malformed value a 400 with a message."""
    date_from, date_to = _date(query, "from"), _date(query, "to")
    if date_from and date_to and date_from > date_to:
        raise params.InvalidParameter(_("The first date must not be after the last one."))
    period = None
    period_id = params.object_id(query, "period")
    if period_id is not None:
        period = periods_of(survey).filter(pk=period_id).first()
        if period is None:
            raise Http404
    by = None
    by_id = params.object_id(query, "by")
    if by_id is not None:
        by = profile_questions(survey).filter(pk=by_id).first()
        if by is None:
            raise Http404
    population = params.number(query, "population", low=1, high=MAX_POPULATION)
    return Filter(date_from=date_from, date_to=date_to, period=period, by=by, population=population)


def profile_questions(survey):
    """The questions the results can be broken down by: the profile's single-choice questions."""
    return Question.objects.filter(survey=survey, profile=True, kind=Question.Kind.CHOICE).order_by("number")


@dataclass
class OptionFigure:
    option: Option
    count: int
    share: Decimal | None  # percent, 2 places; the shares of a question add up to 100.00


@dataclass
class Column:
    """One group of a cross-tabulation (an option of the profile question)."""

    option: Option
    counts: list[int]  # per option of the question
    shares: list[Decimal] | None  # within the group: add up to 100.00
    answers: int
    rating: stats.Rating | None = None


@dataclass
class QuestionFigure:
    question: Question
    options: list[OptionFigure] = field(default_factory=list)
    answers: int = 0
    rating: stats.Rating | None = None
    texts: list[str] = field(default_factory=list)  # open text: the newest TEXTS_SHOWN answers
    columns: list[Column] = field(default_factory=list)  # the cross-tabulation by the profile question

    @property
    def cross_rows(self) -> list[tuple[OptionFigure, list[tuple[int, Decimal | None]]]]:
        """The cross-tabulation by rows: each option with (count, share) in every group."""
        return [
            (figure, [(c.counts[i], c.shares[i] if c.shares else None) for c in self.columns])
            for i, figure in enumerate(self.options)
        ]

    @property
    def maximum(self) -> Decimal | None:
        scores = [o.option.score for o in self.options if o.option.score is not None]
        return max(scores) if scores else None


@dataclass
class SectionFigure:
    section: Section | None
    questions: list[QuestionFigure]

    @property
    def ratings(self) -> list[stats.Rating]:
        return [q.rating for q in self.questions if q.rating is not None]

    @property
    def index(self) -> Decimal | None:
        return stats.overall_index(self.ratings)

    @property
    def mean(self) -> Decimal | None:
        """The mean score of every answer to the section's items (form 3/3: out of 10)."""
        n = sum(r.answers for r in self.ratings)
        return sum((r.total for r in self.ratings), Decimal(0)) / n if n else None

    @property
    def title(self) -> str:
        return str(self.section) if self.section else ""


@dataclass
class Results:
    survey: object
    filter: Filter
    responses: int
    web: int
    paper: int
    sections: list[SectionFigure]
    by_options: list[Option] = field(default_factory=list)

    @property
    def questions(self) -> list[QuestionFigure]:
        return [q for s in self.sections for q in s.questions]

    @property
    def profile(self) -> list[QuestionFigure]:
        return [q for q in self.questions if q.question.profile and q.question.kind == Question.Kind.CHOICE]

    @property
    def items(self) -> list[QuestionFigure]:
        """The rating items."""
        return [q for q in self.questions if q.rating is not None]

    @property
    def texts(self) -> list[QuestionFigure]:
        return [q for q in self.questions if q.question.kind == Question.Kind.TEXT]

    @property
    def index(self) -> Decimal | None:
        """The overall satisfaction index (``surveys.stats``)."""
        return stats.overall_index([q.rating for q in self.items])

    @property
    def satisfied(self) -> Decimal | None:
        """The share of satisfied answers to the 3-level items (None when there are none)."""
        three = [q.rating for q in self.items if q.question.kind == Question.Kind.RATING_3]
        return stats.satisfied_share(three) if three else None

    @property
    def has_three_levels(self) -> bool:
        return any(q.question.kind == Question.Kind.RATING_3 for q in self.items)

    @property
    def margin_of_error(self) -> Decimal | None:
        return stats.margin_of_error(self.responses, self.filter.population)

    @property
    def channel_shares(self) -> list[Decimal] | None:
        return stats.shares([self.web, self.paper])


def _rating(question: Question, options: list[Option], counts: list[int]) -> stats.Rating | None:
    if not question.is_rating:
        return None
    scores = sorted({o.score for o in options if o.score is not None})
    if not scores:
        return None
    distribution: dict[Decimal, int] = {}
    for option, count in zip(options, counts, strict=True):
        if option.score is not None:
            distribution[option.score] = distribution.get(option.score, 0) + count
    satisfied_from = scores[1] if question.kind == Question.Kind.RATING_3 and len(scores) > 1 else None
    return stats.rating(distribution, scores[-1], satisfied_from=satisfied_from)


def survey_results(survey, flt: Filter | None = None) -> Results:
    """Every figure of the survey for the answers the filter lets through, in a fixed number of queries."""
    flt = flt or Filter()
    sections = list(Section.objects.filter(survey=survey).select_related("strategy").order_by("number"))
    questions = list(Question.objects.filter(survey=survey).order_by("number"))
    options: dict[int, list[Option]] = {}
    for option in Option.objects.filter(question__survey=survey).order_by("question_id", "number"):
        options.setdefault(option.question_id, []).append(option)

    channels = dict(flt.responses(survey).values_list("channel").annotate(n=Count("id")).order_by())
    answers = flt.answers(survey)
    counts = {
        (q, o): n
        for q, o, n in answers.filter(option__isnull=False)
        .values_list("question_id", "option_id")
        .annotate(n=Count("id"))
        .order_by()
    }
    text_ids = [q.pk for q in questions if q.kind == Question.Kind.TEXT]
    texts: dict[int, list[str]] = {}
    text_counts: dict[int, int] = {}
    if text_ids:
        written = answers.filter(question_id__in=text_ids).exclude(text="")
        text_counts = dict(written.values_list("question_id").annotate(n=Count("id")).order_by())
        for question_id in text_ids:  # one query per open question, never per answer
            shown = written.filter(question_id=question_id).order_by("-response__answered_on", "-pk")
            texts[question_id] = list(shown.values_list("text", flat=True)[:TEXTS_SHOWN])

    crossed: dict[tuple[int, int, int], int] = {}
    by_options: list[Option] = []
    if flt.by is not None:
        by_options = options.get(flt.by.pk, [])
        rows = (
            answers.filter(option__isnull=False, response__answers__question=flt.by)
            .exclude(question=flt.by)
            .values_list("question_id", "option_id", "response__answers__option_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        crossed = {(q, o, b): n for q, o, b, n in rows}

    figures: dict[int | None, list[QuestionFigure]] = {}
    for question in questions:
        own = options.get(question.pk, [])
        counted = [counts.get((question.pk, o.pk), 0) for o in own]
        shares = stats.shares(counted) or [None] * len(own)
        figure = QuestionFigure(
            question=question,
            options=[OptionFigure(o, n, s) for o, n, s in zip(own, counted, shares, strict=True)],
            answers=sum(counted) if own else text_counts.get(question.pk, 0),
            rating=_rating(question, own, counted),
            texts=texts.get(question.pk, []),
        )
        if flt.by is not None and own and question.pk != flt.by.pk:
            for group in by_options:
                in_group = [crossed.get((question.pk, o.pk, group.pk), 0) for o in own]
                figure.columns.append(
                    Column(
                        option=group,
                        counts=in_group,
                        shares=stats.shares(in_group),
                        answers=sum(in_group),
                        rating=_rating(question, own, in_group),
                    )
                )
        figures.setdefault(question.section_id, []).append(figure)

    found = [SectionFigure(s, figures.get(s.pk, [])) for s in sections]
    if figures.get(None):
        found.insert(0, SectionFigure(None, figures[None]))
    return Results(
        survey=survey,
        filter=flt,
        responses=sum(channels.values()),
        web=channels.get(Response.Channel.WEB, 0),
        paper=channels.get(Response.Channel.PAPER, 0),
        sections=[s for s in found if s.questions],
        by_options=by_options,
    )


def answered_between(survey, starts: date, ends: date) -> Results:
    """The results of the answers given from ``starts`` to ``ends`` (a reporting period's dates)."""
    return survey_results(survey, Filter(date_from=starts, date_to=ends))
