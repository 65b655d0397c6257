"""Answering a survey: the form of its questions (the same for a citizen's phone and for staff typing in
a paper form), recording one response, and the limits that keep the public address from abuse.
"""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy

from surveys.models import Answer, Question, Response, Survey

TEXT_LIMIT = 2000
HONEYPOT = "website"  # a field people never see; a robot that fills in every field fills it in


class SurveyFull(Exception):
    """The survey has all the answers it accepts (``Survey.max_responses``)."""


def questions_of(survey: Survey) -> list[Question]:
    """The questions in the order they are asked: by section, then by number."""
    questions = list(survey.questions.select_related("section").prefetch_related("options"))
    return sorted(questions, key=lambda q: (q.section.number if q.section else 0, q.number))


def field_name(question: Question) -> str:
    return f"q{question.pk}"


class AnswerForm(forms.Form):
    """One field per question: a radio group for a choice or a rating, a text box for open text."""

    def __init__(self, *args, survey: Survey, questions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.questions = questions if questions is not None else questions_of(survey)
        for question in self.questions:
            if question.kind == Question.Kind.TEXT:
                field = forms.CharField(
                    label=question.text,
                    required=question.required,
                    max_length=TEXT_LIMIT,
                    widget=forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_LIMIT}),
                )
            else:
                options = list(question.options.all())
                field = forms.TypedChoiceField(
                    label=question.text,
                    required=question.required,
                    choices=[(o.pk, o.label) for o in options],
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages={"required": gettext_lazy("Please choose one answer.")},
                )
            field.question = question
            self.fields[field_name(question)] = field

    def groups(self):
        """(section or None, [bound fields]) in the order asked."""
        result = []
        for question in self.questions:
            bound = self[field_name(question)]
            if not result or result[-1][0] != question.section:
                result.append((question.section, []))
            result[-1][1].append(bound)
        return result

    def answers(self) -> dict:
        """question id → option id or text, for the questions answered."""
        values = {}
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if value not in (None, ""):
                values[question.pk] = value
        return values


def response_record(
    *, survey: Survey, answers: dict, channel: str, answered_on: date, user=None, access=None, capped: bool = True
) -> Response:
    """Record one response with its answers (question id → option id or text). A paper response needs
    staff who may enter answers; a capped survey that is full raises ``SurveyFull``."""
    if channel == Response.Channel.PAPER and (access is None or not access.can("survey.enter")):
        raise PermissionDenied
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).first()  # one at a time against the cap
        if capped and survey.max_responses is not None and survey.responses.count() >= survey.max_responses:
            raise SurveyFull
        response = Response.objects.create(
            organization=survey.organization,
            survey=survey,
            channel=channel,
            answered_on=answered_on,
            entered_by=user if channel == Response.Channel.PAPER else None,
        )
        questions = {q.pk: q for q in survey.questions.prefetch_related("options")}
        rows = []
        for question_id, value in answers.items():
            question = questions[question_id]
            if question.kind == Question.Kind.TEXT:
                rows.append(Answer(organization=survey.organization, response=response, question=question, text=value))
            else:
                option = next(o for o in question.options.all() if o.pk == value)
                rows.append(
                    Answer(organization=survey.organization, response=response, question=question, option=option)
                )
        Answer.objects.bulk_create(rows)
    return response


# Abuse limits of the public address ---------------------------------------------------------------


@dataclass(frozen=True)
class RateLimit:
    answers: int
    minutes: int


def rate_limit() -> RateLimit:
    conf = getattr(settings, "TIDTAM_SURVEY_RATE_LIMIT", {})
    return RateLimit(answers=int(conf.get("answers", 5)), minutes=int(conf.get("minutes", 10)))


def _rate_key(address: str) -> str:
    return f"surveys:rate:{address}"


def over_rate_limit(address: str) -> bool:
    """Whether answers from this client address have reached the limit of the current window."""
    return (cache.get(_rate_key(address)) or 0) >= rate_limit().answers


def count_answer(address: str) -> None:
    """Count one answer from this address; the window starts with its first answer."""
    key = _rate_key(address)
    if not cache.add(key, 1, timeout=rate_limit().minutes * 60):
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.add(key, 1, timeout=rate_limit().minutes * 60)


def device_cookie(survey: Survey) -> str:
    return f"answered_{survey.token}"
