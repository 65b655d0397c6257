"""Publishing for citizens: what an organization puts on its public results page, and how.

The rules:

* A publication is a PDF of one kind and fiscal year: the annual M&E report, the six-month report, the
  action plan or another document (ITA asks every อปท. to publish the first three). The PDF is either
  built by the system from a report builder (in a background job) or uploaded, signed, by the
  organization; an upload is accepted only when its content is a PDF.
* Publishing makes the PDF readable by anyone and, for the two monitoring reports, takes a snapshot of
  the headline figures (approved data only; the six-month report to the end of quarter 2). Withdrawing
  hides both again. The public page reads only snapshots of publications published now, never live data.
* While published, the file cannot be replaced or deleted: withdraw it first. Each change is kept in the
  publication's history.
* Only people with ``publication.manage`` (administrator, planner, auditor) build, upload, publish,
  withdraw or delete.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from core.calendar import format_date
from core.money import round_to
from dashboard.models import Publication
from evaluation import rollup
from monitoring.evidence import HEAD_BYTES, MB, clean_name
from reports import registry
from reports.models import AnnualReport
from reports.output import render_file
from reports.params import read_params

PUBLISH = "publication.manage"
SNAPSHOT_VERSION = 1
PDF_TAIL_BYTES = 4096  # the end-of-file marker sits in the last bytes (some writers add a little after it)
Kind = Publication.Kind


class PublicationError(Exception):
    """A step that cannot be taken; ``str(error)`` is the message for the person."""


def _check(access) -> None:
    if not access.can(PUBLISH):
        raise PermissionDenied


def default_title(kind: str, fiscal_year: int) -> str:
    titles = {
        Kind.ANNUAL: _("Monitoring and evaluation report of the local development plan, fiscal year %(year)s"),
        Kind.SIX_MONTH: _(
            "Six-month monitoring and evaluation report of the local development plan, fiscal year %(year)s"
        ),
        Kind.ACTION_PLAN: _("Action plan, fiscal year %(year)s"),
    }
    template = titles.get(kind, _("Document, fiscal year %(year)s"))
    return template % {"year": fiscal_year}


# The file -------------------------------------------------------------------------------------------------


def max_bytes() -> int:
    return settings.TIDTAM_PUBLICATION_MAX_MB * MB


def check_pdf(uploaded) -> str:
    """The upload's clean name if its content is a whole PDF within the size limit; else PublicationError.

    Judged by the bytes: it starts with the PDF signature and ends with the end-of-file marker (a file cut
    short in the upload is refused), whatever its name says.
    """
    name = clean_name(uploaded.name) or "document.pdf"
    if not uploaded.size:
        raise PublicationError(_("%(name)s is empty.") % {"name": name})
    if uploaded.size > max_bytes():
        raise PublicationError(
            _("%(name)s is larger than the limit of %(limit)s MB.")
            % {"name": name, "limit": settings.TIDTAM_PUBLICATION_MAX_MB}
        )
    uploaded.seek(0)
    head = uploaded.read(HEAD_BYTES)
    uploaded.seek(max(0, uploaded.size - PDF_TAIL_BYTES))
    tail = uploaded.read(PDF_TAIL_BYTES)
    uploaded.seek(0)
    if not head.startswith(b"%PDF-"):
        raise PublicationError(_("%(name)s is not a PDF file.") % {"name": name})
    if b"%%EOF" not in tail:
        raise PublicationError(_("%(name)s is not a complete PDF file.") % {"name": name})
    return name


def _store(publication: Publication, *, name: str, content, size: int, source: str, user) -> Publication:
    """Put a new file on an unpublished publication; the old file goes once the change is committed."""
    locked = Publication.objects.select_for_update().get(pk=publication.pk)
    if locked.is_published:
        raise PublicationError(_("Withdraw the publication before replacing its file."))
    old = (locked.file.storage, locked.file.name) if locked.file else None
    locked.file.save("document.pdf", content, save=False)
    try:
        locked.original_name = name
        locked.size = size
        locked.source = source
        locked.figures = {}
        locked._history_user = user
        locked.save()
    except BaseException:
        locked.file.storage.delete(locked.file.name)
        raise
    if old:
        transaction.on_commit(lambda: old[0].delete(old[1]))
    return locked


@transaction.atomic
def attach_upload(*, publication: Publication, uploaded, user, access) -> Publication:
    """Replace the publication's file with an uploaded PDF (checked by content)."""
    _check(access)
    name = check_pdf(uploaded)
    if not name.lower().endswith(".pdf"):
        name = f"{name}.pdf"
    return _store(
        publication, name=name, content=uploaded, size=uploaded.size, source=Publication.Source.UPLOADED, user=user
    )


