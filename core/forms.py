from django import forms

from core.tenancy import OrgScoped


class OrgModelForm(forms.ModelForm):
    """A ModelForm for tenant data: every choice of another tenant table is limited to ``org``.

    The organization itself is never a form field; it is set from the URL's organization.
    """

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.org = org
        self.instance.organization = org
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and issubclass(queryset.model, OrgScoped):
                field.queryset = queryset.filter(organization=org)
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)
