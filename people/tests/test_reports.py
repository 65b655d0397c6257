"""The printed forms of the people app (the agreement and the evaluation of one person, as PDFs), the round's
summary per department (page, PDF, XLSX) and the dashboard's individual results beside the KPI results.

pdftotext drops ำ and a tone mark before it (docs/architecture.md): the strings looked for avoid them."""

import os
import subprocess
from datetime import datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from people.factories import make_agreement, make_person
from people.models import Agreement, Evaluation
from people.summary import round_summary
from people.tests.test_evaluation import signed  # noqa: F401  (ช่าง's signed agreement: two KPIs, two competencies)
from people.tests.test_linked import road  # noqa: F401


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    if folder := os.environ.get("TIDTAM_KEEP_PDFS"):  # to look at the pages: pdftoppm -r 50 -png
        name = response["Content-Disposition"].split('"')[1]
        (Path(folder) / name).write_bytes(response.content)
    result = subprocess.run(["pdftotext", "-raw", "-", "-"], input=response.content, capture_output=True, check=True)
    return result.stdout.decode()


def squeeze(text: str) -> str:
    return " ".join(text.split())


def form_url(world, name, agreement):
    return reverse(f"reports:{name}", args=[world.org.slug, agreement.pk])


def aware(*args):
    return datetime(*args, tzinfo=timezone.get_current_timezone())


# The agreement ------------------------------------------------------------------------------------------


def test_the_agreement_prints_the_person_round_kpis_levels_linked_plan_kpi_competencies_and_signatures(
    world,
    staff,
    signed,  # noqa: F811
    client_for,
):
    Agreement.objects.filter(pk=signed.pk).update(
        employee_signed_at=aware(2025, 10, 10, 10), supervisor_signed_at=aware(2025, 10, 12, 10)
    )
    text = squeeze(pdf_text(client_for("reporter").get(form_url(world, "agreement_pdf", signed))))
    for expected in ("แบบข้อตกลงการปฏิบัติราชการ", "ช่าง", "นายช่างโยธา", "กองช่าง", "หัวหน้ากองช่าง"):
        assert expected in text, expected
    assert "1 ต.ค. 2568 – 31 มี.ค. 2569" in text  # the round in พ.ศ.
    assert "ถนน" in text and "งานเอกสาร" in text
    assert "100 130 160 400 700" in text  # the linked KPI's five levels in order
    assert "10 20 30 40 50" in text
    assert world.plan.indicator.name in text  # the plan KPI it is linked to
    assert "1 การมุ่งผลสัมฤทธิ์" in text and "เป็นทีม" in text  # (pdftotext drops the ำ of การทำงาน)
    assert "ลงชื่อ" in text and "10 ตุลาคม 2568" in text and "12 ตุลาคม 2568" in text  # the dates each signed
    assert "18,760" not in text and "18760" not in text  # never a salary


def test_an_unsigned_agreement_prints_blank_signature_dates(world, staff, client_for):
    text = squeeze(pdf_text(client_for("auditor").get(form_url(world, "agreement_pdf", staff["agreement"]))))
    assert "ถนน" in text and "2568" in text  # the round's start in พ.ศ., no signed date
    assert "ตุลาคม 2569" not in text


def test_the_agreement_page_links_its_pdf(world, staff, client_for):
    page = client_for("reporter").get(reverse("people:agreement_detail", args=[world.org.slug, staff["agreement"].pk]))
    assert form_url(world, "agreement_pdf", staff["agreement"]) in page.content.decode()


# The evaluation -----------------------------------------------------------------------------------------


def test_a_draft_evaluation_prints_its_blank_form(world, staff, signed, client_for):  # noqa: F811
    page = client_for("reporter").get(reverse("people:evaluation_detail", args=[world.org.slug, signed.pk]))
    assert form_url(world, "evaluation_pdf", signed) in page.content.decode()
    text = squeeze(pdf_text(client_for("reporter").get(form_url(world, "evaluation_pdf", signed))))
    assert "ยังไม่ได้ประเมิน" in text
    assert "1 ถนน" in text and "เป็นทีม" in text
    assert "76.00" not in text and "36.00" not in text


