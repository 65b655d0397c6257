"""Query-string filters of the list endpoints, checked like any input (400 with the field's message)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.calendar import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR
from core.params import MAX_ID
from monitoring.models import ReportState
from plans.models import ActionPlan, Indicator


def _id(help_text):
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, help_text=help_text)


FISCAL_YEAR = _("Fiscal year (Buddhist Era, e.g. 2569).")


def _year(help_text=FISCAL_YEAR):
    return serializers.IntegerField(
        min_value=FIRST_FISCAL_YEAR, max_value=LAST_FISCAL_YEAR, required=False, help_text=help_text
    )


UPDATED_SINCE = _("Only what was created or changed at or after this time (ISO 8601).")


class PlanFilters(serializers.Serializer):
    fiscal_year = _year(_("Plans that cover this fiscal year."))
    updated_since = serializers.DateTimeField(required=False, help_text=UPDATED_SINCE)


class ActionPlanFilters(serializers.Serializer):
    fiscal_year = _year()
    status = serializers.ChoiceField(choices=ActionPlan.Status.choices, required=False)
    updated_since = serializers.DateTimeField(required=False, help_text=UPDATED_SINCE)


class StrategyFilters(serializers.Serializer):
    plan = _id(_("Development plan id."))
    updated_since = serializers.DateTimeField(required=False, help_text=UPDATED_SINCE)


class ProgramFilters(serializers.Serializer):
    plan = _id(_("Development plan id."))
    strategy = _id(_("Strategy id."))


class ProjectFilters(serializers.Serializer):
    fiscal_year = _year(_("Projects in this fiscal year's action plan."))
    department = _id(_("Responsible department id."))
    strategy = _id(_("Strategy id."))
    program = _id(_("Program id."))
    updated_since = serializers.DateTimeField(required=False, help_text=UPDATED_SINCE)


class IndicatorFilters(serializers.Serializer):
    project = _id(_("Project id."))
    strategy = _id(_("Strategy id (its own indicators and its goals')."))
    department = _id(_("Responsible department id (of the indicator or of its project)."))
    perspective = serializers.ChoiceField(choices=Indicator.Perspective.choices, required=False)
    updated_since = serializers.DateTimeField(required=False, help_text=_("Also when a target changed."))


class TargetFilters(serializers.Serializer):
    fiscal_year = _year()
    indicator = _id(_("Indicator id."))
    updated_since = serializers.DateTimeField(required=False, help_text=UPDATED_SINCE)


class PeriodFilters(serializers.Serializer):
    fiscal_year = _year(
        _("Fiscal year; its periods exist once the year is set up (its action plan created) or its first report saved.")
    )


class ReportFilters(serializers.Serializer):
    fiscal_year = _year()
    period = _id(_("Reporting period id."))
    project = _id(_("Project id."))
    department = _id(_("Department id."))
    status = serializers.ChoiceField(choices=ReportState.choices, required=False, help_text=_("Report state."))
    updated_since = serializers.DateTimeField(required=False, help_text=UPDATED_SINCE)


class ResultFilters(ReportFilters):
    indicator = _id(_("Indicator id."))


class FigureFilters(serializers.Serializer):
    upto = serializers.IntegerField(
        min_value=1, max_value=4, required=False, help_text=_("Figures to the end of this quarter; none: year to date.")
    )
    department = _id(_("Responsible department id."))


class KpiFigureFilters(FigureFilters):
    perspective = serializers.ChoiceField(
        choices=[*Indicator.Perspective.choices, ("none", _("No perspective"))], required=False
    )


def read(filter_class, request) -> dict:
    filters = filter_class(data=request.query_params)
    filters.is_valid(raise_exception=True)
    return filters.validated_data


def changed_since(model, since, *related) -> Q:
    """Rows whose history (django-simple-history) has a change at or after ``since``; ``related`` adds
    (history model, field naming the row) pairs whose changes count too (a project's budgets)."""
    condition = Q(pk__in=model.history.filter(history_date__gte=since).values("id"))
    for history, field in related:
        condition |= Q(pk__in=history.filter(history_date__gte=since).values(field))
    return condition
