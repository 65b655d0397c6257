from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orgs.access import org_view, organizations_for
from orgs.forms import ProfileForm
from orgs.middleware import SUPPORTED


@login_required
def choose(request):
    orgs = organizations_for(request.user).order_by("province", "district", "name")
    return render(request, "orgs/choose.html", {"organizations": orgs})


@org_view()
def org_home(request):
    from plans.selectors import org_overview

    return render(request, "orgs/home.html", org_overview(request.org, request.access))


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
