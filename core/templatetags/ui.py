"""Small template helpers (a builtin, like core.templatetags.thai)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

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


@register.simple_tag(takes_context=True)
def move_buttons(context, kind, pk):
    """Up/down buttons that reorder an item; they submit the page's one ``#move-form`` (see _move_form.html)."""
    slug = context["request"].org.slug
    up, down = (reverse("plans:move", args=[slug, kind, pk, direction]) for direction in ("up", "down"))
    return format_html(
        '<button class="btn btn-sm btn-link p-0" form="move-form" formaction="{}" title="{}" aria-label="{}">'
        '<i class="bi bi-arrow-up"></i></button>'
        '<button class="btn btn-sm btn-link p-0" form="move-form" formaction="{}" title="{}" aria-label="{}">'
        '<i class="bi bi-arrow-down"></i></button>',
        up,
        _("Move up"),
        _("Move up"),
        down,
        _("Move down"),
        _("Move down"),
    )


@register.simple_tag(takes_context=True)
def xlsx_href(context, table: str = "") -> str:
    """This page's address with its filters, asking for its table as XLSX (core.tables); the page number is
    dropped, as the workbook holds every row. ``table`` names one table of a page that has several."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    query.pop("table", None)
    query["format"] = "xlsx"
    if table:
        query["table"] = table
    return "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def page_href(context, number, name="page", anchor="") -> str:
    """This page's address with all its parameters (filters, department, repeated ones too) at page
    ``number`` of its paginated list (core.pages); ``name``: the list's parameter when a page has two
    lists, ``anchor``: where the list starts on the page."""
    query = context["request"].GET.copy()
    name = name or "page"
    query.pop(name, None)
    query[name] = number
    return "?" + query.urlencode() + (f"#{anchor}" if anchor else "")
