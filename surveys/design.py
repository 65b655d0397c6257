"""Designing a survey: create one (blank or from a DLA template), its sections and questions, and a new
version of a survey whose questions are frozen by its answers.

One function per step, keyword-only, each checking the person's access and running in one transaction.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from plans.models import DevelopmentPlan, Strategy
from surveys.models import Option, Question, Section, Survey
from surveys.templates import ITEMS, PROFILE, PROFILE_TITLE, RATING_SCALES, SUGGESTIONS, TEMPLATES

EDIT = "survey.edit"


class SurveyFrozen(Exception):
    """The survey has answers: its questions can no longer change (make a new version instead)."""

    def __str__(self):
        return _("This survey already has answers, so its questions cannot change. Make a new version of it instead.")


def _allowed(access, org) -> None:
    if access is None or access.org.pk != org.pk or not access.can(EDIT):
        raise PermissionDenied


def is_frozen(survey: Survey) -> bool:
    return survey.pk is not None and survey.responses.exists()


def _not_frozen(survey: Survey) -> None:
    Survey.objects.select_for_update().filter(pk=survey.pk).first()  # answers wait for the change
    if is_frozen(survey):
        raise SurveyFrozen


def status(survey: Survey, today: date) -> str:
    """``"not_open"``, ``"open"`` or ``"closed"`` on ``today``."""
    if survey.opens_on and today < survey.opens_on:
        return "not_open"
    if survey.closes_on and today > survey.closes_on:
        return "closed"
    return "open"


def set_options(question: Question, labels: list[str]) -> None:
    """The question's options: the scale of a rating kind, the given labels of a choice, none for text."""
    question.options.all().delete()
    if question.kind in RATING_SCALES:
        pairs = RATING_SCALES[question.kind]
    elif question.kind == Question.Kind.CHOICE:
        pairs = [(label, None) for label in labels]
    else:
        pairs = []
    Option.objects.bulk_create(
        Option(organization=question.organization, question=question, number=n, label=label, score=score)
        for n, (label, score) in enumerate(pairs, start=1)
    )


def _next_number(survey: Survey) -> int:
    return (survey.questions.aggregate(top=Max("number"))["top"] or 0) + 1


def _add_section(survey: Survey, title: str, strategy=None) -> Section:
    number = (survey.sections.aggregate(top=Max("number"))["top"] or 0) + 1
    return Section.objects.create(
        organization=survey.organization, survey=survey, number=number, title=title, strategy=strategy
    )


def _add_question(survey, section, text, kind, *, labels=(), profile=False, required=True) -> Question:
    question = Question.objects.create(
        organization=survey.organization,
        survey=survey,
        section=section,
        number=_next_number(survey),
        text=text,
        kind=kind,
        profile=profile,
        required=required,
    )
    set_options(question, list(labels))
    return question


def strategies_for(org, fiscal_year: int):
    """The strategies of the development plan that covers the fiscal year (the latest such plan)."""
    plan = (
        DevelopmentPlan.objects.for_org(org)
        .filter(first_year__lte=fiscal_year, last_year__gte=fiscal_year)
        .order_by("-first_year")
        .first()
    )
    return Strategy.objects.for_org(org).filter(plan=plan) if plan else Strategy.objects.none()


@transaction.atomic
def survey_create(*, org, values: dict, template: str = "", user, access) -> Survey:
    """A new survey with the given settings; from a DLA template (``"3/2"`` or ``"3/3"``) it gets the
    template's sections and questions, and its title and introduction where none were given."""
    _allowed(access, org)
    values = dict(values)
    spec = TEMPLATES.get(template)
    if spec:
        values["title"] = values.get("title") or spec["title"]
        values["introduction"] = values.get("introduction") or spec["introduction"]
        values["form"] = template
    survey = Survey.objects.create(organization=org, created_by=user, **values)
    if spec:
        profile = _add_section(survey, PROFILE_TITLE)
        for text, labels in PROFILE:
            _add_question(survey, profile, text, Question.Kind.CHOICE, labels=labels, profile=True)
        if spec["per_strategy"]:
            strategies = list(strategies_for(org, survey.fiscal_year))
            for strategy in strategies:
                title = spec["items_title"].format(number=strategy.number, name=strategy.name)
                section = _add_section(survey, title[:255], strategy)
                for text in ITEMS:
                    _add_question(survey, section, text, spec["items_kind"])
        else:
            section = _add_section(survey, spec["items_title"])
            for text in ITEMS:
                _add_question(survey, section, text, spec["items_kind"])
        last = _add_section(survey, SUGGESTIONS)
        _add_question(survey, last, SUGGESTIONS, Question.Kind.TEXT, required=False)
    return survey


