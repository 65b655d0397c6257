from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, OrgModelForm
from reports.models import AnnualReport


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
