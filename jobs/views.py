"""A person's background jobs: the list, one job's progress (polled by htmx) and its result file."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from jobs import tasks
from jobs.models import Job
from jobs.runner import mark_stale
from orgs.access import org_view


def _own_job(request, pk) -> Job:
    """Only the person who started a job sees it (404 for anyone else, in any organization)."""
    job = get_object_or_404(Job.objects.for_org(request.org).filter(user=request.user), pk=pk)
    return mark_stale(job)


def _context(job: Job) -> dict:
    task = tasks.REGISTRY.get(job.kind)
    return {"job": job, "task": task, "result": job.result}


@org_view(None)
def index(request):
    jobs = list(Job.objects.for_org(request.org).filter(user=request.user)[:50])
    for job in jobs:
        job.task = tasks.REGISTRY.get(job.kind)
    return render(request, "jobs/index.html", {"jobs": jobs})


@org_view(None)
def detail(request, pk):
    return render(request, "jobs/detail.html", _context(_own_job(request, pk)))


@org_view(None)
def progress(request, pk):
    """The part of the page that changes; it stops polling once the job has finished."""
    return render(request, "jobs/_progress.html", _context(_own_job(request, pk)))


@org_view(None)
def download(request, pk):
    job = _own_job(request, pk)
    if job.state != Job.State.DONE or not job.result_file:
        raise Http404
    return FileResponse(
        job.result_file.open("rb"), as_attachment=True, filename=job.result_name, content_type=job.result_type
    )
