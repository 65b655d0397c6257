from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from reports.document import Link
from reports.render.html import table_html
from reports.render.svg import bar_chart
from reports.render.values import format_value

register = template.Library()


@register.simple_tag(takes_context=True)
def cell(context, value, kind, url=""):
    """A value formatted by its kind; a link on the web page, plain text in the PDF."""
    text = format_value(value, kind)
    target = value.url if isinstance(value, Link) else url
    if target and not context.get("pdf"):
        return format_html('<a href="{}">{}</a>', target, text)
    return text


@register.simple_tag(takes_context=True)
def table(context, block, landscape=False):
    html = table_html(
        block, pdf=bool(context.get("pdf")), landscape=bool(landscape), thai_digits=bool(context.get("thai_digits"))
    )
    return mark_safe(html)  # noqa: S308 -- every text in it is escaped (reports.render.html)


@register.simple_tag
def svg_chart(chart):
    return mark_safe(bar_chart(chart))  # noqa: S308 -- every text in it is escaped (reports.render.svg)
