"""Forms of the register of findings and recommendations."""

from django import forms
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.calendar import current_fiscal_year
from core.forms import BEDateField, DateInput, OrgModelForm
from core.versioning import VersionedForm
from evaluation.findings import FOLLOW_UP_STATUSES, later_projects
from evaluation.models import Finding
from plans.models import ActionPlanItem


def _indicator_label(indicator) -> str:
    owner = indicator.project or indicator.goal or indicator.strategy
    code = getattr(owner, "code", None) or getattr(owner, "number", None)
    return f"{indicator.name} ({code})" if code else str(indicator.name)


class FindingForm(VersionedForm, OrgModelForm):
    class Meta:
        model = Finding
        fields = [
            "fiscal_year",
            "kind",
            "source",
            "evaluation",
            "title",
            "description",
            "projects",
            "indicators",
            "strategies",
            "owner",
            "priority",
            "due_on",
            "status",
            "not_adopted_reason",
            "used_in",
        ]
        widgets = {
            "due_on": DateInput(),
            "projects": forms.SelectMultiple(attrs={"size": 8}),
            "indicators": forms.SelectMultiple(attrs={"size": 8}),
            "strategies": forms.SelectMultiple(attrs={"size": 5}),
            "used_in": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "fiscal_year": gettext_lazy("Buddhist Era, e.g. 2569"),
            "projects": gettext_lazy("Hold Ctrl (or ⌘) to choose more than one."),
            "not_adopted_reason": gettext_lazy("Required when the status is “Not adopted”."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.initial.get("fiscal_year"):
            self.initial["fiscal_year"] = current_fiscal_year()
        fields = self.fields
        fields["evaluation"].queryset = fields["evaluation"].queryset.select_related("project", "strategy")
        fields["indicators"].queryset = fields["indicators"].queryset.select_related("project", "goal", "strategy")
        fields["indicators"].label_from_instance = _indicator_label
        fields["strategies"].queryset = fields["strategies"].queryset.select_related("plan")
        # used_in: only projects of an action plan later than the year the finding was raised
        self.raised_in = self._raised_in()
        used_in = fields["used_in"]
        items = ActionPlanItem.objects.select_related("action_plan").order_by("action_plan__fiscal_year")
        used_in.queryset = later_projects(self.org, self.raised_in).prefetch_related(
            Prefetch("action_plan_items", queryset=items)
        )
        used_in.label_from_instance = self._used_in_label
        used_in.error_messages["invalid_choice"] = _(
            "Choose only projects of an action plan later than fiscal year %(year)s: "
            "only a later year's plan can use a finding."
        ) % {"year": self.raised_in}
        used_in.help_text = _(
            "Projects in an action plan after fiscal year %(year)s that put this recommendation into practice."
        ) % {"year": self.raised_in}

    def _raised_in(self) -> int:
        """The fiscal year the choices of used_in are computed from: as typed, else as saved, else now."""
        if self.is_bound:
            try:
                return int(self.data.get(self.add_prefix("fiscal_year"), ""))
            except ValueError:
                pass
        return self.instance.fiscal_year or self.initial.get("fiscal_year") or current_fiscal_year()

    def _used_in_label(self, project) -> str:
        years = [str(i.action_plan.fiscal_year) for i in project.action_plan_items.all()]
        later = [y for y in years if int(y) > self.raised_in]
        return f"{project} · {', '.join(later)}" if later else str(project)

    def clean(self):
        data = super().clean()
        status, reason = data.get("status"), data.get("not_adopted_reason", "")
        if status == Finding.Status.NOT_ADOPTED and not reason:
            self.add_error(
                "not_adopted_reason",
                _("Give the reason for not adopting it: it is required when the status is “Not adopted”."),
            )
        year = data.get("fiscal_year")
        used = data.get("used_in")
        if year and used:
            allowed = set(
                later_projects(self.org, year).filter(pk__in=[p.pk for p in used]).values_list("pk", flat=True)
            )
            wrong = [p for p in used if p.pk not in allowed]
            if wrong:
                self.add_error(
                    "used_in",
                    _(
                        "Not in an action plan after fiscal year %(year)s: %(projects)s. "
                        "Only a later plan can use a finding."
                    )
                    % {"year": year, "projects": ", ".join(str(p) for p in wrong)},
                )
        return data


class FollowUpForm(forms.Form):
    """A dated note on a finding, optionally moving it to in progress or done."""

    on = BEDateField(label=gettext_lazy("Date"), widget=DateInput())
    note = forms.CharField(label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label=gettext_lazy("Change the status to"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
        labels = dict(Finding.Status.choices)
        self.fields["status"].choices = [("", _("Keep the status")), *((s, labels[s]) for s in FOLLOW_UP_STATUSES)]
