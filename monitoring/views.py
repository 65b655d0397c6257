"""Monitoring screens. Each view: access check (org_view) → selector, form and workflow function → template."""

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from core import pages, params, tables, versioning
from core.calendar import current_fiscal_year
from core.dates import format_be
from core.money import share
from monitoring import evidence as evidence_files
from monitoring import selectors, workflow
from monitoring.forms import ExceptionForm, PolicyForm, ReportForm, ResultForm, ResultRows, report_input
from monitoring.models import Evidence, IndicatorResult, Notification, ProgressReport, ReportingPeriod, ReportState
from monitoring.periods import effective_state, ensure_periods, is_set_up, policy_for, year_periods
from monitoring.rules import ReportContext
from orgs.access import org_view
from orgs.models import Department
from plans.models import Indicator, Project
from plans.selectors import plan_years


def _today():
    return timezone.localdate()


def url_period(request, year, number):
    """The period of the URL; 404 until the year is set up. A write (POST) sets the year up first: the
    periods are created by the first write, never by a read."""
    if request.method == "POST":
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
    year = params.fiscal_year(request.GET, default=current_fiscal_year())
    periods = year_periods(request.org, year)
    saved, set_up = [p for p in periods if p.pk], is_set_up(periods)
    policy, today = policy_for(request.org), _today()
    planned = selectors.year_items(request.org, year).count()
    counts = {
        row["period_id"]: row
        for row in ProgressReport.objects.for_org(request.org)
        .filter(period__in=saved)
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
            "set_up": set_up,
            "departments": own_departments(request),
            "year_by_department": selectors.year_completeness(request.org, periods, today) if set_up else [],
        },
    )


@org_view("period.manage")
@require_POST
def year_set_up(request, year):
    """Set up a year's reporting periods ahead of its first report (a year's action plan sets them up too)."""
    ensure_periods(request.org, year)
    messages.success(request, _("The reporting periods of fiscal year %(year)s are set up.") % {"year": year})
    return redirect(reverse("monitoring:index", args=[request.org.slug]) + f"?year={year}")


def own_departments(request):
    return request.access.scope_departments(Department.objects.for_org(request.org))


COMPLETENESS_COLUMNS = [
    tables.Col(gettext_lazy("Department"), 30),
    tables.Col(gettext_lazy("Projects"), 10),
    tables.Col(gettext_lazy("Submitted"), 10),
    tables.Col(gettext_lazy("On time"), 10),
    tables.Col(gettext_lazy("Late"), 10),
    tables.Col(gettext_lazy("Approved"), 10),
    tables.Col(gettext_lazy("Returned"), 10),
    tables.Col(gettext_lazy("Not submitted"), 12),
    tables.Col(gettext_lazy("Overdue"), 10),
]


def _completeness_xlsx(request, period, rows):
    """The period's completeness table, as the page shows it."""
    keys = ("planned", "submitted", "on_time", "late", "approved", "returned", "missing", "overdue")
    table = ([row["department"].name, *[row[key] for key in keys]] for row in rows)
    lines = [request.org.name, f"{_('deadline')} {format_be(period.deadline)}"]
    name = f"completeness-{period.fiscal_year}-{period.number}"
    return tables.download(name, f"{_('Completeness')} {period}", COMPLETENESS_COLUMNS, table, lines=lines)


@org_view()
def period_detail(request, year, number):
    period = url_period(request, year, number)
    today = _today()
    rows = selectors.completeness(request.org, period, today)
    if tables.wants_xlsx(request):
        return _completeness_xlsx(request, period, rows)
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
            # Two lists that grow with the projects, each paged on its own (?waiting_page=, ?missing_page=).
            "missing": pages.paginate(
                selectors.missing_projects(request.org, period, request.access), request.GET, name="missing_page"
            ),
            "waiting": pages.paginate(
                selectors.waiting_for_review(request.org, period, request.access), request.GET, name="waiting_page"
            ),
            "can_review": request.access.can("report.review"),
            "exceptions": period.exceptions.select_related("department", "project", "granted_by"),
            "departments": own_departments(request),
        },
    )


@org_view("period.manage")
@require_POST
def period_state(request, year, number):
    period = url_period(request, year, number)
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
    period = url_period(request, year, number)
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
    stale = None
    if request.method == "POST" and form.is_valid():
        _saved, stale = versioning.save_or_stale(form)
        if stale is None:
            messages.success(request, _("Saved."))
            return redirect("monitoring:index", request.org.slug)
    back = reverse("monitoring:index", args=[request.org.slug])
    context = {"form": form, "title": _("Monitoring settings"), "back": back, "stale": stale}
    return render(request, "core/form.html", context)


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