@transaction.atomic
def attach_built(*, publication: Publication, name: str, content: bytes, user) -> Publication:
    """Put the PDF a report builder made on the publication (the background job calls this)."""
    return _store(
        publication,
        name=name,
        content=ContentFile(content),
        size=len(content),
        source=Publication.Source.BUILT,
        user=user,
    )


# Building from the reports ----------------------------------------------------------------------------------


def source_report(kind: str):
    """``(ReportType, query)`` of the report builder that makes this kind of document, or None.

    Looked up in the registry when asked, since builders come and go: the annual report → "annual"; the
    six-month report → "annual" to the end of quarter 2 when that builder offers the period filter, else
    form 2 to the end of quarter 2; the action plan → a builder registered as "action_plan", if any.
    """
    candidates = {
        Kind.ANNUAL: [("annual", {})],
        Kind.SIX_MONTH: [("annual", {"upto": "2"}), ("form2", {"upto": "2"})],
        Kind.ACTION_PLAN: [("action_plan", {})],
    }.get(kind, [])
    for slug, query in candidates:
        report_type = registry.get(slug)
        if report_type is None or report_type.needs_project:
            continue
        if "upto" in query and "upto" not in report_type.fields:
            continue
        return report_type, query
    return None


def can_build(kind: str, access) -> bool:
    found = source_report(kind)
    return found is not None and access.can(PUBLISH) and access.can(found[0].capability)


def build_pdf(publication: Publication, access, *, printed=None, progress=None) -> tuple[str, bytes]:
    """The PDF of the report this kind of document is built from, as ``access`` may see it: (name, bytes).
    ``printed`` sets the date printed on it; ``progress(step_text)`` is told each stage."""
    found = source_report(publication.kind)
    if found is None or not can_build(publication.kind, access):
        raise PublicationError(_("The system cannot build this kind of document. Upload the PDF instead."))
    report_type, query = found
    org = publication.organization
    try:
        params = read_params({**query, "year": str(publication.fiscal_year)}, org, access)
    except Http404 as missing:
        message = _("There is no action plan for fiscal year %(year)s.") % {"year": publication.fiscal_year}
        raise PublicationError(message) from missing
    if progress:
        progress(_("Collecting the figures"))
    report = report_type.build(org, access, params)
    if printed is not None:
        report.generated = printed
    if progress:
        progress(_("Laying out the pages"))
    name, content, _content_type = render_file(report, "pdf")
    return name, content


def publication_build(*, publication: Publication, user, access):
    """Start the background job that builds the publication's PDF; returns the job."""
    from jobs.runner import enqueue

    _check(access)
    if publication.is_published:
        raise PublicationError(_("Withdraw the publication before replacing its file."))
    if not can_build(publication.kind, access):
        raise PublicationError(_("The system cannot build this kind of document. Upload the PDF instead."))
    return enqueue(
        "dashboard.build_publication", org=publication.organization, user=user, params={"publication": publication.pk}
    )


# Create, publish, withdraw, delete --------------------------------------------------------------------------


@transaction.atomic
def publication_create(*, org, kind: str, fiscal_year: int, title: str, user, access) -> Publication:
    _check(access)
    publication = Publication(
        organization=org,
        kind=kind,
        fiscal_year=fiscal_year,
        title=title.strip() or default_title(kind, fiscal_year),
        created_by=user,
    )
    publication._history_user = user
    publication.save()
    return publication


