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
