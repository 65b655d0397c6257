from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import DateInput, OrgModelForm
from core.versioning import VersionedForm
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
from plans.rules import check_targets


class DevelopmentPlanForm(VersionedForm, OrgModelForm):
    class Meta:
        model = DevelopmentPlan
        fields = ["name", "first_year", "last_year", "approved_on", "note"]
        widgets = {"approved_on": DateInput()}
        help_texts = {"first_year": gettext_lazy("Buddhist Era, e.g. 2566")}

    def clean(self):
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        if first and last:
            if last < first:
                self.add_error("last_year", _("The last year must not be before the first year."))
            overlapping = DevelopmentPlan.objects.for_org(self.org).filter(first_year__lte=last, last_year__gte=first)
            if self.instance.pk:
                overlapping = overlapping.exclude(pk=self.instance.pk)
            if overlapping.exists():
                self.add_error("first_year", _("These years overlap another development plan of this organization."))
        return data


class PlanRevisionForm(VersionedForm, OrgModelForm):
    class Meta:
        model = PlanRevision
        fields = ["kind", "number", "approved_on", "description"]
        widgets = {"approved_on": DateInput()}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan

    def clean(self):
        data = super().clean()
        duplicate = PlanRevision.objects.filter(
            plan=self.instance.plan, kind=data.get("kind"), number=data.get("number")
        ).exclude(pk=self.instance.pk)
        if duplicate.exists():
            self.add_error("number", _("This revision number is already used for this kind of revision."))
        return data


class StrategyForm(VersionedForm, OrgModelForm):
    class Meta:
        model = Strategy
        fields = ["number", "name", "objective"]


class GoalForm(VersionedForm, OrgModelForm):
    class Meta:
        model = Goal
        fields = ["number", "name"]


class ProgramForm(VersionedForm, OrgModelForm):
    class Meta:
        model = Program
        fields = ["name"]


def program_choices(programs) -> list:
    """The programs grouped by strategy (one optgroup each), each named with its goal: the same program
    (แผนงาน) serves several goals and strategies, so its name alone does not tell them apart."""
    groups = {}
    programs = programs.select_related("goal__strategy").order_by(
        "goal__strategy__order", "goal__strategy__number", "goal__order", "goal__number", "order", "name"
    )
    for program in programs:
        strategy = program.goal.strategy
        label = _("Strategy %(number)s: %(name)s") % {"number": strategy.number, "name": strategy.name}
        groups.setdefault(label, []).append((program.pk, f"{program.name} — {program.goal.number} {program.goal.name}"))
    return [("", "---------"), *groups.items()]


class ProjectForm(VersionedForm, OrgModelForm):
    class Meta:
        model = Project
        fields = [
            "program",
            "code",
            "name",
            "objectives",
            "output_target",
            "expected_outcome",
            "funding_source",
            "department",
            "location",
            "planned_start",
            "planned_end",
            "revision",
        ]
        widgets = {"planned_start": DateInput(), "planned_end": DateInput()}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = self.fields["program"].queryset.filter(goal__strategy__plan=plan)
        self.fields["program"].choices = program_choices(self.fields["program"].queryset)
        self.fields["revision"].queryset = self.fields["revision"].queryset.filter(plan=plan)
        self.budget_years = plan.fiscal_years
        current = {b.fiscal_year: b.amount for b in self.instance.budgets.all()} if self.instance.pk else {}
        for year in self.budget_years:
            self.fields[f"budget_{year}"] = forms.DecimalField(
                label=_("Budget %(year)s (baht)") % {"year": year},
                max_digits=14,
                decimal_places=2,
                min_value=0,
                required=False,
                initial=current.get(year),
                widget=forms.NumberInput(attrs={"class": "text-end", "step": "0.01", "inputmode": "decimal"}),
            )

    def stored_values(self, *, lock=False) -> dict:
        """The project's fields and its budget per year of the plan."""
        stored = super().stored_values(lock=lock)
        if self.instance.pk:
            budgets = ProjectBudget.objects.filter(project_id=self.instance.pk)
            amounts = {b.fiscal_year: b.amount for b in (budgets.select_for_update() if lock else budgets)}
            for year in self.budget_years:
                stored[f"budget_{year}"] = (self.fields[f"budget_{year}"].label, amounts.get(year))
        return stored

    @property
    def budget_fields(self):
        return [self[f"budget_{year}"] for year in self.budget_years]

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if Project.objects.for_org(self.org).filter(code=code).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("Another project already uses this code."))
        return code

    def clean(self):
        data = super().clean()
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The planned end must not be before the planned start."))
        return data

    def save(self, commit=True):
        project = super().save()
        for year in self.budget_years:
            amount = self.cleaned_data.get(f"budget_{year}")
            budget = ProjectBudget.objects.filter(project=project, fiscal_year=year).first()
            if amount is None:
                if budget:
                    budget.delete()
            elif budget is None:
                ProjectBudget.objects.create(organization=self.org, project=project, fiscal_year=year, amount=amount)
            elif budget.amount != amount:
                budget.amount = amount
                budget.save()
        return project


