from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from jobs import runner, tasks
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


def test_a_job_that_has_not_finished_in_time_shows_as_interrupted(world, settings):
    job = Job.objects.create(
        organization=world.org,
        user=world.users["planner"],
        kind="test.count",
        state=Job.State.RUNNING,
        created_at=timezone.now() - timedelta(minutes=settings.TIDTAM_JOBS_STALE_MINUTES + 1),
    )
    assert runner.mark_stale(job).state == Job.State.FAILED
    fresh = Job.objects.create(organization=world.org, user=world.users["planner"], kind="test.count")
    assert runner.mark_stale(fresh).state == Job.State.QUEUED


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
