"""Background tasks of surveys: a large import of paper answers."""

from django.http import Http404
from django.utils.translation import gettext_lazy

from jobs.tasks import JobFailed, task
from orgs.access import access_for
from plans.tasks import RESULT_TEMPLATE, finish
from surveys.excel import import_responses
from surveys.models import Survey


@task(
    "surveys.import_responses",
    title=gettext_lazy("Import paper answers of a survey from Excel"),
    result_template=RESULT_TEMPLATE,
    capability="survey.enter",
)
def import_responses_job(job) -> None:
    org, params = job.organization, job.params
    try:
        access = access_for(job.user, org.slug)
    except Http404:
        raise JobFailed(gettext_lazy("You no longer have access to this organization.")) from None
    survey = Survey.objects.for_org(org).filter(pk=params.get("survey")).first()
    if survey is None:
        raise JobFailed(gettext_lazy("The survey no longer exists."))
    with job.input_file.open("rb") as file:
        finish(job, import_responses(survey, file, access=access, user=job.user, progress=job.progress))
