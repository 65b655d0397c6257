"""Evaluation records: the seed's four phases, written by the audit unit / M&E committee."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import pages, params, versioning
from core.calendar import current_fiscal_year
from core.history import history_of
from evaluation import services
from evaluation.forms import EvaluationForm, FactorFormSetFactory, evaluation_input
from evaluation.models import Evaluation, Factor, Round
from evaluation.summary import data_summary
from orgs.access import org_view
from plans.models import Project, Strategy


def _evaluations(request):
    return Evaluation.objects.for_org(request.org).select_related("project", "strategy", "approved_by")


@org_view()
def evaluation_list(request):
    evaluations = _evaluations(request)
    year = params.fiscal_year(request.GET)
    if year:
        evaluations = evaluations.filter(fiscal_year=year)
    page = pages.paginate(evaluations, request.GET)
    return render(request, "evaluation/evaluation_list.html", {"page": page, "year": year})


def _form_page(request, evaluation, *, title, initial=None):
    form = EvaluationForm(request.POST or None, instance=evaluation, org=request.org, initial=initial)
    factors = FactorFormSetFactory(request.POST or None, instance=evaluation, org=request.org)
    form.factors = factors
    stale = None
    if request.method == "POST" and form.is_valid() and factors.is_valid():
        saved, stale = versioning.save_or_stale(
            form,
            save=lambda: services.evaluation_save(
                evaluation=evaluation, **evaluation_input(form, factors), access=request.access, user=request.user
            ),
        )
        if stale is None:
            messages.success(request, _("Saved."))
            return redirect("evaluation:evaluation_detail", request.org.slug, saved.pk)
    elif request.method == "POST":
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    back = reverse("evaluation:evaluation_list", args=[request.org.slug])
    return render(
        request,
        "evaluation/evaluation_form.html",
        {"form": form, "factors": factors, "title": title, "back": back, "stale": stale},
    )


@org_view("evaluation.edit")
def evaluation_create(request):
    """A new evaluation; ?project= or ?strategy=, ?year= and ?round= preset its subject."""
    initial = {"fiscal_year": current_fiscal_year() - 1, "round": Round.YEAR}
    asked = {
        "project": params.object_id(request.GET, "project"),
        "strategy": params.object_id(request.GET, "strategy"),
        "fiscal_year": params.fiscal_year(request.GET),
        "round": params.choice(request.GET, "round", Round.values),
    }
    initial.update({key: value for key, value in asked.items() if value is not None})
    evaluation = Evaluation(organization=request.org)
    subject = _subject(request, initial)
    if subject is not None:
        initial["summary"] = subject.text()
    return _form_page(request, evaluation, title=_("New evaluation"), initial=initial)


def _subject(request, initial):
    """The data summary of the subject named in the query string, to start the narrative from."""
    project = strategy = None
    if "project" in initial:
        project = (
            request.access.scope_projects(Project.objects.for_org(request.org)).filter(pk=initial["project"]).first()
        )
        if project is None:
            return None
    if "strategy" in initial:
        strategy = Strategy.objects.for_org(request.org).filter(pk=initial["strategy"]).first()
        if strategy is None:
            return None
    return data_summary(
        request.org, fiscal_year=initial["fiscal_year"], round=initial["round"], project=project, strategy=strategy
    )


@org_view()
def evaluation_detail(request, pk):
    evaluation = get_object_or_404(_evaluations(request), pk=pk)
    if evaluation.project_id:  # a reporter sees the evaluations of their own department's projects
        get_object_or_404(
            request.access.scope_projects(evaluation.project.__class__.objects.filter(pk=evaluation.project_id))
        )
    factors = list(evaluation.factors.all())
    return render(
        request,
        "evaluation/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "supporting": [f for f in factors if f.kind == Factor.Kind.SUPPORTING],
            "hindering": [f for f in factors if f.kind == Factor.Kind.HINDERING],
            "findings": evaluation.findings.select_related("owner"),
            "data": data_summary(
                request.org,
                fiscal_year=evaluation.fiscal_year,
                round=evaluation.round,
                project=evaluation.project,
                strategy=evaluation.strategy,
            ),
            "history": history_of(evaluation, parts=[Factor.history.filter(evaluation_id=evaluation.pk)]),
        },
    )


@org_view("evaluation.edit")
def evaluation_edit(request, pk):
    evaluation = get_object_or_404(_evaluations(request), pk=pk)
    return _form_page(request, evaluation, title=_("Edit evaluation"))


@org_view("evaluation.edit")
@require_POST
def evaluation_approve(request, pk):
    evaluation = get_object_or_404(_evaluations(request), pk=pk)
    services.evaluation_approve(evaluation=evaluation, access=request.access, user=request.user)
    messages.success(request, _("The evaluation is approved."))
    return redirect("evaluation:evaluation_detail", request.org.slug, pk)
