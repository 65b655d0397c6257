"""Publishing for citizens: the PDF checks, the build job, publish / withdraw / delete with their rules and
permissions, the figures snapshot, and step 8 of the ten steps."""

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from conftest import make_period, make_report
from dashboard import publishing
from dashboard.models import Publication
from evaluation import rollup
from evaluation.readiness import figures as readiness_figures
from jobs.models import Job
from monitoring.models import ReportingPeriod
from orgs.access import access_for
from orgs.models import User
from reports.models import AnnualReport

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_upload(name="รายงานประจำปี.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png_bytes() -> bytes:
    image = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(image, "PNG")
    return image.getvalue()


def access(world, persona="planner"):
    return access_for(world.users[persona], world.org.slug)


def make_publication(world, *, kind="annual", year=2569, title="", upload=True, publish=False, persona="planner"):
    """A publication of บ้านแพน (with its PDF unless ``upload`` is False), published if asked."""
    user, rights = world.users[persona], access(world, persona)
    made = publishing.publication_create(
        org=world.org, kind=kind, fiscal_year=year, title=title, user=user, access=rights
    )
    if upload:
        made = publishing.attach_upload(publication=made, uploaded=pdf_upload(), user=user, access=rights)
    if publish:
        made = publishing.publication_publish(publication=made, user=user, access=rights)
    return made


def approve_q1(org, project, *, status="completed", disbursed="40000.00"):
    """An approved Q1 2569 report of the project."""
    quarter = ReportingPeriod.objects.filter(organization=org, fiscal_year=2569, kind="quarter", number=1)
    period = quarter.first() or make_period(org, 2569, 1)  # the first report of the organization makes it
    when = datetime(2026, 1, 10, 9, tzinfo=timezone.get_current_timezone())
    return make_report(
        project,
        period,
        status,
        percent_complete=Decimal(100),
        disbursed=Decimal(disbursed),
        submitted_at=when,
        approved_at=when,
    )


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _english(world):
    """Messages are read in English here (the Thai catalogue is checked by its own test)."""
    User.objects.update(language="en")
    with translation.override("en"):
        yield


# The PDF check ----------------------------------------------------------------------------------------------


def test_a_pdf_is_accepted_by_its_content_whatever_its_name(world):
    assert publishing.check_pdf(pdf_upload("scan")) == "scan"
    made = make_publication(world, upload=False)
    saved = publishing.attach_upload(
        publication=made, uploaded=pdf_upload("ประกาศ"), user=world.users["planner"], access=access(world)
    )
    assert saved.original_name == "ประกาศ.pdf"
    assert saved.size == len(PDF) and saved.source == Publication.Source.UPLOADED
    with saved.file.open("rb") as stored:
        assert stored.read() == PDF


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty"),
        (png_bytes(), "not a PDF"),
        (b"<html><script>alert(1)</script></html>", "not a PDF"),
        (PDF[:60], "not a complete PDF"),  # cut short in the upload: no end-of-file marker
    ],
)
def test_what_is_not_a_whole_pdf_is_refused_with_its_name(content, problem):
    with pytest.raises(publishing.PublicationError) as refused:
        publishing.check_pdf(pdf_upload("report.pdf", content))
    assert "report.pdf" in str(refused.value) and problem in str(refused.value)


def test_a_pdf_over_the_size_limit_is_refused(settings):
    settings.TIDTAM_PUBLICATION_MAX_MB = 1
    big = PDF[:-6] + b" " * (1024 * 1024) + b"%%EOF\n"
    with pytest.raises(publishing.PublicationError, match="limit of 1 MB"):
        publishing.check_pdf(pdf_upload("big.pdf", big))


# Creating through the pages ---------------------------------------------------------------------------------


def create_url(world):
    return reverse("dashboard:publication_create", args=[world.org.slug])


def test_a_planner_uploads_a_signed_pdf_and_nothing_is_public_until_published(world, client_for):
    client = client_for("planner")
    response = client.post(
        create_url(world),
        {"kind": "action_plan", "fiscal_year": 2569, "title": "", "source": "upload", "file": pdf_upload()},
    )
    made = Publication.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "dashboard:publication_detail", args=[world.org.slug, made.pk]
    )
    assert made.title == publishing.default_title("action_plan", 2569)
    assert made.file and not made.is_published and made.created_by == world.users["planner"]
    public = reverse("public:document", args=[world.org.slug, made.pk])
    assert client.get(public).status_code == 404
    page = client.get(reverse("dashboard:publication_detail", args=[world.org.slug, made.pk]))
    assert page.status_code == 200 and 'id="publication-actions"' in page.text