@transaction.atomic
def survey_new_version(*, survey: Survey, user, access) -> Survey:
    """A copy of the survey (its sections, questions and options, not its answers) as the next version:
    ``previous`` points to it, ``version`` is one more, and it gets a public address of its own."""
    _allowed(access, survey.organization)
    org = survey.organization
    copy = Survey.objects.create(
        organization=org,
        title=survey.title,
        introduction=survey.introduction,
        form=survey.form,
        fiscal_year=survey.fiscal_year,
        project=survey.project,
        opens_on=survey.opens_on,
        closes_on=survey.closes_on,
        max_responses=survey.max_responses,
        one_per_device=survey.one_per_device,
        previous=survey,
        version=(Survey.objects.filter(organization=org, pk__in=_lineage(survey)).aggregate(v=Max("version"))["v"] or 1)
        + 1,
        created_by=user,
    )
    sections = {}
    for section in survey.sections.all():
        sections[section.pk] = Section.objects.create(
            organization=org, survey=copy, number=section.number, title=section.title, strategy=section.strategy
        )
    for question in survey.questions.prefetch_related("options"):
        new = Question.objects.create(
            organization=org,
            survey=copy,
            section=sections.get(question.section_id),
            number=question.number,
            text=question.text,
            kind=question.kind,
            required=question.required,
            profile=question.profile,
        )
        Option.objects.bulk_create(
            Option(organization=org, question=new, number=o.number, label=o.label, score=o.score)
            for o in question.options.all()
        )
    return copy


def _lineage(survey: Survey) -> list[int]:
    """The ids of the survey's versions: its earlier ones and every later one made from them."""
    root = survey
    seen = {root.pk}
    while root.previous_id and root.previous_id not in seen:
        root = root.previous
        seen.add(root.pk)
    ids, frontier = {root.pk}, [root.pk]
    while frontier:
        frontier = list(
            Survey.objects.filter(previous_id__in=frontier).exclude(pk__in=ids).values_list("pk", flat=True)
        )
        ids.update(frontier)
    return list(ids)


@transaction.atomic
def survey_delete(*, survey: Survey, access) -> None:
    """Delete a survey that has no answers (one with answers is kept: its results are the record)."""
    _allowed(access, survey.organization)
    _not_frozen(survey)
    survey.delete()  # ProtectedError while a KPI takes its result from it


@transaction.atomic
def section_save(*, survey: Survey, section: Section | None, title: str, strategy, access) -> Section:
    _allowed(access, survey.organization)
    if section is None:
        return _add_section(survey, title, strategy)
    section.title, section.strategy = title, strategy
    section.save()
    return section


@transaction.atomic
def question_save(*, survey: Survey, question: Question | None, values: dict, labels: list[str], access) -> Question:
    """Add a question (last of the survey) or change one, with its options; refused once the survey has
    answers."""
    _allowed(access, survey.organization)
    _not_frozen(survey)
    if question is None:
        question = Question(organization=survey.organization, survey=survey, number=_next_number(survey))
    for name, value in values.items():
        setattr(question, name, value)
    question.save()
    set_options(question, labels)
    return question


@transaction.atomic
def question_delete(*, question: Question, access) -> None:
    survey = question.survey
    _allowed(access, survey.organization)
    _not_frozen(survey)
    number = question.number
    question.delete()
    for later in survey.questions.filter(number__gt=number).order_by("number"):
        later.number -= 1
        later.save(update_fields=["number"])


@transaction.atomic
def question_move(*, question: Question, up: bool, access) -> None:
    """Swap the question with the one before (``up``) or after it in its section."""
    survey = question.survey
    _allowed(access, survey.organization)
    _not_frozen(survey)
    siblings = survey.questions.filter(section=question.section)
    neighbour = (
        siblings.filter(number__lt=question.number).order_by("-number").first()
        if up
        else siblings.filter(number__gt=question.number).order_by("number").first()
    )
    if neighbour is None:
        return
    mine, theirs = question.number, neighbour.number
    question.number = 0  # free the number while the two swap (numbers are unique in a survey)
    question.save(update_fields=["number"])
    neighbour.number = mine
    neighbour.save(update_fields=["number"])
    question.number = theirs
    question.save(update_fields=["number"])
