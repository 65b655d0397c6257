from django import forms

from core.dates import BEDateField, BEDateInput, be_formfield
from core.tenancy import OrgScoped

__all__ = ["BEDateField", "DateInput", "OrgModelForm", "ThaiModelForm"]


class ThaiModelFormMetaclass(forms.models.ModelFormMetaclass):
    """Gives each form's Meta ``core.dates.be_formfield`` (unless it names its own formfield_callback)."""

    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = be_formfield
        return super().__new__(mcs, name, bases, attrs)


class ThaiModelForm(forms.ModelForm, metaclass=ThaiModelFormMetaclass):
    """A ModelForm whose date fields are typed and shown in พ.ศ. (``core.dates.BEDateField``)."""


class OrgModelForm(ThaiModelForm):
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


# The site's one date widget (d/m/yyyy พ.ศ. with a calendar button): forms name it in their Meta.widgets.
DateInput = BEDateInput
