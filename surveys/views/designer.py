"""The survey designer: the list of surveys, a survey's page, its settings, sections and questions."""

from django.contrib import messages
from django.db.models import Count, ProtectedError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import versioning
from orgs.access import org_view
from surveys import design
from surveys.answering import questions_of
from surveys.forms import NewSurveyForm, QuestionForm, SectionForm, SurveyForm
from surveys.models import Question, Response, Section, Survey
from surveys.poster import public_url


def _survey(request, pk) -> Survey:
    return get_object_or_404(Survey.objects.for_org(request.org), pk=pk)


@org_view()
def survey_list(request):
    surveys = (
        Survey.objects.for_org(request.org)
        .select_related("project")
        .annotate(answers=Count("responses"))
        .order_by("-fiscal_year", "title", "-version")
    )
    today = timezone.localdate()
    rows = [(survey, design.status(survey, today)) for survey in surveys]
    return render(
        request,
        "surveys/survey_list.html",
        {"rows": rows, "can_edit": request.access.can(design.EDIT)},
    )


@org_view(design.EDIT)
def survey_create(request):
    form = NewSurveyForm(request.POST or None, org=request.org)
    if request.method == "POST":
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in SurveyForm.Meta.fields}
            survey = design.survey_create(
                org=request.org,
                values=values,
                template=form.cleaned_data.get("template") or "",
                user=request.user,
                access=request.access,
            )
            messages.success(request, _("The survey was created."))
            return redirect("surveys:survey_detail", request.org.slug, survey.pk)
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    return render(
        request,
        "surveys/survey_form.html",
        {"form": form, "title": _("New survey"), "back": reverse("surveys:survey_list", args=[request.org.slug])},
    )


@org_view()
def survey_detail(request, pk):
    survey = _survey(request, pk)
    questions = questions_of(survey)
    sections = list(survey.sections.select_related("strategy"))
    by_section = {section.pk: [] for section in sections}
    loose = []
    for question in questions:
        by_section.get(question.section_id, loose).append(question)
    counts = dict(
        survey.responses.values_list("channel").annotate(n=Count("pk")).order_by().values_list("channel", "n")
    )
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "groups": [(s, by_section[s.pk]) for s in sections] + ([(None, loose)] if loose else []),
            "frozen": design.is_frozen(survey),
            "status": design.status(survey, timezone.localdate()),
            "public_url": public_url(survey),
            "web_count": counts.get(Response.Channel.WEB, 0),
            "paper_count": counts.get(Response.Channel.PAPER, 0),
            "can_edit": request.access.can(design.EDIT),
            "can_enter": request.access.can("survey.enter"),
            "versions": survey.next_versions.all(),
        },
    )


@org_view(design.EDIT)
def survey_edit(request, pk):
    survey = _survey(request, pk)
    form = SurveyForm(request.POST or None, instance=survey, org=request.org)
    stale = None
    if request.method == "POST":
        if form.is_valid():
            _saved, stale = versioning.save_or_stale(form)
            if stale is None:
                messages.success(request, _("Saved."))
                return redirect("surveys:survey_detail", request.org.slug, survey.pk)
        else:
            messages.error(request, _("Please correct the errors below; nothing was saved."))
    return render(
        request,
        "surveys/survey_form.html",
        {
            "form": form,
            "survey": survey,
            "stale": stale,
            "title": _("Survey settings"),
            "back": reverse("surveys:survey_detail", args=[request.org.slug, survey.pk]),
        },
    )


@org_view(design.EDIT)
@require_POST
def survey_new_version(request, pk):
    survey = _survey(request, pk)
    copy = design.survey_new_version(survey=survey, user=request.user, access=request.access)
    messages.success(
        request,
        _("Version %(version)s was made. Change its questions, then share its own address.")
        % {"version": copy.version},
    )
    return redirect("surveys:survey_detail", request.org.slug, copy.pk)


@org_view(design.EDIT)
@require_POST
def survey_delete(request, pk):
    survey = _survey(request, pk)
    try:
        design.survey_delete(survey=survey, access=request.access)
    except design.SurveyFrozen:
        messages.error(request, _("A survey with answers cannot be deleted: its answers are the record."))
        return redirect("surveys:survey_detail", request.org.slug, survey.pk)
    except ProtectedError:
        messages.error(request, _("An indicator takes its result from this survey; remove that link first."))
        return redirect("surveys:survey_detail", request.org.slug, survey.pk)
    messages.success(request, _("The survey was deleted."))
    return redirect("surveys:survey_list", request.org.slug)


