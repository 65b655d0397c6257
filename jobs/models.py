"""Work that takes longer than a request should: a long report, a large import.

A job belongs to the person who started it (and their organization); it records its progress while
it runs and keeps its result (figures for a page and/or one file to download).
"""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.tenancy import OrgScoped


class Job(OrgScoped):
    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        INTERRUPTED = "interrupted", _("Interrupted")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("started by"))
    kind = models.CharField(_("kind"), max_length=80)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    input_file = models.FileField(_("uploaded file"), upload_to="jobs/in/%Y/%m", blank=True)
    input_name = models.CharField(_("uploaded file name"), max_length=255, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(_("steps done"), default=0)
    total = models.PositiveIntegerField(_("steps in all"), default=0)
    step = models.CharField(_("current step"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    result_file = models.FileField(_("result file"), upload_to="jobs/out/%Y/%m", blank=True)
    result_name = models.CharField(_("result file name"), max_length=255, blank=True)
    result_type = models.CharField(_("result file type"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    started_at = models.DateTimeField(_("running since"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Signs of life while it runs (jobs/state.py): the last beat, and the process running it ("host:pid").
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    worker = models.CharField(_("worker process"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [models.Index(fields=["organization", "user", "-created_at"])]

    def __str__(self):
        return f"{self.kind} #{self.pk}"

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.organization.slug, self.pk])

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED, self.State.INTERRUPTED)

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, self.done * 100 // self.total)

    # Called by a task while it runs ---------------------------------------------------------------------

    def progress(self, done: int, total: int | None = None, step: str = "") -> None:
        """Record how far the work is, which is also a sign of life (one UPDATE; the page polls it)."""
        self.done = done
        if total is not None:
            self.total = total
        if step:
            self.step = str(step)[:200]
        Job.objects.filter(pk=self.pk).update(
            done=self.done, total=self.total, step=self.step, heartbeat_at=timezone.now()
        )

    def attach(self, name: str, content: bytes, content_type: str) -> None:
        """Keep one file as the job's result, to download from its page."""
        self.result_file.save(name, ContentFile(content), save=False)
        self.result_name = name
        self.result_type = content_type
