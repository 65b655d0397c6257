"""The registry of background tasks. An app declares one in its ``tasks.py``::

    @task("plans.import_plan", title=gettext_lazy("Import a plan"), result_template="plans/_result.html",
          capability="plan.edit")
    def import_plan(job):
        ...
        job.progress(done, total, step=...)
        job.result = {...}                       # shown on the job's page through result_template
        job.attach("errors.xlsx", data, XLSX)    # offered for download

Raise ``JobFailed(message)`` to stop with a message for the person; any other exception fails the job
with a generic message (and is logged).
"""

from collections.abc import Callable
from dataclasses import dataclass


class JobFailed(Exception):
    """The task cannot finish; the message is shown to the person who started it."""


@dataclass(frozen=True)
class Task:
    kind: str
    run: Callable
    title: str
    result_template: str = ""
    capability: str = ""  # what starting it again asks of its owner (the view that first started it asked it)


REGISTRY: dict[str, Task] = {}


def task(kind: str, *, title, result_template: str = "", capability: str = ""):
    def register(func):
        REGISTRY[kind] = Task(kind=kind, run=func, title=title, result_template=result_template, capability=capability)
        return func

    return register


def get(kind: str) -> Task:
    return REGISTRY[kind]