def test_a_reviewed_and_acknowledged_evaluation_prints_every_score_and_the_employees_note(
    world,
    staff,
    signed,  # noqa: F811
    client_for,
):
    kpis = list(signed.kpis.order_by("order"))
    for kpi, level, actual in zip(kpis, (3, 5), (Decimal(160), Decimal(55)), strict=True):
        kpi.rated_level, kpi.rated_actual = level, actual
        kpi.save()
    for competency, level in zip(signed.competencies.order_by("order"), (3, 1), strict=True):
        competency.rated_level = level
        competency.save()
    Evaluation.objects.create(
        organization=world.org,
        agreement=signed,
        state=Evaluation.State.ACKNOWLEDGED,
        achievement_score=Decimal(76),
        competency_score=Decimal("83.3333"),
        total=Decimal("78.20"),
        adjusted_total=Decimal(82),
        adjustment_reason="ผลงานเด่นนอกข้อตกลง",
        band="very_good",
        evaluated_at=aware(2026, 4, 5, 9),
        reviewed_at=aware(2026, 4, 8, 9),
        acknowledged_at=aware(2026, 4, 9, 9),
        employee_agrees=False,
        employee_note="ขอทบทวนคะแนนงานเอกสาร",
    )
    text = squeeze(pdf_text(client_for("hr").get(form_url(world, "evaluation_pdf", signed))))
    # the road KPI: level 3 × 60 ÷ 5 = 36; the own KPI: 5 × 40 ÷ 5 = 40; together 76
    assert "160 3 60 36.00" in text and "55 5 40 40.00" in text
    assert "76.00" in text and "83.33" in text and "78.20" in text and "82.00" in text
    assert "3 3 3" in text and "2 1 2" in text  # competencies: expected, shown, points
    assert "ผลงานเด่นนอกข้อตกลง" in text and "ขอทบทวนคะแนน" in text
    assert "ดีมาก" in text
    assert "70%" in text and "30%" in text  # the weights of the round's rules
    for day in ("5 เมษายน 2569", "8 เมษายน 2569", "9 เมษายน 2569"):
        assert day in text, day
    assert "18,760" not in text


# Who gets the forms --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["agreement_pdf", "evaluation_pdf"])
def test_only_those_who_see_the_agreement_get_its_forms(world, staff, client_for, name):
    url = form_url(world, name, staff["agreement"])
    assert client_for("reporter").get(url).status_code == 200  # oneself
    assert client_for("auditor").get(url).status_code == 200  # the supervisor
    assert client_for("hr").get(url).status_code == 200
    assert client_for("planner").get(url).status_code == 404  # a colleague outside the line
    assert client_for("outsider").get(url).status_code == 404  # another organization
    theirs = reverse(f"reports:{name}", args=[world.other_org.slug, staff["agreement"].pk])
    assert client_for("outsider").get(theirs).status_code == 404
    other = make_agreement(staff["tech2"], staff["round"])  # a colleague's agreement
    assert client_for("reporter").get(form_url(world, name, other)).status_code == 404


# The round's summary per department ----------------------------------------------------------------------


def rated(world, person, round_, band, total, *, adjusted=None, state=Evaluation.State.REVIEWED, achievement=None):
    agreement = make_agreement(person, round_)
    return Evaluation.objects.create(
        organization=world.org,
        agreement=agreement,
        state=state,
        achievement_score=achievement if achievement is not None else Decimal(total),
        competency_score=Decimal(80),
        total=Decimal(total),
        adjusted_total=None if adjusted is None else Decimal(adjusted),
        band=band,
    )


@pytest.fixture
def bands(world, staff):
    """Round 1 of 2569: กองช่าง has ช่างสอง (outstanding 95), หัวหน้ากองช่าง (good 72 adjusted to 81: very
    good) and ช่าง (agreement not rated); กองคลัง has two fair (60, 65) and one needing improvement (50);
    ปลัด (no department) is very good (85)."""
    round_ = staff["round"]
    rated(world, staff["tech2"], round_, "outstanding", 95)
    rated(world, staff["head"], round_, "very_good", 72, adjusted=81)
    for n, (band, total) in enumerate((("fair", 60), ("fair", 65), ("needs_improvement", 50))):
        rated(world, make_person(world.org, f"เจ้าหน้าที่การเงิน {n}", department=world.finance), round_, band, total)
    rated(world, staff["chief"], round_, "very_good", 85, state=Evaluation.State.ACKNOWLEDGED)
    return round_