class IndicatorForm(VersionedForm, OrgModelForm):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "definition",
            "kind",
            "unit",
            "measure_type",
            "numerator_label",
            "denominator_label",
            "numerator_le_denominator",
            "direction",
            "range_low",
            "range_high",
            "aggregation",
            "baseline_value",
            "baseline_year",
            "perspective",
            "weight",
            "level_1",
            "level_2",
            "level_3",
            "level_4",
            "level_5",
            "disaggregation_label",
            "disaggregation_categories",
            "data_source",
            "collection_method",
            "frequency",
            "department",
        ]


class ActionPlanForm(VersionedForm, OrgModelForm):
    class Meta:
        model = ActionPlan
        fields = ["fiscal_year", "status", "approved_on", "note"]
        widgets = {"approved_on": DateInput()}

    def clean(self):
        data = super().clean()
        year = data.get("fiscal_year")
        if year:
            if ActionPlan.objects.for_org(self.org).filter(fiscal_year=year).exclude(pk=self.instance.pk).exists():
                self.add_error("fiscal_year", _("An action plan for this fiscal year already exists."))
            plan = DevelopmentPlan.objects.for_org(self.org).filter(first_year__lte=year, last_year__gte=year).first()
            if plan is None:
                self.add_error("fiscal_year", _("No development plan covers this fiscal year."))
            else:
                self.instance.plan = plan
        return data


class ActionPlanItemForm(OrgModelForm):
    class Meta:
        model = ActionPlanItem
        fields = ["project", "budget", "planned_start", "planned_end"]
        widgets = {"planned_start": DateInput(), "planned_end": DateInput()}

    def __init__(self, *args, action_plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.action_plan = action_plan
        self.fields["project"].queryset = (
            self.fields["project"]
            .queryset.filter(program__goal__strategy__plan=action_plan.plan)
            .exclude(action_plan_items__action_plan=action_plan)
        )


class TargetsForm(VersionedForm, forms.Form):
    """The annual target and the four quarter targets of one indicator in one fiscal year (one version for
    the five rows: the indicator's row is locked while they are checked and saved)."""

    def __init__(self, *args, indicator, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator, self.year = indicator, year
        self.existing = {t.period: t for t in indicator.targets.filter(fiscal_year=year)}
        textual = indicator.measure_type == Indicator.MeasureType.TEXT
        labels = [_("Annual target")] + [_("Quarter %(q)s") % {"q": q} for q in range(1, 5)]
        for period, label in enumerate(labels):
            target = self.existing.get(period)
            if textual:
                field = forms.CharField(
                    label=label, required=False, max_length=500, initial=target.text if target else ""
                )
            else:
                field = forms.DecimalField(
                    label=label,
                    required=False,
                    max_digits=18,
                    decimal_places=4,
                    initial=target.value if target else None,
                )
            self.fields[f"period_{period}"] = field

    def stored_values(self, *, lock=False) -> dict:
        if lock:
            Indicator.objects.select_for_update().filter(pk=self.indicator.pk).first()
        textual = self.indicator.measure_type == Indicator.MeasureType.TEXT
        saved = {t.period: t for t in Target.objects.filter(indicator_id=self.indicator.pk, fiscal_year=self.year)}
        return {
            f"period_{period}": (
                self.fields[f"period_{period}"].label,
                (saved[period].text if textual else saved[period].value) if period in saved else None,
            )
            for period in range(5)
        }

    def version_history(self):
        return Target.history.filter(indicator_id=self.indicator.pk, fiscal_year=self.year)

    def check(self):
        values = [self.cleaned_data.get(f"period_{p}") for p in range(5)]
        if self.indicator.measure_type == Indicator.MeasureType.TEXT:
            return None
        return check_targets(self.indicator, values[0], values[1:])

    def save(self):
        textual = self.indicator.measure_type == Indicator.MeasureType.TEXT
        self.existing = {t.period: t for t in self.indicator.targets.filter(fiscal_year=self.year)}  # as locked
        for period in range(5):
            value = self.cleaned_data.get(f"period_{period}")
            target = self.existing.get(period)
            if value in (None, ""):
                if target:
                    target.delete()
                continue
            target = target or Target(
                organization=self.indicator.organization, indicator=self.indicator, fiscal_year=self.year, period=period
            )
            if textual:
                target.text, target.value = value, None
            else:
                target.value, target.text = value, ""
            target.save()


class CarryForwardForm(forms.Form):
    """The projects of a year's action plan the planner carries into the next year (ticked by default:
    the continued and unfinished ones, see ``plans.selectors.carry_forward_candidates``)."""

    projects = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Projects"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one project to carry forward.")},
    )

    def __init__(self, *args, carry, **kwargs):
        super().__init__(*args, **kwargs)
        self.carry = carry
        self.fields["projects"].choices = [(c.project.pk, str(c.project)) for c in carry.candidates]
        self.fields["projects"].initial = carry.default_choice()

    def chosen(self) -> set:
        """The ids of the projects ticked (as bound data, or the default choice), for the template."""
        if self.is_bound:
            return {str(value) for value in self.data.getlist(self.add_prefix("projects"))}
        return {str(value) for value in self.fields["projects"].initial}
