from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import OrgModelForm
from core.versioning import VersionedForm
from orgs.models import Department, Membership, Organization, Role, User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "language"]


class OrganizationForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "kind", "province", "district"]


class DepartmentForm(VersionedForm, OrgModelForm):
    class Meta:
        model = Department
        fields = ["name", "short_name", "order"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Department.objects.for_org(self.org).filter(name=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This organization already has a department with this name."))
        return name


class MemberForm(forms.Form):
    """Give a person a role here: an existing account by its username, or a new account."""

    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=gettext_lazy("Email"), required=False)
    password = forms.CharField(
        label=gettext_lazy("Initial password (new accounts only)"),
        required=False,
        widget=forms.PasswordInput(render_value=True),
    )
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Role.choices)
    department = forms.ModelChoiceField(
        label=gettext_lazy("Department"), queryset=Department.objects.none(), required=False
    )

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.org = org
        self.fields["department"].queryset = Department.objects.for_org(org)

    def clean(self):
        data = super().clean()
        username, role = data.get("username", "").strip(), data.get("role")
        self.user = User.objects.filter(username=username).first()
        if self.user is None:
            if not data.get("password"):
                self.add_error("password", _("A new account needs an initial password."))
            else:
                try:
                    validate_password(data["password"], User(username=username))
                except forms.ValidationError as error:
                    self.add_error("password", error)
        if role == Role.REPORTER and not data.get("department"):
            self.add_error("department", _("A department reporter must belong to a department."))
        if self.user and Membership.objects.for_org(self.org).filter(user=self.user, role=role).exists():
            self.add_error("role", _("This person already has this role here."))
        return data

    def save(self) -> Membership:
        data = self.cleaned_data
        if self.user is None:
            self.user = User.objects.create_user(
                username=data["username"].strip(),
                password=data["password"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
            )
        department = data["department"] if data["role"] == Role.REPORTER else None
        return Membership.objects.create(
            organization=self.org, user=self.user, role=data["role"], department=department
        )