def _show(request):
    """The data-entry list's filter (``show``: todo, returned or all; todo when absent), from the query string
    or from the form that was posted; any other value is refused (400)."""
    query = request.POST if request.method == "POST" and "show" in request.POST else request.GET
    try:
        return params.choice(query, "show", selectors.ENTRY_FILTERS, default=selectors.SHOW_TODO)
    except params.InvalidParameter:
        raise params.InvalidParameter(
            _("“show” must be “todo” (not yet reported or returned), “returned” or “all”, not “%(value)s”.")
            % {"value": str(query.get("show"))[:40]}
        ) from None


@org_view()
def department_entry(request, year, number, department_id):
    """A department's projects of the period in a compact list, each with its report's state, with the
    counts per state of the whole department; filtered by ``?show=`` (todo, the default: not yet reported
    or returned; returned; all) and paginated. Each project opens on its own report page."""
    show = _show(request)
    period = url_period(request, year, number)
    department = get_object_or_404(own_departments(request), pk=department_id)
    entries = selectors.entry_list(
        request.org, period, request.access, department.pk, show=show, page=params.page_number(request.GET)
    )
    return render(
        request,
        "monitoring/entry.html",
        {
            "period": period,
            "department": department,
            "entries": entries,
            "page": entries.page,
            "show": show,
            "state": effective_state(period, policy_for(request.org), _today()),
        },
    )


def _card(request, period, project, data=None):
    """The project's card for the period, its forms built (see ``_cards``); 404 when the year does not plan it."""
    cards = _cards(request, period, data, project_ids=[project.pk])
    if not cards:
        raise Http404  # the project is not in this year's action plan
    return cards[0]


def _report_url(request, period, project_id, show):
    args = [request.org.slug, period.fiscal_year, period.number, project_id]
    return reverse("monitoring:report", args=args) + "?" + urlencode({"show": show})


def _entry_url(request, period, department_id, show, page=1):
    args = [request.org.slug, period.fiscal_year, period.number, department_id]
    query = {"show": show, **({"page": page} if page > 1 else {})}
    return reverse("monitoring:entry", args=args) + "?" + urlencode(query)


def _navigate(request, card, period, show):
    """Attach the project's place on its department's list (previous, next, the list's page) to the card."""
    nav = selectors.entry_neighbours(request.org, period, request.access, card.project, show=show)
    card.nav = nav
    card.list_url = _entry_url(request, period, card.project.department_id, show, nav.page)
    card.previous_url = _report_url(request, period, nav.previous, show) if nav.previous else ""
    card.next_url = _report_url(request, period, nav.next, show) if nav.next else ""
    return card


def _card_response(request, card, period, show=selectors.SHOW_TODO):
    if request.htmx:
        card = _navigate(request, card, period, show)
        return render(request, "monitoring/_card.html", {"card": card, "period": period})
    return redirect(_report_url(request, period, card.project.pk, show))


def _go_next(request, card, period, show, message):
    """After "save (or submit) and go to the next project": the next project of the list, or the list
    itself after its last one (an htmx request is sent there by the browser)."""
    nav = _navigate(request, card, period, show)
    messages.success(request, f"{card.project.code}: {message}")
    if nav.next_url:
        url = nav.next_url
    else:
        url = nav.list_url
        messages.info(request, _("That was the last project of this list."))
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


SAVE_ACTIONS = {  # the buttons of a report form: (submit it too, then open the next project of the list)
    "save": (False, False),
    "submit": (True, False),
    "save_next": (False, True),
    "submit_next": (True, True),
}


