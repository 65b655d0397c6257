"""A report as an A4 PDF: the same HTML as the page, laid out by WeasyPrint with Sarabun embedded.

Fontsource splits Sarabun into per-script files tied by ``unicode-range``, which WeasyPrint does not
honour; the subsets are declared as two families chained in that order (``SarabunLatin, SarabunThai``),
so digits and punctuation come from the Latin file and Thai from the Thai one. WeasyPrint (Pango and
libthai) places vowels and tone marks and breaks Thai lines between words.

Only local files are fetched: the fonts and the organization's own photos under MEDIA_ROOT.
"""

import atexit
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from core.calendar import to_thai_digits
from reports.document import Report

FONTS = Path(settings.NODE_MODULES) / "@fontsource" / "sarabun" / "files"
CSS_FILE = Path(__file__).with_name("pdf.css")
TEXT_BETWEEN_TAGS = re.compile(r">([^<]+)<")


@cache
def _stylesheet():
    """The stylesheet and the font configuration that holds its @font-face rules (built once)."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()

    faces = []
    for family, subset in (("SarabunLatin", "latin"), ("SarabunThai", "thai")):
        for weight in (400, 700):
            path = FONTS / f"sarabun-{subset}-{weight}-normal.woff"
            faces.append(f"@font-face {{ font-family: {family}; font-weight: {weight}; src: url('{path.as_uri()}'); }}")
    atexit.register(_stylesheet.cache_clear)  # let the fonts go while the interpreter still can
    css = CSS(string="\n".join(faces) + "\n" + CSS_FILE.read_text(), url_fetcher=_fetcher(), font_config=font_config)
    return css, font_config


def _fetcher():
    from weasyprint.urls import URLFetcher

    allowed = [FONTS.resolve(), Path(settings.MEDIA_ROOT).resolve()]

    class LocalFiles(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith("file://"):
                raise ValueError("only local files")
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in allowed):
                raise ValueError("outside the allowed folders")
            return super().fetch(url, headers)

    return LocalFiles(allowed_protocols=("file",))


def thai_digits_in_text(html: str) -> str:
    """Thai digits (๑๒๓) in the text of the page, never in tags, attributes or the stylesheet."""
    return TEXT_BETWEEN_TAGS.sub(lambda m: ">" + to_thai_digits(m.group(1)) + "<", html)


def render_html_for_pdf(report: Report, *, thai_digits: bool = False) -> str:
    html = render_to_string(
        "reports/pdf.html",
        {
            "report": report,
            "pdf": True,
            "thai_digits": thai_digits,
            "generated": report.generated or timezone.localdate(),
        },
    )
    return thai_digits_in_text(html) if thai_digits else html


def render_pdf(report: Report, *, thai_digits: bool = False) -> bytes:
    from weasyprint import HTML

    html = render_html_for_pdf(report, thai_digits=thai_digits)
    document = HTML(string=html, base_url=Path(settings.MEDIA_ROOT).as_uri() + "/", url_fetcher=_fetcher())
    css, font_config = _stylesheet()
    return document.write_pdf(stylesheets=[css], font_config=font_config)
