"""Evidence files of a progress report: what is accepted, how it is cleaned, stored, removed and served.

The rules:

* The type is decided by the content, never by the file name: photos (JPEG, PNG, GIF, WebP), PDF, Office
  documents (Office Open XML, OpenDocument, legacy Word/Excel/PowerPoint). Everything else is refused.
* Photos are decoded and re-encoded as JPEG: EXIF orientation applied, metadata (GPS…) and any hidden
  payload dropped, with a thumbnail. Other files are stored byte for byte.
* The organization's policy limits the size of a file and the number of files per report.
* Downloads are always attachments under the original name with the stored extension, with ``nosniff``
  and a sandboxing CSP, so the browser never renders an uploaded file as a page.

The permission to add, remove or download is the view's job.
"""

import io
import math
import os
import re
import struct
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from monitoring.models import Evidence, ProgressReport, ReportEvent
from monitoring.periods import policy_for

MB = 1024 * 1024
HEAD_BYTES = 512  # enough for every signature below, and the whole OLE2 header
MAX_PIXELS = 50_000_000  # larger images are refused before they are decoded
MAX_ZIP_ENTRIES = 10_000
MAX_ZIP_DIRECTORY = MAX_ZIP_ENTRIES * 512  # bytes of central directory read before counting entries
THUMBNAIL_SIZE = (320, 320)
JPEG_QUALITY = 85
THUMBNAIL_QUALITY = 80
MAX_NAME = 255

# Pillow's own guard: warns above MAX_PIXELS, refuses above twice that, even while reading the header.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

IMAGE = "image"
DOCUMENT = "document"

# content type → Pillow format allowed to decode it
_IMAGE_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WEBP"}

_OOXML = {  # top folder in the zip → (content type, extension)
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
}
_ODF = {
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
}
_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE2 = {  # a stream at the root of the compound file → (content type, extension)
    "WordDocument": ("application/msword", ".doc"),
    "Workbook": ("application/vnd.ms-excel", ".xls"),
    "Book": ("application/vnd.ms-excel", ".xls"),  # Excel 5/95
    "PowerPoint Document": ("application/vnd.ms-powerpoint", ".ppt"),
}
_OLE2_MACROS = {"Macros", "_VBA_PROJECT_CUR", "_VBA_PROJECT"}

# Extensions that mean the same type as the stored one: the download keeps the user's spelling.
_SAME_EXTENSION = {".jpg": {".jpg", ".jpeg", ".jpe"}}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class EvidenceError(Exception):
    """A file that is not accepted; ``str(error)`` is the message for the user."""


@dataclass
class Prepared:
    """An upload that passed every check, ready to store."""

    content: File  # a ContentFile of the re-encoded photo, or the upload itself
    thumbnail: ContentFile | None
    content_type: str
    extension: str
    original_name: str
    size: int


