from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache

from core.params import InvalidParameter


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


def csrf_failure(request, reason=""):
    """403 when a form's CSRF check fails (its page was opened long ago, or cookies were cleared since): a
    plain page that says so and offers to open the form again, not Django's technical one."""
    return HttpResponse(loader.render_to_string("403_csrf.html", {"again": request.path}, request), status=403)
