"""The annual M&E report's own record: the texts people write for it and the dates the regulation cares
about (reported to the executive, presented to the council, announced, posted)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.tenancy import OrgScoped
from plans.models import BE_YEAR


class AnnualReport(OrgScoped):
    """รายงานผลการติดตามและประเมินผลแผนพัฒนาท้องถิ่น ประจำปีงบประมาณ — one per organization and year."""

    fiscal_year = models.PositiveIntegerField(_("fiscal year"), validators=BE_YEAR)
    introduction = models.TextField(_("introduction"), blank=True)
    method = models.TextField(_("method of monitoring and evaluation"), blank=True)
    committee = models.TextField(
        _("monitoring and evaluation committee"), blank=True, help_text=_("One member per line: name, position, role.")
    )
    conclusion = models.TextField(_("conclusions"), blank=True)
    reported_to_executive = models.DateField(_("reported to the executive"), null=True, blank=True)
    presented_to_council = models.DateField(_("presented to the council"), null=True, blank=True)
    announced_on = models.DateField(_("announced to the public"), null=True, blank=True)
    posted_until = models.DateField(_("posted until"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("annual monitoring and evaluation report")
        verbose_name_plural = _("annual monitoring and evaluation reports")
        constraints = [
            models.UniqueConstraint(fields=["organization", "fiscal_year"], name="one_annual_report_per_year"),
        ]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.fiscal_year}"


class SelfAssessmentItem(OrgScoped):
    """An item of แบบที่ 1 (the self-assessment of the making of the local development plan): the
    organization's own list, copied from the default items (reports/form1_items.py) when it first uses the
    form; planners and auditors add items, change their wording, reorder and retire them."""

    class Part(models.IntegerChoices):
        COMMITTEE = 1, _("Part 1: the local development committee")
        PLAN = 2, _("Part 2: the making of the local development plan")

    part = models.PositiveSmallIntegerField(_("part"), choices=Part.choices)
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.CharField(_("wording"), max_length=500)
    retired = models.BooleanField(
        _("retired"), default=False, help_text=_("A retired item is left out of new assessments; answers stay.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["part", "order", "pk"]
        verbose_name = _("self-assessment item")
        verbose_name_plural = _("self-assessment items")

    def __str__(self):
        return self.text


class SelfAssessment(OrgScoped):
    """แบบที่ 1 filled in for one fiscal year: each item done or not done, with an optional note."""

    fiscal_year = models.PositiveIntegerField(_("fiscal year"), validators=BE_YEAR)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("self-assessment of the planning process")
        verbose_name_plural = _("self-assessments of the planning process")
        constraints = [
            models.UniqueConstraint(fields=["organization", "fiscal_year"], name="one_self_assessment_per_year"),
        ]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.fiscal_year}"


class SelfAssessmentAnswer(OrgScoped):
    """One item's answer in a year's assessment: done (ดำเนินการ) or not done (ไม่ดำเนินการ)."""

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="answers", verbose_name=_("self-assessment")
    )
    item = models.ForeignKey(
        SelfAssessmentItem, on_delete=models.PROTECT, related_name="answers", verbose_name=_("item")
    )
    done = models.BooleanField(_("item done"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["item__part", "item__order", "item__pk"]
        verbose_name = _("self-assessment answer")
        verbose_name_plural = _("self-assessment answers")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="one_answer_per_self_assessment_item"),
        ]

    def __str__(self):
        return f"{self.item}: {self.done}"
