"""Whether a job is still being worked on: heartbeats, the worker process, and interruption.

A running job shows signs of life: the runner records the process running it (``host:pid``) and a
heartbeat (``heartbeat_at``) when it claims the job, on each progress update and every few seconds
while the task works (``BEAT_EVERY``). A job whose worker is gone — no heartbeat for
``TIDTAM_JOBS_HEARTBEAT_SECONDS``, or its process no longer alive on this host — is interrupted;
so is a job still waiting ``TIDTAM_JOBS_STALE_MINUTES`` after it was recorded (nothing picked it up).
Its owner may start it again: a new job of the same kind, parameters and uploaded file.

Plain functions of the database and a clock (``now``), without threads: they hold whatever runs the job
(the database queue's ``db_worker``, another backend's worker on another host, or the caller itself with the
immediate backend). A worker's own record of a task it never finished is left as it is: the job, not the
task, is what is started again (a new job, queued again).
"""

import os
import socket
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.models import Job


def beat_every() -> float:
    """Seconds between two heartbeats of a running job: a quarter of the time that marks it gone."""
    return max(1.0, settings.TIDTAM_JOBS_HEARTBEAT_SECONDS / 4)


def worker_id() -> str:
    """This process, as a job records the one running it."""
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def worker_alive(worker: str) -> bool | None:
    """Whether the process ``host:pid`` still runs: None when it is on another host (unknown here)."""
    host, _sep, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # it exists under another user (or the number is odd): not known to be gone
    return True


def job_claim(*, job_id: int, now: datetime | None = None) -> bool:
    """Take a waiting job for this process (running from ``now``); False when it was not waiting."""
    now = now or timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING, started_at=now, heartbeat_at=now, worker=worker_id()
    )
    return bool(claimed)


def job_beat(*, job_id: int, now: datetime | None = None) -> bool:
    """Record that the running job is still being worked on (one UPDATE); False when it no longer runs."""
    return bool(Job.objects.filter(pk=job_id, state=Job.State.RUNNING).update(heartbeat_at=now or timezone.now()))


def is_interrupted(job: Job, *, now: datetime | None = None) -> bool:
    """Whether an unfinished job has lost its worker (see the module's docstring)."""
    now = now or timezone.now()
    if job.state == Job.State.QUEUED:
        return job.created_at < now - timedelta(minutes=settings.TIDTAM_JOBS_STALE_MINUTES)
    if job.state != Job.State.RUNNING:
        return False
    last = job.heartbeat_at or job.started_at or job.created_at
    if last < now - timedelta(seconds=settings.TIDTAM_JOBS_HEARTBEAT_SECONDS):
        return True
    return bool(job.worker) and worker_alive(job.worker) is False


def job_check(job: Job, *, now: datetime | None = None) -> Job:
    """The job, marked interrupted when it has lost its worker (only if it has not changed meanwhile)."""
    now = now or timezone.now()
    if not is_interrupted(job, now=now):
        return job
    error = _("The work was interrupted. Please start it again.")
    marked = Job.objects.filter(pk=job.pk, state=job.state, heartbeat_at=job.heartbeat_at).update(
        state=Job.State.INTERRUPTED, error=error, finished_at=now
    )
    if marked:
        job.state, job.error, job.finished_at = Job.State.INTERRUPTED, error, now
    else:
        job.refresh_from_db()  # it moved on meanwhile: show what it is now
    return job


def can_restart(job: Job) -> bool:
    return job.state == Job.State.INTERRUPTED


def job_again(job: Job) -> Job:
    """A new waiting job doing the same work as ``job``: same kind, parameters and uploaded file (saved,
    not started: the runner starts it)."""
    return Job.objects.create(
        organization=job.organization,
        user=job.user,
        kind=job.kind,
        params=job.params,
        input_file=job.input_file.name,
        input_name=job.input_name,
    )
