from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import DateInput, OrgModelForm
from core.versioning import VersionedForm
from reports.models import AnnualReport, SelfAssessment, SelfAssessmentAnswer, SelfAssessmentItem


class AnnualReportForm(OrgModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = AnnualReport
        fields = [
            "introduction",
            "method",
            "committee",
            "conclusion",
            "reported_to_executive",
            "presented_to_council",
            "announced_on",
            "posted_until",
        ]
        widgets = {
            "reported_to_executive": DateInput(),
            "presented_to_council": DateInput(),
            "announced_on": DateInput(),
            "posted_until": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version if self.instance.pk else 0  # 0: not saved yet
        for name in ("introduction", "method", "conclusion"):
            self.fields[name].widget.attrs["rows"] = 6
        self.fields["introduction"].help_text = _("Left empty, the report uses a standard introduction.")
        self.fields["method"].help_text = _("Left empty, the report describes the method the system applies.")

    def clean(self):
        data = super().clean()
        announced, posted = data.get("announced_on"), data.get("posted_until")
        if announced and posted and posted < announced:
            self.add_error("posted_until", _("The posting cannot end before the announcement."))
        return data


DONE, NOT_DONE = "done", "not_done"


class SelfAssessmentForm(VersionedForm, forms.Form):
    """แบบที่ 1 of a year: per line, done / not done (or not answered yet) and a note. Its version token
    covers every answer of the year, so two people filling in the form at once never overwrite each other."""

    def __init__(self, *args, org, fiscal_year, lines, **kwargs):
        self.org, self.fiscal_year, self.lines = org, fiscal_year, lines
        super().__init__(*args, **kwargs)
        choices = [
            (DONE, pgettext_lazy("self-assessment", "Done")),
            (NOT_DONE, pgettext_lazy("self-assessment", "Not done")),
        ]
        for line in lines:
            answer, pk = line.answer, line.item.pk
            self.fields[f"done_{pk}"] = forms.ChoiceField(
                label=line.item.text, choices=choices, required=False, widget=forms.RadioSelect
            )
            self.fields[f"note_{pk}"] = forms.CharField(label=_("Note"), max_length=500, required=False)
            if answer is not None:
                self.fields[f"done_{pk}"].initial = DONE if answer.done else NOT_DONE
                self.fields[f"note_{pk}"].initial = answer.note
            line.done_field, line.note_field = self[f"done_{pk}"], self[f"note_{pk}"]

    def _assessment(self):
        return SelfAssessment.objects.filter(organization=self.org, fiscal_year=self.fiscal_year).first()

    def stored_values(self, *, lock=False) -> dict:
        assessment = self._assessment()
        if assessment is None:
            return {}
        rows = SelfAssessmentAnswer.objects.filter(assessment=assessment).order_by("pk")
        answers = {a.item_id: a for a in (rows.select_for_update() if lock else rows)}
        values = {}
        for line in self.lines:
            answer, pk = answers.get(line.item.pk), line.item.pk
            done = None if answer is None else (DONE if answer.done else NOT_DONE)
            values[f"done_{pk}"] = (line.item.text, done)
            values[f"note_{pk}"] = (f"{line.item.text} · {_('Note')}", answer.note if answer else None)
        return values

    def version_history(self):
        return SelfAssessment.history.filter(organization_id=self.org.pk, fiscal_year=self.fiscal_year)

    def answers(self) -> dict:
        """item id → (done: bool | None, note) from the cleaned form."""
        found = {}
        for line in self.lines:
            pk = line.item.pk
            done = self.cleaned_data.get(f"done_{pk}") or None
            found[pk] = (None if done is None else done == DONE, (self.cleaned_data.get(f"note_{pk}") or "").strip())
        return found


class SelfAssessmentItemForm(VersionedForm, OrgModelForm):
    class Meta:
        model = SelfAssessmentItem
        fields = ["part", "text", "retired"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class SelfAssessmentItemAddForm(OrgModelForm):
    class Meta:
        model = SelfAssessmentItem
        fields = ["part", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