@transaction.atomic
def publication_publish(*, publication: Publication, user, access, now: datetime | None = None) -> Publication:
    """Make the publication public; a monitoring report takes its figures snapshot now."""
    _check(access)
    locked = Publication.objects.select_for_update().get(pk=publication.pk)
    if not locked.file:
        raise PublicationError(_("Add the PDF before publishing."))
    if locked.is_published:
        raise PublicationError(_("It is already published."))
    now = now or timezone.now()
    locked.figures = take_snapshot(locked.organization, locked.kind, locked.fiscal_year, now=now)
    locked.published_at = now
    locked.unpublished_at = None
    locked.published_by = user
    locked._history_user = user
    locked.save()
    return locked


@transaction.atomic
def publication_unpublish(*, publication: Publication, user, access, now: datetime | None = None) -> Publication:
    """Withdraw the publication: its file and figures are no longer public (its history keeps the dates)."""
    _check(access)
    locked = Publication.objects.select_for_update().get(pk=publication.pk)
    if not locked.is_published:
        raise PublicationError(_("It is not published."))
    locked.unpublished_at = now or timezone.now()
    locked._history_user = user
    locked.save()
    return locked


@transaction.atomic
def publication_delete(*, publication: Publication, user, access) -> None:
    _check(access)
    locked = Publication.objects.select_for_update().get(pk=publication.pk)
    if locked.is_published:
        raise PublicationError(_("Withdraw the publication before deleting it."))
    file = (locked.file.storage, locked.file.name) if locked.file else None
    locked._history_user = user
    locked.delete()
    if file:
        transaction.on_commit(lambda: file[0].delete(file[1]))


# The figures snapshot ---------------------------------------------------------------------------------------


def _text(value) -> str | None:
    """A Decimal as a string in the JSON (shares rounded to the cent as they are shown)."""
    if value is None:
        return None
    return str(round_to(value))


def _group(group) -> dict:
    return {
        "planned": group.planned,
        "completed": group.completed,
        "completed_share": _text(group.completed_share),
        "carried_out": group.carried_out,
        "budget": _text(group.budget),
        "disbursed": _text(group.disbursed),
        "rate": _text(group.rate),
        "statuses": dict(group.statuses),
        "kpi_counts": dict(group.kpi_counts),
        "kpi_total": group.kpi_count,
    }


def take_snapshot(org, kind: str, fiscal_year: int, *, now: datetime) -> dict:
    """The headline figures of a monitoring report as they are now (approved data only), as JSON.

    The annual report takes the whole year; the six-month report the year to the end of quarter 2. Other
    kinds carry no figures, nor does a year without an action plan in the system (a report of a year kept
    elsewhere is published as its PDF alone). A fixed number of queries (``rollup.year_figures``).
    """
    if kind not in (Kind.ANNUAL, Kind.SIX_MONTH):
        return {}
    upto = 2 if kind == Kind.SIX_MONTH else None
    figures = rollup.year_figures(org, fiscal_year, upto=upto)
    if figures.action_plan is None:
        return {}
    return {
        "version": SNAPSHOT_VERSION,
        "fiscal_year": fiscal_year,
        "upto": upto,
        "taken_at": now.isoformat(),
        "total": _group(figures.organization),
        "strategies": [
            {"number": g.obj.number, "name": g.obj.name, **_group(g)} for g in figures.strategies if g.planned
        ],
    }


@dataclass
class GroupFigures:
    """A row of the snapshot (the organization or a strategy), with Decimals again for the filters."""

    planned: int
    completed: int
    completed_share: Decimal | None
    carried_out: int
    budget: Decimal
    disbursed: Decimal
    rate: Decimal | None
    statuses: dict[str, int]
    kpi_counts: dict[str, int]
    kpi_total: int
    number: object = None
    name: str = ""


