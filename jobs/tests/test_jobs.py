import os
import signal
import socket
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command, get_commands
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jobs import runner, state, tasks
from jobs.models import Job


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def count_lines():
    """A task that counts the lines of the uploaded file, reporting progress line by line."""

    def run(job):
        with job.input_file.open("rb") as f:
            lines = f.read().decode().splitlines()
        for n, _line in enumerate(lines, 1):
            job.progress(n, len(lines), step=f"line {n}")
        if job.params.get("fail"):
            raise tasks.JobFailed("ไฟล์ไม่ถูกต้อง")
        if job.params.get("crash"):
            raise ZeroDivisionError
        job.result = {"lines": len(lines)}
        job.attach("count.txt", str(len(lines)).encode(), "text/plain")

    tasks.task("test.count", title="นับบรรทัด", result_template="jobs/tests/_count.html")(run)
    yield
    del tasks.REGISTRY["test.count"]


def upload(text="a\nb\nc\n"):
    return SimpleUploadedFile("lines.txt", text.encode())


def test_an_inline_job_runs_at_once_and_keeps_its_result(world, count_lines):
    job = runner.enqueue("test.count", org=world.org, user=world.users["planner"], upload=upload())
    assert job.state == Job.State.DONE
    assert job.result == {"lines": 3}
    assert (job.done, job.total, job.percent) == (3, 3, 100)
    with job.result_file.open("rb") as f:
        assert f.read() == b"3" and job.result_name == "count.txt"
    assert job.input_name == "lines.txt" and job.started_at and job.finished_at


def test_a_refusal_and_a_crash_fail_the_job_with_a_message(world, count_lines):
    refused = runner.enqueue(
        "test.count", org=world.org, user=world.users["planner"], params={"fail": 1}, upload=upload()
    )
    assert (refused.state, refused.error) == (Job.State.FAILED, "ไฟล์ไม่ถูกต้อง")
    crashed = runner.enqueue(
        "test.count", org=world.org, user=world.users["planner"], params={"crash": 1}, upload=upload()
    )
    assert crashed.state == Job.State.FAILED and crashed.error  # a generic message, no stack trace
    assert "ZeroDivisionError" not in crashed.error


def test_an_unknown_kind_is_refused_in_the_request(world):
    with pytest.raises(KeyError):
        runner.enqueue("nothing.here", org=world.org, user=world.users["planner"])
    assert not Job.objects.exists()


def test_a_job_runs_only_once(world, count_lines):
    job = runner.enqueue("test.count", org=world.org, user=world.users["planner"], upload=upload())
    finished = job.finished_at
    runner.run(job.pk)
    job.refresh_from_db()
    assert job.finished_at == finished


DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queued_tasks():
    return list(DBTaskResult.objects.order_by("enqueued_at"))


def test_the_suite_runs_jobs_at_once_with_the_immediate_backend(world, count_lines):
    assert runner.runs_here()
    job = runner.enqueue("test.count", org=world.org, user=world.users["planner"], upload=upload())
    assert job.state == Job.State.DONE and not DBTaskResult.objects.exists()  # nothing waits in a queue


def test_a_job_is_queued_in_the_database_once_the_request_commits(
    world, count_lines, django_capture_on_commit_callbacks
):
    with override_settings(TASKS=DATABASE_QUEUE), django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert not runner.runs_here()
        job = runner.enqueue("test.count", org=world.org, user=world.users["planner"], upload=upload())
        assert not DBTaskResult.objects.exists()  # nothing is queued before the job's row is committed
    assert len(callbacks) == 1
    [queued] = queued_tasks()
    assert queued.task_path == "jobs.queue.run_job" and queued.args_kwargs == {"args": [job.pk], "kwargs": {}}
    assert queued.status == TaskResultStatus.READY and queued.backend_name == "default"
    job.refresh_from_db()
    assert job.state == Job.State.QUEUED and job.percent == 0  # its page shows it waiting for the worker


