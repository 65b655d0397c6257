"""What an organization publishes for citizens (ITA: the action plan, the six-month and the annual
monitoring reports): a PDF and, for the reports, a snapshot of the headline figures taken at publication.

The public pages read only publications that are published now (``Publication.objects.published()``)
and only their snapshots, never live data: what is not published cannot be reached. The file is served
through a view that checks the published state; it has no public media URL.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.tenancy import OrgQuerySet, OrgScoped
from plans.models import BE_YEAR


def publication_path(instance, filename):
    return f"publications/{instance.organization_id}/{uuid.uuid4().hex}.pdf"


class PublicationQuerySet(OrgQuerySet):
    def published(self):
        """Published now, with a file: the only rows a public page may read."""
        return self.filter(published_at__isnull=False, unpublished_at__isnull=True).exclude(file="")


class Publication(OrgScoped):
    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Annual monitoring and evaluation report")
        SIX_MONTH = "six_month", _("Six-month monitoring report")
        ACTION_PLAN = "action_plan", _("Action plan")
        OTHER = "other", _("Other document")

    class Source(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded PDF")
        BUILT = "built", _("Built by the system")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    fiscal_year = models.PositiveIntegerField(_("fiscal year"), validators=BE_YEAR)
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=publication_path, max_length=255, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    source = models.CharField(_("source"), max_length=10, choices=Source, blank=True)
    figures = models.JSONField(_("figures at publication"), default=dict, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    unpublished_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year", "kind", "-pk"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        indexes = [models.Index(fields=["organization", "published_at"])]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.unpublished_at is None and bool(self.file)

    @property
    def has_results(self) -> bool:
        """A monitoring report: its publication carries the figures."""
        return self.kind in (self.Kind.ANNUAL, self.Kind.SIX_MONTH)


class OrgYearFigures(OrgScoped):
    """An organization's headline figures of a fiscal year as the overseers' comparison shows them, kept by
    ``dashboard.summaries.refresh`` after each change of the organization's data, with the data version
    (``evaluation.memo.versions``) they were computed at. A row whose version is not the organization's
    current one is never shown: the page computes that organization afresh instead."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    version = models.TextField(_("data version"))
    figures = models.TextField(_("figures"))  # JSON with sorted keys: the same text on every database engine
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        verbose_name = _("stored figures of a year")
        verbose_name_plural = _("stored figures of the years")
        constraints = [
            models.UniqueConstraint(fields=["organization", "fiscal_year"], name="one_stored_figures_per_org_year")
        ]
