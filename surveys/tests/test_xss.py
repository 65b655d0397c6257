"""What respondents and designers typed — open answers, option labels, question texts — stays text: escaped
on the results page, plain strings in the XLSX cells (never formulas), plain text in the PDF."""

import io
import subprocess
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from surveys.factories import QuestionSpec, SectionSpec, add_response, build_survey
from surveys.models import Question, Survey

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "\"><script>alert('x')</script>",
    "'><img src=x onerror=alert(2)>",
    "<iframe src=javascript:alert(3)>",
    '<a href="javascript:alert(4)">คลิก</a>',
    "<body onload=alert(5)>",
    "<input autofocus onfocus=alert(6)>",
    "<details open ontoggle=alert(7)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(8)>",
    "</textarea><script>alert(9)</script>",
    "</title><script>alert(10)</script>",
    "<style>body{display:none}</style>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    "<meta http-equiv=refresh content=0;url=//evil.example>",
    "<object data=javascript:alert(11)>",
    "<embed src=javascript:alert(12)>",
    "<video><source onerror=alert(13)>",
    "<marquee onstart=alert(14)>",
    "{{ request.user }}{% csrf_token %}",
    '=HYPERLINK("http://evil.example","คลิก")',
    "=1+2",
    "+SUM(A1:A9)",
    "-2+3",
    "@SUM(1,2)",
    "javascript:alert(15)",
    "<b onmouseover=alert(16)>ตัวหนา</b>",
    "&lt;script&gt;already escaped&lt;/script&gt;",
    "<scr<script>ipt>alert(17)</scr</script>ipt>",
]


@pytest.fixture
def hostile(world):
    """A survey whose question texts and option labels are the payloads, with the payloads as answers."""
    sections = [
        SectionSpec(
            "ส่วนที่ 1",
            [
                QuestionSpec(PAYLOADS[i], Question.Kind.CHOICE, [PAYLOADS[i + 1], "ปกติ"], profile=True)
                for i in range(0, 10, 2)
            ],
        ),
        SectionSpec(
            "ส่วนที่ 2",
            [
                QuestionSpec(PAYLOADS[i], Question.Kind.RATING_3, [(PAYLOADS[i + 1], 3), ("พอใจ", 2), ("ไม่พอใจ", 1)])
                for i in range(10, 20, 2)
            ],
        ),
        SectionSpec("ส่วนที่ 3", [QuestionSpec("ข้อเสนอแนะ", Question.Kind.TEXT, required=False)]),
    ]
    survey = build_survey(
        world.org, title="แบบสำรวจ <b>หนา</b>", form=Survey.Form.DLA_3_2, fiscal_year=2569, sections=sections
    )
    questions = list(survey.questions.order_by("number"))
    for n, payload in enumerate(PAYLOADS):
        choices = {q: q.options.order_by("number").first() for q in questions if q.kind != Question.Kind.TEXT}
        choices[questions[-1]] = payload
        add_response(survey, choices, answered_on=date(2025, 11, 1 + n % 28))
    return survey


def test_the_results_page_escapes_every_payload(client_for, world, hostile):
    text = client_for("planner").get(reverse("surveys:results", args=[world.org.slug, hostile.pk])).content.decode()
    for payload in PAYLOADS:
        if "<" in payload:
            assert payload not in text, payload
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script>alert" not in text and "<img src=x" not in text and "<svg onload" not in text


def test_the_xlsx_holds_every_payload_as_plain_text_never_a_formula(client_for, world, hostile):
    response = client_for("planner").get(
        reverse("reports:download", args=[world.org.slug, "survey-results", "xlsx"]), {"survey": hostile.pk}
    )
    book = load_workbook(io.BytesIO(response.content))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    values = {str(c.value).strip() for c in cells}
    for payload in PAYLOADS:
        assert any(payload in v for v in values), payload
    for c in cells:
        assert c.data_type != "f", c.value


def test_the_pdf_shows_the_payloads_as_text(client_for, world, hostile, tmp_path):
    response = client_for("planner").get(
        reverse("reports:download", args=[world.org.slug, "survey-results", "pdf"]), {"survey": hostile.pk}
    )
    path = tmp_path / "r.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    for payload in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "=1+2", "{{ request.user }}"):
        assert payload in flat, payload
