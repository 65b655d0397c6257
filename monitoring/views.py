"""Monitoring screens. Each view: access check (org_view) → selector, form and workflow function → template."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.calendar import current_fiscal_year
from core.forms import to_int
from core.money import share
from monitoring import evidence as evidence_files
from monitoring import selectors, workflow
from monitoring.forms import ExceptionForm, PolicyForm, ReportForm, ResultForm
from monitoring.models import Evidence, IndicatorResult, Notification, ProgressReport, ReportingPeriod, ReportState
from monitoring.periods import effective_state, ensure_periods, policy_for
from monitoring.rules import ReportContext
from orgs.access import org_view
from orgs.models import Department
from plans.models import Indicator, Project
from plans.selectors import plan_years


def _today():
    return timezone.localdate()


def _period(request, year, number):
    if 2500 <= year <= 2700:
        ensure_periods(request.org, year)
    return get_object_or_404(
        ReportingPeriod.objects.for_org(request.org),
        fiscal_year=year,
        number=number,
        kind=policy_for(request.org).period_kind,
    )


def _project(request, project_id):
    projects = request.access.scope_projects(Project.objects.for_org(request.org))
    return get_object_or_404(projects, pk=project_id)


# Periods -------------------------------------------------------------------------------------------


@org_view()
def index(request):
    """The year's periods with their state and how many reports are in, and departments over the year."""
    year = to_int(request.GET.get("year")) or current_fiscal_year()
    periods = ensure_periods(request.org, year)
    policy, today = policy_for(request.org), _today()
    planned = selectors.year_items(request.org, year).count()
    counts = {
        row["period_id"]: row
        for row in ProgressReport.objects.for_org(request.org)
        .filter(period__in=periods)
        .values("period_id")
        .annotate(
            submitted=Count("pk", filter=Q(state__in=selectors.SUBMITTED_STATES)),
            approved=Count("pk", filter=Q(state=ReportState.APPROVED)),
            returned=Count("pk", filter=Q(state=ReportState.RETURNED)),
        )
    }
    rows = [
        {
            "period": p,
            "state": effective_state(p, policy, today),
            "upcoming": today < p.opens_on,
            "counts": counts.get(p.pk, {}),
            "planned": planned,
        }
        for p in periods
    ]
    return render(
        request,
        "monitoring/index.html",
        {
            "year": year,
            "years": sorted(plan_years(request.org) | {year}, reverse=True),
            "rows": rows,
            "departments": _own_departments(request),
            "year_by_department": selectors.year_completeness(request.org, periods, today),
        },
    )


def _own_departments(request):
    departments = Department.objects.for_org(request.org)
    if not request.access.sees_all_departments:
        departments = departments.filter(pk__in=request.access.department_ids)
    return departments


@org_view()
def period_detail(request, year, number):
    period = _period(request, year, number)
    today = _today()
    rows = selectors.completeness(request.org, period, today)
    planned, on_time = sum(r["planned"] for r in rows), sum(r["on_time"] for r in rows)
    return render(
        request,
        "monitoring/period.html",
        {
            "period": period,
            "planned": planned,
            "on_time": on_time,
            "on_time_share": share(on_time, planned),
            "state": effective_state(period, policy_for(request.org), today),
            "rows": rows,
            "missing": selectors.missing_projects(request.org, period),
            "waiting": selectors.waiting_for_review(request.org, period),
            "exceptions": period.exceptions.select_related("department", "project", "granted_by"),
            "departments": _own_departments(request),
        },
    )


@org_view("period.manage")
@require_POST
def period_state(request, year, number):
    period = _period(request, year, number)
    try:
        workflow.period_set_state(
            period=period, access=request.access, state=request.POST.get("state", ""), today=_today()
        )
        messages.success(
            request, _("The period is now: %(state)s.") % {"state": period.__class__.State(request.POST["state"]).label}
        )
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    return redirect("monitoring:period", request.org.slug, year, number)


@org_view("period.manage")
def exception_create(request, year, number):
    period = _period(request, year, number)
    form = ExceptionForm(request.POST or None, org=request.org, initial={"until": _today() + timedelta(days=7)})
    if request.method == "POST" and form.is_valid():
        try:
            workflow.lock_exception_grant(period=period, access=request.access, user=request.user, **form.cleaned_data)
            messages.success(request, _("The period is reopened for the chosen department or project."))
            return redirect("monitoring:period", request.org.slug, year, number)
        except workflow.WorkflowError as error:
            form.add_error(None, str(error))
    title = _("Reopen %(period)s for one department or project") % {"period": period}
    back = reverse("monitoring:period", args=[request.org.slug, year, number])
    return render(request, "core/form.html", {"form": form, "title": title, "back": back})


