"""Evidence files: accepted by content only, photos cleaned, limits kept, nothing orphaned, served safely."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from conftest import make_report
from monitoring import evidence as ev
from monitoring.models import Evidence, ReportEvent, ReportState
from monitoring.periods import ensure_periods, policy_for

# --- files made in code ----------------------------------------------------------------------------


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")  # the browser's claim is ignored


def exif_with_gps(orientation=1):
    exif = Image.Exif()
    exif[0x010F] = "FakeCam"  # Make
    exif[0x010E] = "SECRET-MARKER"  # ImageDescription
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (13.0, 44.0, 12.5)
    gps[3] = "E"
    gps[4] = (100.0, 30.0, 1.0)
    return exif


def jpeg(size=(40, 20), orientation=1):
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, "JPEG", exif=exif_with_gps(orientation), comment=b"HIDDEN")
    return buf.getvalue()


def png(size=(40, 20), mode="RGBA", color=(0, 0, 255, 0)):
    buf = io.BytesIO()
    Image.new(mode, size, color).save(buf, "PNG", exif=exif_with_gps())
    return buf.getvalue()


def png_header(width, height):
    """A PNG that claims ``width``×``height`` pixels (a decompression bomb as far as the header goes)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n%%EOF\n"


def zipped(entries, *, first=None):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        if first:
            archive.writestr(zipfile.ZipInfo(first[0]), first[1], compress_type=zipfile.ZIP_STORED)
        for name, data in entries:
            archive.writestr(name, data)
    return buf.getvalue()


CONTENT_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def docx():
    return zipped([("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", "<w:document/>")])


def odt(mimetype="application/vnd.oasis.opendocument.text"):
    return zipped([("content.xml", "<office:document-content/>")], first=("mimetype", mimetype))


