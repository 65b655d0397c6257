from django import forms
from django.utils.translation import gettext as _

from core.forms import OrgModelForm
from core.versioning import VersionedForm
from evaluation.models import Evaluation, Factor, ReadinessStep
from evaluation.services import FactorInput


class EvaluationForm(VersionedForm, OrgModelForm):
    """The four phases of an evaluation (phase 3's factors are a formset beside it, ``factors``: one
    version for the evaluation and its factors)."""

    factors = None

    class Meta:
        model = Evaluation
        fields = [
            "fiscal_year",
            "round",
            "project",
            "strategy",
            "summary",
            "objective_achieved",
            "success_reasons",
            "failure_reasons",
            "recommendations",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = self.fields["project"].queryset.order_by("code")
        if self.instance.pk:  # the subject and round of an evaluation do not change
            for name in ("fiscal_year", "round", "project", "strategy"):
                self.fields[name].disabled = True

    def clean(self):
        data = super().clean()
        if data.get("project") and data.get("strategy"):
            raise forms.ValidationError(_("Evaluate either a project or a strategy (or neither, for the whole plan)."))
        same = Evaluation.objects.for_org(self.org).filter(
            fiscal_year=data.get("fiscal_year"),
            round=data.get("round"),
            project=data.get("project"),
            strategy=data.get("strategy"),
        )
        if self.instance.pk:
            same = same.exclude(pk=self.instance.pk)
        if same.exists():
            raise forms.ValidationError(_("This subject already has an evaluation for that year and round."))
        return data

    def stored_values(self, *, lock=False) -> dict:
        stored = super().stored_values(lock=lock)
        if self.instance.pk:
            rows = Factor.objects.filter(evaluation_id=self.instance.pk).order_by("pk")
            for factor in rows.select_for_update() if lock else rows:
                stored[f"factor-{factor.pk}"] = (
                    _("Factor"),
                    _factor_text(factor.kind, factor.category, factor.description),
                )
        return stored

    def your_values(self) -> dict:
        yours = super().your_values()
        for form in self.factors.forms if self.factors is not None else []:
            data = getattr(form, "cleaned_data", {})
            if form.instance.pk:
                kept = data and not data.get("DELETE")
                yours[f"factor-{form.instance.pk}"] = (
                    _factor_text(data.get("kind"), data.get("category"), data.get("description")) if kept else None
                )
        return yours


def evaluation_input(form: EvaluationForm, factors) -> dict:
    """The validated input of the evaluation form and its factor formset, as ``services.evaluation_save``
    takes it: ``values`` (the evaluation's fields) and ``factors`` (the rows left filled or marked deleted)."""
    rows = []
    for factor_form in factors.forms:
        data = getattr(factor_form, "cleaned_data", {})
        if not data or (factor_form.instance.pk is None and (data.get("DELETE") or not factor_form.has_changed())):
            continue
        rows.append(
            FactorInput(
                id=factor_form.instance.pk,
                kind=data["kind"],
                category=data["category"],
                description=data["description"],
                delete=bool(data.get("DELETE")),
            )
        )
    return {"values": {name: form.cleaned_data[name] for name in form._meta.fields}, "factors": rows}


def _factor_text(kind, category, description) -> str:
    kinds, categories = dict(Factor.Kind.choices), dict(Factor._meta.get_field("category").choices or [])
    return f"{kinds.get(kind, kind)} · {categories.get(category, category)}: {description}"


class FactorForm(OrgModelForm):
    class Meta:
        model = Factor
        fields = ["kind", "category", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class FactorFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, org, **kwargs):
        self.org = org
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "org": self.org}

    @property
    def empty_form(self):
        form = self.form(auto_id=self.auto_id, prefix=self.add_prefix("__prefix__"), empty_permitted=True, org=self.org)
        self.add_fields(form, None)
        return form


FactorFormSetFactory = forms.inlineformset_factory(
    Evaluation, Factor, form=FactorForm, formset=FactorFormSet, extra=2, can_delete=True
)


class ReadinessForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = ReadinessStep
        fields = ["status", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def stored_values(self, *, lock=False) -> dict:
        """The step's row as stored now, found by its year and number (it may be saved first meanwhile)."""
        step = self.instance
        rows = ReadinessStep.objects.filter(
            organization_id=step.organization_id, fiscal_year=step.fiscal_year, step=step.step
        )
        current = (rows.select_for_update() if lock else rows).first()
        labels = {name: f"{step.step} · {self.fields[name].label}" for name in self.version_fields()}
        return {name: (labels[name], getattr(current, name, None)) for name in self.version_fields()}

    def version_history(self):
        step = self.instance
        return ReadinessStep.history.filter(
            organization_id=step.organization_id, fiscal_year=step.fiscal_year, step=step.step
        )
