"""The QR code of a survey's public address (SVG and PNG) and an A4 poster PDF to print and put up.

The address is built on ``SITE_URL`` (never the request's Host header), so a printed code always points
to the real site. The poster is laid out by WeasyPrint with Sarabun embedded, as the reports are; the
Sarabun subsets are chained as two families (WeasyPrint does not honour ``unicode-range``).
"""

import io
from functools import cache
from pathlib import Path

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from surveys.models import Survey

FONTS = Path(settings.NODE_MODULES) / "@fontsource" / "sarabun" / "files"


def public_url(survey: Survey) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("survey_public:answer", args=[survey.token])


def qr_code(survey: Survey):
    return segno.make(public_url(survey), error="m", micro=False)


def qr_svg(survey: Survey, *, scale: int = 8) -> bytes:
    out = io.BytesIO()
    qr_code(survey).save(out, kind="svg", scale=scale, border=4, xmldecl=True)
    return out.getvalue()


def qr_png(survey: Survey, *, scale: int = 12) -> bytes:
    out = io.BytesIO()
    qr_code(survey).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


@cache
def _fonts_css() -> str:
    faces = []
    for family, subset in (("SarabunLatin", "latin"), ("SarabunThai", "thai")):
        for weight in (400, 700):
            path = FONTS / f"sarabun-{subset}-{weight}-normal.woff"
            faces.append(f"@font-face {{ font-family: {family}; font-weight: {weight}; src: url('{path.as_uri()}'); }}")
    return "\n".join(faces)


def _fetcher():
    from urllib.parse import urlsplit
    from urllib.request import url2pathname

    from weasyprint.urls import URLFetcher

    root = FONTS.resolve()

    class FontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith("file://") or not Path(url2pathname(urlsplit(url).path)).resolve().is_relative_to(
                root
            ):
                raise ValueError("only the fonts")
            return super().fetch(url, headers)

    return FontsOnly(allowed_protocols=("file",))


def poster_pdf(survey: Survey) -> bytes:
    """An A4 page: the organization's name, the survey's title, a large QR code and the address."""
    from weasyprint import HTML

    svg = qr_svg(survey, scale=10).decode()
    svg = svg[svg.index("<svg") :]  # inline: no XML declaration inside HTML
    html = render_to_string(
        "surveys/poster.html",
        {"survey": survey, "org": survey.organization, "qr": svg, "url": public_url(survey), "fonts": _fonts_css()},
    )
    return HTML(string=html, base_url=str(FONTS), url_fetcher=_fetcher()).write_pdf()