def ole2(*streams):
    """A minimal compound file (OLE2, version 3) whose root holds the named, empty streams."""
    sector = 512

    def entry(name, kind, left=0xFFFFFFFF, right=0xFFFFFFFF, child=0xFFFFFFFF):
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB3L", len(encoded), kind, 1, left, right, child)
            + b"\0" * 36  # clsid, state bits, times
            + struct.pack("<LQ", 0xFFFFFFFE, 0)  # start sector, size
        )

    entries = [entry("Root Entry", 5, child=1 if streams else 0xFFFFFFFF)]
    for n, name in enumerate(streams, start=1):  # a right-leaning sibling chain is a valid tree
        entries.append(entry(name, 2, right=n + 1 if n < len(streams) else 0xFFFFFFFF))
    directory = b"".join(entries)
    directory = directory.ljust(-(-len(directory) // sector) * sector, b"\0")
    directory_sectors = len(directory) // sector
    fat = struct.pack("<L", 0xFFFFFFFD) + b"".join(
        struct.pack("<L", n + 2 if n + 1 < directory_sectors else 0xFFFFFFFE) for n in range(directory_sectors)
    )
    fat = fat.ljust(sector, b"\xff")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<3L", 0, 1, 1)  # directory sectors (v3: 0), FAT sectors, first directory sector
        + struct.pack("<L", 0)
        + struct.pack("<L", 4096)
        + struct.pack("<2L", 0xFFFFFFFE, 0)  # mini FAT
        + struct.pack("<2L", 0xFFFFFFFE, 0)  # DIFAT
        + struct.pack("<L", 0)
        + b"\xff" * (108 * 4)
    )
    assert len(header) == sector
    return header + fat + directory


def files_in(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


# --- fixtures --------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def report(world, media):
    period = ensure_periods(world.org, 2569)[0]
    return make_report(world.plan.projects[0], period, state=ReportState.DRAFT)


def prepare(name, data, max_bytes=20 * ev.MB):
    return ev.prepare(upload(name, data), max_bytes=max_bytes)


def refused(name, data, **kwargs):
    with pytest.raises(ev.EvidenceError) as caught:
        prepare(name, data, **kwargs)
    return str(caught.value)


# --- what is accepted, by content only --------------------------------------------------------------


def test_text_renamed_to_jpg_is_refused():
    assert refused("ถนน.jpg", b"just some text\n") == "ถนน.jpg is not a photo, PDF or Office document."


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("report.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("map.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
        ("photo.jpg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("run.docx", b"#!/bin/sh\nrm -rf /\n"),
        ("setup.pdf", b"MZ\x90\x00" + b"\0" * 100),
        ("data.xlsx", zipped([("a.txt", "hello"), ("b/c.txt", "world")])),
        ("half.docx", zipped([("[Content_Types].xml", CONTENT_TYPES), ("other/x.xml", "<x/>")])),
        ("drawing.odt", odt("application/vnd.oasis.opendocument.graphics")),
        ("fake.odt", odt("text/html")),
        ("broken.docx", b"PK\x03\x04" + b"\0" * 40),
        ("installer.doc", ole2("SummaryInformation", "Property")),
    ],
)
def test_other_content_is_refused_whatever_its_name(name, data):
    assert refused(name, data) == f"{name} is not a photo, PDF or Office document."


def test_zip_with_too_many_entries_is_refused():
    entries = [("[Content_Types].xml", CONTENT_TYPES)] + [(f"word/{n}.xml", "") for n in range(ev.MAX_ZIP_ENTRIES)]
    assert "is not a photo, PDF or Office document" in refused("big.docx", zipped(entries))


@pytest.mark.parametrize(
    "data",
    [
        zipped([("[Content_Types].xml", CONTENT_TYPES), ("xl/workbook.xml", "<w/>"), ("xl/vbaProject.bin", "x")]),
        ole2("WordDocument", "1Table", "Macros"),
    ],
)
def test_documents_with_macros_are_refused(data):
    assert "contains macros" in refused("budget.xlsm", data)


@pytest.mark.parametrize(
    ("name", "data", "content_type", "extension"),
    [
        ("รายงาน.pdf", PDF, "application/pdf", ".pdf"),
        ("no-extension", PDF, "application/pdf", ".pdf"),
        ("สรุป.docx", docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
        (
            "งบ.xlsx",
            zipped([("[Content_Types].xml", CONTENT_TYPES), ("xl/workbook.xml", "<w/>")]),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".xlsx",
        ),
        (
            "slides.zip",
            zipped([("[Content_Types].xml", CONTENT_TYPES), ("ppt/presentation.xml", "<p/>")]),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ".pptx",
        ),
        ("บันทึก.odt", odt(), "application/vnd.oasis.opendocument.text", ".odt"),
        (
            "sheet.ods",
            odt("application/vnd.oasis.opendocument.spreadsheet"),
            "application/vnd.oasis.opendocument.spreadsheet",
            ".ods",
        ),
        ("old.doc", ole2("1Table", "WordDocument", "SummaryInformation"), "application/msword", ".doc"),
        ("old.xls", ole2("Workbook"), "application/vnd.ms-excel", ".xls"),
        ("old.bin", ole2("Current User", "PowerPoint Document"), "application/vnd.ms-powerpoint", ".ppt"),
    ],
)
def test_documents_are_accepted_as_they_are(name, data, content_type, extension):
    prepared = prepare(name, data)
    assert (prepared.content_type, prepared.extension) == (content_type, extension)
    assert prepared.thumbnail is None
    assert prepared.size == len(data)
    assert prepared.original_name == name
    prepared.content.seek(0)
    assert prepared.content.read() == data


def test_the_name_keeps_no_folder_and_at_most_255_characters():
    assert prepare("C:\\Users\\สมชาย\\Desktop\\รูป.pdf", PDF).original_name == "รูป.pdf"
    assert prepare("../../etc/x\r\n.pdf", PDF).original_name == "x.pdf"
    long = prepare("ก" * 300 + ".pdf", PDF).original_name
    assert len(long) == 255
    assert long.endswith(".pdf")


def test_empty_file_is_refused():
    assert refused("empty.pdf", b"") == "empty.pdf is empty."


# --- photos ------------------------------------------------------------------------------------------


def test_png_is_reencoded_as_jpeg_without_metadata():
    data = png() + b"<html><script>alert(1)</script></html>"  # a payload after the image
    prepared = prepare("photo.txt", data)
    assert (prepared.content_type, prepared.extension) == ("image/jpeg", ".jpg")
    stored = prepared.content.read()
    assert stored.startswith(b"\xff\xd8\xff")
    assert prepared.size == len(stored)
    for secret in (b"Exif", b"FakeCam", b"SECRET-MARKER", b"<script>"):
        assert secret not in stored
    with Image.open(io.BytesIO(stored)) as img:
        assert img.format == "JPEG"
        assert img.mode == "RGB"
        assert len(img.getexif()) == 0
        assert img.getpixel((5, 5)) >= (250, 250, 250)  # transparent pixels land on white


def test_jpeg_is_turned_upright_and_loses_exif_and_comments():
    prepared = prepare("IMG_0001.JPG", jpeg(size=(40, 20), orientation=6))
    stored = prepared.content.read()
    for secret in (b"Exif", b"FakeCam", b"SECRET-MARKER", b"HIDDEN"):
        assert secret not in stored
    with Image.open(io.BytesIO(stored)) as img:
        assert img.size == (20, 40)  # EXIF orientation 6: rotated a quarter turn


def test_thumbnail_fits_320():
    buf = io.BytesIO()
    Image.new("RGB", (1600, 900), "green").save(buf, "WEBP")
    prepared = prepare("wide.webp", buf.getvalue())
    with Image.open(prepared.thumbnail) as thumb:
        assert thumb.format == "JPEG"
        assert thumb.size == (320, 180)
    with Image.open(prepared.content) as img:
        assert img.size == (1600, 900)


def test_gif_and_16_bit_png_are_accepted():
    buf = io.BytesIO()
    Image.new("P", (10, 10), 3).save(buf, "GIF")
    assert prepare("a.gif", buf.getvalue()).content_type == "image/jpeg"
    buf = io.BytesIO()
    Image.new("I;16", (10, 10), 40000).save(buf, "PNG")
    with Image.open(prepare("grey.png", buf.getvalue()).content) as img:
        assert 140 < img.getpixel((1, 1))[0] < 170  # scaled to 8 bits, not clipped to white


@pytest.mark.parametrize("size", [(8000, 8000), (20000, 20000)])  # above the limit, above twice the limit
def test_decompression_bomb_is_refused(size):
    message = refused("bomb.png", png_header(*size))
    assert message == "bomb.png is too large an image; the limit is 50 megapixels."


def test_broken_image_is_refused():
    data = png()
    assert refused("cut.png", data[:60]) == "cut.png looks like an image but cannot be read."
    assert (
        refused("junk.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 200) == "junk.jpg looks like an image but cannot be read."
    )


def test_size_limit_is_checked_before_reading():
    class Unreadable(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("read")

    big = Unreadable("big.pdf", PDF + b"0" * (3 * ev.MB // 2 - len(PDF)))
    with pytest.raises(ev.EvidenceError) as caught:
        ev.prepare(big, max_bytes=ev.MB)
    assert str(caught.value) == "big.pdf is 1.5 MB; the limit is 1 MB."


# --- adding, removing, serving ------------------------------------------------------------------------


def test_add_photo_stores_jpeg_and_thumbnail(world, report, media):
    user = world.users["reporter"]
    evidence = ev.add_evidence(report=report, uploaded=upload("photo.txt", png()), user=user)
    evidence.refresh_from_db()
    assert evidence.organization == world.org
    assert evidence.uploaded_by == user
    assert (evidence.original_name, evidence.extension, evidence.content_type) == ("photo.txt", ".jpg", "image/jpeg")
    assert evidence.is_image
    assert evidence.file.name.startswith(f"evidence/{world.org.pk}/")
    assert evidence.file.name.endswith(".jpg")
    assert evidence.thumbnail.name.startswith(f"evidence/{world.org.pk}/thumbs/")
    stored = (media / evidence.file.name).read_bytes()
    assert evidence.size == len(stored)
    assert b"FakeCam" not in stored
    assert b"Exif" not in stored
    assert (media / evidence.thumbnail.name).is_file()
    event = ReportEvent.objects.get(report=report)
    assert (event.action, event.actor, event.note) == (ReportEvent.Action.EVIDENCE_ADDED, user, "photo.txt")


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("แบบฟอร์ม.docx", docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("รายงาน.pdf", PDF, "application/pdf"),
        ("บันทึก.odt", odt(), "application/vnd.oasis.opendocument.text"),
    ],
)
def test_add_document_stores_it_unchanged(world, report, media, name, data, content_type):
    evidence = ev.add_evidence(report=report, uploaded=upload(name, data), user=world.users["reporter"])
    assert evidence.content_type == content_type
    assert not evidence.thumbnail
    assert (media / evidence.file.name).read_bytes() == data
    assert evidence.file.name.endswith(evidence.extension)


def test_oversized_file_is_refused_and_nothing_written(world, report, media):
    policy = policy_for(world.org)
    policy.max_file_mb = 1
    policy.save()
    data = PDF + b"0" * (3 * ev.MB // 2 - len(PDF))
    with pytest.raises(ev.EvidenceError, match=r"^big\.pdf is 1\.5 MB; the limit is 1 MB\.$"):
        ev.add_evidence(report=report, uploaded=upload("big.pdf", data), user=world.users["reporter"])
    assert Evidence.objects.count() == 0
    assert files_in(media) == []
    assert not ReportEvent.objects.exists()


def test_count_limit(world, report, media):
    policy = policy_for(world.org)
    policy.max_files = 2
    policy.save()
    for n in range(2):
        ev.add_evidence(report=report, uploaded=upload(f"{n}.pdf", PDF), user=world.users["reporter"])
    before = files_in(media)
    with pytest.raises(ev.EvidenceError, match=r"^A report may have at most 2 evidence files\.$"):
        ev.add_evidence(report=report, uploaded=upload("3.pdf", PDF), user=world.users["reporter"])
    assert Evidence.objects.filter(report=report).count() == 2
    assert files_in(media) == before


def test_refused_content_writes_nothing(world, report, media):
    with pytest.raises(ev.EvidenceError):
        ev.add_evidence(report=report, uploaded=upload("x.pdf", b"<html></html>"), user=world.users["reporter"])
    assert Evidence.objects.count() == 0
    assert files_in(media) == []


def test_failure_after_writing_leaves_no_files(world, report, media, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ReportEvent.objects, "create", broken)
    with pytest.raises(RuntimeError):
        ev.add_evidence(report=report, uploaded=upload("photo.png", png()), user=world.users["reporter"])
    assert Evidence.objects.count() == 0
    assert files_in(media) == []


def test_remove_evidence_deletes_files_and_row(world, report, media, django_capture_on_commit_callbacks):
    user = world.users["reporter"]
    keep = ev.add_evidence(report=report, uploaded=upload("keep.pdf", PDF), user=user)
    gone = ev.add_evidence(report=report, uploaded=upload("gone.jpg", jpeg()), user=user)
    assert len(files_in(media)) == 3
    with django_capture_on_commit_callbacks(execute=True):
        ev.remove_evidence(evidence=gone, user=user)
    assert list(Evidence.objects.all()) == [keep]
    assert files_in(media) == [keep.file.name]
    event = ReportEvent.objects.filter(report=report).last()
    assert (event.action, event.actor, event.note) == (ReportEvent.Action.EVIDENCE_REMOVED, user, "gone.jpg")


def test_attachment_response_downloads_under_the_thai_name(world, report, media):
    evidence = ev.add_evidence(report=report, uploaded=upload("รายงานผล.pdf", PDF), user=world.users["reporter"])
    response = ev.attachment_response(evidence)
    assert (
        response["Content-Disposition"]
        == "attachment; filename*=utf-8''%E0%B8%A3%E0%B8%B2%E0%B8%A2%E0%B8%87%E0%B8%B2%E0%B8%99%E0%B8%9C%E0%B8%A5.pdf"
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == PDF
    response.close()


def test_download_name_carries_the_stored_extension(world, report, media):
    evidence = ev.add_evidence(report=report, uploaded=upload("page.html", PDF), user=world.users["reporter"])
    assert ev.download_name(evidence) == "page.pdf"
    photo = ev.add_evidence(report=report, uploaded=upload("รูป.JPEG", jpeg()), user=world.users["reporter"])
    assert ev.download_name(photo) == "รูป.JPEG"
    response = ev.attachment_response(photo, thumbnail=True)
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    response.close()


def test_sizes_in_messages_round_up():
    assert (ev._mb(ev.MB), ev._mb(20 * ev.MB + 1), ev._mb(3 * ev.MB // 2)) == ("1", "20.1", "1.5")