@org_view("period.manage")
def policy_edit(request):
    form = PolicyForm(request.POST or None, instance=policy_for(request.org), org=request.org)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("monitoring:index", request.org.slug)
    back = reverse("monitoring:index", args=[request.org.slug])
    return render(request, "core/form.html", {"form": form, "title": _("Monitoring settings"), "back": back})


# Data entry ----------------------------------------------------------------------------------------


def bind(card, data=None):
    """Attach the report form and one result form per KPI to a card (bound to POST data if given)."""
    card.form = ReportForm(data, instance=card.report, context=card.context, prefix=f"r{card.project.pk}")
    card.result_forms = [
        ResultForm(data, indicator=kpi, result=card.results.get(kpi.pk), context=card.context)
        for kpi in card.indicators
    ]
    return card


def _cards(request, period, data=None, **which):
    """The period's data-entry cards with their forms (bound to ``data`` if given): the one way every page
    that shows or saves a card builds it (``which``: ``department_id`` or ``project_ids``)."""
    return [bind(card, data) for card in selectors.cards(request.org, period, request.access, _today(), **which)]


@org_view()
def department_entry(request, year, number, department_id):
    """One page per department and period: every project of the year, each filled in without leaving the page."""
    period = _period(request, year, number)
    department = get_object_or_404(_own_departments(request), pk=department_id)
    cards = _cards(request, period, department_id=department.pk)
    return render(
        request,
        "monitoring/entry.html",
        {
            "period": period,
            "department": department,
            "cards": cards,
            "state": effective_state(period, policy_for(request.org), _today()),
        },
    )


def _card(request, period, project, data=None):
    """The project's card for the period, its forms built (see ``_cards``); 404 when the year does not plan it."""
    cards = _cards(request, period, data, project_ids=[project.pk])
    if not cards:
        raise Http404  # the project is not in this year's action plan
    return cards[0]


def _card_response(request, card, period):
    if request.htmx:
        return render(request, "monitoring/_card.html", {"card": card, "period": period})
    anchor = f"#project-{card.project.pk}"
    entry = reverse(
        "monitoring:entry", args=[request.org.slug, period.fiscal_year, period.number, card.project.department_id]
    )
    return redirect(entry + anchor)


@org_view("report.edit")
@require_POST
def report_save(request, year, number, project_id):
    """Save the card's draft; with ``action=submit`` also submit it. The input is kept whatever goes wrong."""
    period = _period(request, year, number)
    project = _project(request, project_id)
    card = _card(request, period, project, request.POST)
    if not card.editable:
        card.error = _("This report cannot be changed now.")
        return _card_response(request, card, period)
    valid = [card.form.is_valid()] + [f.is_valid() for f in card.result_forms]  # validate all: show every error
    if not all(valid):
        card.error = _("Please correct the marked fields; nothing was saved.")
        return _card_response(request, card, period)
    try:
        report = card.report if card.report.pk else workflow.report_for(period=period, project=project)
        report = workflow.report_save(
            report=report,
            access=request.access,
            user=request.user,
            form=card.form,
            result_forms=card.result_forms,
            today=_today(),
        )
    except workflow.Conflict as conflict:
        card.conflict = conflict
        return _card_response(request, card, period)
    except workflow.WorkflowError as error:
        card.error = str(error)
        return _card_response(request, card, period)
    message, error = _("Draft saved."), None
    if request.POST.get("action") == "submit":
        try:
            workflow.report_submit(report=report, access=request.access, user=request.user, today=_today())
            message = _("Submitted for review.")
        except workflow.WorkflowError as refused:
            error = str(refused)
    card = _card(request, period, project)
    card.success, card.error = message, error
    if not request.htmx:
        messages.success(request, message)
        if error:
            messages.error(request, error)
    return _card_response(request, card, period)


@org_view()
def report_detail(request, year, number, project_id):
    period = _period(request, year, number)
    project = _project(request, project_id)
    card = _card(request, period, project)
    report = card.report
    return render(
        request,
        "monitoring/report.html",
        {
            "period": period,
            "card": card,
            "report": report,
            "timeline": selectors.timeline(report) if report.pk else [],
            "can_review": request.access.can("report.review") and report.state == ReportState.SUBMITTED,
        },
    )


