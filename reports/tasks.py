"""Long reports are built in the background: the job builds the report as its owner may see it."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.tasks import JobFailed, task
from orgs.access import access_for
from reports import registry
from reports.output import render_file
from reports.params import read_params


@task("reports.render", title=gettext_lazy("Build a report"))
def render_report(job):
    report_type = registry.get(job.params["report"])
    try:
        access = access_for(job.user, job.organization.slug)
        params = read_params(job.params.get("query", {}), job.organization, access)
    except Http404 as missing:
        raise JobFailed(_("The report's data is no longer available to you.")) from missing
    if report_type is None or not access.can(report_type.capability) or params.year is None:
        raise JobFailed(_("The report's data is no longer available to you."))
    job.progress(1, 3, step=_("Collecting the figures"))
    report = report_type.build(job.organization, access, params)
    job.progress(2, 3, step=_("Laying out the pages"))
    name, content, content_type = render_file(report, job.params["format"], thai_digits=params.thai_digits)
    job.attach(name, content, content_type)
    job.result = {"title": report.title}