@pytest.fixture
def worker_signals():
    """The worker command takes over SIGINT/SIGTERM/SIGQUIT for its graceful stop: give them back."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def run_worker() -> str:
    """The database queue's worker, as `make run` starts it, processing what is queued and then exiting."""
    out = StringIO()
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval=0", stdout=out, verbosity=0)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_queued_jobs_and_each_ends_done_or_failed(world, count_lines, worker_signals):
    planner = world.users["planner"]
    with override_settings(TASKS=DATABASE_QUEUE):
        with transaction.atomic():
            done = runner.enqueue("test.count", org=world.org, user=planner, upload=upload())
            refused = runner.enqueue("test.count", org=world.org, user=planner, params={"fail": 1}, upload=upload())
            crashed = runner.enqueue("test.count", org=world.org, user=planner, params={"crash": 1}, upload=upload())
            assert not DBTaskResult.objects.exists()
        assert [t.status for t in queued_tasks()] == [TaskResultStatus.READY] * 3
        assert Job.objects.filter(state=Job.State.QUEUED).count() == 3
        run_worker()
    for job in (done, refused, crashed):
        job.refresh_from_db()
    assert (done.state, done.result, done.percent, done.result_name) == (Job.State.DONE, {"lines": 3}, 100, "count.txt")
    with done.result_file.open("rb") as f:
        assert f.read() == b"3"
    assert done.worker == state.worker_id() and done.started_at and done.finished_at
    assert (refused.state, refused.error) == (Job.State.FAILED, "ไฟล์ไม่ถูกต้อง")
    assert crashed.state == Job.State.FAILED and crashed.error and "ZeroDivisionError" not in crashed.error
    # the queue's own record: each task ran once and says how its job ended
    assert {t.args_kwargs["args"][0]: (t.status, t.return_value) for t in queued_tasks()} == {
        done.pk: (TaskResultStatus.SUCCESSFUL, "done"),
        refused.pk: (TaskResultStatus.SUCCESSFUL, "failed"),
        crashed.pk: (TaskResultStatus.SUCCESSFUL, "failed"),
    }


@pytest.mark.django_db(transaction=True)
def test_a_job_whose_worker_died_is_queued_again_by_its_restart_and_the_worker_finishes_it(
    world, client_for, count_lines, worker_signals
):
    ended = subprocess.Popen([sys.executable, "-c", ""])
    ended.wait()
    job = running_job(world, beat_ago=1, worker=f"{socket.gethostname()}:{ended.pid}", input_name="lines.txt")
    job.input_file.save("lines.txt", upload("1\n2\n"))
    client = client_for("planner")
    with override_settings(TASKS=DATABASE_QUEUE):
        page = client.get(job.get_absolute_url()).content.decode()
        assert "งานถูกขัดจังหวะ กรุณาสั่งใหม่อีกครั้ง" in page and "เริ่มใหม่อีกครั้ง" in page
        response = client.post(reverse("jobs:restart", args=[world.org.slug, job.pk]))
        again = Job.objects.exclude(pk=job.pk).get()
        assert response.url == again.get_absolute_url() and again.state == Job.State.QUEUED
        [queued] = queued_tasks()
        assert queued.args_kwargs["args"] == [again.pk] and queued.status == TaskResultStatus.READY
        run_worker()
        again.refresh_from_db()
        assert (again.state, again.result) == (Job.State.DONE, {"lines": 2})
        part = client.get(reverse("jobs:progress", args=[world.org.slug, again.pk])).content.decode()
        assert "2 lines counted" in part and "hx-trigger" not in part
    job.refresh_from_db()
    assert job.state == Job.State.INTERRUPTED


def test_the_worker_command_and_the_queues_tables_are_installed(db):
    assert "db_worker" in get_commands()
    assert DBTaskResult._meta.db_table in connection.introspection.table_names()  # migrate created it


def running_job(world, *, beat_ago: int, worker: str | None = None, **fields) -> Job:
    """A job running (as the test says) whose last heartbeat was ``beat_ago`` seconds ago."""
    beat = timezone.now() - timedelta(seconds=beat_ago)
    return Job.objects.create(
        organization=world.org,
        user=world.users["planner"],
        kind="test.count",
        state=Job.State.RUNNING,
        created_at=beat - timedelta(minutes=2),
        started_at=beat - timedelta(minutes=2),
        heartbeat_at=beat,
        worker=state.worker_id() if worker is None else worker,
        done=80,
        total=100,
        **fields,
    )


