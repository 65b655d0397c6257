"""A workbook of many rows written straight into a zip (openpyxl would take minutes to write 400,000 rows)."""

import io
import zipfile
from xml.sax.saxutils import escape

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    "</Relationships>"
)


def _cell(ref: str, value) -> str:
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def tall_workbook(sheet: str, header: list, rows: int, *, declared: str | None = "auto") -> bytes:
    """An .xlsx of one sheet: ``header``, then ``rows`` rows of one number (400,000 rows: about 3 MB).

    ``declared`` is the sheet's ``<dimension ref>``: "auto" for the true one, None for none, or any
    range (a file may lie about its size).
    """
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    width = max(len(header), 3)
    if declared == "auto":
        declared = f"A1:{letters[width - 1]}{rows + 1}"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK.format(name=escape(sheet, {'"': "&quot;"})))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            head += '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            if declared:
                head += f'<dimension ref="{declared}"/>'
            head += '<sheetData><row r="1">'
            head += "".join(_cell(f"{letters[c]}1", v) for c, v in enumerate(header)) + "</row>"
            part.write(head.encode())
            chunk = []
            for n in range(2, rows + 2):
                chunk.append(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>')
                if len(chunk) == 10000:
                    part.write("".join(chunk).encode())
                    chunk = []
            part.write(("".join(chunk) + "</sheetData></worksheet>").encode())
    return out.getvalue()
