"""The one mechanism that scopes tenant data to an organization.

Every tenant table carries ``organization``; every read of tenant data goes through
``Model.objects.for_org(org)``. Views get ``request.org`` from ``orgs.access.org_view``.
"""

from django.db import models
from django.dispatch import Signal


class OrgQuerySet(models.QuerySet):
    def for_org(self, org):
        return self.filter(organization=org)


class OrgScoped(models.Model):
    """Abstract base of every table that belongs to one organization (tenant)."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")

    objects = OrgQuerySet.as_manager()

    class Meta:
        abstract = True


# Sent (sender = the model written, ``org_id=``) after rows of one organization were written in bulk
# (``bulk_create``/``bulk_update``, which send no save signals), so that what is kept from that
# organization's data (``dashboard.summaries``) is refreshed as after a save.
bulk_written = Signal()