def test_the_summary_counts_each_band_per_department_with_the_organizations_row(world, bands):
    summary = round_summary(bands)
    rows = {row.department: row for row in summary.departments}
    assert list(rows) == ["กองคลัง", "กองช่าง", None]  # the departments in order (by name here), none last
    works, finance, none = rows["กองช่าง"], rows["กองคลัง"], rows[None]
    assert (works.people, works.evaluated, works.band_counts, works.average) == (3, 2, [1, 1, 0, 0, 0], 88)
    assert (finance.people, finance.evaluated, finance.band_counts) == (3, 3, [0, 0, 0, 2, 1])
    assert round(finance.average, 2) == Decimal("58.33")
    assert (none.people, none.evaluated, none.band_counts, none.average) == (1, 1, [0, 1, 0, 0, 0], 85)
    total = summary.total
    assert (total.people, total.evaluated, total.band_counts) == (7, 6, [1, 2, 0, 2, 1])
    assert total.average == Decimal(95 + 81 + 60 + 65 + 50 + 85) / 6


def test_the_results_page_shows_the_summary_and_its_downloads(world, bands, client_for):
    page = client_for("hr").get(reverse("people:round_results", args=[world.org.slug, bands.pk]))
    html = page.content.decode()
    assert 'id="department-summary"' in html and "88.00" in html and "58.33" in html
    for fmt in ("pdf", "xlsx"):
        assert reverse("reports:round_summary", args=[world.org.slug, bands.pk, fmt]) in html


def test_the_summary_downloads_as_xlsx_and_pdf(world, bands, client_for):
    client = client_for("executive")
    xlsx = client.get(reverse("reports:round_summary", args=[world.org.slug, bands.pk, "xlsx"]))
    assert xlsx.status_code == 200
    sheet = load_workbook(BytesIO(xlsx.content)).active
    rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    heads = next(row for row in rows if "ดีเด่น" in row)
    assert heads[-6:] == ["ดีเด่น", "ดีมาก", "ดี", "พอใช้", "ต้องปรับปรุง", "คะแนนรวมเฉลี่ย"]
    works = next(row for row in rows if row and row[0] == "กองช่าง")
    assert works[1:] == [3, 2, 1, 1, 0, 0, 0, 88]
    whole = next(row for row in rows if row and row[0] == "ทั้งองค์กร")
    assert whole[1:8] == [7, 6, 1, 2, 0, 2, 1]
    text = squeeze(pdf_text(client.get(reverse("reports:round_summary", args=[world.org.slug, bands.pk, "pdf"]))))
    assert "กองช่าง 3 2 1 1 0 0 0 88.00" in text
    assert "กองคลัง 3 3 0 0 0 2 1 58.33" in text
    assert "7 6 1 2 0 2 1 72.67" in text
    assert "ต้องปรับปรุง" in text
    for name in ("ช่างสอง", "หัวหน้ากองช่าง", "18,760"):  # no person's name, no salary
        assert name not in text


def test_the_summary_is_for_those_who_see_the_rounds_results(world, bands, client_for):
    for fmt in ("pdf", "xlsx"):
        url = reverse("reports:round_summary", args=[world.org.slug, bands.pk, fmt])
        assert client_for("reporter").get(url).status_code == 403
        assert client_for("auditor").get(url).status_code == 403  # a supervisor: their line only
        assert client_for("outsider").get(url).status_code == 404
        theirs = reverse("reports:round_summary", args=[world.other_org.slug, bands.pk, fmt])
        assert client_for("outsider").get(theirs).status_code == 404
    assert (
        client_for("hr").get(reverse("reports:round_summary", args=[world.org.slug, bands.pk, "doc"])).status_code
        == 404
    )


def test_the_summary_costs_the_same_queries_whatever_the_number_of_people(world, bands, client_for):
    client = client_for("hr")
    urls = [
        reverse("people:round_results", args=[world.org.slug, bands.pk]),
        reverse("reports:round_summary", args=[world.org.slug, bands.pk, "xlsx"]),
        reverse("dashboard:index", args=[world.org.slug]) + "?year=2569",
    ]

    def count():
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            found.append(len(captured))
        return found

    client.get(urls[0])  # the session's organization is kept on the first visit
    before = count()
    for n in range(20):
        department = world.works if n % 2 else world.finance
        person = make_person(world.org, f"พนักงาน {n}", department=department)
        rated(world, person, bands, ("good", "fair")[n % 2], 70 - n % 2 * 5)
    assert count() == before
    assert round_summary(bands).total.evaluated == 26


# The dashboard: individual results beside the KPI results -------------------------------------------------


