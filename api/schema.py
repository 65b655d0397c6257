"""The OpenAPI description: the token scheme, list views, translated summaries, and the error answers
every operation may give (so a client, and the schema test, knows them)."""

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_object_type


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Authorization: Bearer <token> (or: Token <token>). Tokens are made on the profile page.",
        }


class AutoSchema(openapi.AutoSchema):
    """Views say themselves whether they list (``is_list``) and what each method does (``summaries``)."""

    def _is_list_view(self, serializer=None):
        if self.method == "GET" and getattr(self.view, "is_list", False):
            return True
        return super()._is_list_view(serializer)

    def _is_create_operation(self):
        return (self.method == "POST" and getattr(self.view, "is_list", False)) or super()._is_create_operation()

    def get_summary(self):
        summary = getattr(self.view, "summaries", {}).get(self.method.lower())
        return str(summary) if summary else None

    def get_description(self):
        return ""  # the views' docstrings are notes for developers, not for the API's readers


SLUG = "^[-a-zA-Z0-9_]+$"
ERROR = {"$ref": "#/components/schemas/Error"}
ERRORS = {
    "400": "Invalid input: field → messages, or detail for a refused step",
    "401": "Not signed in, or the token is not valid, revoked or expired",
    "403": "Your role does not allow this",
    "404": "Not found (or not in your organizations)",
}


def add_error_responses(result, generator, request, public):
    """Every operation documents 401, 403 and 404; those that take input also 400; 409 where noted."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = build_object_type(properties={"detail": {"type": "string"}}, required=["detail"])
    change = build_object_type(
        properties={
            "field": {"type": "string"},
            "saved": {"type": "string", "nullable": True},
            "yours": {"type": "string", "nullable": True},
        }
    )
    schemas["Conflict"] = build_object_type(
        properties={
            "detail": {"type": "string"},
            "changes": {"type": "array", "items": change, "description": "What is saved now next to what you sent."},
            "version": {"type": "string", "description": "The ETag of what is saved now."},
        },
        required=["detail"],
    )
    schemas["ValidationError"] = {
        "type": "object",
        "description": "Field name → list of messages; non_field_errors for the whole input; detail for a step.",
        "additionalProperties": True,
    }
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":  # what the URL patterns match: slugs, and numbers without a sign
                    if parameter["schema"].get("type") == "integer":
                        parameter["schema"].setdefault("minimum", 0)  # a fiscal year (fy) keeps its range
                    else:
                        parameter["schema"]["pattern"] = SLUG
            responses = operation.setdefault("responses", {})
            takes_input = "requestBody" in operation or any(p["in"] == "query" for p in operation.get("parameters", []))
            for code, description in ERRORS.items():
                if code == "400" and not takes_input and method in ("get", "head"):
                    continue
                schema = {"$ref": "#/components/schemas/ValidationError"} if code == "400" else ERROR
                responses.setdefault(code, {"content": {"application/json": {"schema": schema}}})
                responses[code]["description"] = description
            if "409" in responses:
                responses["409"] = {
                    "description": "Someone saved it since you read it: nothing was saved",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Conflict"}}},
                }
    return result
