"""Downloads to share a survey: its QR code (SVG, PNG) and the A4 poster PDF."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from orgs.access import org_view
from surveys import poster
from surveys.models import Survey


def _download(data: bytes, content_type: str, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return response


@org_view()
def qr_svg(request, pk):
    survey = get_object_or_404(Survey.objects.for_org(request.org), pk=pk)
    return _download(poster.qr_svg(survey), "image/svg+xml", f"survey-{survey.pk}-qr.svg")


@org_view()
def qr_png(request, pk):
    survey = get_object_or_404(Survey.objects.for_org(request.org), pk=pk)
    return _download(poster.qr_png(survey), "image/png", f"survey-{survey.pk}-qr.png")


@org_view()
def poster_pdf(request, pk):
    survey = get_object_or_404(Survey.objects.for_org(request.org), pk=pk)
    return _download(poster.poster_pdf(survey), "application/pdf", f"survey-{survey.pk}-poster.pdf", inline=True)