def test_an_upload_that_is_not_a_pdf_creates_nothing_and_says_why(world, client_for):
    response = client_for("auditor").post(
        create_url(world),
        {
            "kind": "annual",
            "fiscal_year": 2569,
            "source": "upload",
            "file": SimpleUploadedFile("รายงาน.pdf", png_bytes(), content_type="application/pdf"),
        },
    )
    assert response.status_code == 400
    assert "is not a PDF file" in response.text
    assert not Publication.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"kind": "annual", "fiscal_year": 2400, "source": "upload"},
        {"kind": "nonsense", "fiscal_year": "x", "source": "upload"},
        {"kind": "annual", "fiscal_year": 2569, "source": "upload"},  # no file
        {"kind": "other", "fiscal_year": 2569, "source": "build"},  # nothing can build "other"
    ],
)
def test_bad_input_is_a_form_error_not_a_crash(world, client_for, data):
    response = client_for("planner").post(create_url(world), data)
    assert response.status_code == 400
    assert not Publication.objects.exists()


def test_the_six_month_report_is_built_in_the_background_from_form_2_to_the_end_of_march(world, client_for):
    response = client_for("planner").post(
        create_url(world), {"kind": "six_month", "fiscal_year": 2569, "source": "build"}
    )
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.state == Job.State.DONE, job.error
    made = Publication.objects.get()
    assert made.source == Publication.Source.BUILT and not made.is_published
    with made.file.open("rb") as built:
        assert built.read(5) == b"%PDF-"
    assert made.original_name.endswith(".pdf") and made.size > 1000
    page = client_for("planner").get(job.get_absolute_url())
    assert reverse("dashboard:publication_detail", args=[world.org.slug, made.pk]) in page.text
    report_type, query = publishing.source_report("six_month")
    assert query == {"upto": "2"} and "upto" in report_type.fields


def test_the_builders_are_looked_up_when_asked(world):
    annual = publishing.source_report("annual")
    assert annual is None or annual[0].slug == "annual"
    assert publishing.source_report("other") is None
    assert publishing.can_build("six_month", access(world)) is True
    assert publishing.can_build("six_month", access(world, "executive")) is False


def test_a_build_job_stops_cleanly_when_the_publication_was_published_meanwhile(world):
    from jobs.runner import enqueue

    made = make_publication(world, kind="six_month", publish=True)
    job = enqueue(
        "dashboard.build_publication", org=world.org, user=world.users["planner"], params={"publication": made.pk}
    )
    assert job.state == Job.State.FAILED and "Withdraw" in job.error
    gone = enqueue("dashboard.build_publication", org=world.org, user=world.users["planner"], params={"publication": 0})
    assert gone.state == Job.State.FAILED


# Publish, withdraw, replace, delete -------------------------------------------------------------------------


def test_publishing_an_annual_report_takes_the_figures_of_the_approved_data(world, client_for):
    first = world.plan.projects[0]
    approve_q1(world.org, first, status="completed", disbursed="40000.00")
    made = make_publication(world, kind="annual")
    response = client_for("auditor").post(reverse("dashboard:publication_publish", args=[world.org.slug, made.pk]))
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.is_published and made.published_by == world.users["auditor"]
    total = rollup.year_figures(world.org, 2569).organization
    snapshot = publishing.read_snapshot(made)
    assert snapshot.total.planned == total.planned == 2
    assert snapshot.total.completed == total.completed == 1
    assert snapshot.total.budget == total.budget == Decimal("190001.00")
    assert snapshot.total.disbursed == total.disbursed == Decimal("40000.00")
    assert snapshot.total.rate == Decimal("21.05")  # 40,000 ÷ 190,001 × 100, to the cent
    assert snapshot.total.completed_share == Decimal("50.00")
    assert snapshot.total.kpi_total == 2 and sum(snapshot.total.kpi_counts.values()) == 2
    assert [(s.name, s.planned, s.completed) for s in snapshot.strategies] == [("โครงสร้างพื้นฐาน", 2, 1)]
    assert snapshot.upto is None and snapshot.fiscal_year == 2569
    assert [h.history_user for h in made.history.all()][:1] == [world.users["auditor"]]


def test_the_six_month_snapshot_stops_at_the_end_of_march(world):
    made = make_publication(world, kind="six_month")
    make_report(world.plan.projects[0], make_period(world.org, 2569, 3), "completed", disbursed=Decimal("5000.00"))
    made = publishing.publication_publish(publication=made, user=world.users["planner"], access=access(world))
    snapshot = publishing.read_snapshot(made)
    assert snapshot.upto == 2 and snapshot.total.disbursed == Decimal("0.00") and snapshot.total.completed == 0


def test_an_action_plan_and_a_year_without_an_action_plan_carry_no_figures(world):
    made = make_publication(world, kind="action_plan", publish=True)
    assert made.figures == {} and publishing.read_snapshot(made) is None
    older = make_publication(world, kind="annual", year=2565, publish=True)  # a report kept outside the system
    assert older.is_published and older.figures == {}


def test_withdrawing_hides_it_and_publishing_again_takes_new_figures(world, client_for):
    made = make_publication(world, publish=True)
    client = client_for("planner")
    client.post(reverse("dashboard:publication_unpublish", args=[world.org.slug, made.pk]))
    made.refresh_from_db()
    assert not made.is_published and made.unpublished_at is not None
    assert not Publication.objects.published().exists()
    approve_q1(world.org, world.plan.projects[0])
    client.post(reverse("dashboard:publication_publish", args=[world.org.slug, made.pk]))
    made.refresh_from_db()
    assert made.is_published and made.unpublished_at is None
    assert publishing.read_snapshot(made).total.completed == 1


