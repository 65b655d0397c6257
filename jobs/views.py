"""A person's background jobs: the list, one job's progress (polled by htmx), its result file, and
starting an interrupted one again."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jobs import state, tasks
from jobs.models import Job
from jobs.runner import job_restart
from orgs.access import org_view


def _own_job(request, pk) -> Job:
    """Only the person who started a job sees it (404 for anyone else, in any organization); a job that
    lost its worker shows as interrupted."""
    job = get_object_or_404(Job.objects.for_org(request.org).filter(user=request.user), pk=pk)
    return state.job_check(job)


def _context(job: Job) -> dict:
    task = tasks.REGISTRY.get(job.kind)
    return {"job": job, "task": task, "result": job.result, "can_restart": task is not None and state.can_restart(job)}


@org_view(None)
def index(request):
    jobs = list(Job.objects.for_org(request.org).filter(user=request.user)[:50])
    for job in jobs:
        if not job.finished:
            state.job_check(job)
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
@require_POST
def restart(request, pk):
    """Start an interrupted job again (a new job: its page follows); any other job's page just shows again."""
    job = _own_job(request, pk)
    if job.kind not in tasks.REGISTRY or not state.can_restart(job):
        return redirect(job.get_absolute_url())
    return redirect(job_restart(job=job, access=request.access).get_absolute_url())


@org_view(None)
def download(request, pk):
    job = _own_job(request, pk)
    if job.state != Job.State.DONE or not job.result_file:
        raise Http404
    return FileResponse(
        job.result_file.open("rb"), as_attachment=True, filename=job.result_name, content_type=job.result_type
    )
