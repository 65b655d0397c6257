"""The one task the task queue knows: run a recorded job by its id.

Every background job (a report's file, a large import, a publication's PDF) is a ``Job`` row, the person's
record of it; the queue carries only its id to this task, which a worker runs (``jobs/runner.py``). The queue
is Django's tasks API (the django-tasks backport) with the backend of the ``TASKS`` setting: by default the
database (``django_tasks_db``, its worker ``manage.py db_worker``), Redis for a larger deployment.

The path ``jobs.queue.run_job`` is stored with every queued task: keep it.
"""

from django_tasks import task


@task()
def run_job(job_id: int) -> str:
    """Run the job to its end; returns its state ("done", "failed"; "" when another run had taken it)."""
    from jobs.runner import run  # the runner enqueues this task: imported here, not at the top

    return run(job_id)
