"""The register of findings and recommendations: recorded, followed up, and used by a later plan."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.calendar import current_fiscal_year
from evaluation import findings as register_of
from evaluation.forms_findings import FindingForm
from evaluation.models import Finding, FollowUp
from orgs.access import access_for
from plans.models import Project
from plans.services import action_plan_carry_forward

pytestmark = pytest.mark.django_db


def url(world, name, *args):
    return reverse(f"evaluation:{name}", args=[world.org.slug, *args])


def make_finding(world, **fields):
    defaults = {"organization": world.org, "fiscal_year": 2569, "title": "ถนนชำรุดก่อนกำหนด", "owner": world.works}
    return Finding.objects.create(**{**defaults, **fields})


def form_data(**overrides):
    data = {
        "fiscal_year": "2569",
        "kind": "recommendation",
        "source": "evaluation",
        "title": "ตรวจรับงานถนนก่อนเบิกจ่าย",
        "description": "",
        "priority": "high",
        "status": "open",
        "not_adopted_reason": "",
        "due_on": "",
    }
    return {**data, **overrides}


@pytest.fixture
def fy2570(world):
    """FY 2570's action plan, carried forward from 2569: every project of the plan is scheduled again."""
    return action_plan_carry_forward(source=world.plan.action_plan)


def test_an_auditor_records_a_recommendation_a_later_plan_uses(world, client_for, fy2570):
    client = client_for("auditor")
    project = world.plan.projects[0]
    assert client.get(url(world, "finding_create")).status_code == 200
    data = form_data(owner=world.works.pk, projects=[project.pk], indicators=[world.plan.indicator.pk])
    data |= {"strategies": [world.plan.strategy.pk], "used_in": [project.pk], "due_on": "2026-09-30"}
    response = client.post(url(world, "finding_create"), data)
    assert response.status_code == 302, response.context["form"].errors
    finding = Finding.objects.get(title=data["title"])
    assert response.url == url(world, "finding_detail", finding.pk)
    assert finding.organization == world.org
    assert list(finding.used_in.all()) == [project]

    page = client.get(url(world, "finding_list") + "?used=yes").content.decode()
    assert data["title"] in page
    assert 'id="used-count">1<' in page and 'id="not-used-count">0<' in page
    assert register_of.use_counts(world.org) == (1, 0)
    assert data["title"] not in client.get(url(world, "finding_list") + "?used=no").content.decode()

    detail = client.get(url(world, "finding_detail", finding.pk)).content.decode()
    assert reverse("plans:project_detail", args=[world.org.slug, project.pk]) in detail
    assert reverse("plans:indicator_detail", args=[world.org.slug, world.plan.indicator.pk]) in detail
    assert reverse("plans:strategy_detail", args=[world.org.slug, world.plan.strategy.pk]) in detail
    assert reverse("plans:action_plan_detail", args=[world.org.slug, 2570]) in detail


def test_the_create_form_defaults_to_the_current_fiscal_year_and_offers_later_projects_only(world, client_for, fy2570):
    form = client_for("admin").get(url(world, "finding_create")).context["form"]
    assert form["fiscal_year"].value() == current_fiscal_year()
    offered = set(form.fields["used_in"].queryset)
    # 2569 items are carried to 2570; a finding raised in 2569 may be used by either project, in 2570
    assert offered == (set(world.plan.projects) if current_fiscal_year() < 2570 else set())
    assert world.other_plan.projects[0] not in set(form.fields["projects"].queryset)