def _section_page(request, survey, section):
    form = SectionForm(request.POST or None, instance=section or Section(survey=survey), org=request.org)
    stale = None
    if request.method == "POST":
        if form.is_valid():
            _saved, stale = versioning.save_or_stale(
                form,
                save=lambda: design.section_save(
                    survey=survey,
                    section=section,
                    title=form.cleaned_data["title"],
                    strategy=form.cleaned_data["strategy"],
                    access=request.access,
                ),
            )
            if stale is None:
                messages.success(request, _("Saved."))
                return redirect("surveys:survey_detail", request.org.slug, survey.pk)
        else:
            messages.error(request, _("Please correct the errors below; nothing was saved."))
    return render(
        request,
        "surveys/survey_form.html",
        {
            "form": form,
            "survey": survey,
            "stale": stale,
            "title": _("Edit part") if section else _("New part"),
            "back": reverse("surveys:survey_detail", args=[request.org.slug, survey.pk]),
        },
    )


@org_view(design.EDIT)
def section_create(request, pk):
    return _section_page(request, _survey(request, pk), None)


@org_view(design.EDIT)
def section_edit(request, pk, section_id):
    survey = _survey(request, pk)
    return _section_page(request, survey, get_object_or_404(survey.sections, pk=section_id))


def _question_page(request, survey, question):
    back = reverse("surveys:survey_detail", args=[request.org.slug, survey.pk])
    if design.is_frozen(survey):
        messages.error(request, str(design.SurveyFrozen()))
        return redirect(back)
    initial = {}
    if question is None and request.GET.get("section", "").isdigit():
        initial["section"] = int(request.GET["section"])
    form = QuestionForm(
        request.POST or None,
        instance=question or Question(survey=survey),
        org=request.org,
        survey=survey,
        initial=initial,
    )
    stale = None
    if request.method == "POST":
        if form.is_valid():
            try:
                _saved, stale = versioning.save_or_stale(
                    form,
                    save=lambda: design.question_save(
                        survey=survey,
                        question=question,
                        values=form.values(),
                        labels=form.labels(),
                        access=request.access,
                    ),
                )
            except design.SurveyFrozen as frozen:
                messages.error(request, str(frozen))
                return redirect(back)
            if stale is None:
                messages.success(request, _("Saved."))
                return redirect(back)
        else:
            messages.error(request, _("Please correct the errors below; nothing was saved."))
    return render(
        request,
        "surveys/question_form.html",
        {
            "form": form,
            "survey": survey,
            "question": question,
            "stale": stale,
            "title": _("Edit question %(number)s") % {"number": question.number} if question else _("New question"),
            "back": back,
        },
    )


@org_view(design.EDIT)
def question_create(request, pk):
    return _question_page(request, _survey(request, pk), None)


@org_view(design.EDIT)
def question_edit(request, pk, question_id):
    survey = _survey(request, pk)
    return _question_page(request, survey, get_object_or_404(survey.questions, pk=question_id))


@org_view(design.EDIT)
@require_POST
def question_delete(request, pk, question_id):
    survey = _survey(request, pk)
    question = get_object_or_404(survey.questions, pk=question_id)
    try:
        design.question_delete(question=question, access=request.access)
    except design.SurveyFrozen as frozen:
        messages.error(request, str(frozen))
    except ProtectedError:
        messages.error(request, _("An indicator takes its result from this question; remove that link first."))
    else:
        messages.success(request, _("The question was deleted."))
    return redirect("surveys:survey_detail", request.org.slug, survey.pk)


@org_view(design.EDIT)
@require_POST
def question_move(request, pk, question_id):
    survey = _survey(request, pk)
    question = get_object_or_404(survey.questions, pk=question_id)
    try:
        design.question_move(question=question, up=request.POST.get("direction") == "up", access=request.access)
    except design.SurveyFrozen as frozen:
        messages.error(request, str(frozen))
    return redirect(reverse("surveys:survey_detail", args=[request.org.slug, survey.pk]) + f"#question-{question.pk}")
