"""Bar charts as SVG, for the report pages and PDFs (WeasyPrint draws SVG; no script needed).

Horizontal bars, one row per label and one bar per series, the value written at the end of each bar.
Every text is escaped; the numbers come from Decimal.
"""

from decimal import Decimal

from django.utils.html import escape

from reports.document import PERCENT, Chart
from reports.render.values import format_value

WIDTH = 720
LABEL_WIDTH = 270
VALUE_WIDTH = 110
BAR = 18
GAP = 10
FONT = "SarabunLatin, SarabunThai, Sarabun, sans-serif"


def _maximum(chart: Chart) -> Decimal:
    if chart.maximum is not None:
        return Decimal(chart.maximum)
    values = [Decimal(v) for s in chart.series for v in s.values if v is not None]
    top = max(values, default=Decimal(0))
    if chart.kind == PERCENT:
        top = max(top, Decimal(100))
    return top if top > 0 else Decimal(1)


def _shorten(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(chart: Chart) -> str:
    top = _maximum(chart)
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    row = BAR * len(chart.series) + GAP
    legend = 22 * len(chart.series) if len(chart.series) > 1 else 0
    height = legend + row * len(chart.labels) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-label="{escape(chart.title)}" font-family="{FONT}" font-size="15">'
    ]
    for n, s in enumerate(chart.series if legend else ()):  # one line each: labels of any length fit
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{4 + 22 * n}" width="12" height="12" fill="{escape(s.color)}"/>')
        parts.append(f'<text x="{LABEL_WIDTH + 18}" y="{15 + 22 * n}">{escape(s.label)}</text>')
    for i, label in enumerate(chart.labels):
        y = legend + i * row
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + row / 2 + 2:.1f}" text-anchor="end">'
            f"<title>{escape(label)}</title>{escape(_shorten(label))}</text>"
        )
        for j, s in enumerate(chart.series):
            value = s.values[i]
            by = y + j * BAR
            length = 0 if value is None else float(min(Decimal(value), top) / top) * span
            length = max(length, 0)
            color = escape(s.color)
            text = escape(format_value(value, chart.kind))
            bar = f'x="{LABEL_WIDTH}" y="{by + 1}" width="{length:.1f}" height="{BAR - 2}"'
            parts.append(f'<rect {bar} fill="{color}"/>')
            parts.append(f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{by + BAR - 4}">{text}</text>')
    parts.append(f'<line x1="{LABEL_WIDTH}" y1="{legend}" x2="{LABEL_WIDTH}" y2="{height}" stroke="#6c757d"/>')
    parts.append("</svg>")
    return "".join(parts)
