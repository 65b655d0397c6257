"""The forms of the results side: which survey (and item) a citizen KPI takes its result from."""

from django.utils.translation import gettext_lazy as _

from core.forms import OrgModelForm
from core.versioning import VersionedForm
from surveys.models import IndicatorSource, Question, Survey


class SourceForm(VersionedForm, OrgModelForm):
    class Meta:
        model = IndicatorSource
        fields = ["survey", "question"]

    def __init__(self, *args, org, source=None, **kwargs):
        super().__init__(*args, org=org, instance=source or IndicatorSource(), **kwargs)
        self.fields["survey"].queryset = Survey.objects.for_org(org).order_by("-fiscal_year", "title")
        self.fields["survey"].label = _("Survey")
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
            self.add_error("question", _("Choose a rating item of the same survey, or none for the overall index."))
        return data
