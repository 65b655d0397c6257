"""Forms of the people pages. Dates are typed in พ.ศ. (core.forms); every edit form carries its version."""

import itertools
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.calendar import current_fiscal_year
from core.forms import DateInput, OrgModelForm
from core.versioning import VersionedForm
from orgs.models import Department, User
from people import raises, scoring
from people.models import (
    AgreementKPI,
    CheckIn,
    Competency,
    DevelopmentAction,
    Evaluation,
    Person,
    Position,
    PositionCompetency,
    RaiseLine,
    RaiseRules,
    Round,
    RuleSet,
)
from plans.models import Indicator

LEVEL_HELP = gettext_lazy("Higher is better: level 1 is the lowest target, level 5 the highest.")


class PositionForm(VersionedForm, OrgModelForm):
    class Meta:
        model = Position
        fields = ["name", "line", "level", "calculation_base"]

    def clean(self):
        data = super().clean()
        same = Position.objects.for_org(self.org).filter(name=data.get("name"), level=data.get("level") or "")
        if data.get("name") and same.exclude(pk=self.instance.pk).exists():
            self.add_error("name", _("This position at this level exists already."))
        return data


class PersonForm(VersionedForm, OrgModelForm):
    class Meta:
        model = Person
        fields = ["name", "department", "position", "user", "supervisor", "reviewer", "salary", "active"]

    def __init__(self, *args, sees_salary: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not sees_salary:
            del self.fields["salary"]  # personal data: the field is not even sent to the page
        members = User.objects.filter(memberships__organization=self.org).distinct().order_by("username")
        self.fields["user"].queryset = members
        self.fields["user"].help_text = _("Optional: staff without an account can still be evaluated.")
        if self.instance.pk:
            for name in ("supervisor", "reviewer"):
                self.fields[name].queryset = self.fields[name].queryset.exclude(pk=self.instance.pk)

    def clean(self):
        data = super().clean()
        user = data.get("user")
        if user and Person.objects.for_org(self.org).filter(user=user).exclude(pk=self.instance.pk).exists():
            self.add_error("user", _("This account already belongs to another person of the staff."))
        return data


class RuleSetForm(VersionedForm, OrgModelForm):
    class Meta:
        model = RuleSet
        fields = [
            "name",
            "valid_from",
            "achievement_weight",
            "competency_weight",
            "outstanding_from",
            "very_good_from",
            "good_from",
            "fair_from",
            "scale",
            "competency_points",
        ]
        widgets = {"valid_from": DateInput()}

    def clean(self):
        data = super().clean()
        day = data.get("valid_from")
        if day and RuleSet.objects.for_org(self.org).filter(valid_from=day).exclude(pk=self.instance.pk).exists():
            self.add_error("valid_from", _("Other rules are valid from this day already: choose another day."))
        needed = [name for name in self.Meta.fields[2:] if data.get(name) is None]
        if not needed:
            try:
                scoring.validate_rules(self.instance.__class__(**{k: data[k] for k in self.Meta.fields[2:]}))
            except ValidationError as error:
                raise ValidationError(error.messages) from None
        return data


class RoundForm(OrgModelForm):
    class Meta:
        model = Round
        fields = ["fiscal_year", "number", "rules", "starts_on", "ends_on", "checkin_reminder_weeks"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}
        help_texts = {
            "fiscal_year": gettext_lazy("Buddhist Era, e.g. 2570"),
            "rules": gettext_lazy("Empty: the rules in force on the round's first day."),
            "starts_on": gettext_lazy("Empty: the round's usual dates."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("rules", "starts_on", "ends_on", "checkin_reminder_weeks"):
            self.fields[name].required = False  # empty reminder weeks: the default
        if not self.initial.get("fiscal_year"):
            self.initial["fiscal_year"] = current_fiscal_year()

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The round must end on or after its first day."))
        year, number = data.get("fiscal_year"), data.get("number")
        if year and number and Round.objects.for_org(self.org).filter(fiscal_year=year, number=number).exists():
            self.add_error("number", _("This round of the year exists already."))
        return data


class LevelsMixin:
    """The five target levels: all given, in order for the direction."""

    def check_levels(self, data):
        levels = [data.get(f"level_{n}") for n in range(1, 6)]
        if any(v is None for v in levels):
            self.add_error(None, _("Give all five target levels."))
        elif not scoring.levels_in_order(levels, direction=data.get("direction") or "higher"):
            self.add_error(None, _("The levels must rise from 1 to 5 (or fall, when lower is better)."))


class AgreementKPIForm(LevelsMixin, VersionedForm, OrgModelForm):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the change"),
        required=False,
        max_length=100,  # kept in the history only, whose column holds 100 characters
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Needed once the agreement is signed: both sign again after the change."),
    )

    class Meta:
        model = AgreementKPI
        fields = ["name", "indicator", "unit", "direction", "weight", *AgreementKPI.LEVEL_FIELDS]
        help_texts = {"level_1": LEVEL_HELP}

    def __init__(self, *args, agreed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreed = agreed
        self.fields["indicator"].queryset = Indicator.objects.for_org(self.org).order_by("code")
        self.fields["indicator"].label_from_instance = lambda kpi: f"{kpi.code} {kpi.name}"
        if not agreed:
            del self.fields["reason"]

    def clean(self):
        data = super().clean()
        self.check_levels(data)
        if data.get("weight") is not None and data["weight"] <= 0:
            self.add_error("weight", _("Each weight must be more than 0 and at most 100."))
        if self.agreed and not (data.get("reason") or "").strip():
            self.add_error("reason", _("The agreement was signed: give the reason for the change."))
        return data


class CascadeForm(LevelsMixin, forms.Form):
    """Copy a KPI of the plan to every person of a department (the round comes from the URL)."""

    department = forms.ModelChoiceField(label=gettext_lazy("Department"), queryset=Department.objects.none())
    indicator = forms.ModelChoiceField(label=gettext_lazy("KPI of the plan"), queryset=Indicator.objects.none())
    name = forms.CharField(
        label=gettext_lazy("Name in the agreements"),
        max_length=500,
        required=False,
        help_text=gettext_lazy("Empty: the KPI's own name."),
    )
    weight = forms.DecimalField(
        label=gettext_lazy("Weight (%)"), max_digits=5, decimal_places=2, min_value=Decimal("0.01"), max_value=100
    )
    direction = forms.ChoiceField(label=gettext_lazy("Direction"), choices=AgreementKPI.Direction.choices)
    level_1 = forms.DecimalField(label=gettext_lazy("Level 1 target"), max_digits=18, decimal_places=4)
    level_2 = forms.DecimalField(label=gettext_lazy("Level 2 target"), max_digits=18, decimal_places=4)
    level_3 = forms.DecimalField(label=gettext_lazy("Level 3 target"), max_digits=18, decimal_places=4)
    level_4 = forms.DecimalField(label=gettext_lazy("Level 4 target"), max_digits=18, decimal_places=4)
    level_5 = forms.DecimalField(label=gettext_lazy("Level 5 target"), max_digits=18, decimal_places=4)

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.for_org(org)
        self.fields["indicator"].queryset = Indicator.objects.for_org(org).order_by("code")
        self.fields["indicator"].label_from_instance = lambda kpi: f"{kpi.code} {kpi.name}"

    def clean(self):
        data = super().clean()
        self.check_levels(data)
        return data


class CheckInForm(OrgModelForm):
    class Meta:
        model = CheckIn
        fields = ["on", "value", "note", "problem", "advice"]
        widgets = {"on": DateInput()}


# Competencies -------------------------------------------------------------------------------------------


class CompetencyForm(VersionedForm, OrgModelForm):
    class Meta:
        model = Competency
        fields = ["kind", "name", "description", "order", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        same = Competency.objects.for_org(self.org).filter(name=data.get("name"))
        if data.get("name") and same.exclude(pk=self.instance.pk).exists():
            self.add_error("name", _("The list has this competency already."))
        return data


EXPECTED_CHOICES = [("", gettext_lazy("Not expected")), *((str(n), str(n)) for n in range(1, 6))]


class PositionCompetenciesForm(VersionedForm, forms.Form):
    """The expected level (1–5) of every competency in use for one position; empty: not expected."""

    def __init__(self, *args, position, **kwargs):
        self.position = position
        self.competencies = list(Competency.objects.for_org(position.organization).filter(active=True))
        current = dict(
            PositionCompetency.objects.filter(position=position).values_list("competency_id", "expected_level")
        )
        super().__init__(*args, **kwargs)
        for competency in self.competencies:
            self.fields[f"c{competency.pk}"] = forms.TypedChoiceField(
                label=f"{competency.name} ({competency.get_kind_display()})",
                choices=EXPECTED_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=current.get(competency.pk),
            )

    def levels(self) -> dict:
        return {c: self.cleaned_data.get(f"c{c.pk}") for c in self.competencies}

    def stored_values(self, *, lock=False) -> dict:
        rows = PositionCompetency.objects.filter(position=self.position).order_by()
        if lock:
            rows = rows.select_for_update()
        current = dict(rows.values_list("competency_id", "expected_level"))
        return {f"c{c.pk}": (c.name, current.get(c.pk)) for c in self.competencies}

    def version_history(self):
        return PositionCompetency.history.filter(position_id=self.position.pk)


# The evaluation at the round's end ----------------------------------------------------------------------

LEVEL_CHOICES = [("", "–"), *((str(n), str(n)) for n in range(0, 6))]


def _level_field(label, initial, help_text=""):
    return forms.TypedChoiceField(
        label=label, choices=LEVEL_CHOICES, coerce=int, empty_value=None, initial=initial, help_text=help_text
    )


class EvaluateForm(VersionedForm, forms.Form):
    """The supervisor's rating: the level reached of each own KPI (proposed from its check-ins) and the
    level shown of each competency, against its expected level. Linked KPIs are not fields: their level
    comes from the approved monitoring data."""

    comment = forms.CharField(
        label=gettext_lazy("Supervisor's comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, agreement, results, evaluation, **kwargs):
        self.agreement, self.evaluation = agreement, evaluation
        self.own = [r for r in results if not r.linked]
        self.competencies = list(agreement.competencies.all())
        super().__init__(*args, **kwargs)
        self.fields["comment"].initial = evaluation.comment
        for result in self.own:
            kpi = result.kpi
            proposed = kpi.rated_level if kpi.rated_level is not None else result.level
            actual = "–" if result.actual is None else format(result.actual.normalize(), "f")
            help_text = _("Latest value in the check-ins: %(actual)s") % {"actual": actual}
            self.fields[f"kpi{kpi.pk}"] = _level_field(_("KPI: %(kpi)s") % {"kpi": kpi.name}, proposed, help_text)
        for competency in self.competencies:
            label = _("Competency: %(name)s") % {"name": competency.name}
            help_text = _("Expected level: %(level)s") % {"level": competency.expected_level}
            self.fields[f"c{competency.pk}"] = _level_field(label, competency.rated_level, help_text)
        self.order_fields([*(n for n in self.fields if n != "comment"), "comment"])

    def kpi_levels(self) -> dict:
        return {r.kpi.pk: self.cleaned_data.get(f"kpi{r.kpi.pk}") for r in self.own}

    def competency_levels(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"c{c.pk}") for c in self.competencies}

    def stored_values(self, *, lock=False) -> dict:
        kpis = AgreementKPI.objects.filter(pk__in=[r.kpi.pk for r in self.own]).order_by()
        competencies = self.agreement.competencies.order_by()
        evaluation = Evaluation.objects.filter(agreement=self.agreement).order_by()
        if lock:
            kpis, competencies, evaluation = (q.select_for_update() for q in (kpis, competencies, evaluation))
        stored = {f"kpi{k.pk}": (k.name, k.rated_level) for k in kpis}
        stored |= {f"c{c.pk}": (c.name, c.rated_level) for c in competencies}
        row = evaluation.first()
        stored["comment"] = (self.fields["comment"].label, row.comment if row else "")
        stored["state"] = (_("state"), row.state if row else Evaluation.State.DRAFT)
        return stored

    def version_history(self):
        return Evaluation.history.filter(agreement_id=self.agreement.pk)


class ReviewForm(VersionedForm, OrgModelForm):
    """The second-level reviewer: confirm the total (leave it empty) or adjust it with a reason."""

    class Meta:
        model = Evaluation
        fields = ["adjusted_total", "adjustment_reason"]
        help_texts = {"adjusted_total": gettext_lazy("Empty: the supervisor's total is confirmed.")}

    def clean(self):
        data = super().clean()
        adjusted = data.get("adjusted_total")
        if (
            adjusted is not None
            and adjusted != self.instance.total
            and not (data.get("adjustment_reason") or "").strip()
        ):
            self.add_error("adjustment_reason", _("Give the reason for adjusting the total."))
        return data

    def stored_values(self, *, lock=False) -> dict:
        stored = super().stored_values(lock=lock)
        row = Evaluation.objects.filter(pk=self.instance.pk).first()
        stored["total"] = (_("total score"), row.total if row else None)  # re-rated meanwhile: stale too
        return stored


class AcknowledgeForm(VersionedForm, OrgModelForm):
    """The employee acknowledges the result: agrees, or disagrees with a note."""

    employee_agrees = forms.TypedChoiceField(
        label=gettext_lazy("Your answer"),
        choices=[("yes", gettext_lazy("I acknowledge and agree")), ("no", gettext_lazy("I acknowledge but disagree"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Evaluation
        fields = ["employee_agrees", "employee_note"]

    def clean(self):
        data = super().clean()
        if data.get("employee_agrees") is False and not (data.get("employee_note") or "").strip():
            self.add_error("employee_note", _("Say why you disagree with the result."))
        return data


class DevelopmentActionForm(VersionedForm, OrgModelForm):
    class Meta:
        model = DevelopmentAction
        fields = ["competency", "action", "method", "starts_on", "ends_on", "status", "outcome"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = agreement.competencies.all()

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The action must end on or after its first day."))
        return data


class RaiseRulesForm(VersionedForm, OrgModelForm):
    class Meta:
        model = RaiseRules
        fields = [
            "name",
            "valid_from",
            "method",
            "step_percent",
            *raises.RATE_FIELDS.values(),
            "budget_percent",
            "quota_band",
            "quota_percent",
            "round_to",
        ]
        widgets = {"valid_from": DateInput()}
        help_texts = {
            name: gettext_lazy("Steps: the number of salary steps (e.g. 0.5). Percentage: percent of the base.")
            for name in raises.RATE_FIELDS.values()
        }

    def clean(self):
        data = super().clean()
        day = data.get("valid_from")
        if day and RaiseRules.objects.for_org(self.org).filter(valid_from=day).exclude(pk=self.instance.pk).exists():
            self.add_error("valid_from", _("Other rules are valid from this day already: choose another day."))
        rates = [data.get(name) for name in raises.RATE_FIELDS.values()]
        if all(rate is not None for rate in rates) and any(a < b for a, b in itertools.pairwise(rates)):
            raise ValidationError(_("A band's rate must not be above the rate of a better band."))
        return data


class RaiseLineForm(VersionedForm, OrgModelForm):
    """HR changes a person's rate; the amount follows by the proposal's rules."""

    class Meta:
        model = RaiseLine
        fields = ["rate", "note"]
