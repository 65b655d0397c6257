"""แบบที่ 1 pages: the year's self-assessment and the organization's item list. Everyone who reads the
plan reads them; planners and auditors (``self_assessment.edit``) fill them in and edit the items."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import versioning
from core.history import history_of
from evaluation import compare
from orgs.access import org_view
from reports import self_assessment as service
from reports.forms import SelfAssessmentForm, SelfAssessmentItemAddForm, SelfAssessmentItemForm
from reports.models import SelfAssessmentItem


def _can_edit(request) -> bool:
    return request.access.can(service.CAPABILITY)


def _refuse_write(request):
    if request.method == "POST" and not _can_edit(request):
        raise PermissionDenied


@org_view()
def assessment(request, year):
    """The year's form: each item done or not done, with a note; the report (HTML/XLSX/PDF) shows it."""
    if year not in compare.years_of(request.org):
        raise Http404
    _refuse_write(request)
    if request.method == "POST" and request.POST.get("start") and not service.started(request.org):
        service.self_assessment_start(org=request.org, access=request.access)
        return redirect("reports:form1_assessment", request.org.slug, year)
    started = service.started(request.org)
    record = service.assessment_of(request.org, year)
    lines = service.lines_of(request.org, record)
    form = SelfAssessmentForm(
        request.POST if request.method == "POST" and started else None,
        org=request.org,
        fiscal_year=year,
        lines=lines if started else [],
    )
    stale = None
    if request.method == "POST" and started:
        if form.is_valid():

            def save():
                return service.self_assessment_save(
                    org=request.org,
                    access=request.access,
                    user=request.user,
                    fiscal_year=year,
                    answers=form.answers(),
                )

            _saved, stale = versioning.save_or_stale(form, save=save)
            if stale is None:
                messages.success(request, _("Saved."))
                return redirect("reports:form1_assessment", request.org.slug, year)
        else:
            messages.error(request, _("Please correct the errors below; nothing was saved."))
    context = {
        "year": year,
        "years": compare.years_of(request.org),
        "form": form,
        "lines": lines,
        "started": started,
        "record": record,
        "stale": stale,
        "can_edit": _can_edit(request),
        "parts": SelfAssessmentItem.Part,
        "history": history_of(record) if record else [],
        "report_url": reverse("reports:page", args=[request.org.slug, "form1"]) + f"?year={year}",
    }
    return render(request, "reports/form1_assessment.html", context)


@org_view()
def items(request):
    """The organization's items: the defaults until the first change, then its own list."""
    _refuse_write(request)
    form = SelfAssessmentItemAddForm(request.POST if request.method == "POST" else None, org=request.org)
    if request.method == "POST":
        if request.POST.get("start"):
            service.self_assessment_start(org=request.org, access=request.access)
            return redirect("reports:form1_items", request.org.slug)
        if form.is_valid():
            service.self_assessment_item_add(
                org=request.org, access=request.access, part=form.cleaned_data["part"], text=form.cleaned_data["text"]
            )
            messages.success(request, _("Item added."))
            return redirect("reports:form1_items", request.org.slug)
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    context = {
        "items": service.items_of(request.org, retired=True),
        "started": service.started(request.org),
        "form": form,
        "can_edit": _can_edit(request),
        "parts": SelfAssessmentItem.Part,
        "years": compare.years_of(request.org),
    }
    return render(request, "reports/form1_items.html", context)


@org_view()
def item(request, pk):
    """Change an item's wording or part, or retire it (version-checked)."""
    found = get_object_or_404(SelfAssessmentItem.objects.for_org(request.org), pk=pk)
    _refuse_write(request)
    form = SelfAssessmentItemForm(request.POST if request.method == "POST" else None, instance=found, org=request.org)
    if not _can_edit(request):
        for field in form.fields.values():
            field.disabled = True
    stale = None
    if request.method == "POST":
        if form.is_valid():

            def save():
                data = form.cleaned_data
                return service.self_assessment_item_update(
                    org=request.org,
                    access=request.access,
                    item=found,
                    part=data["part"],
                    text=data["text"],
                    retired=data["retired"],
                )

            _saved, stale = versioning.save_or_stale(form, save=save)
            if stale is None:
                messages.success(request, _("Saved."))
                return redirect("reports:form1_items", request.org.slug)
        else:
            messages.error(request, _("Please correct the errors below; nothing was saved."))
    context = {
        "item": found,
        "form": form,
        "stale": stale,
        "can_edit": _can_edit(request),
        "history": history_of(found),
    }
    return render(request, "reports/form1_item.html", context)


@org_view(service.CAPABILITY)
@require_POST
def item_move(request, pk):
    found = get_object_or_404(SelfAssessmentItem.objects.for_org(request.org), pk=pk)
    direction = request.POST.get("direction")
    if direction not in (service.UP, service.DOWN):
        messages.error(request, _("Choose up or down."))
    else:
        service.self_assessment_item_move(org=request.org, access=request.access, item=found, direction=direction)
    return redirect(reverse("reports:form1_items", args=[request.org.slug]) + f"#item-{found.pk}")
