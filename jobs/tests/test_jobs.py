import os
import socket
import subprocess
import sys
from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

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


@pytest.mark.django_db(transaction=True)
def test_in_thread_mode_the_job_starts_after_the_commit_and_runs_beside_the_request(world, settings, count_lines):
    settings.TIDTAM_JOBS_MODE = "thread"
    threads = []
    real_start = runner.start_thread
    with mock.patch.object(runner, "start_thread", side_effect=lambda pk: threads.append(real_start(pk))):
        with transaction.atomic():
            job = runner.enqueue("test.count", org=world.org, user=world.users["planner"], upload=upload())
            assert threads == []  # nothing starts before the data is committed
        assert len(threads) == 1
        threads[0].join(timeout=30)
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.result == {"lines": 3}


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
