"""Background tasks of the plan: large Excel/CSV imports (started by ``plans/views_excel.py``)."""

from django.utils.translation import gettext_lazy

from jobs.tasks import JobFailed, task
from plans.excel import XLSX, errors_workbook, import_plan
from plans.excel.kpis import import_kpis
from plans.models import DevelopmentPlan

RESULT_TEMPLATE = "plans/_import_result.html"


def finish(job, result) -> None:
    """Keep an import's result on the job; with errors, the workbook listing them to download."""
    job.result = result.as_dict()
    if not result.ok:
        job.attach("import-errors.xlsx", errors_workbook(result.errors), XLSX)


def _plan(job) -> DevelopmentPlan:
    plan = DevelopmentPlan.objects.for_org(job.organization).filter(pk=job.params.get("plan")).first()
    if plan is None:
        raise JobFailed(gettext_lazy("The development plan no longer exists."))
    return plan


@task(
    "plans.import_plan",
    title=gettext_lazy("Import the plan from Excel"),
    result_template=RESULT_TEMPLATE,
    capability="plan.edit",
)
def import_plan_job(job) -> None:
    plan = _plan(job)
    with job.input_file.open("rb") as file:
        finish(job, import_plan(plan, file, user=job.user, progress=job.progress))


@task(
    "plans.import_kpis",
    title=gettext_lazy("Import indicators and targets from Excel"),
    result_template=RESULT_TEMPLATE,
    capability="plan.edit",
)
def import_kpis_job(job) -> None:
    plan = _plan(job)
    with job.input_file.open("rb") as file:
        finish(job, import_kpis(plan, file, user=job.user, progress=job.progress))
