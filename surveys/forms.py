"""Forms of the survey designer, of paper entry, and of a citizen KPI's survey source."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.calendar import current_fiscal_year
from core.forms import BEDateField, DateInput, OrgModelForm
from core.versioning import VersionedForm
from surveys.models import IndicatorSource, Question, Section, Survey

TEMPLATE_CHOICES = [
    ("", gettext_lazy("Blank survey (add the questions yourself)")),
    ("3/2", gettext_lazy("Form 3/2: profile and the nine items, 3 levels")),
    ("3/3", gettext_lazy("Form 3/3: the nine items scored 0–10 for each strategy of the plan")),
]


class SurveyForm(VersionedForm, OrgModelForm):
    class Meta:
        model = Survey
        fields = [
            "title",
            "introduction",
            "fiscal_year",
            "project",
            "opens_on",
            "closes_on",
            "max_responses",
            "one_per_device",
        ]
        widgets = {"opens_on": DateInput(), "closes_on": DateInput()}
        help_texts = {
            "fiscal_year": gettext_lazy("Buddhist Era, e.g. 2569"),
            "project": gettext_lazy("Leave empty for a survey of the whole organization."),
            "opens_on": gettext_lazy("Leave empty to open at once."),
            "closes_on": gettext_lazy("Leave empty to keep it open."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.initial.get("fiscal_year"):
            self.initial["fiscal_year"] = current_fiscal_year()

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The closing date must be on or after the opening date."))
        return data


class NewSurveyForm(SurveyForm):
    template = forms.ChoiceField(label=gettext_lazy("Start from"), choices=TEMPLATE_CHOICES, required=False)

    class Meta(SurveyForm.Meta):
        help_texts = {
            **SurveyForm.Meta.help_texts,
            "title": gettext_lazy("Leave empty to use the form's title."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.order_fields(["template"])

    def clean(self):
        data = super().clean()
        if not data.get("template") and not data.get("title"):
            self.add_error("title", _("Give the survey a title."))
        return data


class SectionForm(VersionedForm, OrgModelForm):
    class Meta:
        model = Section
        fields = ["title", "strategy"]
        help_texts = {"strategy": gettext_lazy("For form 3/3: the strategy whose work this part asks about.")}


class QuestionForm(VersionedForm, OrgModelForm):
    options_text = forms.CharField(
        label=gettext_lazy("Answers to choose from"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "For a single choice: one answer per line. Ratings get their scale by themselves; open text has none."
        ),
    )

    class Meta:
        model = Question
        fields = ["section", "text", "kind", "options_text", "required", "profile"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.fields["section"].queryset = survey.sections.all()
        if self.instance.pk and self.instance.kind == Question.Kind.CHOICE:
            self.initial["options_text"] = "\n".join(o.label for o in self.instance.options.all())

    def version_fields(self) -> list[str]:
        return [name for name in super().version_fields() if name != "options_text"]

    def labels(self) -> list[str]:
        text = self.cleaned_data.get("options_text") or ""
        return [line.strip()[:255] for line in text.splitlines() if line.strip()]

    def clean(self):
        data = super().clean()
        if data.get("kind") == Question.Kind.CHOICE:
            labels = self.labels()
            if len(labels) < 2:
                self.add_error("options_text", _("A single choice needs at least two answers, one per line."))
            elif len(set(labels)) != len(labels):
                self.add_error("options_text", _("Two answers are the same; keep one of them."))
        return data

    def stored_values(self, *, lock=False) -> dict:
        stored = super().stored_values(lock=lock)
        if stored and self.instance.pk:
            labels = "\n".join(self.instance.options.order_by("number").values_list("label", flat=True))
            stored["options_text"] = (
                self.fields["options_text"].label,
                labels if self.instance.kind == "choice" else "",
            )
        return stored

    def your_values(self) -> dict:
        values = super().your_values()
        values["options_text"] = "\n".join(self.labels()) if values.get("kind") == "choice" else ""
        return values

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("section", "text", "kind", "required", "profile")}


class PaperForm(forms.Form):
    """The date a paper form was filled in (default today)."""

    answered_on = BEDateField(label=gettext_lazy("Answered on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answered_on"].initial = timezone.localdate

    def clean_answered_on(self):
        value = self.cleaned_data["answered_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value


class SourceForm(VersionedForm, OrgModelForm):
    class Meta:
        model = IndicatorSource
        fields = ["survey", "question"]

    def __init__(self, *args, org, source=None, **kwargs):
        super().__init__(*args, org=org, instance=source or IndicatorSource(), **kwargs)
        self.fields["survey"].queryset = Survey.objects.for_org(org).order_by("-fiscal_year", "title")
        self.fields["survey"].label = gettext_lazy("Survey")
        ratings = [Question.Kind.RATING_3, Question.Kind.RATING_5, Question.Kind.RATING_10]
        self.fields["question"].queryset = (
            Question.objects.for_org(org).filter(kind__in=ratings).select_related("survey").order_by("survey", "number")
        )
        self.fields["question"].label_from_instance = lambda q: f"{q.survey.title} · {q.number}. {q.text}"
        self.fields["question"].required = False

    def clean(self):
        data = super().clean()
        survey, question = data.get("survey"), data.get("question")
        if survey and question and question.survey_id != survey.pk:
            self.add_error(
                "question", gettext_lazy("Choose a rating item of the same survey, or none for the overall index.")
            )
        return data
