"""Start and run background jobs.

``TIDTAM_JOBS_MODE`` = "thread" (default): a job runs in a thread of the web process once the request's
transaction commits, so the request answers at once and the job page shows the progress. "inline" runs
it at once inside ``enqueue`` (tests, management commands). A job whose process died while it ran is
shown as failed once it has not moved for ``TIDTAM_JOBS_STALE_MINUTES``.
"""

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from jobs import tasks
from jobs.models import Job

log = logging.getLogger(__name__)


def enqueue(kind: str, *, org, user, params: dict | None = None, upload=None) -> Job:
    """Record a job for ``kind`` (a registered task) and start it."""
    tasks.get(kind)  # unknown kinds fail here, in the request, not later in a thread
    job = Job(organization=org, user=user, kind=kind, params=params or {})
    if upload is not None:
        job.input_name = getattr(upload, "name", "")[:255]
        job.input_file.save(job.input_name or "upload", upload, save=False)
    job.save()
    if settings.TIDTAM_JOBS_MODE == "inline":
        run(job.pk)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: start_thread(job.pk))
    return job


def start_thread(job_id: int) -> threading.Thread:
    thread = threading.Thread(target=_run_in_thread, args=(job_id,), name=f"job-{job_id}", daemon=True)
    thread.start()
    return thread


def _run_in_thread(job_id: int) -> None:
    close_old_connections()
    try:
        run(job_id)
    finally:
        connection.close()


def run(job_id: int) -> None:
    """Run one queued job to its end, recording success or failure (never raises)."""
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return  # already taken
    job = Job.objects.select_related("organization", "user").get(pk=job_id)
    task = tasks.get(job.kind)
    with override(job.user.language or settings.LANGUAGE_CODE):
        try:
            task.run(job)
        except tasks.JobFailed as failure:
            _finish(job, Job.State.FAILED, error=str(failure))
        except Exception:
            log.exception("job %s (%s) failed", job.pk, job.kind)
            _finish(job, Job.State.FAILED, error=_("The work stopped because of an error in the system."))
        else:
            _finish(job, Job.State.DONE)


def _finish(job: Job, state: str, error: str = "") -> None:
    job.state = state
    job.error = error
    job.finished_at = timezone.now()
    if state == Job.State.DONE:
        job.done = job.total
    job.save()


def mark_stale(job: Job) -> Job:
    """A running job that has not finished in time was interrupted (its process ended)."""
    limit = timedelta(minutes=settings.TIDTAM_JOBS_STALE_MINUTES)
    if not job.finished and job.created_at < timezone.now() - limit:
        job.state = Job.State.FAILED
        job.error = _("The work was interrupted. Please start it again.")
        job.finished_at = timezone.now()
        job.save(update_fields=["state", "error", "finished_at"])
    return job