def clean_name(name: str | None) -> str:
    """The user's file name without any folder or control characters, at most 255 characters."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = _CONTROL.sub("", name.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    if len(name) > MAX_NAME:
        stem, ext = os.path.splitext(name)
        ext = ext if len(ext) <= 16 else ""
        name = stem[: MAX_NAME - len(ext)] + ext
    return name


def _not_accepted(name: str) -> EvidenceError:
    return EvidenceError(_("%(name)s is not a photo, PDF or Office document.") % {"name": name})


def _macros(name: str) -> EvidenceError:
    return EvidenceError(
        _("%(name)s contains macros. Save it as a document without macros and upload it again.") % {"name": name}
    )


def _mb(size: int) -> str:
    """Megabytes with one decimal, rounded up (so a file just over a 20 MB limit never shows as "20")."""
    return f"{math.ceil(size * 10 / MB) / 10:.1f}".removesuffix(".0")


def sniff(head: bytes, file: IO[bytes]) -> tuple[str, str, str]:
    """What the content is: ``(kind, content_type, extension)``, kind being "image" or "document".

    Decided by the bytes only. Zips are judged by their central directory (and the tiny "mimetype"
    entry of OpenDocument), never by extracting them; legacy Office files by their root streams.
    Anything else, macro-enabled documents included, raises ``EvidenceError``.
    """
    name = clean_name(getattr(file, "name", ""))
    if head.startswith(b"\xff\xd8\xff"):
        return IMAGE, "image/jpeg", ".jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return IMAGE, "image/png", ".png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return IMAGE, "image/gif", ".gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return IMAGE, "image/webp", ".webp"
    if head.startswith(b"%PDF-"):
        return DOCUMENT, "application/pdf", ".pdf"
    if head.startswith(b"PK\x03\x04"):
        return (DOCUMENT, *_sniff_zip(file, name))
    if head.startswith(_OLE2_SIGNATURE):
        return (DOCUMENT, *_sniff_ole2(file, name))
    raise _not_accepted(name)


def _sniff_zip(file: IO[bytes], name: str) -> tuple[str, str]:
    """An Office Open XML or OpenDocument file, told by the names in its central directory."""
    if not _zip_directory_is_small(file):
        raise _not_accepted(name)
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise _not_accepted(name)
            names = {e.filename for e in entries}
            if "[Content_Types].xml" in names:
                kinds = {folder for folder in _OOXML if any(n.startswith(folder) for n in names)}
                if len(kinds) != 1:
                    raise _not_accepted(name)
                if any(n.lower().endswith("vbaproject.bin") for n in names):
                    raise _macros(name)
                return _OOXML[kinds.pop()]
            first = entries[0] if entries else None
            if first is not None and first.filename == "mimetype" and first.file_size <= 100:
                with archive.open(first) as entry:
                    mimetype = entry.read(101).decode("ascii", "replace").strip()
                if mimetype in _ODF:
                    return mimetype, _ODF[mimetype]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, ValueError) as error:
        raise _not_accepted(name) from error
    raise _not_accepted(name)


def _zip_directory_is_small(file: IO[bytes]) -> bool:
    """Whether the zip's end record announces at most MAX_ZIP_ENTRIES entries in a small central directory.

    Checked before ``zipfile`` reads the directory, which it would load whole into memory.
    """
    file.seek(0, os.SEEK_END)
    size = file.tell()
    tail_size = min(size, 22 + 65535)
    file.seek(size - tail_size)
    tail = file.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return False
    _sig, _disk, _cd_disk, _here, total, cd_size, _cd_offset, _comment = struct.unpack("<4s4H2LH", tail[at : at + 22])
    # 0xFFFF / 0xFFFFFFFF mean a zip64 directory: far beyond any Office document we accept.
    return total <= MAX_ZIP_ENTRIES and cd_size <= MAX_ZIP_DIRECTORY


def _sniff_ole2(file: IO[bytes], name: str) -> tuple[str, str]:
    """A legacy Word, Excel or PowerPoint file, told by the streams at the root of the compound file."""
    try:
        root_names = _ole2_root_names(file)
    except (ValueError, struct.error, OSError) as error:
        raise _not_accepted(name) from error
    for stream, found in _OLE2.items():
        if stream in root_names:
            if root_names & _OLE2_MACROS:
                raise _macros(name)
            return found
    raise _not_accepted(name)  # another compound file: an installer, an Outlook message, …


_FREE, _END = 0xFFFFFFFF, 0xFFFFFFFE
_MAX_SECTORS = 100_000  # longest chain followed (the directory, the extra FAT index)


def _ole2_root_names(file: IO[bytes]) -> set[str]:
    """The names of the entries directly inside the root storage of an OLE2 compound file.

    Reads the header, the FAT sectors it needs and the directory chain; every count is bounded.
    """
    file.seek(0, os.SEEK_END)
    file_size = file.tell()
    file.seek(0)
    header = file.read(512)
    if len(header) < 512 or not header.startswith(_OLE2_SIGNATURE) or header[28:30] != b"\xfe\xff":
        raise ValueError("not a compound file")
    shift = struct.unpack_from("<H", header, 30)[0]
    if shift not in (9, 12):
        raise ValueError("bad sector size")
    sector_size = 1 << shift
    per_sector = sector_size // 4
    first_dir, _transaction, _cutoff, _minifat, _minifat_count, difat_next, difat_count = struct.unpack_from(
        "<7L", header, 48
    )
    fat_sectors = list(struct.unpack_from("<109L", header, 76))
    for _step in range(min(difat_count, _MAX_SECTORS)):  # the FAT index continues in DIFAT sectors
        if difat_next in (_FREE, _END):
            break
        index = struct.unpack(f"<{per_sector}L", _ole2_sector(file, difat_next, sector_size, file_size))
        fat_sectors.extend(index[:-1])
        difat_next = index[-1]
    fat_cache: dict[int, tuple[int, ...]] = {}

    def next_sector(sector: int) -> int:
        fat_index, offset = divmod(sector, per_sector)
        if fat_index >= len(fat_sectors) or fat_sectors[fat_index] in (_FREE, _END):
            raise ValueError("sector outside the FAT")
        if fat_index not in fat_cache:
            data = _ole2_sector(file, fat_sectors[fat_index], sector_size, file_size)
            fat_cache[fat_index] = struct.unpack(f"<{per_sector}L", data)
        return fat_cache[fat_index][offset]

    directory = bytearray()
    sector, seen = first_dir, set()
    while sector != _END:
        if sector in seen or len(seen) >= _MAX_SECTORS:
            raise ValueError("directory chain loops")
        seen.add(sector)
        directory += _ole2_sector(file, sector, sector_size, file_size)
        sector = next_sector(sector)

    def entry(sid: int) -> tuple[str, int, int, int]:
        raw = directory[sid * 128 : sid * 128 + 128]
        if len(raw) < 128:
            raise ValueError("entry outside the directory")
        length = min(struct.unpack_from("<H", raw, 64)[0], 64)
        left, right, child = struct.unpack_from("<3L", raw, 68)
        return raw[: max(length - 2, 0)].decode("utf-16-le", "replace"), left, right, child

    _root, _left, _right, child = entry(0)
    names, stack, visited = set(), [child], set()
    while stack:  # the root's children form a tree linked by left/right siblings
        sid = stack.pop()
        if sid == _FREE or sid in visited:
            continue
        visited.add(sid)
        entry_name, left, right, _child = entry(sid)
        names.add(entry_name)
        stack += [left, right]
    return names


def _ole2_sector(file: IO[bytes], sector: int, sector_size: int, file_size: int) -> bytes:
    start = (sector + 1) * sector_size
    if start + sector_size > file_size:
        raise ValueError("sector beyond the end of the file")
    file.seek(start)
    return file.read(sector_size)


def prepare(uploaded: UploadedFile, *, max_bytes: int) -> Prepared:
    """Check an upload and make what is stored: refuses empty, too large and unknown files.

    Photos are decoded (at most MAX_PIXELS), turned upright, flattened onto white and re-encoded as JPEG
    with a thumbnail, which drops metadata and anything hidden in the file; other files are kept as
    they are. The size limit is checked before the content is read.
    """
    name = clean_name(uploaded.name) or "evidence"
    if not uploaded.size:
        raise EvidenceError(_("%(name)s is empty.") % {"name": name})
    if uploaded.size > max_bytes:
        raise EvidenceError(
            _("%(name)s is %(size)s MB; the limit is %(limit)s MB.")
            % {"name": name, "size": _mb(uploaded.size), "limit": _mb(max_bytes)}
        )
    uploaded.seek(0)
    head = uploaded.read(HEAD_BYTES)
    if not head:
        raise EvidenceError(_("%(name)s is empty.") % {"name": name})
    kind, content_type, extension = sniff(head, uploaded)
    if kind != IMAGE:
        uploaded.seek(0)
        return Prepared(
            content=uploaded,
            thumbnail=None,
            content_type=content_type,
            extension=extension,
            original_name=name,
            size=uploaded.size,
        )
    photo, thumbnail = _reencode(uploaded, _IMAGE_FORMATS[content_type], name)
    return Prepared(
        content=ContentFile(photo),
        thumbnail=ContentFile(thumbnail),
        content_type="image/jpeg",
        extension=".jpg",
        original_name=name,
        size=len(photo),
    )


_UNREADABLE = (
    OSError,
    ValueError,
    SyntaxError,
    EOFError,
    struct.error,
    IndexError,
    KeyError,
    TypeError,
    ZeroDivisionError,
)


def _reencode(file: IO[bytes], image_format: str, name: str) -> tuple[bytes, bytes]:
    """The photo as a clean JPEG and its thumbnail."""
    try:
        file.seek(0)
        with Image.open(file, formats=[image_format]) as img:
            _refuse_too_many_pixels(img, name)
            img.verify()
        file.seek(0)
        with Image.open(file, formats=[image_format]) as img:
            _refuse_too_many_pixels(img, name)
            img.seek(0)  # the first frame of an animation
            upright = ImageOps.exif_transpose(img)
            rgb = _flatten(upright)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels(name) from error
    except _UNREADABLE as error:
        raise EvidenceError(_("%(name)s looks like an image but cannot be read.") % {"name": name}) from error
    rgb.info = {}  # no EXIF, XMP, ICC or comments carried over
    photo = io.BytesIO()
    rgb.save(photo, "JPEG", quality=JPEG_QUALITY, optimize=True)
    rgb.thumbnail(THUMBNAIL_SIZE, Image.Resampling.LANCZOS)
    thumbnail = io.BytesIO()
    rgb.save(thumbnail, "JPEG", quality=THUMBNAIL_QUALITY)
    return photo.getvalue(), thumbnail.getvalue()


def _too_many_pixels(name: str) -> EvidenceError:
    return EvidenceError(
        _("%(name)s is too large an image; the limit is %(limit)s megapixels.")
        % {"name": name, "limit": MAX_PIXELS // 1_000_000}
    )


def _refuse_too_many_pixels(img: Image.Image, name: str) -> None:
    width, height = img.size
    if width <= 0 or height <= 0:
        raise ValueError("no pixels")
    if width * height > MAX_PIXELS:
        raise _too_many_pixels(name)


def _flatten(img: Image.Image) -> Image.Image:
    """RGB, with any transparency laid onto white."""
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        white = Image.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    if img.mode.startswith("I"):  # 16-bit greyscale: scale to 8 bits rather than clip to white
        img = img.convert("I").point(lambda v: v / 256).convert("L")
    return img.convert("RGB")


@transaction.atomic
def add_evidence(*, report: ProgressReport, uploaded: UploadedFile, user) -> Evidence:
    """Attach an uploaded file to the report, within the organization's limits of size and count.

    The file (and a photo's thumbnail) is written only after every check passed, and deleted again if
    saving the row fails. Records "added evidence" in the report's timeline.
    """
    org = report.organization
    policy = policy_for(org)
    ProgressReport.objects.select_for_update().only("pk").get(pk=report.pk)  # one upload at a time per report
    if Evidence.objects.for_org(org).filter(report=report).count() >= policy.max_files:
        raise EvidenceError(_("A report may have at most %(limit)s evidence files.") % {"limit": policy.max_files})
    prepared = prepare(uploaded, max_bytes=policy.max_file_mb * MB)

    def record_event():
        ReportEvent.objects.create(
            organization=org,
            report=report,
            action=ReportEvent.Action.EVIDENCE_ADDED,
            actor=user,
            note=prepared.original_name,
        )

    return store(Evidence(organization=org, report=report), prepared, user=user, also=record_event)


def store(record, prepared: Prepared, *, user, also=None):
    """Write a checked upload into a new ``StoredFile`` row (its file and a photo's thumbnail), then run
    ``also`` in the same step; if anything fails, the written files are deleted again (no orphans)."""
    record.original_name = prepared.original_name
    record.content_type = prepared.content_type
    record.extension = prepared.extension
    record.size = prepared.size
    record.uploaded_by = user
    try:
        record.file.save(f"evidence{prepared.extension}", prepared.content, save=False)
        if prepared.thumbnail is not None:
            record.thumbnail.save("thumbnail.jpg", prepared.thumbnail, save=False)
        record.save()
        if also is not None:
            also()
    except BaseException:
        _delete_files(record)
        raise
    return record


@transaction.atomic
def remove_evidence(*, evidence: Evidence, user) -> None:
    """Delete an evidence file and its row; records "removed evidence" in the report's timeline.

    The files go once the transaction commits, so a rollback keeps the row and its files together.
    """
    ReportEvent.objects.create(
        organization_id=evidence.organization_id,
        report_id=evidence.report_id,
        action=ReportEvent.Action.EVIDENCE_REMOVED,
        actor=user,
        note=evidence.original_name,
    )
    files = [(f.storage, f.name) for f in (evidence.file, evidence.thumbnail) if f]
    evidence.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


def _delete_files(evidence: Evidence) -> None:
    for field_file in (evidence.file, evidence.thumbnail):
        if field_file:
            field_file.storage.delete(field_file.name)


def download_name(evidence: Evidence) -> str:
    """The original name, its extension replaced by the stored one when they differ (photo.png → photo.jpg).

    A file is never offered under an extension that would make the computer open it as something else.
    """
    stem, ext = os.path.splitext(evidence.original_name)
    if ext.lower() in _SAME_EXTENSION.get(evidence.extension, {evidence.extension}):
        return evidence.original_name
    return f"{stem or 'evidence'}{evidence.extension}"


def open_for_download(evidence: Evidence, *, thumbnail: bool = False) -> tuple[IO[bytes], str, str]:
    """``(open file, download name, content type)`` of the evidence file or its thumbnail."""
    field_file = evidence.thumbnail if thumbnail else evidence.file
    if not field_file:
        raise Http404
    stem = os.path.splitext(download_name(evidence))[0]
    filename = f"{stem}.jpg" if thumbnail else download_name(evidence)
    content_type = "image/jpeg" if thumbnail else evidence.content_type
    try:
        return field_file.open("rb"), filename, content_type
    except FileNotFoundError as error:
        raise Http404 from error


def attachment_response(evidence: Evidence, *, thumbnail: bool = False) -> FileResponse:
    """Serve the file as a download (a thumbnail inline), never rendered or sniffed by the browser."""
    file, filename, content_type = open_for_download(evidence, thumbnail=thumbnail)
    response = FileResponse(file, as_attachment=not thumbnail, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private"
    return response
