from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import versioning
from orgs import lockouts
from orgs.access import org_view, organizations_for
from orgs.forms import DepartmentForm, MemberForm, OrganizationForm, ProfileForm
from orgs.middleware import SUPPORTED
from orgs.models import Department, Membership, Role
from orgs.password_reset import ADDRESS, password_reset_throttle


@login_required
def choose(request):
    orgs = organizations_for(request.user).order_by("province", "district", "name")
    oversees = request.user.is_superuser or request.user.oversights.exists()
    return render(request, "orgs/choose.html", {"organizations": orgs, "oversees": oversees})


@login_required
def start(request):
    """Open the organization used last, the only one the user has, or the chooser."""
    orgs = organizations_for(request.user)
    last = request.session.get("org_slug")
    if last and orgs.filter(slug=last).exists():
        return redirect("org_home", org_slug=last)
    slugs = list(orgs.values_list("slug", flat=True)[:2])
    if len(slugs) == 1:
        return redirect("org_home", org_slug=slugs[0])
    return redirect("orgs:choose")


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile was saved."))
        return redirect("orgs:profile")
    return render(request, "orgs/profile.html", {"form": form})


@require_POST
def set_language(request):
    """Switch the interface language: for the profile when signed in, by cookie otherwise."""
    language = request.POST.get("language")
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = redirect(target)
    if language in SUPPORTED:
        if request.user.is_authenticated:
            request.user.language = language
            request.user.save(update_fields=["language"])
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax")
    return response


# Password reset by email ------------------------------------------------------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset by email, with the link on SITE_URL (never the request's Host header) and the limits of
    orgs/password_reset.py. The answer never says whether an account uses the email: the same page follows
    whether a link was sent, no account matched, or that email had reached its limit. Only a client address
    over its limit is told so, as that says nothing about any account."""

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        limited = password_reset_throttle(
            address=get_client_ip_address(self.request) or "", email=form.cleaned_data["email"]
        )
        if limited == ADDRESS:
            form.add_error(None, _("Too many password reset requests from your network. Please try again in an hour."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if limited:
            return HttpResponseRedirect(self.get_success_url())
        self.extra_email_context = {
            "site_url": settings.SITE_URL.rstrip("/"),
            "minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
        }
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(
            minutes=settings.PASSWORD_RESET_TIMEOUT // 60,
            per_email=settings.TIDTAM_PASSWORD_RESET_LIMITS["per_email"],
            **kwargs,
        )


# Organization administration: details, departments and members ------------------------------------


@org_view("org.manage")
def manage(request):
    form = OrganizationForm(request.POST or None, instance=request.org)
    stale = None
    if request.method == "POST" and form.is_valid():
        _saved, stale = versioning.save_or_stale(form)
        if stale is None:
            messages.success(request, _("Saved."))
            return redirect("orgs:manage", request.org.slug)
    members = Membership.objects.for_org(request.org).select_related("user", "department").order_by("user__username")
    return render(
        request,
        "orgs/manage.html",
        {
            "form": form,
            "departments": Department.objects.for_org(request.org),
            "members": members,
            "locked": lockouts.locked_usernames(m.user.username for m in members),
            "stale": stale,
        },
    )


@org_view("org.manage")
def department_edit(request, pk=None):
    department = get_object_or_404(Department.objects.for_org(request.org), pk=pk) if pk else None
    form = DepartmentForm(request.POST or None, instance=department, org=request.org)
    stale = None
    if request.method == "POST" and form.is_valid():
        _saved, stale = versioning.save_or_stale(form)
        if stale is None:
            messages.success(request, _("Saved."))
            return redirect("orgs:manage", request.org.slug)
    title = _("Edit department") if department else _("New department")
    context = {"form": form, "title": title, "back": _manage_url(request), "stale": stale}
    return render(request, "core/form.html", context)


@org_view("org.manage")
def member_add(request):
    form = MemberForm(request.POST or None, org=request.org)
    if request.method == "POST" and form.is_valid():
        membership = form.save()
        messages.success(
            request,
            _("%(user)s now has the role %(role)s.") % {"user": membership.user, "role": membership.get_role_display()},
        )
        return redirect("orgs:manage", request.org.slug)
    return render(request, "core/form.html", {"form": form, "title": _("Add a member"), "back": _manage_url(request)})


@org_view("org.manage")
@require_POST
def member_remove(request, pk):
    membership = get_object_or_404(Membership.objects.for_org(request.org), pk=pk)
    admins = Membership.objects.for_org(request.org).filter(role=Role.ADMIN)
    if membership.role == Role.ADMIN and admins.count() == 1:
        messages.error(request, _("The organization needs at least one administrator."))
    else:
        membership.delete()
        messages.success(request, _("The role was removed."))
    return redirect("orgs:manage", request.org.slug)


@org_view("org.manage")
@require_POST
def member_unlock(request, pk):
    membership = get_object_or_404(Membership.objects.for_org(request.org).select_related("user"), pk=pk)
    names = {"user": membership.user}
    if lockouts.member_unlock(membership=membership, by=request.user):
        messages.success(request, _("%(user)s was unlocked and can sign in again.") % names)
    else:
        messages.info(request, _("%(user)s was not locked out.") % names)
    return redirect("orgs:manage", request.org.slug)


def _manage_url(request):
    return reverse("orgs:manage", args=[request.org.slug])
