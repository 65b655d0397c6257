from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from orgs.models import Department, Membership, Organization, Oversight, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["organization"]


class OversightInline(admin.TabularInline):
    model = Oversight
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = [*BaseUserAdmin.fieldsets, (_("Preferences"), {"fields": ["language"]})]
    inlines = [MembershipInline, OversightInline]


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "district", "province", "slug"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "slug", "province", "district"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [DepartmentInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organization", "role", "department"]
    list_filter = ["role", "organization"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "organization"]


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organization", "order"]
    list_filter = ["organization"]
    search_fields = ["name"]
