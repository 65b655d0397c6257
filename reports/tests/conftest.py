"""A year of reporting for the IPTT, project card and department report tests (fixtures prefixed rpt_).

FY2569 of the root conftest's บ้านแพน: its two projects (one of กองช่าง, one of กองคลัง) and a third of
กองช่าง in a second strategy; KPIs of three kinds; organization and strategy KPIs; approved, submitted and
draft reports and results, so every test can tell what counts (approved) from what must not."""

import io
import subprocess
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from PIL import Image

from conftest import make_plan, make_report
from monitoring.evidence import add_evidence
from monitoring.models import IndicatorResult, ProgressReport, ProjectStatus, ReportState
from monitoring.periods import ensure_periods
from orgs.models import Department, Organization
from plans.models import ActionPlanItem, Goal, Indicator, Program, Project, Strategy, Target

YEAR = 2569
APPROVED, SUBMITTED, DRAFT = ReportState.APPROVED, ReportState.SUBMITTED, ReportState.DRAFT
HYPERLINK = '=HYPERLINK("http://x","y")'


def result(kpi, period, *, state=APPROVED, report=None, **fields):
    return IndicatorResult.objects.create(
        organization=kpi.organization, indicator=kpi, period=period, state=state, report=report, **fields
    )


def targets(kpi, **by_period):
    """targets(kpi, q0=200, q1=50, ...): q0 is the annual target."""
    for key, value in by_period.items():
        Target.objects.create(
            organization=kpi.organization, indicator=kpi, fiscal_year=YEAR, period=int(key[1:]), value=Decimal(value)
        )


def photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buffer, "JPEG")
    return SimpleUploadedFile("ภาพถนน.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def rpt_year(world, settings, tmp_path):
    """The year (see the module docstring). Returns the objects the tests look at."""
    settings.MEDIA_ROOT = tmp_path / "media"
    org, plan = world.org, world.plan
    q = {p.number: p for p in ensure_periods(org, YEAR)}
    one, two = plan.projects  # one: กองช่าง, two: กองคลัง
    strategy2 = Strategy.objects.create(organization=org, plan=plan.plan, number=2, name="พัฒนาคุณภาพชีวิต")
    goal2 = Goal.objects.create(organization=org, strategy=strategy2, number="2.1", name="สุขภาพดี")
    program2 = Program.objects.create(organization=org, goal=goal2, name="แผนงานสาธารณสุข")
    three = Project.objects.create(
        organization=org,
        program=program2,
        code="B-003",
        name="โครงการรณรงค์ป้องกันไข้เลือดออก",
        department=world.works,
        location="หมู่ที่ 3",
        objectives="ลดการระบาดของไข้เลือดออก",
    )
    ActionPlanItem.objects.create(organization=org, action_plan=plan.action_plan, project=three, budget=Decimal(30000))

    # KPIs. road (sum, quarter targets); share (ratio %); done (yes/no); own KPIs of the strategy and org.
    road = one.indicators.get()
    Indicator.objects.filter(pk=road.pk).update(code="R-1", baseline_value=Decimal(40))
    road.refresh_from_db()
    targets(road, q1=50, q2=50, q3=50, q4=50)  # the annual 200 comes from conftest
    share_kpi = two.indicators.get()
    Indicator.objects.filter(pk=share_kpi.pk).update(
        code="S-1", name="ร้อยละครัวเรือนที่พึงพอใจ", measure_type="percentage", aggregation="ratio", unit="ร้อยละ"
    )
    share_kpi.refresh_from_db()
    Target.objects.filter(indicator=share_kpi).update(value=Decimal(80))
    done = Indicator.objects.create(
        organization=org, project=three, code="D-1", name="จัดกิจกรรมรณรงค์แล้ว", measure_type="yes_no"
    )
    targets(done, q0=1)
    strategy_kpi = Indicator.objects.create(
        organization=org,
        strategy=strategy2,
        code="ST-1",
        name="อัตราป่วยด้วยไข้เลือดออก",
        direction="lower",
        aggregation="latest",
        department=world.finance,
    )
    targets(strategy_kpi, q0=20)
    org_kpi = plan.org_indicator  # ratio %, no responsible department
    Indicator.objects.filter(pk=org_kpi.pk).update(code="O-1")
    org_kpi.refresh_from_db()
    targets(org_kpi, q0=90)

    # Reports: one approved in Q1 and Q2, a draft in Q3; two submitted in Q1, approved in Q2; three none.
    one_q1 = make_report(
        one,
        q[1],
        ProjectStatus.IN_PROGRESS,
        percent_complete=Decimal(30),
        disbursed=Decimal("10000.25"),
        problems=HYPERLINK,
        solutions="เร่งรัดผู้รับจ้าง",
    )
    one_q2 = make_report(
        one,
        q[2],
        ProjectStatus.COMPLETED,
        percent_complete=Decimal(100),
        disbursed=Decimal("50000.00"),
        problems="ฝนตกหนักในเดือนกุมภาพันธ์",
    )
    one_q3 = make_report(one, q[3], state=DRAFT, disbursed=Decimal(99999), problems="ร่างที่ยังไม่อนุมัติ")
    two_q1 = make_report(two, q[1], ProjectStatus.COMPLETED, state=SUBMITTED, disbursed=Decimal(5000))
    two_q2 = make_report(two, q[2], ProjectStatus.DELAYED, percent_complete=Decimal(20), disbursed=Decimal("7000.50"))

    # Results: road 60 + 70 = 130 to date (the Q3 draft must not count); share 45/50 then 36/50 → 81 %.
    result(road, q[1], value=Decimal(60), report=one_q1)
    result(road, q[2], value=Decimal(70), report=one_q2)
    result(road, q[3], value=Decimal(999), state=DRAFT, report=one_q3)
    result(share_kpi, q[1], numerator=Decimal(40), denominator=Decimal(50), state=SUBMITTED, report=two_q1)
    result(share_kpi, q[2], numerator=Decimal(81), denominator=Decimal(100), report=two_q2)
    result(org_kpi, q[1], numerator=Decimal(8), denominator=Decimal(10))
    result(org_kpi, q[2], numerator=Decimal(10), denominator=Decimal(10), state=DRAFT)
    result(strategy_kpi, q[1], value=Decimal(30))
    result(strategy_kpi, q[2], value=Decimal(18))

    # Photos: one on an approved report, one on the draft (never shown).
    planner = world.users["planner"]
    shown = add_evidence(report=one_q1, uploaded=photo(), user=planner)
    hidden = add_evidence(report=one_q3, uploaded=photo(), user=planner)
    return SimpleNamespace(
        q=q,
        one=one,
        two=two,
        three=three,
        strategy=plan.strategy,
        strategy2=strategy2,
        road=road,
        share=share_kpi,
        done=done,
        strategy_kpi=strategy_kpi,
        org_kpi=org_kpi,
        photo=shown,
        hidden_photo=hidden,
    )


def rpt_grown(n: int) -> Organization:
    """A fresh organization with ``n`` projects in three departments, each with an approved Q1 and Q2
    report (with a problem) and KPI result; its slug is ``rpt-<n>``."""
    org = Organization.objects.create(name=f"อบต.ทดสอบ {n}", slug=f"rpt-{n}", province="ลพบุรี", district="เมือง")
    departments = [Department.objects.create(organization=org, name=f"กอง {i}") for i in range(3)]
    plan = make_plan(org, departments, projects=n)
    periods = ensure_periods(org, YEAR)
    kpis = {k.project_id: k for k in Indicator.objects.filter(project__organization=org)}
    for period in periods[:2]:
        reports = ProgressReport.objects.bulk_create(
            ProgressReport(
                organization=org,
                period=period,
                project=p,
                department_id=p.department_id,
                project_status=ProjectStatus.IN_PROGRESS,
                percent_complete=Decimal(30),
                disbursed=Decimal(1000),
                problems="น้ำท่วมเส้นทาง",
                state=APPROVED,
            )
            for p in plan.projects
        )
        IndicatorResult.objects.bulk_create(
            IndicatorResult(
                organization=org,
                indicator=kpis[r.project_id],
                period=period,
                report=r,
                value=Decimal(50),
                state=APPROVED,
            )
            for r in reports
        )
    return org


def rpt_queries(client, url, query) -> int:
    """The queries one page request makes (it must answer 200)."""
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, query).status_code == 200
    return len(captured)


def rpt_pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
