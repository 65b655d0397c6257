from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.tenancy import OrgScoped


class User(AbstractUser):
    """A person who signs in. Roles come from memberships in organizations."""

    class Language(models.TextChoices):
        THAI = "th", "ไทย"
        ENGLISH = "en", "English"

    language = models.CharField(_("language"), max_length=5, choices=Language, default=Language.THAI)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username


class Organization(models.Model):
    """A local administrative organization (อปท.): the tenant."""

    class Kind(models.TextChoices):
        SAO = "sao", _("Subdistrict Administrative Organization")
        SUBDISTRICT_MUNICIPALITY = "tambon_municipality", _("Subdistrict Municipality")
        TOWN_MUNICIPALITY = "town_municipality", _("Town Municipality")
        CITY_MUNICIPALITY = "city_municipality", _("City Municipality")
        PAO = "pao", _("Provincial Administrative Organization")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=30, choices=Kind, default=Kind.SAO)
    province = models.CharField(_("province"), max_length=100)
    district = models.CharField(_("district"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["province", "district", "name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return self.name


class Department(OrgScoped):
    """A กอง or สำนัก inside an organization."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="department_name_unique")]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    PLANNER = "planner", _("Planner")
    REPORTER = "reporter", _("Department reporter")
    AUDITOR = "auditor", _("Auditor / M&E committee")
    EXECUTIVE = "executive", _("Executive")
    HR = "hr", _("Human resources")


class Membership(OrgScoped):
    """Gives a user one role in an organization; a reporter is bound to one department."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=20, choices=Role)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("department")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="membership_role_unique"),
            models.CheckConstraint(
                condition=~Q(role="reporter") | Q(department__isnull=False), name="reporter_has_department"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"

    def clean(self):
        if self.role == Role.REPORTER and not self.department_id:
            raise ValidationError({"department": _("A department reporter must belong to a department.")})
        if self.department_id and self.department.organization_id != self.organization_id:
            raise ValidationError({"department": _("The department belongs to another organization.")})


class Oversight(models.Model):
    """Read-only access for a province or district officer to every organization in the area."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="oversights", verbose_name=_("user"))
    province = models.CharField(_("province"), max_length=100)
    district = models.CharField(_("district"), max_length=100, blank=True, help_text=_("Empty: the whole province."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("oversight")
        verbose_name_plural = _("oversights")

    def __str__(self):
        return f"{self.user} · {self.province} {self.district}".strip()

    def organizations(self):
        orgs = Organization.objects.filter(province=self.province)
        return orgs.filter(district=self.district) if self.district else orgs
