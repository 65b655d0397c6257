"""Evaluation: the seed's four phases recorded per project, strategy or plan; findings and
recommendations followed until used; the ten steps of results-based M&E.

The figures (achievement, scores, roll-ups) are computed, not stored: see achievement.py and rollup.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.calendar import format_date
from core.tenancy import OrgScoped
from monitoring.models import StoredFile
from orgs.models import Department
from plans.models import BE_YEAR, Indicator, Project, Strategy


class Round(models.TextChoices):
    HALF = "half", _("Six months (October–March)")
    YEAR = "year", _("Full year")


class Evaluation(OrgScoped):
    """The four phases of evaluation of a project, a strategy or the whole plan, for one round.

    1 periodic summary of results; 2 review of success and failure; 3 potential and limits (the
    factors, see ``Factor``); 4 development for the future (recommendations, see ``Finding``).
    """

    class Achieved(models.TextChoices):
        YES = "yes", _("Achieved")
        PARTLY = "partly", _("Partly achieved")
        NO = "no", _("Not achieved")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    fiscal_year = models.PositiveIntegerField(_("fiscal year"), validators=BE_YEAR)
    round = models.CharField(_("round"), max_length=10, choices=Round, default=Round.YEAR)
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="evaluations", verbose_name=_("project")
    )
    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("strategy"),
    )
    summary = models.TextField(_("summary of results"), blank=True)
    objective_achieved = models.CharField(_("objective achieved"), max_length=10, choices=Achieved, blank=True)
    success_reasons = models.TextField(_("why it succeeded"), blank=True)
    failure_reasons = models.TextField(_("why it fell short"), blank=True)
    recommendations = models.TextField(_("recommendations for the future"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-fiscal_year", "round", "strategy__number", "project__code"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=True) | Q(strategy__isnull=True), name="evaluation_one_subject"
            ),
            models.UniqueConstraint(
                fields=["organization", "fiscal_year", "round", "project"],
                condition=Q(project__isnull=False),
                name="one_project_evaluation_per_round",
            ),
            models.UniqueConstraint(
                fields=["organization", "fiscal_year", "round", "strategy"],
                condition=Q(strategy__isnull=False),
                name="one_strategy_evaluation_per_round",
            ),
            models.UniqueConstraint(
                fields=["organization", "fiscal_year", "round"],
                condition=Q(project__isnull=True, strategy__isnull=True),
                name="one_plan_evaluation_per_round",
            ),
        ]

    def __str__(self):
        subject = self.project or self.strategy or _("the whole plan")
        return f"{subject} · {self.fiscal_year} · {self.get_round_display()}"


class Factor(OrgScoped):
    """Phase 3: a factor that supported or hindered success, with its category."""

    class Kind(models.TextChoices):
        SUPPORTING = "supporting", _("Supporting factor")
        HINDERING = "hindering", _("Hindering factor")

    class Category(models.TextChoices):
        BUDGET = "budget", _("Budget")
        PERSONNEL = "personnel", _("Personnel")
        TIME = "time", _("Time")
        PARTICIPATION = "participation", _("Citizen participation")
        REGULATIONS = "regulations", _("Regulations")
        COORDINATION = "coordination", _("Coordination")
        WEATHER = "weather", _("Weather")
        OTHER = "other", _("Other")

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="factors", verbose_name=_("evaluation")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    category = models.CharField(_("category"), max_length=15, choices=Category)
    description = models.TextField(_("description"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "category", "pk"]
        verbose_name = _("factor")
        verbose_name_plural = _("factors")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.get_category_display()}"


class Finding(OrgScoped):
    """A finding or recommendation in the register, followed until it is used (step 9 of ten)."""

    class Kind(models.TextChoices):
        FINDING = "finding", _("Finding")
        RECOMMENDATION = "recommendation", _("Recommendation")

    class Source(models.TextChoices):
        EVALUATION = "evaluation", _("Evaluation")
        AUDIT = "audit", _("Internal audit")
        SURVEY = "survey", _("Citizen survey")
        MEETING = "meeting", _("Meeting")

    class Priority(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        NOT_ADOPTED = "not_adopted", _("Not adopted")

    fiscal_year = models.PositiveIntegerField(_("fiscal year raised"), validators=BE_YEAR)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind, default=Kind.RECOMMENDATION)
    source = models.CharField(_("source"), max_length=12, choices=Source, default=Source.EVALUATION)
    evaluation = models.ForeignKey(
        Evaluation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("evaluation"),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    projects = models.ManyToManyField(
        Project, blank=True, related_name="findings", verbose_name=_("projects concerned")
    )
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="findings", verbose_name=_("indicators concerned")
    )
    strategies = models.ManyToManyField(
        Strategy, blank=True, related_name="findings", verbose_name=_("strategies concerned")
    )
    owner = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("owner department"),
    )
    priority = models.CharField(_("priority"), max_length=10, choices=Priority, default=Priority.MEDIUM)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.OPEN)
    not_adopted_reason = models.TextField(_("reason for not adopting"), blank=True)
    used_in = models.ManyToManyField(
        Project,
        blank=True,
        related_name="implements_findings",
        verbose_name=_("used in the plan by"),
        help_text=_("Projects of a later plan year that put this recommendation into practice."),
    )
    history = HistoricalRecords(m2m_fields=[projects, indicators, strategies, used_in])

    class Meta:
        ordering = ["status", "due_on", "-pk"]
        verbose_name = _("finding or recommendation")
        verbose_name_plural = _("findings and recommendations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="not_adopted") | ~Q(not_adopted_reason=""), name="not_adopted_needs_reason"
            )
        ]

    def __str__(self):
        return self.title


class FollowUp(OrgScoped):
    """A dated note on what happened with a finding."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("finding"))
    on = models.DateField(_("date"))
    note = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self):
        return f"{format_date(self.on)} · {self.note[:40]}"