def test_the_reason_is_required_when_a_recommendation_is_not_adopted(world, client_for):
    client = client_for("auditor")
    response = client.post(url(world, "finding_create"), form_data(status="not_adopted"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "ต้องระบุเมื่อสถานะเป็น “ไม่นำไปปฏิบัติ”" in errors["not_adopted_reason"][0]
    assert "__all__" not in errors
    assert 'value="ตรวจรับงานถนนก่อนเบิกจ่าย"' in response.content.decode()  # input kept
    assert not Finding.objects.exists()
    response = client.post(url(world, "finding_create"), form_data(status="not_adopted", not_adopted_reason="ไม่มีงบ"))
    assert response.status_code == 302


def test_used_in_refuses_a_project_that_is_not_in_a_later_years_action_plan(world, client_for, fy2570):
    client = client_for("auditor")
    project = world.plan.projects[0]
    # raised in 2570: the project is scheduled in 2569 and 2570, never later
    response = client.post(url(world, "finding_create"), form_data(fiscal_year="2570", used_in=[project.pk]))
    assert response.status_code == 200
    assert "หลังปี 2570" in response.context["form"].errors["used_in"][0]
    # another organization's project is not a choice either
    other = world.other_plan.projects[0]
    response = client.post(url(world, "finding_create"), form_data(used_in=[other.pk]))
    assert "used_in" in response.context["form"].errors
    assert not Finding.objects.exists()
    # the form's own check, whatever the choices offered
    form = FindingForm(form_data(fiscal_year="2570", used_in=[project.pk]), org=world.org)
    form.fields["used_in"].queryset = Project.objects.for_org(world.org)
    assert not form.is_valid() and "ไม่อยู่ในแผนดำเนินงานหลังปีงบประมาณ 2570" in form.errors["used_in"][0]


def test_editing_keeps_the_links_and_records_history(world, client_for, fy2570):
    finding = make_finding(world, kind="recommendation")
    client = client_for("admin")
    project = world.plan.projects[1]
    data = form_data(title=finding.title, owner=world.finance.pk, status="in_progress", used_in=[project.pk])
    response = client.post(url(world, "finding_edit", finding.pk), data)
    assert response.status_code == 302, response.context["form"].errors
    finding.refresh_from_db()
    assert finding.owner == world.finance and list(finding.used_in.all()) == [project]
    page = client.get(url(world, "finding_detail", finding.pk)).content.decode()
    assert f"<ins>{project}</ins>" in page  # the history names the linked project, not a through row
    assert "&#x27;finding&#x27;" not in page


def test_a_reporter_sees_only_their_departments_items(world, client_for):
    mine = make_finding(world, title="ของกองช่าง", owner=world.works)
    theirs = make_finding(world, title="ของกองคลัง", owner=world.finance)
    client = client_for("reporter")
    page = client.get(url(world, "finding_list")).content.decode()
    assert mine.title in page and theirs.title not in page
    page = client.get(url(world, "finding_list") + f"?owner={world.finance.pk}").content.decode()
    assert theirs.title not in page
    assert client.get(url(world, "finding_detail", theirs.pk)).status_code == 404
    assert client.get(url(world, "finding_detail", mine.pk)).context["may_follow_up"]
    assert theirs.title in client_for("planner").get(url(world, "finding_list")).content.decode()


def test_a_reporter_follows_up_their_departments_item_but_not_another(world, client_for):
    mine = make_finding(world, owner=world.works)
    theirs = make_finding(world, owner=world.finance)
    client = client_for("reporter")
    today = timezone.localdate().isoformat()
    data = {"on": today, "note": "ผู้รับจ้างเข้าซ่อมแล้ว", "status": "in_progress"}
    response = client.post(url(world, "follow_up_add", mine.pk), data)
    assert response.status_code == 302
    note = FollowUp.objects.get()
    assert (note.finding, note.author, note.organization) == (mine, world.users["reporter"], world.org)
    mine.refresh_from_db()
    assert mine.status == "in_progress"
    assert data["note"] in client.get(url(world, "finding_detail", mine.pk)).content.decode()

    assert client.post(url(world, "follow_up_add", theirs.pk), data).status_code == 403
    assert FollowUp.objects.count() == 1


def test_a_follow_up_with_errors_keeps_the_input_and_a_planner_follows_up_any(world, client_for):
    theirs = make_finding(world, owner=world.finance)
    client = client_for("planner")
    response = client.post(url(world, "follow_up_add", theirs.pk), {"on": "", "note": "บันทึกที่พิมพ์ไว้"})
    assert response.status_code == 200 and "บันทึกที่พิมพ์ไว้" in response.content.decode()
    assert not FollowUp.objects.exists()
    response = client.post(url(world, "follow_up_add", theirs.pk), {"on": "2026-01-05", "note": "ok", "status": ""})
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.status == "open"


def test_who_may_record_and_follow_up(world, client_for):
    finding = make_finding(world)
    executive = client_for("executive")
    assert executive.get(url(world, "finding_create")).status_code == 403
    assert executive.post(url(world, "finding_create"), form_data()).status_code == 403
    assert executive.get(url(world, "finding_edit", finding.pk)).status_code == 403
    assert executive.post(url(world, "follow_up_add", finding.pk), {"on": "2026-01-05", "note": "x"}).status_code == 403
    page = executive.get(url(world, "finding_detail", finding.pk))
    assert page.status_code == 200 and not page.context["may_follow_up"]
    assert 'id="follow-up-form"' not in page.content.decode()
    assert client_for("planner").get(url(world, "finding_create")).status_code == 403
    assert not Finding.objects.filter(title=form_data()["title"]).exists()


def test_an_outsider_gets_404(world, client_for):
    finding = make_finding(world)
    client = client_for("outsider")
    assert client.get(url(world, "finding_detail", finding.pk)).status_code == 404
    assert client.get(url(world, "finding_list")).status_code == 404
    own = reverse("evaluation:finding_detail", args=[world.other_org.slug, finding.pk])
    assert client.get(own).status_code == 404
    own_edit = reverse("evaluation:finding_edit", args=[world.other_org.slug, finding.pk])
    assert client.get(own_edit).status_code == 404
    own_follow = reverse("evaluation:follow_up_add", args=[world.other_org.slug, finding.pk])
    assert client.post(own_follow, {"on": "2026-01-05", "note": "x"}).status_code == 404


def test_overdue_items_are_flagged(world, client_for):
    today = timezone.localdate()
    late = make_finding(world, title="เลยกำหนด", due_on=today - timedelta(days=1))
    late_in_progress = make_finding(world, title="กำลังทำแต่เลย", due_on=today - timedelta(days=3), status="in_progress")
    make_finding(world, title="เสร็จแล้ว", due_on=today - timedelta(days=1), status="done")
    make_finding(world, title="ยังไม่ถึง", due_on=today + timedelta(days=1))
    make_finding(world, title="ไม่มีกำหนด")
    assert list(register_of.overdue(world.org, today)) == [late_in_progress, late]
    assert list(register_of.overdue(world.org, date(2000, 1, 1))) == []

    response = client_for("auditor").get(url(world, "finding_list"))
    flagged = {f.title for f in response.context["page"] if f.is_overdue}
    assert flagged == {late.title, late_in_progress.title}
    assert [f.title for f in response.context["page"]][:2] == [late.title, late_in_progress.title]  # overdue first
    assert response.content.decode().count('class="table-danger overdue"') == 2
    assert 'id="overdue-count"' in response.content.decode()
    assert client_for("auditor").get(url(world, "finding_detail", late.pk)).context["is_overdue"]


def test_the_filters_narrow_the_register(world, client_for):
    make_finding(world, title="A", status="done", priority="high", fiscal_year=2568)
    make_finding(world, title="B", status="open", priority="low", owner=world.finance)
    client = client_for("auditor")

    def titles(query):
        return {f.title for f in client.get(url(world, "finding_list") + query).context["page"]}

    assert titles("") == {"A", "B"}
    assert titles("?status=done") == {"A"}
    assert titles("?year=2568") == {"A"}
    assert titles(f"?owner={world.finance.pk}") == {"B"}
    assert titles("?priority=low") == {"B"}
    assert titles("?status=&year=") == {"A", "B"}  # the form's empty choices
    assert client.get(url(world, "finding_list") + "?status=nonsense").status_code == 400
    assert client.get(url(world, "finding_list") + "?year=x").status_code == 400


def test_use_counts_count_recommendations_only(world, fy2570):
    project = world.plan.projects[0]
    used = make_finding(world, kind="recommendation")
    used.used_in.add(project)
    make_finding(world, kind="recommendation")
    make_finding(world, kind="recommendation", status="not_adopted", not_adopted_reason="ไม่มีงบ")
    make_finding(world, kind="finding")
    assert register_of.use_counts(world.org) == (1, 2)
    assert register_of.use_counts(world.org, fiscal_year=2570) == (0, 0)
    reporter = access_for(world.users["reporter"], world.org.slug)
    assert register_of.use_counts(world.org, access=reporter) == (1, 2)


def _linked_findings(world, count, start=0):
    project, kpi, strategy = world.plan.projects[0], world.plan.indicator, world.plan.strategy
    for n in range(start, start + count):
        finding = make_finding(world, title=f"ข้อเสนอแนะ {n}", owner=[world.works, world.finance][n % 2])
        finding.projects.add(project)
        finding.indicators.add(kpi)
        finding.strategies.add(strategy)
        finding.used_in.add(project)
        FollowUp.objects.create(organization=world.org, finding=finding, on=date(2026, 1, 5), note="ok")


def _queries(client, world):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(world, "finding_list"))
    assert response.status_code == 200
    return len(queries), len(response.context["page"])


@pytest.mark.parametrize("persona", ["auditor", "reporter"])
def test_the_list_takes_the_same_number_of_queries_for_5_and_50_findings(world, client_for, persona):
    client = client_for(persona)
    _linked_findings(world, 5)
    few, shown_few = _queries(client, world)
    _linked_findings(world, 45, start=5)
    many, shown_many = _queries(client, world)
    assert shown_many > shown_few
    assert few == many


def test_follow_up_service_refuses_other_statuses(world):
    finding = make_finding(world)
    with pytest.raises(ValueError, match="not_adopted"):
        register_of.follow_up(finding=finding, on=date(2026, 1, 5), note="x", author=None, status="not_adopted")
    assert not FollowUp.objects.exists()
    register_of.follow_up(finding=finding, on=date(2026, 1, 5), note="done", author=None, status="done")
    finding.refresh_from_db()
    assert finding.status == "done"
