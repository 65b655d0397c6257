"""Start and run background jobs.

``TIDTAM_JOBS_MODE`` = "thread" (default): a job runs in a thread of the web process once the request's
transaction commits, so the request answers at once and the job page shows the progress. "inline" runs
it at once inside ``enqueue`` (tests, management commands). While a job runs, a second thread records
its heartbeat every few seconds; a job whose process died is shown as interrupted within
``TIDTAM_JOBS_HEARTBEAT_SECONDS`` and its owner may start it again (the rules: ``jobs/state.py``).
"""

import logging
import threading

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from jobs import state, tasks
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
    return _start(job)


def job_restart(*, job: Job, access) -> Job:
    """Start an interrupted job again as a new job of the same kind, parameters and file; returns it.

    PermissionDenied when its owner may no longer do that work (``Task.capability``); ValueError when the
    job was not interrupted.
    """
    task = tasks.get(job.kind)
    if not state.can_restart(job):
        raise ValueError("only an interrupted job starts again")
    if task.capability and not access.can(task.capability):
        raise PermissionDenied
    return _start(state.job_again(job))


def _start(job: Job) -> Job:
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
    """Run one queued job to its end, recording success or failure (never raises) and, meanwhile, its
    heartbeat."""
    if not state.job_claim(job_id=job_id):
        return  # already taken
    job = Job.objects.select_related("organization", "user").get(pk=job_id)
    task = tasks.get(job.kind)
    stop = threading.Event()
    beating = threading.Thread(
        target=_beat_in_thread, args=(job_id, stop, state.beat_every()), name=f"job-{job_id}-beat", daemon=True
    )
    beating.start()
    try:
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
    finally:
        stop.set()
        beating.join(timeout=5)


def beat_until(stop: threading.Event, job_id: int, every: float) -> int:
    """Record the job's heartbeat every ``every`` seconds until ``stop`` is set or the job no longer
    runs; returns how many beats were recorded (a failed beat is logged, the next one tries again)."""
    beats = 0
    while not stop.wait(every):
        try:
            if not state.job_beat(job_id=job_id):
                break
            beats += 1
        except Exception:
            log.warning("job %s: the heartbeat could not be recorded", job_id, exc_info=True)
    return beats


def _beat_in_thread(job_id: int, stop: threading.Event, every: float) -> None:
    try:
        beat_until(stop, job_id, every)
    finally:
        connection.close()


def _finish(job: Job, outcome: str, error: str = "") -> None:
    job.state = outcome
    job.error = error
    job.finished_at = timezone.now()
    if outcome == Job.State.DONE:
        job.done = job.total
    job.save()
