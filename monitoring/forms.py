from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BEDateField, DateInput, OrgModelForm
from core.money import format_number
from core.versioning import VersionedForm
from monitoring.models import IndicatorResult, MonitoringPolicy, ProgressReport, ReportingPeriod
from monitoring.rules import ReportContext, report_errors, result_errors
from monitoring.workflow import REPORT_FIELDS, ReportInput
from orgs.models import Department
from plans.models import Indicator, Project

MeasureType = Indicator.MeasureType
YES_NO = [("", "–"), ("yes", _("Yes")), ("no", _("No"))]


def _plain(value):
    """A stored value as an input shows it: "90", not "90.0000"."""
    return None if value is None else format_number(value, grouping=False)


def _decimal(label, **kwargs):
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=18,
        decimal_places=4,
        localize=False,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        **kwargs,
    )


class ReportForm(forms.ModelForm):
    """The report's own fields, plus the version it was loaded at (to catch concurrent edits)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    confirm_completed = forms.BooleanField(label=_("Yes, the project is completed"), required=False)
    change_reason = forms.CharField(
        label=_("Reason for changing an approved report"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = ProgressReport
        fields = [
            "project_status",
            "percent_complete",
            "disbursed",
            "over_budget_reason",
            "narrative",
            "problems",
            "solutions",
        ]
        widgets = {
            "percent_complete": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 100, "inputmode": "decimal"}),
            "disbursed": forms.NumberInput(attrs={"step": "0.01", "min": 0, "inputmode": "decimal"}),
            "over_budget_reason": forms.Textarea(attrs={"rows": 2}),
            "narrative": forms.Textarea(attrs={"rows": 3}),
            "problems": forms.Textarea(attrs={"rows": 2}),
            "solutions": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, context: ReportContext, **kwargs):
        super().__init__(*args, **kwargs)
        self.context = context
        self.fields["version"].initial = self.instance.version
        self.fields["project_status"].required = False

    def clean(self):
        data = super().clean()
        for name, message in report_errors(data, self.context).items():
            self.add_error(name, message)
        return data


def same_result(result, values: dict) -> bool:
    """Whether ``values`` (ResultForm.values()) say what the saved ``result`` says (None: nothing saved),
    compared as stored: "45" and 45.0000 are the same."""

    def plain(value):
        return None if value in ("", None) else value

    if result is None:
        return all(v in (None, "", {}) for v in values.values())
    for key, value in values.items():
        if key == "breakdown":
            if {k: Decimal(v) for k, v in value.items()} != {k: Decimal(str(v)) for k, v in result.breakdown.items()}:
                return False
        elif plain(getattr(result, key)) != plain(value):
            return False
    return True


class ResultForm(forms.Form):
    """One KPI's result in its measure type's own form, with disaggregated parts where it has categories."""

    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 1}))

    def __init__(self, *args, indicator: Indicator, result: IndicatorResult | None, context: ReportContext, **kwargs):
        kwargs.setdefault("prefix", f"kpi{indicator.pk}")
        super().__init__(*args, **kwargs)
        self.indicator, self.result, self.context = indicator, result, context
        kind = indicator.measure_type
        unit = f" ({indicator.unit})" if indicator.unit else ""
        if kind == MeasureType.PERCENTAGE:
            self.fields["numerator"] = _decimal(indicator.numerator_label or _("Numerator"), min_value=0)
            self.fields["denominator"] = _decimal(indicator.denominator_label or _("Denominator"))
        elif kind == MeasureType.YES_NO:
            self.fields["yes_no"] = forms.ChoiceField(label=_("Result"), choices=YES_NO, required=False)
        elif kind == MeasureType.TEXT:
            self.fields["text"] = forms.CharField(
                label=_("Result"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
        else:
            self.fields["value"] = _decimal(_("Result") + unit)
            for n, category in enumerate(indicator.categories):
                self.fields[f"part_{n}"] = _decimal(category)
        self.fields["comment"] = self.fields.pop("comment")
        if result is not None and not self.is_bound:
            self.initial.update(self._initial_from(result))

    def _initial_from(self, result):
        initial = {
            "value": _plain(result.value),
            "numerator": _plain(result.numerator),
            "denominator": _plain(result.denominator),
            "text": result.text,
            "comment": result.comment,
        }
        initial["yes_no"] = "" if result.yes_no is None else ("yes" if result.yes_no else "no")
        for n, category in enumerate(self.indicator.categories):
            part = result.breakdown.get(category)
            initial[f"part_{n}"] = None if part is None else _plain(Decimal(str(part)))
        return initial

    @property
    def part_fields(self):
        return [self[name] for name in self.fields if name.startswith("part_")]

    def clean(self):
        data = super().clean()
        data["breakdown"] = {
            category: data[f"part_{n}"]
            for n, category in enumerate(self.indicator.categories)
            if data.get(f"part_{n}") is not None
        }
        if "yes_no" in data:
            data["yes_no"] = {"yes": True, "no": False}.get(data["yes_no"])
        for name, message in result_errors(self.indicator, data, self.context).items():
            self.add_error(name if name in self.fields else None, message)
        return data

    def changes_result(self) -> bool:
        """Whether the valid input differs from the saved result (a form left as it was saves nothing)."""
        return not same_result(self.result, self.values())

    def values(self) -> dict:
        """The result's fields as the model stores them (the total of parts fills an empty value)."""
        data = self.cleaned_data
        value = data.get("value")
        if value is None and data["breakdown"] and self.indicator.measure_type == MeasureType.NUMBER:
            value = sum(data["breakdown"].values(), Decimal(0))
        return {
            "value": value,
            "numerator": data.get("numerator"),
            "denominator": data.get("denominator"),
            "yes_no": data.get("yes_no"),
            "text": data.get("text", ""),
            "breakdown": {k: str(v) for k, v in data["breakdown"].items()},
            "comment": data.get("comment", ""),
        }


