"""The annual report PDF of the big organization of ``bench/scale.py`` (5,000 projects) built by the worker of
the task queue while gunicorn (2 workers) serves the site: it asks for the PDF through the web as a user
would (the download answers with the job's page at once), then follows the job to its end and prints the
build time, the worker's peak memory and the web workers' peak memory meanwhile, and /healthz's latency
during the build (the web stays free).

    DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/tidtam_scale .venv/bin/python bench/annual_worker.py

It reads the data ``bench/scale.py`` made (run that, or ``bench/scale.py --data-only``, first).
Budget (scale issue): the web workers stay under 300 MB while the PDF is built.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import member, start
from django.conf import settings
from django.db import connection
from django.urls import reverse
from scale import BIG_SIZE, ROOT, Server, percentile

from jobs.models import Job
from orgs.models import Organization


def rss_mb(pids) -> list[int]:
    out = []
    for pid in pids:
        try:
            lines = Path(f"/proc/{pid}/status").read_text().splitlines()
        except FileNotFoundError:
            continue
        out += [int(line.split()[1]) // 1024 for line in lines if line.startswith("VmRSS:")]
    return out


def tree(pid: int) -> list[int]:
    """The process and its descendants."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except FileNotFoundError:
            continue
        todo += [int(child) for child in children]
    return found


def main():
    client = start(seed_demo=False)
    if connection.vendor != "postgresql":
        raise SystemExit("run it on PostgreSQL: DATABASE_URL=postgres://…")
    big = Organization.objects.filter(slug=f"bench-big{BIG_SIZE}").first()
    if big is None:
        raise SystemExit("no data: run bench/scale.py --data-only first")
    member(client, big)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    path = reverse("reports:download", args=[big.slug, "annual", "pdf"]) + "?year=2569"
    env = {**os.environ, "DEBUG": "0", "SECURE": "0"}
    worker = subprocess.Popen(  # noqa: S603
        [str(ROOT / ".venv/bin/python"), "manage.py", "db_worker", "--no-reload"], cwd=ROOT, env=env
    )
    server = Server()
    try:
        for _ in range(4):
            server.get("/healthz")
        web_before = server.rss_mb()
        began = time.perf_counter()
        status, _ = server.get(path, cookie)
        asked = time.perf_counter() - began
        job = Job.objects.filter(organization=big, kind="reports.render").latest("pk")
        web_peak, worker_peak, health = list(web_before), 0, []
        while not job.finished:
            worker_peak = max(worker_peak, sum(rss_mb(tree(worker.pid))))
            web_peak = [max(a, b) for a, b in zip(web_peak, server.rss_mb(), strict=False)]
            t = time.perf_counter()
            server.get("/healthz")
            health.append((time.perf_counter() - t) * 1000)
            time.sleep(0.25)  # sampling, not waiting for a result
            job.refresh_from_db()
        took = time.perf_counter() - began
        print(f"{BIG_SIZE} projects; gunicorn 2 workers and one db_worker")
        print(f"download asked: HTTP {status} in {asked * 1000:.0f} ms (the job's page)")
        print(f"job {job.state}{': ' + job.error if job.error else ''} in {took:.1f} s; {job.result_name}")
        if job.result_file:
            print(f"PDF {job.result_file.size / 1e6:.1f} MB")
        print(f"worker peak memory (with its children): {worker_peak} MB")
        print(f"web workers' memory: before {web_before} MB, peak during the build {web_peak} MB")
        print(
            f"/healthz during the build: p50 {statistics.median(health):.1f} ms, "
            f"p95 {percentile(health, 95):.1f} ms ({len(health)} requests)"
        )
    finally:
        server.stop()
        worker.terminate()
        worker.wait(timeout=60)


if __name__ == "__main__":
    sys.exit(main())
