"""Surveys built from data, and answers made in bulk: for the tests, the demo and the benchmark.

``build_survey`` makes a questionnaire from a list of sections; ``form_3_2`` and ``form_3_3`` give the
sections of the two DLA forms as commonly published (the wording may be replaced by the questionnaire
templates of the designer). ``add_responses`` adds answers with a deterministic random spread, two
``bulk_create`` calls per batch of responses.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from surveys.models import Answer, Option, Question, Response, Section, Survey
from surveys.templates import ITEMS, PROFILE, PROFILE_TITLE, RATING_SCALES, SUGGESTIONS, TEMPLATES

# The wording is the designer's templates' (surveys/templates.py): one copy of the DLA's words.
THREE_LEVELS = [(label, int(score)) for label, score in RATING_SCALES["rating3"]]
ZERO_TO_TEN = [(label, int(score)) for label, score in reversed(RATING_SCALES["rating10"])]
PROFILE_3_2 = PROFILE


@dataclass
class QuestionSpec:
    text: str
    kind: str = Question.Kind.RATING_3
    options: list = field(default_factory=list)  # labels, or (label, score) pairs
    profile: bool = False
    required: bool = True


@dataclass
class SectionSpec:
    title: str
    questions: list[QuestionSpec]
    strategy: object = None


def form_3_2(*, comments: bool = True) -> list[SectionSpec]:
    """แบบที่ 3/2: part 1 the respondent's profile, part 2 the nine items on the 3-level scale."""
    sections = [
        SectionSpec(
            PROFILE_TITLE,
            [QuestionSpec(text, Question.Kind.CHOICE, labels, profile=True) for text, labels in PROFILE_3_2],
        ),
        SectionSpec(
            TEMPLATES["3/2"]["items_title"],
            [QuestionSpec(text, Question.Kind.RATING_3, THREE_LEVELS) for text in ITEMS],
        ),
    ]
    if comments:
        sections.append(SectionSpec(SUGGESTIONS, [QuestionSpec(SUGGESTIONS, Question.Kind.TEXT, required=False)]))
    return sections


def form_3_3(strategies) -> list[SectionSpec]:
    """แบบที่ 3/3: per strategy, the nine items scored 0–10, after the respondent's profile."""
    sections = [
        SectionSpec(
            PROFILE_TITLE,
            [QuestionSpec(text, Question.Kind.CHOICE, labels, profile=True) for text, labels in PROFILE_3_2[:2]],
        )
    ]
    for strategy in strategies:
        sections.append(
            SectionSpec(
                TEMPLATES["3/3"]["items_title"].format(number=strategy.number, name=strategy.name)[:255],
                [QuestionSpec(text, Question.Kind.RATING_10, ZERO_TO_TEN) for text in ITEMS],
                strategy=strategy,
            )
        )
    return sections


def build_survey(org, *, title: str, form: str, fiscal_year: int, sections: list[SectionSpec], **fields) -> Survey:
    """A survey with its sections, questions and options, numbered in order (questions across sections)."""
    survey = Survey.objects.create(organization=org, title=title, form=form, fiscal_year=fiscal_year, **fields)
    number = 0
    options = []
    for s, spec in enumerate(sections, 1):
        section = Section.objects.create(
            organization=org, survey=survey, number=s, title=spec.title, strategy=spec.strategy
        )
        for q in spec.questions:
            number += 1
            question = Question.objects.create(
                organization=org,
                survey=survey,
                section=section,
                number=number,
                text=q.text,
                kind=q.kind,
                profile=q.profile,
                required=q.required,
            )
            for n, option in enumerate(q.options, 1):
                label, score = option if isinstance(option, tuple) else (option, None)
                score = None if score is None else Decimal(score)
                options.append(Option(organization=org, question=question, number=n, label=label, score=score))
    Option.objects.bulk_create(options)
    return survey


# How answers spread: profile options by weight, ratings leaning to the top (index about 80 %).
RATING_WEIGHTS = {3: [50, 40, 10], 11: [14, 16, 20, 16, 12, 8, 5, 4, 2, 2, 1]}
COMMENTS = [
    "อยากให้ซ่อมถนนในหมู่บ้านให้เร็วขึ้น",
    "ขอไฟฟ้าส่องสว่างเพิ่มเติมตามทางแยก",
    "เจ้าหน้าที่บริการดี รวดเร็ว",
    "ควรประชาสัมพันธ์โครงการให้ทั่วถึงกว่านี้",
    "อยากให้มีการจัดเก็บขยะบ่อยขึ้น",
]


def add_responses(
    survey,
    count: int,
    *,
    seed: int = 2569,
    starts: date,
    ends: date,
    paper_share: float = 0.4,
    comment_share: float = 0.15,
    batch: int = 1000,
    comments: list[str] | None = None,
) -> int:
    """Add ``count`` responses answered between ``starts`` and ``ends`` (deterministic for ``seed``):
    a share of them on paper, every required question answered, some comments. Returns the answers made."""
    rng = random.Random(seed)  # noqa: S311 (made-up answers, not secrets)
    org = survey.organization
    questions = list(survey.questions.order_by("number"))
    options = {q.pk: list(q.options.order_by("number")) for q in questions}
    days = (ends - starts).days
    comments = comments or COMMENTS
    made = 0
    for first in range(0, count, batch):
        size = min(batch, count - first)
        responses = Response.objects.bulk_create(
            [
                Response(
                    organization=org,
                    survey=survey,
                    channel=Response.Channel.PAPER if rng.random() < paper_share else Response.Channel.WEB,
                    answered_on=starts + timedelta(days=rng.randint(0, days)),
                )
                for _ in range(size)
            ]
        )
        answers = []
        for response in responses:
            mood = rng.choice([-1, 0, 0, 0, 1])  # some respondents are happier than others
            for q in questions:
                own = options[q.pk]
                if q.kind == Question.Kind.TEXT:
                    if rng.random() < comment_share:
                        answers.append(
                            Answer(organization=org, response=response, question=q, text=rng.choice(comments))
                        )
                    continue
                if not own:
                    continue
                weights = RATING_WEIGHTS.get(len(own)) if q.is_rating else None
                if weights:
                    index = rng.choices(range(len(own)), weights=weights)[0]
                    index = min(max(index - mood, 0), len(own) - 1)
                else:
                    index = rng.choices(range(len(own)), weights=[len(own) - i + 2 for i in range(len(own))])[0]
                answers.append(Answer(organization=org, response=response, question=q, option=own[index]))
        Answer.objects.bulk_create(answers, batch_size=5000)
        made += len(answers)
    return made


def add_response(survey, choices: dict, *, answered_on: date, channel: str = Response.Channel.WEB) -> Response:
    """One response with the answers given: question → option (or text)."""
    org = survey.organization
    response = Response.objects.create(organization=org, survey=survey, channel=channel, answered_on=answered_on)
    Answer.objects.bulk_create(
        [
            Answer(organization=org, response=response, question=q, option=a)
            if isinstance(a, Option)
            else Answer(organization=org, response=response, question=q, text=a)
            for q, a in choices.items()
        ]
    )
    return response
