"""Background tasks of the public results page: building a publication's PDF from a report builder."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dashboard import publishing
from dashboard.models import Publication
from jobs.tasks import JobFailed, task
from orgs.access import access_for


@task(
    "dashboard.build_publication",
    title=gettext_lazy("Build a document to publish"),
    result_template="dashboard/publish_job_result.html",
    capability=publishing.PUBLISH,
)
def build_publication(job):
    """Build the report the publication's kind calls for, as the person who started the job may see it, and
    keep the PDF on the publication (still unpublished: publishing is the person's next step)."""
    org = job.organization
    publication = Publication.objects.for_org(org).filter(pk=job.params.get("publication")).first()
    if publication is None:
        raise JobFailed(_("The document no longer exists."))
    try:
        access = access_for(job.user, org.slug)
    except Http404 as missing:
        raise JobFailed(_("You no longer have access to this organization.")) from missing
    steps = iter(range(1, 3))
    try:
        name, content = publishing.build_pdf(
            publication, access, progress=lambda step: job.progress(next(steps), 3, step=step)
        )
        publishing.attach_built(publication=publication, name=name, content=content, user=job.user)
    except publishing.PublicationError as refused:
        raise JobFailed(str(refused)) from refused
    job.result = {"publication": publication.pk, "title": publication.title}