class ReadinessStep(OrgScoped):
    """Where the organization stands on one of the ten steps of results-based M&E in a fiscal year."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        PARTLY = "partly", _("Partly done")
        DONE = "done", _("Done")

    fiscal_year = models.PositiveIntegerField(_("fiscal year"), validators=BE_YEAR)
    step = models.PositiveSmallIntegerField(_("step"))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.NOT_STARTED)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["fiscal_year", "step"]
        verbose_name = _("M&E step")
        verbose_name_plural = _("M&E steps")
        constraints = [
            models.UniqueConstraint(fields=["organization", "fiscal_year", "step"], name="one_status_per_step"),
            models.CheckConstraint(condition=Q(step__gte=1, step__lte=10), name="step_one_to_ten"),
        ]

    def __str__(self):
        return f"{self.fiscal_year} · {self.step}"


class ReadinessEvidence(StoredFile):
    """A file that shows where the organization stands on one of the ten steps (checked like report evidence)."""

    step = models.ForeignKey(
        ReadinessStep, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("M&E step")
    )

    class Meta(StoredFile.Meta):
        pass


class SharedFigures(OrgScoped):
    """Figures computed from an organization's data (a year's roll-up), kept where every web worker and
    server finds them (``evaluation.memo``): the first request after a change, or the first a worker serves,
    reads them instead of computing them again. ``key`` names what was computed (a digest of the memo's
    key and the code's format), ``version`` the organization's data version it was computed at; a row of
    another version is never read. The data is pickled: only this application writes it."""

    key = models.CharField(_("key"), max_length=64)
    version = models.TextField(_("data version"))
    data = models.BinaryField(_("data"))
    stored_at = models.DateTimeField(_("stored at"))

    class Meta:
        verbose_name = _("shared figures")
        verbose_name_plural = _("shared figures")
        constraints = [models.UniqueConstraint(fields=["organization", "key"], name="one_shared_figures_per_key")]