@org_view("report.review")
@require_POST
def report_review(request, year, number, project_id):
    period = _period(request, year, number)
    project = _project(request, project_id)
    report = get_object_or_404(ProgressReport.objects.for_org(request.org), period=period, project=project)
    try:
        if request.POST.get("action") == "approve":
            workflow.report_approve(report=report, access=request.access, user=request.user)
            messages.success(request, _("Approved."))
        else:
            workflow.report_return(
                report=report, access=request.access, user=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Returned to the department with your reason."))
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect("monitoring:report", request.org.slug, year, number, project_id)


# Evidence ------------------------------------------------------------------------------------------


@org_view("report.edit")
@require_POST
def evidence_upload(request, year, number, project_id):
    """Add files to a report; each refused file gets its own message and changes nothing else."""
    period = _period(request, year, number)
    project = _project(request, project_id)
    card = _card(request, period, project)
    errors = []
    if not card.editable:
        errors.append(_("This report cannot be changed now."))
    else:
        report = card.report if card.report.pk else workflow.report_for(period=period, project=project)
        for uploaded in request.FILES.getlist("files"):
            try:
                evidence_files.add_evidence(report=report, uploaded=uploaded, user=request.user)
            except evidence_files.EvidenceError as error:
                errors.append(str(error))
    card = _card(request, period, project)
    card.evidence_errors = errors
    return _evidence_response(request, card, period, errors)


def _evidence_response(request, card, period, errors):
    """Only the evidence part is replaced: what the person typed in the report form stays as it is."""
    if request.htmx:
        return render(request, "monitoring/_evidence.html", {"card": card, "period": period})
    for error in errors:
        messages.error(request, error)
    return _card_response(request, card, period)


def _evidence(request, pk):
    evidence = get_object_or_404(Evidence.objects.for_org(request.org).select_related("report__project"), pk=pk)
    _project(request, evidence.report.project_id)  # a reporter sees only their department's files
    return evidence


@org_view()
def evidence_file(request, pk):
    return evidence_files.attachment_response(_evidence(request, pk))


@org_view()
def evidence_thumbnail(request, pk):
    evidence = _evidence(request, pk)
    if not evidence.thumbnail:
        raise Http404
    return evidence_files.attachment_response(evidence, thumbnail=True)


@org_view("report.edit")
@require_POST
def evidence_delete(request, pk):
    evidence = _evidence(request, pk)
    report = evidence.report
    period, project = report.period, report.project
    card = _card(request, period, project)
    errors = []
    if card.editable:
        evidence_files.remove_evidence(evidence=evidence, user=request.user)
        card = _card(request, period, project)
    else:
        errors = [_("This report cannot be changed now.")]
    card.evidence_errors = errors
    return _evidence_response(request, card, period, errors)


# Results of organization and strategy KPIs ---------------------------------------------------------


@org_view()
def org_results(request, year, number):
    """Results of KPIs that no single project owns, entered by the audit unit or an executive."""
    period = _period(request, year, number)
    indicators = list(
        Indicator.objects.for_org(request.org)
        .filter(project__isnull=True)
        .select_related("strategy", "goal")
        .order_by("strategy__number", "goal__number", "order", "pk")
    )
    results = {
        r.indicator_id: r for r in IndicatorResult.objects.for_org(request.org).filter(period=period, report=None)
    }
    can_enter = request.access.can("result.org")
    data = request.POST if request.method == "POST" and can_enter else None
    forms = [ResultForm(data, indicator=k, result=results.get(k.pk), context=ReportContext()) for k in indicators]
    if data is not None:
        valid = [f.is_valid() for f in forms]  # validate all: show every error
        if all(valid):
            try:
                for form in forms:
                    if form.has_changed():
                        workflow.org_result_save(
                            period=period,
                            indicator=form.indicator,
                            access=request.access,
                            user=request.user,
                            form=form,
                            today=_today(),
                        )
                messages.success(request, _("Saved."))
                return redirect("monitoring:org_results", request.org.slug, year, number)
            except workflow.WorkflowError as error:
                messages.error(request, str(error))
        else:
            messages.error(request, _("Please correct the marked fields; nothing was saved."))
    return render(request, "monitoring/org_results.html", {"period": period, "forms": forms, "can_enter": can_enter})


# Notifications -------------------------------------------------------------------------------------


@login_required
def notifications(request):
    """The user's notifications, newest first; opening the page marks them read."""
    items = list(Notification.objects.filter(user=request.user).select_related("organization")[:100])
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return render(request, "monitoring/notifications.html", {"items": items})
