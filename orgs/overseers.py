"""Overseers, set up by a superuser: a person given read-only access to the organizations of a province
(or of one district of it), ``orgs.Oversight``. There is no province-level administrator role, so only
superusers manage them; the page lists each overseer with their areas and the organizations each covers.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from orgs.models import Organization, Oversight, User


def _areas():
    """(province, district) of every organization, for the choices."""
    return sorted(set(Organization.objects.values_list("province", "district")))


class OverseerForm(forms.Form):
    """An existing account by its username, or a new one, overseeing a province or one of its districts."""

    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=gettext_lazy("Email"), required=False)
    password = forms.CharField(
        label=gettext_lazy("Initial password (new accounts only)"),
        required=False,
        widget=forms.PasswordInput(render_value=True),
    )
    province = forms.ChoiceField(label=gettext_lazy("Province"))
    district = forms.ChoiceField(
        label=gettext_lazy("District"), required=False, help_text=gettext_lazy("Empty: the whole province.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        areas = _areas()
        self.fields["province"].choices = [("", "---------")] + [(p, p) for p in sorted({p for p, _ in areas})]
        self.fields["district"].choices = [("", _("The whole province"))] + [(d, f"{d} ({p})") for p, d in areas if d]

    def clean(self):
        data = super().clean()
        username = data.get("username", "").strip()
        self.user = User.objects.filter(username=username).first()
        if self.user is None and username:
            if not data.get("password"):
                self.add_error("password", _("A new account needs an initial password."))
            else:
                try:
                    validate_password(data["password"], User(username=username))
                except forms.ValidationError as error:
                    self.add_error("password", error)
        province, district = data.get("province"), data.get("district")
        if province and district and (province, district) not in _areas():
            self.add_error("district", _("This district is not in the province chosen."))
        if self.user and Oversight.objects.filter(user=self.user, province=province, district=district or "").exists():
            self.add_error("province", _("This person already oversees this area."))
        return data


def _superuser(user):
    if not user.is_superuser:
        raise PermissionDenied


def overseer_add(*, by, username, first_name, last_name, email, password, user, province, district) -> Oversight:
    """Give ``user`` (or a new account) read-only access to the organizations of the area."""
    _superuser(by)
    with transaction.atomic():
        if user is None:
            user = User.objects.create_user(
                username=username.strip(), password=password, first_name=first_name, last_name=last_name, email=email
            )
        return Oversight.objects.create(user=user, province=province, district=district or "")


def overseer_remove(*, by, oversight: Oversight) -> None:
    """Take one area away from an overseer (the account stays)."""
    _superuser(by)
    oversight.delete()


@login_required
def overseers(request):
    _superuser(request.user)
    form = OverseerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        oversight = overseer_add(by=request.user, user=form.user, **{k: data[k] for k in OverseerForm.base_fields})
        messages.success(
            request, _("%(user)s now oversees %(area)s.") % {"user": oversight.user, "area": _area(oversight)}
        )
        return redirect("orgs:overseers")
    rows = []
    for oversight in Oversight.objects.select_related("user").order_by("user__username", "province", "district"):
        rows.append({"oversight": oversight, "area": _area(oversight), "orgs": list(oversight.organizations())})
    return render(request, "orgs/overseers.html", {"form": form, "rows": rows})


@login_required
@require_POST
def overseer_delete(request, pk):
    _superuser(request.user)
    oversight = get_object_or_404(Oversight.objects.select_related("user"), pk=pk)
    overseer_remove(by=request.user, oversight=oversight)
    messages.success(
        request, _("%(user)s no longer oversees %(area)s.") % {"user": oversight.user, "area": _area(oversight)}
    )
    return redirect("orgs:overseers")


def _area(oversight) -> str:
    if oversight.district:
        return _("district %(district)s, province %(province)s") % {
            "district": oversight.district,
            "province": oversight.province,
        }
    return _("province %(province)s") % {"province": oversight.province}