@dataclass
class Snapshot:
    publication: Publication
    fiscal_year: int
    upto: int | None
    taken_at: datetime | None
    total: GroupFigures
    strategies: list[GroupFigures] = field(default_factory=list)


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _read_group(data: dict) -> GroupFigures:
    return GroupFigures(
        planned=int(data["planned"]),
        completed=int(data["completed"]),
        completed_share=_decimal(data.get("completed_share")),
        carried_out=int(data.get("carried_out", 0)),
        budget=_decimal(data["budget"]) or Decimal(0),
        disbursed=_decimal(data["disbursed"]) or Decimal(0),
        rate=_decimal(data.get("rate")),
        statuses={str(k): int(v) for k, v in data.get("statuses", {}).items()},
        kpi_counts={str(k): int(v) for k, v in data.get("kpi_counts", {}).items()},
        kpi_total=int(data.get("kpi_total", 0)),
        number=data.get("number"),
        name=str(data.get("name", "")),
    )


def read_snapshot(publication: Publication) -> Snapshot | None:
    """The publication's figures, or None when it has none (or they cannot be read)."""
    data = publication.figures
    if not isinstance(data, dict) or data.get("version") != SNAPSHOT_VERSION:
        return None
    try:
        return Snapshot(
            publication=publication,
            fiscal_year=int(data["fiscal_year"]),
            upto=data.get("upto"),
            taken_at=parse_datetime(data.get("taken_at") or ""),
            total=_read_group(data["total"]),
            strategies=[_read_group(row) for row in data.get("strategies", [])],
        )
    except (KeyError, TypeError, ValueError, InvalidOperation, AttributeError):
        return None


# The public page ------------------------------------------------------------------------------------------

RESULTS_ORDER = (Kind.ANNUAL, Kind.SIX_MONTH)  # whose figures a year shows: the annual report's first


@dataclass
class PublicYear:
    fiscal_year: int
    documents: list[Publication]
    snapshot: Snapshot | None
    charts: bool = False  # the page draws its charts for this year's figures


def public_years(org) -> list[PublicYear]:
    """The organization's published documents by fiscal year (newest first), each year with the figures of
    its latest published monitoring report (the annual report before the six-month one). One query."""
    published = list(
        Publication.objects.for_org(org).published().order_by("-fiscal_year", "kind", "-published_at", "-pk")
    )
    years: dict[int, list[Publication]] = {}
    for publication in published:
        years.setdefault(publication.fiscal_year, []).append(publication)
    out = []
    for fiscal_year, documents in years.items():
        snapshot = None
        for kind in RESULTS_ORDER:
            candidates = [p for p in documents if p.kind == kind]  # newest first, as queried
            snapshot = next((s for s in map(read_snapshot, candidates) if s is not None), None)
            if snapshot:
                break
        out.append(PublicYear(fiscal_year, documents, snapshot))
    return out


# Step 8 of the ten steps: results reported and published --------------------------------------------------


def readiness_figures(org, fiscal_year: int, today) -> dict:
    """For the ten-steps page (``TIDTAM_READINESS_FIGURES``): whether the year's annual M&E report is
    published for citizens and since when, with the regulation's dates of the annual report record
    (reported to the executive, announced to the public). Two queries."""
    published_at = (
        Publication.objects.for_org(org)
        .published()
        .filter(kind=Kind.ANNUAL, fiscal_year=fiscal_year)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    record = (
        AnnualReport.objects.for_org(org)
        .filter(fiscal_year=fiscal_year)
        .values("reported_to_executive", "announced_on")
        .first()
    ) or {}
    parts = [
        _("yes, since %(date)s") % {"date": format_date(published_at)} if published_at else _("not yet"),
    ]
    if record.get("reported_to_executive"):
        parts.append(
            _("reported to the executive on %(date)s") % {"date": format_date(record["reported_to_executive"])}
        )
    if record.get("announced_on"):
        parts.append(_("announced to the public on %(date)s") % {"date": format_date(record["announced_on"])})
    return {8: (_("annual report published for citizens"), " · ".join(parts))}


def pdf_response(publication: Publication, *, private: bool) -> FileResponse:
    """The PDF shown in the browser (its content was checked to be a PDF), never sniffed as anything else."""
    if not publication.file:
        raise Http404
    try:
        file = publication.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    name = publication.original_name or f"{publication.kind}-{publication.fiscal_year}.pdf"
    response = FileResponse(file, as_attachment=False, filename=name, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    # a withdrawn document must not live on in caches: every reader asks again
    response["Cache-Control"] = "private, no-cache" if private else "no-cache"
    return response