def test_a_running_job_without_a_heartbeat_shows_as_interrupted_on_its_page(world, client_for, settings, count_lines):
    settings.TIDTAM_JOBS_HEARTBEAT_SECONDS = 45
    gone = running_job(world, beat_ago=46)
    alive = running_job(world, beat_ago=30)
    client = client_for("planner")
    page = client.get(gone.get_absolute_url()).content.decode()
    assert "งานถูกขัดจังหวะ กรุณาสั่งใหม่อีกครั้ง" in page and "เริ่มใหม่อีกครั้ง" in page
    assert "80%" not in page and 'hx-trigger="every 1s"' not in page  # no "80 % … continues", no polling
    gone.refresh_from_db()
    assert gone.state == Job.State.INTERRUPTED and gone.finished_at
    part = client.get(reverse("jobs:progress", args=[world.org.slug, alive.pk])).content.decode()
    assert "80%" in part and 'hx-trigger="every 1s"' in part
    alive.refresh_from_db()
    assert alive.state == Job.State.RUNNING
    listing = client.get(reverse("jobs:index", args=[world.org.slug])).content.decode()
    assert "ถูกขัดจังหวะ" in listing


def test_a_job_whose_process_has_ended_is_interrupted_at_once(world):
    ended = subprocess.Popen([sys.executable, "-c", ""])
    ended.wait()
    here = socket.gethostname()
    dead = running_job(world, beat_ago=1, worker=f"{here}:{ended.pid}")
    assert state.job_check(dead).state == Job.State.INTERRUPTED
    elsewhere = running_job(world, beat_ago=1, worker=f"another-{here}:{ended.pid}")  # not known here
    assert state.job_check(elsewhere).state == Job.State.RUNNING
    assert state.job_check(running_job(world, beat_ago=1)).state == Job.State.RUNNING  # this very process


def test_a_job_nobody_picked_up_is_interrupted_after_the_stale_minutes(world, settings):
    now = timezone.now()
    waiting = Job.objects.create(organization=world.org, user=world.users["planner"], kind="test.count")
    later = now + timedelta(minutes=settings.TIDTAM_JOBS_STALE_MINUTES, seconds=1)
    assert not state.is_interrupted(waiting, now=now + timedelta(minutes=settings.TIDTAM_JOBS_STALE_MINUTES - 1))
    assert state.job_check(waiting, now=later).state == Job.State.INTERRUPTED
    done = Job.objects.create(
        organization=world.org, user=world.users["planner"], kind="test.count", state=Job.State.DONE
    )
    assert not state.is_interrupted(done, now=later + timedelta(days=1))


def test_a_job_that_beats_again_is_not_marked_by_an_older_look(world, settings):
    job = running_job(world, beat_ago=settings.TIDTAM_JOBS_HEARTBEAT_SECONDS + 5)
    state.job_beat(job_id=job.pk)  # the worker beats while the page still holds the old heartbeat
    assert state.job_check(job).state == Job.State.RUNNING
    job.refresh_from_db()
    assert job.state == Job.State.RUNNING


def test_the_owner_starts_an_interrupted_job_again_with_the_same_file_and_parameters(world, client_for, count_lines):
    job = running_job(world, beat_ago=3600, params={"note": "ครั้งแรก"}, input_name="lines.txt")
    job.input_file.save("lines.txt", upload("1\n2\n3\n4\n5\n"))
    client = client_for("planner")
    client.get(job.get_absolute_url())
    response = client.post(reverse("jobs:restart", args=[world.org.slug, job.pk]))
    again = Job.objects.exclude(pk=job.pk).get()
    assert response.status_code == 302 and response.url == again.get_absolute_url()
    assert (again.kind, again.params, again.input_name) == ("test.count", {"note": "ครั้งแรก"}, "lines.txt")
    assert again.state == Job.State.DONE and again.result == {"lines": 5}
    job.refresh_from_db()
    assert job.state == Job.State.INTERRUPTED  # the interrupted one stays as it was
    assert client.post(reverse("jobs:restart", args=[world.org.slug, again.pk])).url == again.get_absolute_url()
    assert Job.objects.count() == 2  # a finished job is not started again


def test_a_running_job_is_not_started_twice(world, client_for, count_lines):
    job = running_job(world, beat_ago=1)
    response = client_for("planner").post(reverse("jobs:restart", args=[world.org.slug, job.pk]))
    assert response.url == job.get_absolute_url() and Job.objects.count() == 1
    assert client_for("planner").get(reverse("jobs:restart", args=[world.org.slug, job.pk])).status_code == 405


def test_starting_again_asks_the_owner_for_the_tasks_capability(world, client_for, count_lines):
    tasks.task("test.edit", title="แก้แผน", capability="plan.edit")(lambda job: None)
    try:
        job = Job.objects.create(
            organization=world.org, user=world.users["executive"], kind="test.edit", state=Job.State.INTERRUPTED
        )
        response = client_for("executive").post(reverse("jobs:restart", args=[world.org.slug, job.pk]))
        assert response.status_code == 403 and Job.objects.count() == 1
    finally:
        del tasks.REGISTRY["test.edit"]