@org_view("report.edit")
@require_POST
def report_save(request, year, number, project_id):
    """Save the card's draft; with ``action=submit`` also submit it; ``save_next`` and ``submit_next`` then
    open the next project of the department's list (filtered by ``show``). The input is kept whatever goes
    wrong, and the person stays on the project."""
    show = _show(request)
    submit, go_next = SAVE_ACTIONS.get(request.POST.get("action", "save"), (False, False))
    period = url_period(request, year, number)
    project = _project(request, project_id)
    card = _card(request, period, project, request.POST)
    if not card.editable:
        card.error = _("This report cannot be changed now.")
        return _card_response(request, card, period, show)
    valid = [card.form.is_valid()] + [f.is_valid() for f in card.result_forms]  # validate all: show every error
    if not all(valid):
        card.error = _("Please correct the marked fields; nothing was saved.")
        return _card_response(request, card, period, show)
    try:
        report = card.report if card.report.pk else workflow.report_for(period=period, project=project)
        report = workflow.report_save(
            report=report,
            access=request.access,
            user=request.user,
            values=report_input(card.form, card.result_forms),
            today=_today(),
        )
    except workflow.Conflict as conflict:
        card.conflict = conflict
        return _card_response(request, card, period, show)
    except workflow.WorkflowError as error:
        card.error = str(error)
        return _card_response(request, card, period, show)
    message, error = _("Draft saved."), None
    if submit:
        try:
            workflow.report_submit(report=report, access=request.access, user=request.user, today=_today())
            message = _("Submitted for review.")
        except workflow.WorkflowError as refused:
            error = str(refused)
    card = _card(request, period, project)
    if go_next and not error:
        return _go_next(request, card, period, show, message)
    card.success, card.error = message, error
    if not request.htmx:
        messages.success(request, message)
        if error:
            messages.error(request, error)
    return _card_response(request, card, period, show)


@org_view()
def report_detail(request, year, number, project_id):
    """One project's report of the period: its form (or what was reported), the previous and next projects
    of its department's list (filtered by ``show``), the review and the timeline."""
    show = _show(request)
    period = url_period(request, year, number)
    project = _project(request, project_id)
    card = _navigate(request, _card(request, period, project), period, show)
    card.form.fields["project_status"].widget.attrs["autofocus"] = True  # the keyboard starts in the form
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


