"""Demo publications of อบต.บ้านแพน for FY2569: what its public results page (``/p/banphaen/``) shows.

* The six-month M&E report (October 2025 – March 2026), built by the system from the approved data in May
  2026, the day after the M&E committee approved its six-month evaluation (``demo/evaluation.py``), and
  published for citizens two days later, with the snapshot of its figures.
* The annual M&E report, built in November 2026 once the committee had approved the year's evaluations and
  left as a draft: the annual report's record and step 8 of the ten steps say it has not reached the
  executive and the council yet, so nothing of it is public.

Made with the app's own publishing rules as the auditor (``publication_create``, ``attach_built``,
``publication_publish`` with ``access_for``) and the report builders the background job
``dashboard.build_publication`` uses (``source_report``, ``read_params``, the builder, ``render_file``),
run here synchronously; the PDFs go to MEDIA_ROOT like the evidence photos. History, the creation dates
and the "printed on" date of the PDFs follow the story. Idempotent: a publication of the kind and year
that exists is left alone.
"""

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Max
from django.utils.translation import override

from dashboard.models import Publication
from dashboard.publishing import attach_built, build_pdf, publication_create, publication_publish
from demo import plan_data
from demo.monitoring import BANGKOK, YEAR
from monitoring.models import ProgressReport, ReportState
from orgs.access import access_for
from orgs.models import User

Kind = Publication.Kind


@dataclass(frozen=True)
class Document:
    kind: str
    title: str
    built: datetime  # created and built by the auditor; the PDF is printed on this day
    published: datetime | None = None  # None: a draft


DOCUMENTS = (
    Document(
        Kind.SIX_MONTH,
        f"รายงานผลการติดตามและประเมินผลแผนพัฒนาท้องถิ่น รอบ 6 เดือน (ตุลาคม {YEAR - 1} – มีนาคม {YEAR}) "
        f"ประจำปีงบประมาณ พ.ศ. {YEAR}",
        built=datetime(2026, 5, 20, 9, 30, tzinfo=BANGKOK),
        published=datetime(2026, 5, 22, 10, 0, tzinfo=BANGKOK),
    ),
    Document(
        Kind.ANNUAL,
        f"รายงานผลการติดตามและประเมินผลแผนพัฒนาท้องถิ่น ประจำปีงบประมาณ พ.ศ. {YEAR}",
        built=datetime(2026, 11, 19, 10, 0, tzinfo=BANGKOK),
    ),
)


@contextmanager
def dated(when: datetime, user):
    """Publication history written inside the block is dated ``when`` in the story and signed by ``user``."""
    mark = Publication.history.aggregate(last=Max("history_id"))["last"] or 0
    yield
    Publication.history.filter(history_id__gt=mark).update(history_date=when, history_user=user)


class PublicationSeeder:
    """Builds and publishes the documents of the year that the organization lacks, counting them."""

    def __init__(self, org):
        self.org = org
        self.created = Counter()
        self.updated = Counter()
        auditor = next(row[0] for row in plan_data.USERS if row[3] == org.slug and row[4] == "auditor")
        self.auditor = User.objects.get(username=auditor)
        self.skipped = ""

    def run(self):
        org = self.org
        reported = ProgressReport.objects.for_org(org).filter(period__fiscal_year=YEAR, state=ReportState.APPROVED)
        if not reported.exists():
            self.skipped = f"no approved progress report of FY{YEAR}"
            return self
        have = set(Publication.objects.for_org(org).filter(fiscal_year=YEAR).values_list("kind", flat=True))
        missing = [document for document in DOCUMENTS if document.kind not in have]
        if not missing:
            return self
        self.access = access_for(self.auditor, org.slug)
        with override(self.auditor.language or settings.LANGUAGE_CODE):  # as the background job does
            for document in missing:
                self.publication(document)
        return self

    def publication(self, document: Document) -> Publication:
        with dated(document.built, self.auditor):
            publication = publication_create(
                org=self.org,
                kind=document.kind,
                fiscal_year=YEAR,
                title=document.title,
                user=self.auditor,
                access=self.access,
            )
            name, content = build_pdf(publication, self.access, printed=document.built.date())
            publication = attach_built(publication=publication, name=name, content=content, user=self.auditor)
        Publication.objects.filter(pk=publication.pk).update(created_at=document.built)
        Publication.history.filter(id=publication.pk).update(created_at=document.built)
        self.created["Publication"] += 1
        if document.published:
            with dated(document.published, self.auditor):
                publication = publication_publish(
                    publication=publication, user=self.auditor, access=self.access, now=document.published
                )
        return publication

    def summary(self) -> str:
        if self.skipped:
            return f"skipped ({self.skipped})"
        publications = Publication.objects.for_org(self.org).filter(fiscal_year=YEAR)
        return (
            f"{publications.count()} publications of FY{YEAR} "
            f"({publications.published().count()} published, the rest drafts)"
        )


def seed_publications(org) -> PublicationSeeder:
    """The organization's demo publications of FY2569 (call inside a transaction, after the evaluations)."""
    return PublicationSeeder(org).run()
