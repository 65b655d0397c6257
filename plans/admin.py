from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from plans.models import (
    ActionPlan,
    ActionPlanItem,
    DevelopmentPlan,
    Goal,
    Indicator,
    PlanRevision,
    Program,
    Project,
    ProjectBudget,
    Strategy,
    Target,
)


class OrgAdmin(SimpleHistoryAdmin):
    list_filter = ["organization"]

    def save_formset(self, request, form, formset, change):
        """Inline rows belong to the parent's organization."""
        for obj in formset.save(commit=False):
            obj.organization = form.instance.organization
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


class ProjectBudgetInline(admin.TabularInline):
    model = ProjectBudget
    extra = 0
    exclude = ["organization"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    exclude = ["organization"]


@admin.register(Project)
class ProjectAdmin(OrgAdmin):
    list_display = ["code", "name", "department", "organization"]
    search_fields = ["code", "name"]
    inlines = [ProjectBudgetInline]


@admin.register(Indicator)
class IndicatorAdmin(OrgAdmin):
    list_display = ["name", "measure_type", "aggregation", "organization"]
    search_fields = ["name"]
    inlines = [TargetInline]


for model in (DevelopmentPlan, PlanRevision, Strategy, Goal, Program, ActionPlan, ActionPlanItem):
    admin.site.register(model, OrgAdmin)