def test_the_runner_records_its_process_and_heartbeats_while_the_job_runs(world):
    seen = {}

    def look(job):
        seen["claimed"] = Job.objects.values("worker", "heartbeat_at").get(pk=job.pk)
        Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
        job.progress(1, 2, step="half")
        seen["progress"] = Job.objects.get(pk=job.pk).heartbeat_at

    tasks.task("test.look", title="ดู")(look)
    try:
        before = timezone.now()
        runner.enqueue("test.look", org=world.org, user=world.users["planner"])
    finally:
        del tasks.REGISTRY["test.look"]
    assert seen["claimed"]["worker"] == state.worker_id() == f"{socket.gethostname()}:{os.getpid()}"
    assert seen["claimed"]["heartbeat_at"] >= before
    assert seen["progress"] >= before  # a progress update is a sign of life


class Ticks:
    """A stop event for the beat: its waits return as the test says, at once (no sleeping)."""

    def __init__(self, *answers):
        self.answers, self.waited = list(answers), []

    def wait(self, timeout):
        self.waited.append(timeout)
        return self.answers.pop(0)


def test_the_beat_records_a_heartbeat_at_each_tick_until_stopped(world, settings):
    settings.TIDTAM_JOBS_HEARTBEAT_SECONDS = 40
    job = running_job(world, beat_ago=3600)
    ticks = Ticks(False, False, True)
    assert runner.beat_until(ticks, job.pk, state.beat_every()) == 2
    assert ticks.waited == [10, 10, 10]
    job.refresh_from_db()
    assert job.heartbeat_at > timezone.now() - timedelta(minutes=1)
    assert not state.is_interrupted(job)
    Job.objects.filter(pk=job.pk).update(state=Job.State.DONE)
    assert runner.beat_until(Ticks(False, False), job.pk, 10) == 0  # a finished job is left alone


def test_a_beat_is_recorded_at_the_time_given(world):
    job = running_job(world, beat_ago=3600)
    at = timezone.now() - timedelta(seconds=5)
    assert state.job_beat(job_id=job.pk, now=at)
    job.refresh_from_db()
    assert job.heartbeat_at == at
    assert not state.is_interrupted(job, now=at + timedelta(seconds=45))
    assert state.is_interrupted(job, now=at + timedelta(seconds=46))


def test_the_job_page_polls_until_done_then_shows_the_result_and_download(world, client_for, count_lines):
    client = client_for("planner")
    job = Job.objects.create(organization=world.org, user=world.users["planner"], kind="test.count", total=4, done=1)
    job.input_file.save("lines.txt", upload("1\n2\n3\n4\n"))
    progress = reverse("jobs:progress", args=[world.org.slug, job.pk])
    page = client.get(job.get_absolute_url()).content.decode()
    assert "นับบรรทัด" in page and 'hx-trigger="every 1s"' in page and "25%" in page
    Job.objects.filter(pk=job.pk).update(done=0)
    runner.run(job.pk)
    part = client.get(progress).content.decode()
    assert "hx-trigger" not in part  # polling stops
    assert "4 lines counted" in part
    download = client.get(reverse("jobs:download", args=[world.org.slug, job.pk]))
    assert download["Content-Disposition"].startswith("attachment") and b"".join(download.streaming_content) == b"4"
    listing = client.get(reverse("jobs:index", args=[world.org.slug])).content.decode()
    assert "นับบรรทัด" in listing and "count.txt" in listing


def test_a_failed_or_unfinished_job_has_nothing_to_download(world, client_for):
    job = Job.objects.create(organization=world.org, user=world.users["planner"], kind="x", state=Job.State.FAILED)
    assert client_for("planner").get(reverse("jobs:download", args=[world.org.slug, job.pk])).status_code == 404


def test_the_queue_is_the_database_by_default_and_a_setting_swaps_it(tmp_path):
    from tidtam import settings as configured  # as loaded, before the tests' immediate backend

    if "TIDTAM_TASKS_BACKEND" not in os.environ:
        assert configured.TASKS == {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert {"django_tasks", "django_tasks_db"} <= set(configured.INSTALLED_APPS)
    script = "from django_tasks import task_backends\nprint(type(task_backends['default']).__name__)\n"
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'q.sqlite3'}",
        "TIDTAM_TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
    }
    swapped = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", script],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert swapped.returncode == 0, swapped.stderr
    assert swapped.stdout.strip() == "DummyBackend"
