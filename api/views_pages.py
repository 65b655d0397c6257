"""The API's pages for people: personal tokens (made, named and revoked by their owner) and the
documentation, rendered on the server from the OpenAPI schema (no scripts, nothing from elsewhere)."""

from functools import lru_cache

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response

from api import tokens
from api.models import ApiToken
from core import params
from core.forms import BEDateField, DateInput
from orgs.middleware import SUPPORTED

MAX_TOKENS = 20  # active tokens a person may have at once


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. the province dashboard."),
    )
    expires_on = BEDateField(
        label=gettext_lazy("Valid until"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("Empty: until you revoke it."),
    )

    def clean_expires_on(self):
        expires_on = self.cleaned_data["expires_on"]
        if expires_on and expires_on < timezone.localdate():
            raise forms.ValidationError(_("The date must not be in the past."))
        return expires_on


@never_cache
@login_required
def token_list(request):
    """The person's tokens; POST makes one (shown once, on this answer only) or revokes one (revoke=<id>)."""
    user, created = request.user, None
    form = TokenForm(request.POST if request.method == "POST" and "revoke" not in request.POST else None)
    if request.method == "POST" and "revoke" in request.POST:
        if tokens.revoke(user=user, pk=params.object_id(request.POST, "revoke") or 0):
            messages.success(request, _("The token was revoked: programs using it can no longer sign in."))
        return redirect("api:tokens")
    if request.method == "POST" and form.is_valid():
        active = [t for t in user.api_tokens.all() if tokens.is_active(t)]
        if len(active) >= MAX_TOKENS:
            form.add_error(None, _("You have %(count)s active tokens: revoke one first.") % {"count": len(active)})
        else:
            token, raw = tokens.create(user=user, **form.cleaned_data)
            created = {"token": token, "raw": raw}
            form = TokenForm()
    rows = [{"token": t, "active": tokens.is_active(t)} for t in ApiToken.objects.filter(user=user)]
    return render(request, "api/tokens.html", {"form": form, "rows": rows, "created": created})


# Documentation ---------------------------------------------------------------------------------------

METHOD_ORDER = ("get", "post", "put", "patch", "delete")


def _plain(node):
    """The schema with its lazily translated texts turned into plain strings (of the active language)."""
    if isinstance(node, dict):
        return {str(key): _plain(value) for key, value in node.items()}
    if isinstance(node, list | tuple):
        return [_plain(item) for item in node]
    return str(node) if isinstance(node, Promise) else node


@lru_cache(maxsize=len(SUPPORTED))
def _schema(language: str) -> dict:
    with translation.override(language):
        return _plain(SchemaGenerator().get_schema(request=None, public=True))


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _type(schema: dict, node: dict) -> str:
    node = _resolve(schema, node)
    if "allOf" in node:
        return " | ".join(_type(schema, part) for part in node["allOf"])
    if "oneOf" in node:
        return " | ".join(_type(schema, part) for part in node["oneOf"])
    if "enum" in node:
        return " | ".join(str(v) for v in node["enum"] if v not in ("", None)) or "string"
    kind = node.get("type", "object")
    if kind == "array":
        return f"[{_type(schema, node.get('items', {}))}]"
    return f"{kind} ({node['format']})" if "format" in node else kind


def _fields(schema: dict, body: dict | None) -> list[dict]:
    if not body:
        return []
    node = _resolve(schema, body.get("content", {}).get("application/json", {}).get("schema", {}))
    required = set(node.get("required", []))
    return [
        {
            "name": name,
            "type": _type(schema, prop),
            "required": name in required,
            "nullable": _resolve(schema, prop).get("nullable", False) or prop.get("nullable", False),
            "description": _resolve(schema, prop).get("description") or prop.get("title", ""),
        }
        for name, prop in node.get("properties", {}).items()
        if not prop.get("readOnly")
    ]


def operations(schema: dict) -> list[dict]:
    """The schema's operations grouped by tag, in path order, with their parameters and body fields."""
    groups: dict[str, list] = {}
    for path, methods in schema.get("paths", {}).items():
        for method in METHOD_ORDER:
            operation = methods.get(method)
            if operation is None:
                continue
            parameters = [
                {
                    "name": p["name"],
                    "in": p["in"],
                    "required": p.get("required", False),
                    "type": _type(schema, p.get("schema", {})),
                    "description": p.get("description", ""),
                }
                for p in operation.get("parameters", [])
            ]
            groups.setdefault(operation.get("tags", [""])[0], []).append(
                {
                    "id": operation["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                    "fields": _fields(schema, operation.get("requestBody")),
                    "responses": sorted(operation.get("responses", {})),
                }
            )
    return [{"tag": tag, "operations": ops} for tag, ops in groups.items()]


def _language(request) -> str:
    asked = request.GET.get("lang")
    if asked in SUPPORTED:
        return asked
    current = translation.get_language()
    return current if current in SUPPORTED else settings.LANGUAGE_CODE


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema (YAML, or JSON with ?format=json), made once per language: it changes only with
    the code. ``?lang=en`` or ``?lang=th`` chooses the language of its texts."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        return Response(
            data=_schema(_language(request)),
            headers={"Content-Disposition": f'inline; filename="{self._get_filename(request, None)}"'},
        )


def docs(request):
    """The API documentation, in the reader's language."""
    schema = _schema(_language(request))
    return render(
        request,
        "api/docs.html",
        {"info": schema["info"], "groups": operations(schema), "example_org": request.session.get("org_slug", "")},
    )
