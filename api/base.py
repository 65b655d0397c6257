"""What every API endpoint shares: its language, the organization and access check, and how refusals
and form errors become responses.

An organization endpoint resolves ``org_slug`` with ``orgs.access.access_for``, exactly as the screens'
``org_view`` does: 404 outside the user's organizations, 403 when the role lacks the capability that the
view names for reading (``read_capability``) or for writing (``write_capability``; none means read-only).
"""

from contextlib import contextmanager

from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, generics, status

from api import filters
from api.models import ApiToken
from core import versioning
from monitoring import workflow
from orgs.access import SAFE_METHODS, access_for
from orgs.middleware import SUPPORTED
from orgs.models import Organization
from plans.models import Indicator


def header_language(request) -> str | None:
    """The supported language the client prefers in Accept-Language, if it names one."""
    best, best_q = None, 0.0
    for part in request.META.get("HTTP_ACCEPT_LANGUAGE", "").split(","):
        code, _sep, params = part.strip().partition(";")
        code = code.strip().lower().split("-")[0]
        q = 1.0
        for param in params.split(";"):
            key, _eq, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if code in SUPPORTED and q > best_q:
            best, best_q = code, q
    return best


class ApiView(generics.GenericAPIView):
    """Answers a program (signed in by token) in the language it asks for (Accept-Language: th or en),
    otherwise in the language of the user's profile; a browser (the session) always in the profile's
    language, as the screens do; nobody signed in: as asked, otherwise Thai."""

    def initial(self, request, *args, **kwargs):
        asked = header_language(request)
        if asked:
            translation.activate(asked)  # for a refused sign-in
        super().initial(request, *args, **kwargs)
        user = request.user
        by_token = isinstance(request.auth, ApiToken)
        if user.is_authenticated and user.language in SUPPORTED and not (by_token and asked):
            translation.activate(user.language)

    def get_queryset(self):
        """Views read their rows themselves; the browsable API asks for a queryset only to build filter
        forms, and there are no filter backends."""
        return Organization.objects.none()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        patch_vary_headers(response, ("Accept-Language", "Authorization"))
        return response


class OrgView(ApiView):
    read_capability = "plan.view"
    write_capability: str | None = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        access = access_for(request.user, kwargs["org_slug"])
        capability = self.read_capability if request.method in SAFE_METHODS else self.write_capability
        if access.refuses_method(request.method) or capability is None or not access.can(capability):
            raise exceptions.PermissionDenied
        self.org, self.access = access.org, access

    def scope_projects(self, queryset):
        return self.access.scope_projects(queryset)


class Refused(exceptions.APIException):
    """A workflow step that is not allowed now (the message says why)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "refused"


class EditConflict(exceptions.APIException):
    """Someone saved the object since the client read it (its version moved on)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Someone else saved this after you opened it. Nothing of yours was saved yet.")
    default_code = "conflict"

    def __init__(self, detail=None, code=None):
        super().__init__(detail, code)
        if isinstance(detail, dict):
            self.detail = detail  # as given: a value not saved stays null (not the text "None")


def conflict_detail(stale: versioning.StaleEdit) -> dict:
    """A 409's body: the message, what is saved now next to what was sent, and the current version."""
    return {
        "detail": str(stale),
        "changes": [
            {"field": label, "saved": _text(theirs), "yours": _text(yours)} for label, theirs, yours in stale.changes
        ],
        "version": stale.version or "",
    }


def _text(value):
    return None if value is None else str(value)


@contextmanager
def workflow_refusals():
    """Turn refusals into API errors: a save from a stale version (``StaleEdit``, the report's
    ``Conflict``) into 409 with what changed, any other workflow refusal into 400."""
    try:
        yield
    except versioning.StaleEdit as stale:
        raise EditConflict(conflict_detail(stale)) from None
    except workflow.WorkflowError as error:
        raise Refused(str(error)) from None


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=_(
        "The ETag of what you read: if someone saved it since, nothing is saved and the answer is 409 with what "
        "changed. Left out: saved whatever the version."
    ),
)


def if_match(request) -> str:
    """The version the client read (the ``ETag`` it was sent), from the If-Match header; "" if none:
    a write without it is accepted as before."""
    return request.META.get("HTTP_IF_MATCH", "")


def with_version(response, edited):
    """The response with the ``ETag`` of what ``edited`` edits as stored now (send it back in If-Match)."""
    response["ETag"] = f'"{versioning.version_of(edited)}"'
    return response


def save_checked(form, request, save=None):
    """Save a valid form (the screens' own) unless If-Match names an older version: 409 with what changed."""
    with workflow_refusals():
        return versioning.save_form(check_form(form), given=if_match(request), save=save)


def form_errors(form, rename: dict | None = None, prefix: str = "") -> dict:
    """A Django form's errors as the API reports them: field → messages, form-wide ones under
    ``non_field_errors``; ``rename`` maps form field names to API field names."""
    rename = rename or {}
    errors = {}
    for name, messages in form.errors.items():
        key = "non_field_errors" if name == "__all__" else rename.get(name, name)
        errors.setdefault(prefix + key, []).extend(str(m) for m in messages)
    return errors


def check_form(form, rename: dict | None = None):
    """Validate the screens' own form (its rules are the API's rules); 400 with its errors when invalid."""
    if not form.is_valid():
        raise exceptions.ValidationError(form_errors(form, rename))
    return form


def not_found():
    return [_("Not found in this organization.")]


def validated(serializer_class, request, *, partial=False):
    serializer = serializer_class(data=request.data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return serializer


def indicators_of(view):
    """The organization's indicators; a reporter sees those of their department's projects and every
    indicator no project owns (as on the indicator pages)."""
    return view.access.scope_indicators(Indicator.objects.for_org(view.org))


class ListView(OrgView):
    """A paginated list of the organization's rows, narrowed by the view's filters."""

    filter_class = None
    is_list = True

    def rows(self, query: dict):
        raise NotImplementedError

    def list(self, request):
        query = filters.read(self.filter_class, request) if self.filter_class else {}
        page = self.paginate_queryset(self.rows(query))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