def _posted_version(value):
    """The report version a review form carried (None when it carried none or a broken one: not checked)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@org_view("report.review")
@require_POST
def report_review(request, year, number, project_id):
    """Approve the report or return it with a reason, then open the next report waiting for review (or the
    period's queue, with a message, when none is left). A refused step stays on the report with the reason."""
    period = url_period(request, year, number)
    project = _project(request, project_id)
    report = get_object_or_404(ProgressReport.objects.for_org(request.org), period=period, project=project)
    version = _posted_version(request.POST.get("version"))
    try:
        if request.POST.get("action") == "approve":
            workflow.report_approve(report=report, access=request.access, user=request.user, version=version)
            messages.success(request, _("Approved."))
        else:
            workflow.report_return(
                report=report,
                access=request.access,
                user=request.user,
                reason=request.POST.get("reason", ""),
                version=version,
            )
            messages.success(request, _("Returned to the department with your reason."))
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
        return redirect("monitoring:report", request.org.slug, year, number, project_id)
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    following = selectors.next_for_review(request.org, period, request.access, after=report)
    if following is None:
        messages.info(request, _("No more reports wait for review in this period."))
        return redirect(reverse("monitoring:period", args=[request.org.slug, year, number]) + "#waiting")
    return redirect("monitoring:report", request.org.slug, year, number, following.project_id)


@org_view("report.review")
@require_POST
def reports_approve(request, year, number):
    """Approve the reports checked in the period's review queue, each through ``workflow.report_approve`` (its
    own step, trail and version check). A report that cannot be approved (no longer waiting, changed since
    the queue was loaded, not of this organization or period) is skipped and named in the message."""
    period = url_period(request, year, number)
    chosen = [pk for pk in (_posted_version(v) for v in request.POST.getlist("report")) if pk is not None]
    queue = reverse("monitoring:period", args=[request.org.slug, year, number]) + "#waiting"
    if not chosen:
        messages.error(request, _("Choose the reports to approve."))
        return redirect(queue)
    reports = request.access.scope_projects(
        ProgressReport.objects.for_org(request.org).filter(period=period, pk__in=chosen), through="project"
    ).select_related("project")
    found = {report.pk: report for report in reports}
    approved, skipped = 0, []
    for pk in dict.fromkeys(chosen):
        report = found.get(pk)
        if report is None:
            skipped.append(_("report %(id)s: not found in this period") % {"id": pk})
            continue
        try:
            workflow.report_approve(
                report=report,
                access=request.access,
                user=request.user,
                version=_posted_version(request.POST.get(f"version-{pk}")),
            )
            approved += 1
        except workflow.WorkflowError as error:
            skipped.append(f"{report.project.code} {report.project.name}: {error}")
    if approved:
        messages.success(
            request,
            ngettext("%(count)s report approved.", "%(count)s reports approved.", approved) % {"count": approved},
        )
    if skipped:
        messages.warning(request, _("Not approved: %(reports)s") % {"reports": "; ".join(skipped)})
    return redirect(queue)


# Evidence ------------------------------------------------------------------------------------------


@org_view("report.edit")
@require_POST
def evidence_upload(request, year, number, project_id):
    """Add files to a report; each refused file gets its own message and changes nothing else."""
    period = url_period(request, year, number)
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


def _org_result_rows(request, period, data=None):
    """One ResultForm per KPI no project owns, bound to ``data`` where the result may still change (a
    submitted one waits for review and is only shown)."""
    indicators = (
        Indicator.objects.for_org(request.org)
        .filter(project__isnull=True)
        .select_related("strategy", "goal")
        .order_by("strategy__number", "goal__number", "order", "pk")
    )
    results = {
        r.indicator_id: r
        for r in IndicatorResult.objects.for_org(request.org)
        .filter(period=period, report=None)
        .select_related("entered_by")
    }
    rows = []
    for kpi in indicators:
        result = results.get(kpi.pk)
        editable = result is None or result.state != ReportState.SUBMITTED
        form = ResultForm(data if editable else None, indicator=kpi, result=result, context=ReportContext())
        form.editable = editable
        rows.append(form)
    return rows


@org_view()
def org_results(request, year, number):
    """Results of KPIs that no single project owns: saved as drafts or submitted by whoever may enter them
    (``result.org``), approved or returned by a reviewer, through monitoring/workflow.py."""
    period = url_period(request, year, number)
    can_enter = request.access.can("result.org")
    if request.method == "POST" and not can_enter:
        raise PermissionDenied
    forms = _org_result_rows(request, period, request.POST if request.method == "POST" else None)
    rows, stale = ResultRows(period=period, indicators=[f.indicator for f in forms], forms=forms), None
    if request.method == "POST":
        valid = [f.is_valid() for f in forms if f.editable]  # validate all: show every error
        if all(valid):
            try:
                with transaction.atomic():
                    versioning.check(rows, request.POST.get(versioning.VERSION))
                    _org_results_save(request, period, forms)
                messages.success(request, _("Saved."))
                return redirect("monitoring:org_results", request.org.slug, year, number)
            except versioning.StaleEdit as error:
                stale = error
            except workflow.WorkflowError as error:
                messages.error(request, str(error))
        else:
            messages.error(request, _("Please correct the marked fields; nothing was saved."))
    context = {
        "period": period,
        "forms": forms,
        "can_enter": can_enter,
        "can_review": request.access.can("report.review"),
        "waiting": [f for f in forms if f.result is not None and f.result.state == ReportState.SUBMITTED],
        "stale": stale,
        "version": stale.version if stale else versioning.version_of(rows),
    }
    return render(request, "monitoring/org_results.html", context)


def _org_results_save(request, period, forms):
    """Save what changed as drafts; with ``action=submit`` also submit every draft and returned result."""
    access, user, today = request.access, request.user, _today()
    for form in forms:
        if form.editable and form.changes_result():
            form.result = workflow.org_result_save(
                period=period, indicator=form.indicator, access=access, user=user, form=form, today=today
            )
    if request.POST.get("action") == "submit":
        for form in forms:
            if form.result is not None and form.result.state in (ReportState.DRAFT, ReportState.RETURNED):
                workflow.org_result_submit(result=form.result, access=access, user=user, today=today)


@org_view("report.review")
@require_POST
def org_result_review(request, year, number, indicator_id):
    """Approve a submitted result of an organization or strategy KPI, or return it with a reason."""
    period = url_period(request, year, number)
    result = get_object_or_404(
        IndicatorResult.objects.for_org(request.org), period=period, indicator_id=indicator_id, report=None
    )
    try:
        if request.POST.get("action") == "approve":
            workflow.org_result_approve(result=result, access=request.access, user=request.user)
            messages.success(request, _("Approved."))
        else:
            workflow.org_result_return(
                result=result, access=request.access, user=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Returned with your reason."))
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    return redirect("monitoring:org_results", request.org.slug, year, number)


# Notifications -------------------------------------------------------------------------------------


@login_required
def notifications(request):
    """The user's notifications, newest first; opening the page marks them read."""
    items = list(Notification.objects.filter(user=request.user).select_related("organization")[:100])
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return render(request, "monitoring/notifications.html", {"items": items})