def report_input(form: ReportForm, result_forms) -> ReportInput:
    """The validated input of a report's form and its KPI result forms, as ``workflow.report_save`` takes it."""
    data = form.cleaned_data
    return ReportInput(
        fields={name: data.get(name) for name in REPORT_FIELDS},
        version=data["version"],
        results={result_form.indicator: result_form.values() for result_form in result_forms},
        reason=data.get("change_reason", ""),
    )


class ExceptionForm(forms.Form):
    """Reopen a period for one department or one project."""

    department = forms.ModelChoiceField(label=_("Department"), queryset=None, required=False)
    project = forms.ModelChoiceField(label=_("Project"), queryset=None, required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    until = BEDateField(label=_("Open until"), widget=DateInput())

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.for_org(org)
        self.fields["project"].queryset = Project.objects.for_org(org).order_by("code")

    def clean(self):
        data = super().clean()
        if bool(data.get("department")) == bool(data.get("project")):
            raise forms.ValidationError(_("Choose either a department or a project."))
        return data


class PolicyForm(VersionedForm, OrgModelForm):
    class Meta:
        model = MonitoringPolicy
        fields = [
            "period_kind",
            "deadline_days",
            "grace_days",
            "reminder_days",
            "max_file_mb",
            "max_files",
            "planner_enters_org_results",
        ]

    def existing_row(self):
        return MonitoringPolicy.objects.filter(organization_id=self.instance.organization_id).first()


RESULT_VALUES = ["value", "numerator", "denominator", "yes_no", "text", "breakdown", "comment"]


class ResultRows:
    """The results of some KPIs in one period edited together (the organization KPI results page, an API
    write of one result): one version for all their rows, the period's row locked while it is checked."""

    def __init__(self, *, period, indicators, forms=()):
        self.period, self.indicators, self.forms = period, list(indicators), list(forms)

    def stored_values(self, *, lock=False) -> dict:
        if lock:
            ReportingPeriod.objects.select_for_update().filter(pk=self.period.pk).first()
        saved = {
            r.indicator_id: r
            for r in IndicatorResult.objects.filter(period_id=self.period.pk, indicator__in=self.indicators)
        }
        stored = {}
        for kpi in self.indicators:
            result = saved.get(kpi.pk)
            for name in RESULT_VALUES:
                label = f"{kpi.name}: {IndicatorResult._meta.get_field(name).verbose_name}"
                stored[f"{kpi.pk}-{name}"] = (label, getattr(result, name) if result else None)
        return stored

    def your_values(self) -> dict:
        return {
            f"{form.indicator.pk}-{name}": value
            for form in self.forms
            if hasattr(form, "cleaned_data")
            for name, value in form.values().items()
        }

    def version_history(self):
        return IndicatorResult.history.filter(
            period_id=self.period.pk, indicator_id__in=[k.pk for k in self.indicators]
        )
