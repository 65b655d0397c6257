"""Background tasks of the people: a long staff import from Excel (started by ``people.views.staff_import``)."""

from django.http import Http404
from django.utils.translation import gettext_lazy

from jobs.tasks import JobFailed, task
from orgs.access import access_for
from people.access import MANAGE
from people.excel import import_staff
from plans.tasks import RESULT_TEMPLATE, finish


@task(
    "people.import_staff",
    title=gettext_lazy("Import the staff from Excel"),
    result_template=RESULT_TEMPLATE,
    capability=MANAGE,
)
def import_staff_job(job) -> None:
    try:
        access = access_for(job.user, job.organization.slug)
    except Http404:
        raise JobFailed(gettext_lazy("You no longer have access to this organization.")) from None
    if not access.can(MANAGE):
        raise JobFailed(gettext_lazy("Your role does not allow this."))
    with job.input_file.open("rb") as file:
        finish(job, import_staff(job.organization, file, access=access, progress=job.progress))
