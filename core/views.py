from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache

from core.params import InvalidParameter
from orgs.access import organizations_for


@never_cache
def healthz(request):
    """200 when the app can query its database, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@login_required
def home(request):
    """Open the organization used last, the only one the user has, or the chooser."""
    orgs = organizations_for(request.user)
    last = request.session.get("org_slug")
    if last and orgs.filter(slug=last).exists():
        return redirect("orgs:home", org_slug=last)
    slugs = list(orgs.values_list("slug", flat=True)[:2])
    if len(slugs) == 1:
        return redirect("orgs:home", org_slug=slugs[0])
    return redirect("orgs:choose")


def bad_request(request, exception):
    """400: says what was wrong with a query-string value (core.params); other bad requests get the
    general explanation, never the internal message."""
    message = str(exception) if isinstance(exception, InvalidParameter) else ""
    return HttpResponseBadRequest(loader.render_to_string("400.html", {"message": message}, request))


def page_not_found(request, exception):
    """404: under /api/ the API's JSON answer, as its own views give it (a URL that matches no pattern,
    such as a fiscal year out of range); the site's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)
