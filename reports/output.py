"""A built report as a downloadable file."""

from reports.render.pdf import render_pdf
from reports.render.xlsx import XLSX, render_xlsx

FORMATS = ("xlsx", "pdf")


def render_file(report, fmt: str, *, thai_digits: bool = False) -> tuple[str, bytes, str]:
    if fmt == "xlsx":
        return f"{report.filename}.xlsx", render_xlsx(report), XLSX
    return f"{report.filename}.pdf", render_pdf(report, thai_digits=thai_digits), "application/pdf"
