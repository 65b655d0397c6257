"""Start and run background jobs.

``enqueue`` records a job (the person's record: its progress, result and file) and hands its id to the task
queue (``jobs/queue.py``) once the request's transaction commits, so a worker finds the row; the request
answers at once and the job's page shows the progress. With the immediate backend (the tests) the job runs
at once, inside ``enqueue``, in the caller's transaction. A worker runs the job with ``run``: it claims it,
records its process and, from a second thread, a heartbeat every few seconds; a job whose worker died is
shown as interrupted within ``TIDTAM_JOBS_HEARTBEAT_SECONDS`` and its owner may start it again, which queues
it again (the rules: ``jobs/state.py``).
"""

import logging
import threading

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks.backends.immediate import ImmediateBackend

from jobs import state, tasks
from jobs.models import Job
from jobs.queue import run_job

log = logging.getLogger(__name__)


def enqueue(kind: str, *, org, user, params: dict | None = None, upload=None) -> Job:
    """Record a job for ``kind`` (a registered task) and start it."""
    tasks.get(kind)  # unknown kinds fail here, in the request, not later in the worker
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
    if runs_here():
        run_job.enqueue(job.pk)
        job.refresh_from_db()
    else:
        pk = job.pk  # a queue that fails leaves the job waiting: shown interrupted later, to start again
        transaction.on_commit(lambda: run_job.enqueue(pk), robust=True)
    return job


def runs_here() -> bool:
    """Whether the task backend runs a job in the process that queues it (the immediate backend): then it
    runs at once, in the caller's transaction; any other backend's worker needs the job committed first."""
    return isinstance(run_job.get_backend(), ImmediateBackend)


def run(job_id: int) -> str:
    """Run one queued job to its end, recording success or failure (never raises) and, meanwhile, its
    heartbeat; returns the state it ended in ("" when it was not waiting: taken by another run)."""
    if not state.job_claim(job_id=job_id):
        return ""
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
    return job.state


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