def test_the_dashboard_shows_each_departments_individual_achievement_beside_its_kpis(world, bands, client_for):
    rated(world, make_person(world.org, "ผู้ช่วยช่าง", department=world.works), bands, "good", 70, achievement=60)
    url = reverse("dashboard:index", args=[world.org.slug]) + "?year=2569"
    page = client_for("executive").get(url)
    html = page.content.decode()
    assert 'id="people-vs-kpis"' in html
    table = page.context["people_vs_kpis"]
    rows = {row.department.name if row.department else None: row for row in table.rows}
    # กองช่าง: 95, 72 (the achievement score, not the adjusted total) and 60
    assert rows["กองช่าง"].evaluated == 3 and rows["กองช่าง"].individual == Decimal(95 + 72 + 60) / 3
    assert rows["กองคลัง"].evaluated == 3 and rows[None].evaluated == 1
    assert table.total.evaluated == 7 and table.upto == 2
    assert "18,760" not in html
    # a department reporter sees their own department only, and the organization's row of it
    mine = client_for("reporter").get(url).context["people_vs_kpis"]
    assert [row.department.name for row in mine.rows] == ["กองช่าง"]
    assert mine.total.evaluated == 3
    assert "เจ้าหน้าที่การเงิน" not in client_for("reporter").get(url).content.decode()


def test_the_dashboard_has_no_such_section_before_any_result_is_rated(world, staff, client_for):
    page = client_for("executive").get(reverse("dashboard:index", args=[world.org.slug]) + "?year=2569")
    assert page.status_code == 200 and page.context["people_vs_kpis"] is None
    assert 'id="people-vs-kpis"' not in page.content.decode()


def test_the_dashboards_department_filter_narrows_the_rows_and_the_organizations_row(world, bands, client_for):
    url = reverse("dashboard:index", args=[world.org.slug]) + f"?year=2569&department={world.finance.pk}"
    table = client_for("executive").get(url).context["people_vs_kpis"]
    assert [row.department.name for row in table.rows] == ["กองคลัง"]
    assert table.total.evaluated == 3 and table.total.individual == Decimal(60 + 65 + 50) / 3


def test_the_forms_of_a_person_without_department_position_supervisor_or_kpi_still_print(world, staff, client_for):
    bare = make_agreement(staff["chief"], staff["round"])  # ปลัด: no department, no position, no supervisor
    for name in ("agreement_pdf", "evaluation_pdf"):
        text = squeeze(pdf_text(client_for("hr").get(form_url(world, name, bare))))
        assert "ปลัด" in text and "ลงชื่อ" in text


def test_a_group_too_small_to_hide_a_person_shows_no_average_to_who_may_not_see_each_result(world, bands, client_for):
    url = reverse("dashboard:index", args=[world.org.slug]) + "?year=2569"
    # the planner sees every department but not each person's result: กองช่าง (two rated) and the people
    # without a department (one) show no average; กองคลัง (three) and the organization (six) do
    page = client_for("planner").get(url)
    table = page.context["people_vs_kpis"]
    rows = {row.department.name if row.department else None: row for row in table.rows}
    assert [name for name, row in rows.items() if row.hidden] == ["กองช่าง", None]
    assert rows["กองช่าง"].individual is None and rows[None].individual is None
    assert rows["กองคลัง"].individual == Decimal(60 + 65 + 50) / 3
    assert table.total.individual == Decimal(95 + 72 + 60 + 65 + 50 + 85) / 6
    assert 'id="people-hidden-note"' in page.content.decode()
    # กองช่าง's reporter: their department alone, whose two rated people stay hidden in the total too
    mine = client_for("reporter").get(url).context["people_vs_kpis"]
    assert [row.hidden for row in mine.rows] == [True] and mine.total.hidden and mine.total.individual is None
    # the executive may see each result: nothing hidden
    everything = client_for("executive").get(url)
    assert not everything.context["people_vs_kpis"].any_hidden
    assert 'id="people-hidden-note"' not in everything.content.decode()


def test_hidden_groups_hides_small_groups_and_one_more_when_the_total_would_give_a_lone_one_back():
    from people.summary import hidden_groups

    assert hidden_groups({"a": 5, "b": 3}, 3) == set()
    assert hidden_groups({"a": 5, "b": 4, "c": 1}, 3) == {"b", "c"}
    assert hidden_groups({"a": 2, "b": 1, "c": 5}, 3) == {"a", "b"}
    assert hidden_groups({"a": 5, "c": 1}, 3, total_shown=False) == {"c"}
    assert hidden_groups({"c": 1}, 3) == {"c"}
