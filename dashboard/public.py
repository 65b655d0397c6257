"""The public results page, without login (``/p/<org>/``): the published documents and the figures of the
published reports. These views read only ``Publication.objects.published()`` and its figures snapshots (see
``dashboard/publishing.py``): nothing unpublished is reachable, and the page costs two queries. The
organization's own publication pages are in ``dashboard/publications.py``.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from dashboard import charts, publishing
from dashboard.models import Publication
from evaluation import rollup
from evaluation.labels import KPI_STATUS_LABELS, PROJECT_STATUS_LABELS
from orgs.models import Organization


def org_page(request, org_slug):
    """An organization's published documents by fiscal year, and the figures of its published reports."""
    org = get_object_or_404(Organization, slug=org_slug)
    years = publishing.public_years(org)
    latest = next((y.snapshot for y in years if y.snapshot), None)
    for y in years:
        y.charts = latest is not None and y.snapshot is latest  # one set of charts: the latest figures
    context = {
        "org": org,
        "years": years,
        "latest": latest,
        "chart_data": charts.public_chart_data(latest) if latest else None,
        "project_statuses": rollup.PROJECT_STATUSES,
        "project_status_labels": PROJECT_STATUS_LABELS,
        "kpi_statuses": rollup.KPI_STATUSES,
        "kpi_status_labels": KPI_STATUS_LABELS,
        "kpi_colors": charts.KPI_COLORS,
    }
    return render(request, "dashboard/public.html", context)


def document(request, org_slug, pk):
    """A published PDF, for anyone; 404 for anything not published now."""
    publication = (
        Publication.objects.published().filter(organization__slug=org_slug, pk=pk).select_related("organization")
    ).first()
    if publication is None:
        raise Http404
    return publishing.pdf_response(publication, private=False)
