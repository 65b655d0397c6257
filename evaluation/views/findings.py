"""The register of findings and recommendations: list, record, follow up until a later plan uses them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core import pages, tables, versioning
from core.calendar import current_fiscal_year
from core.history import history_of
from evaluation import findings as register_of
from evaluation.forms_findings import FindingForm, FollowUpForm
from evaluation.models import Finding, FollowUp
from orgs.access import org_view
from orgs.models import Department


@org_view()
def finding_list(request):
    access, org = request.access, request.org
    filters = register_of.Filters.from_query(request.GET)
    today = timezone.localdate()
    rows = register_of.register(org, access, filters, today=today)
    if tables.wants_xlsx(request):
        return _finding_list_xlsx(request, rows)
    page = pages.paginate(rows, request.GET)
    departments = access.scope_departments(Department.objects.for_org(org))
    used, not_used = register_of.use_counts(org, access=access)
    return render(
        request,
        "evaluation/finding_list.html",
        {
            "page": page,
            "filters": filters,
            "years": sorted({*register_of.years(org), current_fiscal_year()}, reverse=True),
            "departments": departments,
            "statuses": Finding.Status.choices,
            "priorities": Finding.Priority.choices,
            "used": used,
            "not_used": not_used,
            "overdue_count": register_of.overdue(org, today).filter(pk__in=register_of.visible(org, access)).count(),
            "today": today,
        },
    )


FINDING_COLUMNS = [
    tables.Col(gettext_lazy("Kind"), 14),
    tables.Col(gettext_lazy("Finding or recommendation"), 50),
    tables.Col(gettext_lazy("Source"), 20),
    tables.Col(gettext_lazy("Projects"), 14),
    tables.Col(gettext_lazy("Raised"), 10),
    tables.Col(gettext_lazy("Owner"), 18),
    tables.Col(gettext_lazy("Priority"), 10),
    tables.Col(gettext_lazy("Due"), 14),
    tables.Col(gettext_lazy("Overdue"), 10),
    tables.Col(gettext_lazy("Status"), 14),
    tables.Col(gettext_lazy("Used in the plan by"), 16),
]


def _finding_list_xlsx(request, rows):
    """The register's table, every row under the page's scope and filters."""
    table = (
        [
            f.get_kind_display(),
            f.title,
            f.get_source_display(),
            "\n".join(p.code for p in f.projects.all()),
            f.fiscal_year,
            (f.owner.short_name or f.owner.name) if f.owner else None,
            f.get_priority_display(),
            f.due_on,
            bool(f.is_overdue),
            f.get_status_display(),
            "\n".join(p.code for p in f.used_in.all()),
        ]
        for f in rows
    )
    title = _("Findings and recommendations")
    return tables.download("findings", title, FINDING_COLUMNS, table, lines=[request.org.name])


@org_view("evaluation.edit")
def finding_create(request):
    form = FindingForm(request.POST or None, org=request.org)
    return _form_page(request, form, title=_("New finding or recommendation"))


@org_view("evaluation.edit")
def finding_edit(request, pk):
    finding = get_object_or_404(Finding.objects.for_org(request.org), pk=pk)
    form = FindingForm(request.POST or None, instance=finding, org=request.org)
    return _form_page(request, form, title=_("Edit finding or recommendation"), finding=finding)


def _form_page(request, form, *, title, finding=None):
    stale = None
    if request.method == "POST" and form.is_valid():
        saved, stale = versioning.save_or_stale(form)
        if stale is None:
            messages.success(request, _("Saved."))
            return redirect("evaluation:finding_detail", request.org.slug, saved.pk)
    elif request.method == "POST":
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    back = (
        reverse("evaluation:finding_detail", args=[request.org.slug, finding.pk])
        if finding
        else reverse("evaluation:finding_list", args=[request.org.slug])
    )
    return render(
        request,
        "evaluation/finding_form.html",
        {"form": form, "title": title, "back": back, "finding": finding, "stale": stale},
    )


@org_view()
def finding_detail(request, pk):
    return _detail_page(request, pk, FollowUpForm())


@org_view("finding.follow_up")
@require_POST
def follow_up_add(request, pk):
    finding = get_object_or_404(Finding.objects.for_org(request.org), pk=pk)
    if not register_of.may_follow_up(request.access, finding):
        raise PermissionDenied
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please correct the errors below; nothing was saved."))
        return _detail_page(request, pk, form)
    data = form.cleaned_data
    register_of.follow_up(finding=finding, on=data["on"], note=data["note"], author=request.user, status=data["status"])
    messages.success(request, _("The follow-up was recorded."))
    return redirect("evaluation:finding_detail", request.org.slug, finding.pk)


def _detail_page(request, pk, form):
    finding = register_of.page_of(request.org, request.access, pk)
    if finding is None:
        raise Http404
    history = register_of.readable_history(history_of(finding, parts=[FollowUp.history.filter(finding_id=finding.pk)]))
    today = timezone.localdate()
    return render(
        request,
        "evaluation/finding_detail.html",
        {
            "finding": finding,
            "is_overdue": bool(finding.due_on and finding.due_on < today and finding.status in register_of.STILL_OPEN),
            "may_follow_up": register_of.may_follow_up(request.access, finding),
            "form": form,
            "history": history,
        },
    )
