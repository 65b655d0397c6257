"""Report pages and downloads: one page per report type, with its filters and its XLSX and PDF."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core import params as query_params
from core import versioning
from core.history import history_of
from evaluation import compare
from jobs.runner import enqueue
from orgs.access import org_view
from reports import document, registry
from reports.annual import StaleRecord, annual_report_save, record_for
from reports.deadlines import deadlines
from reports.forms import AnnualReportForm
from reports.output import FORMATS, render_file
from reports.params import read_params
from surveys.models import Survey


def _report_type(request, slug):
    report_type = registry.get(slug)
    if report_type is None:
        raise Http404
    if not request.access.can(report_type.capability):
        raise PermissionDenied
    return report_type


@org_view()
def index(request):
    reports = [r for r in registry.all_reports() if request.access.can(r.capability)]
    return render(request, "reports/index.html", {"reports": reports})


@org_view()
def page(request, slug):
    report_type = _report_type(request, slug)
    params = read_params(request.GET, request.org, request.access)
    report, page = None, None
    number = query_params.page_number(request.GET)
    if report_type.ready(params):
        report, page = document.paginate(report_type.build(request.org, request.access, params), number)
    context = {
        "report_type": report_type,
        "surveys": Survey.objects.for_org(request.org).order_by("-fiscal_year", "title")
        if report_type.needs_survey
        else [],
        "report": report,
        "page": page,
        "params": params,
        "group_labels": registry.GROUP_LABELS,
    }
    return render(request, "reports/page.html", context)


@org_view()
def download(request, slug, fmt):
    report_type = _report_type(request, slug)
    if fmt not in FORMATS:
        raise Http404
    params = read_params(request.GET, request.org, request.access)
    if not report_type.ready(params):
        raise Http404
    if report_type.background:
        job = enqueue(
            "reports.render",
            org=request.org,
            user=request.user,
            params={"report": slug, "format": fmt, "query": params.query()},
        )
        return redirect(job.get_absolute_url())
    report = report_type.build(request.org, request.access, params)
    name, content, content_type = render_file(report, fmt, thai_digits=params.thai_digits)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@org_view("evaluation.edit")
def annual_record(request, year):
    """The annual report's texts and the regulation's dates, with the state of each deadline."""
    if year not in compare.years_of(request.org):
        raise Http404
    record = record_for(request.org, year)
    form = AnnualReportForm(request.POST or None, instance=record, org=request.org)
    stale = None
    if request.method == "POST":
        if form.is_valid():
            try:
                annual_report_save(
                    org=request.org,
                    fiscal_year=year,
                    values={name: form.cleaned_data[name] for name in form._meta.fields},
                    version=form.cleaned_data["version"],
                    access=request.access,
                    user=request.user,
                )
            except StaleRecord as error:
                stale = error
                if error.version:
                    versioning.carry_version(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("reports:annual_record", request.org.slug, year)
        else:
            messages.error(request, _("Please correct the errors below; nothing was saved."))
    context = {
        "stale": stale,
        "form": form,
        "year": year,
        "record": record,
        "deadlines": deadlines(record, year, timezone.localdate()),
        "history": history_of(record) if record.pk else [],
    }
    return render(request, "reports/annual_record.html", context)
