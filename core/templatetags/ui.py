"""Small template helpers (a builtin, like core.templatetags.thai)."""

from django import template

register = template.Library()


@register.filter
def can(access, capability: str) -> bool:
    """{% if request.access|can:"plan.edit" %} … {% endif %}"""
    return bool(access) and access.can(capability)


@register.filter
def get(mapping, key):
    """{{ mapping|get:key }} for dicts keyed by a variable."""
    return mapping.get(key) if mapping else None


@register.filter
def styled(bound_field):
    """Render a form field with Bootstrap's classes, marked invalid (and described) when it has errors."""
    kind = bound_field.widget_type
    css = "form-check-input" if kind == "checkbox" else "form-select" if "select" in kind else "form-control"
    attrs = {"class": f"{bound_field.field.widget.attrs.get('class', '')} {css}".strip()}
    if bound_field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{bound_field.auto_id}_errors"
    return bound_field.as_widget(attrs=attrs)