def test_a_published_file_cannot_be_replaced_or_deleted_until_withdrawn(
    world, client_for, django_capture_on_commit_callbacks
):
    made = make_publication(world, publish=True)
    old_name = made.file.name
    client = client_for("planner")
    replace = reverse("dashboard:publication_replace", args=[world.org.slug, made.pk])
    response = client.post(replace, {"source": "upload", "file": pdf_upload("ใหม่.pdf")}, follow=True)
    assert "Withdraw the publication before replacing its file." in response.text
    client.post(reverse("dashboard:publication_delete", args=[world.org.slug, made.pk]))
    made.refresh_from_db()
    assert made.file.name == old_name
    publishing.publication_unpublish(publication=made, user=world.users["planner"], access=access(world))
    storage = made.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        client.post(replace, {"source": "upload", "file": pdf_upload("ใหม่.pdf")})
    made.refresh_from_db()
    assert made.original_name == "ใหม่.pdf" and made.file.name != old_name
    assert not storage.exists(old_name) and storage.exists(made.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dashboard:publication_delete", args=[world.org.slug, made.pk]))
    assert response.status_code == 302 and not Publication.objects.exists()
    assert not storage.exists(made.file.name)


def test_publishing_without_a_pdf_or_twice_is_refused(world):
    draft = make_publication(world, upload=False)
    with pytest.raises(publishing.PublicationError, match="Add the PDF"):
        publishing.publication_publish(publication=draft, user=world.users["planner"], access=access(world))
    done = make_publication(world, publish=True)
    with pytest.raises(publishing.PublicationError, match="already published"):
        publishing.publication_publish(publication=done, user=world.users["planner"], access=access(world))
    with pytest.raises(publishing.PublicationError, match="not published"):
        publishing.publication_unpublish(publication=draft, user=world.users["planner"], access=access(world))


@pytest.mark.parametrize("persona", ["executive", "reporter", "overseer"])
def test_roles_without_the_capability_are_refused_by_the_rules_and_the_pages(world, client_for, persona):
    made = make_publication(world)
    with pytest.raises(PermissionDenied):
        publishing.publication_publish(publication=made, user=world.users[persona], access=access(world, persona))
    client = client_for(persona)
    for name in ("publication_publish", "publication_unpublish", "publication_delete", "publication_replace"):
        assert client.post(reverse(f"dashboard:{name}", args=[world.org.slug, made.pk])).status_code == 403
    assert client.get(create_url(world)).status_code == 403
    detail = client.get(reverse("dashboard:publication_detail", args=[world.org.slug, made.pk]))
    assert detail.status_code == 200 and 'id="publication-actions"' not in detail.text


def test_another_organization_never_reaches_the_publications(world, client_for):
    made = make_publication(world)
    client = client_for("outsider")
    for name in ("publication_detail", "publication_file"):
        assert client.get(reverse(f"dashboard:{name}", args=[world.org.slug, made.pk])).status_code == 404
        assert client.get(reverse(f"dashboard:{name}", args=[world.other_org.slug, made.pk])).status_code == 404
    assert (
        client.post(reverse("dashboard:publication_publish", args=[world.other_org.slug, made.pk])).status_code == 404
    )
    assert world.org.name not in client.get(reverse("dashboard:publications", args=[world.other_org.slug])).text


def test_the_list_shows_each_state(world, client_for):
    make_publication(world, title="ฉบับร่าง")
    make_publication(world, title="ฉบับเผยแพร่", publish=True)
    page = client_for("executive").get(reverse("dashboard:publications", args=[world.org.slug]))
    assert page.status_code == 200
    assert "ฉบับร่าง" in page.text and "ฉบับเผยแพร่" in page.text
    assert "New publication" not in page.text  # the executive reads, does not publish


# Step 8 of the ten steps ------------------------------------------------------------------------------------


def test_step_8_tells_whether_the_annual_report_is_published_with_the_regulation_dates(world, client_for):
    today = date(2027, 1, 20)
    assert readiness_figures(world.org, 2569, today)[8][1] == "not yet"
    make_publication(world, kind="six_month", publish=True)  # not the annual report
    assert readiness_figures(world.org, 2569, today)[8][1] == "not yet"
    AnnualReport.objects.create(
        organization=world.org,
        fiscal_year=2569,
        reported_to_executive=date(2026, 12, 20),
        announced_on=date(2027, 1, 5),
    )
    made = make_publication(world, kind="annual", publish=True)
    _label, value = readiness_figures(world.org, 2569, today)[8]
    published = timezone.localdate(made.published_at)
    assert value == (
        f"yes, since {published.day} {published:%b} {published.year} · reported to the executive on 20 Dec 2026"
        " · announced to the public on 5 Jan 2027"
    )
    assert readiness_figures(world.org, 2570, today)[8][1] == "not yet"
    page = client_for("executive").get(reverse("evaluation:readiness", args=[world.org.slug, 2569]))
    assert page.status_code == 200 and "reported to the executive on 20" in page.text
