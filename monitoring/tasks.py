"""Background tasks of monitoring: large imports of a department's period results."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from jobs.tasks import JobFailed, task
from monitoring.excel import import_results
from monitoring.models import ReportingPeriod
from monitoring.periods import policy_for
from orgs.access import access_for
from orgs.models import Department
from plans.tasks import RESULT_TEMPLATE, finish


@task(
    "monitoring.import_results",
    title=gettext_lazy("Import a department's results from Excel"),
    result_template=RESULT_TEMPLATE,
    capability="report.edit",
)
def import_results_job(job) -> None:
    org, params = job.organization, job.params
    try:
        access = access_for(job.user, org.slug)
    except Http404:
        raise JobFailed(gettext_lazy("You no longer have access to this organization.")) from None
    period = (
        ReportingPeriod.objects.for_org(org)
        .filter(fiscal_year=params.get("year"), number=params.get("number"), kind=policy_for(org).period_kind)
        .first()
    )
    departments = access.scope_departments(Department.objects.for_org(org))
    department = departments.filter(pk=params.get("department")).first()
    if period is None or department is None:
        raise JobFailed(gettext_lazy("The reporting period or the department no longer exists."))
    with job.input_file.open("rb") as file:
        result = import_results(
            period, department, file, access=access, user=job.user, today=timezone.localdate(), progress=job.progress
        )
    finish(job, result)
