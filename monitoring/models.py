"""Monitoring: reporting periods, progress reports with KPI results and evidence, and their review.

The rules that move a report or a period from one state to another live in ``monitoring/workflow.py``.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.tenancy import OrgScoped
from orgs.models import Department
from plans.models import BE_YEAR, MONEY, VALUE, Indicator, Project


class MonitoringPolicy(OrgScoped):
    """An organization's monitoring settings; the defaults come from settings (TIDTAM_MONITORING)."""

    class PeriodKind(models.TextChoices):
        QUARTER = "quarter", _("Quarterly")
        MONTH = "month", _("Monthly")

    period_kind = models.CharField(
        _("reporting periods"), max_length=10, choices=PeriodKind, default=PeriodKind.QUARTER
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("deadline (days after the period ends)"), default=15, validators=[MaxValueValidator(90)]
    )
    grace_days = models.PositiveSmallIntegerField(
        _("grace days after the deadline before a period closes"), default=7, validators=[MaxValueValidator(90)]
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("days before the deadline to send a reminder"), default=3, validators=[MaxValueValidator(30)]
    )
    max_file_mb = models.PositiveSmallIntegerField(
        _("largest evidence file (MB)"), default=20, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    max_files = models.PositiveSmallIntegerField(
        _("maximum evidence files per report"), default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    planner_enters_org_results = models.BooleanField(
        _("planners also enter results of organization and strategy indicators"),
        default=False,
        help_text=_("The audit unit and the administrator always may; someone with the review right approves."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monitoring settings")
        verbose_name_plural = _("monitoring settings")
        constraints = [models.UniqueConstraint(fields=["organization"], name="one_policy_per_org")]

    def __str__(self):
        return str(self._meta.verbose_name)


class ReportingPeriod(OrgScoped):
    """A quarter (or month) of a fiscal year in which departments report."""

    class Kind(models.TextChoices):
        QUARTER = "quarter", _("Quarter")
        MONTH = "month", _("Month")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        LOCKED = "locked", _("Locked")

    fiscal_year = models.PositiveIntegerField(_("fiscal year"), validators=BE_YEAR)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.QUARTER)
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    opens_on = models.DateField(_("opens for reporting on"))
    deadline = models.DateField(_("submission deadline"))
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.OPEN)
    history = HistoricalRecords()

    class Meta:
        ordering = ["fiscal_year", "kind", "number"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["organization", "fiscal_year", "kind", "number"], name="period_unique"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="period_dates_ordered"),
            models.CheckConstraint(condition=Q(deadline__gte=models.F("opens_on")), name="period_deadline_after_open"),
        ]

    def __str__(self):
        from core.calendar import format_fiscal_year, format_quarter

        if self.kind == self.Kind.QUARTER:
            return f"{format_quarter(self.number)} {format_fiscal_year(self.fiscal_year)}"
        return _("Month %(n)s of fiscal year %(year)s") % {"n": self.number, "year": self.fiscal_year}

    @property
    def quarter(self) -> int:
        """The fiscal quarter the period falls in (a month period belongs to one quarter)."""
        return quarter_of_period(self.kind, self.number)


def quarter_of_period(kind: str, number: int) -> int:
    """The fiscal quarter (1–4) of period ``number`` of a year reported by ``kind`` (quarters or months)."""
    return number if kind == ReportingPeriod.Kind.QUARTER else (number - 1) // 3 + 1


def last_period_of_quarter(kind: str, upto: int | None) -> int | None:
    """The last period number up to the end of quarter ``upto`` (months: 3 × upto); None for the whole year."""
    if upto is None:
        return None
    return upto if kind == ReportingPeriod.Kind.QUARTER else upto * 3


class LockException(OrgScoped):
    """The auditor reopens a closed or locked period for one department or one project, with a reason."""

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="exceptions", verbose_name=_("reporting period")
    )
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("department")
    )
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("project")
    )
    reason = models.TextField(_("reason"))
    until = models.DateField(_("open until"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("granted by")
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lock exception")
        verbose_name_plural = _("lock exceptions")
        constraints = [
            models.CheckConstraint(
                condition=Q(department__isnull=False, project__isnull=True)
                | Q(department__isnull=True, project__isnull=False),
                name="exception_for_department_or_project",
            )
        ]

    def __str__(self):
        return f"{self.period} · {self.project or self.department}"


class ProjectStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    DELAYED = "delayed", _("Delayed")
    CANCELLED = "cancelled", _("Cancelled / not carried out")
    CARRIED_OVER = "carried_over", _("Budget carried over to next year")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Approved")


class ProgressReport(OrgScoped):
    """What a department reports for one project in one period."""

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="reports", verbose_name=_("reporting period")
    )
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="reports", verbose_name=_("project"))
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="reports", verbose_name=_("department")
    )
    project_status = models.CharField(_("project status"), max_length=20, choices=ProjectStatus, blank=True)
    percent_complete = models.DecimalField(
        _("percent complete"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    disbursed = models.DecimalField(
        _("budget disbursed in the period (baht)"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    over_budget_reason = models.TextField(_("reason for spending above the budget"), blank=True)
    narrative = models.TextField(_("what was done, who benefited and how many"), blank=True)
    problems = models.TextField(_("problems and obstacles"), blank=True)
    solutions = models.TextField(_("proposed solutions"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=ReportState, default=ReportState.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    return_reason = models.TextField(_("reason for return"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project__order", "project__code"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(fields=["period", "project"], name="one_report_per_project_period"),
            models.CheckConstraint(
                condition=Q(percent_complete__isnull=True) | Q(percent_complete__gte=0, percent_complete__lte=100),
                name="report_percent_range",
            ),
            models.CheckConstraint(condition=Q(disbursed__isnull=True) | Q(disbursed__gte=0), name="report_disbursed"),
        ]

    def __str__(self):
        return f"{self.project.code} · {self.period}"

    @property
    def is_editable_state(self) -> bool:
        return self.state in (ReportState.DRAFT, ReportState.RETURNED)


class IndicatorResult(OrgScoped):
    """The result of one KPI in one period: a number, a numerator and denominator, yes/no, or text.

    Results of a project's KPIs belong to its progress report and share its state; results of
    organization and strategy KPIs stand alone, with their own review (monitoring/workflow.py): entered
    by whoever has ``result.org``, approved or returned by whoever has ``report.review``.
    """

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="results", verbose_name=_("indicator")
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="results", verbose_name=_("reporting period")
    )
    report = models.ForeignKey(
        ProgressReport,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="results",
        verbose_name=_("progress report"),
    )
    value = models.DecimalField(_("value"), **VALUE, null=True, blank=True)
    numerator = models.DecimalField(_("numerator"), **VALUE, null=True, blank=True)
    denominator = models.DecimalField(_("denominator"), **VALUE, null=True, blank=True)
    yes_no = models.BooleanField(_("yes / no"), null=True, blank=True)
    text = models.TextField(_("result (text)"), blank=True)
    breakdown = models.JSONField(_("breakdown"), default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=ReportState, default=ReportState.DRAFT)
    return_reason = models.TextField(_("reason for return"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator result")
        verbose_name_plural = _("indicator results")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="one_result_per_indicator_period"),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0), name="result_denominator_positive"
            ),
        ]

    def __str__(self):
        return f"{self.indicator} · {self.period}"

    @property
    def is_empty(self) -> bool:
        return all(v in (None, "") for v in (self.value, self.numerator, self.denominator, self.yes_no, self.text))


def evidence_path(instance, filename):
    return f"evidence/{instance.organization_id}/{uuid.uuid4().hex}{instance.extension}"


def thumbnail_path(instance, filename):
    return f"evidence/{instance.organization_id}/thumbs/{uuid.uuid4().hex}.jpg"


class StoredFile(OrgScoped):
    """A checked upload (see monitoring/evidence.py): the file, its thumbnail for photos, and who sent it."""

    file = models.FileField(_("file"), upload_to=evidence_path, max_length=255)
    thumbnail = models.FileField(_("thumbnail"), upload_to=thumbnail_path, max_length=255, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    extension = models.CharField(_("extension"), max_length=10)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Evidence(StoredFile):
    """A file that proves what a report says: a photo, a PDF or an Office document."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("progress report")
    )

    class Meta(StoredFile.Meta):
        pass


class ReportEvent(OrgScoped):
    """One step in a report's timeline: who did what, when, and why."""

    class Action(models.TextChoices):
        SAVED = "saved", _("saved a draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for revision")
        APPROVED = "approved", _("approved")
        CHANGED_AFTER_APPROVAL = "changed", _("changed after approval")
        EVIDENCE_ADDED = "evidence_added", _("added evidence")
        EVIDENCE_REMOVED = "evidence_removed", _("removed evidence")

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="events", verbose_name=_("progress report")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self):
        return f"{self.get_action_display()} · {self.at}"


class Notification(OrgScoped):
    """A message to one person in the app (the bell) and, batched, by email.

    ``key`` names the occasion (e.g. "deadline:<period>:<department>"): one notification per person and
    key, so running the reminders again never repeats one.
    """

    class Kind(models.TextChoices):
        PERIOD_OPENED = "period_opened", _("Period opened")
        DEADLINE_SOON = "deadline_soon", _("Deadline soon")
        OVERDUE = "overdue", _("Overdue")
        RETURNED = "returned", _("Returned for revision")
        APPROVED = "approved", _("Approved")
        CHANGED = "changed", _("Changed after approval")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    key = models.CharField(_("key"), max_length=200)
    message = models.TextField(_("message"))
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_notification_per_occasion")]

    def __str__(self):
        return self.message
