import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_plan, make_report, make_user
from monitoring.models import ProgressReport, ReportState
from monitoring.periods import ensure_periods
from orgs.models import Department, Organization, Role
from plans.services import action_plan_carry_forward


def entry_url(world, period, department):
    return reverse("monitoring:entry", args=[world.org.slug, period.fiscal_year, period.number, department.pk])


def save_url(world, period, project):
    return reverse("monitoring:report_save", args=[world.org.slug, period.fiscal_year, period.number, project.pk])


def form_data(project, kpi, version=1, **extra):
    p, k = f"r{project.pk}", f"kpi{kpi.pk}"
    return {
        f"{p}-version": version,
        f"{p}-project_status": "in_progress",
        f"{p}-percent_complete": "40",
        f"{p}-disbursed": "20000",
        f"{p}-narrative": "เทพื้นถนนแล้ว 80 เมตร",
        f"{k}-value": "80",
        **extra,
    }


def test_the_entry_page_lists_the_departments_projects_of_the_year(world, q1, client_for):
    page = client_for("reporter").get(entry_url(world, q1, world.works)).content.decode()
    assert world.plan.projects[0].name in page
    assert world.plan.projects[1].name not in page  # กองคลัง's project
    assert "hx-post" in page


def test_a_reporter_cannot_open_another_departments_page(world, q1, client_for):
    assert client_for("reporter").get(entry_url(world, q1, world.finance)).status_code == 404


def test_saving_with_htmx_returns_the_card_with_a_message(world, q1, client_for):
    project, kpi = world.plan.projects[0], world.plan.indicator
    response = client_for("reporter").post(
        save_url(world, q1, project), form_data(project, kpi), HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200 and page.lstrip().startswith("<article")
    assert "บันทึกร่างแล้ว" in page
    assert ProgressReport.objects.get(project=project, period=q1).percent_complete == 40


def test_invalid_input_is_kept_and_explained_in_thai(world, q1, client_for):
    project, kpi = world.plan.projects[0], world.plan.indicator
    data = form_data(
        project, kpi, **{f"r{project.pk}-percent_complete": "140", f"r{project.pk}-narrative": "ข้อความที่พิมพ์ไว้"}
    )
    page = client_for("reporter").post(save_url(world, q1, project), data, HTTP_HX_REQUEST="true").content.decode()
    assert "ข้อความที่พิมพ์ไว้" in page and 'value="140"' in page
    assert "is-invalid" in page
    assert not ProgressReport.objects.filter(project=project, period=q1).exists()


def test_submit_then_the_auditor_returns_it_and_the_reporter_sees_the_reason(world, q1, client_for):
    project, kpi = world.plan.projects[0], world.plan.indicator
    reporter = client_for("reporter")
    reporter.post(save_url(world, q1, project), {**form_data(project, kpi), "action": "submit"}, HTTP_HX_REQUEST="true")
    report = ProgressReport.objects.get(project=project, period=q1)
    assert report.state == ReportState.SUBMITTED
    auditor = client_for("auditor")
    review = reverse("monitoring:report_review", args=[world.org.slug, 2570, 1, project.pk])
    auditor.post(review, {"action": "return", "reason": "กรุณาแนบภาพถ่ายก่อนและหลังดำเนินการ"})
    page = client_for("reporter").get(entry_url(world, q1, world.works)).content.decode()
    assert "กรุณาแนบภาพถ่ายก่อนและหลังดำเนินการ" in page


def test_a_second_concurrent_save_gets_the_conflict_message_and_keeps_its_input(world, q1, client_for):
    project, kpi = world.plan.projects[0], world.plan.indicator
    first = client_for("reporter").post(save_url(world, q1, project), form_data(project, kpi), HTTP_HX_REQUEST="true")
    assert first.status_code == 200
    data = form_data(project, kpi, **{f"r{project.pk}-narrative": "ฉบับของอีกคน"})  # still version 1
    page = client_for("planner").post(save_url(world, q1, project), data, HTTP_HX_REQUEST="true").content.decode()
    assert "ฉบับของอีกคน" in page  # kept in the form
    assert "alert-warning" in page and "เทพื้นถนนแล้ว 80 เมตร" in page  # what the other person saved
    assert ProgressReport.objects.get(project=project, period=q1).narrative == "เทพื้นถนนแล้ว 80 เมตร"


def test_an_htmx_save_after_the_session_expired_answers_401_and_changes_nothing(world, q1, client):
    project, kpi = world.plan.projects[0], world.plan.indicator
    response = client.post(save_url(world, q1, project), form_data(project, kpi), HTTP_HX_REQUEST="true")
    assert response.status_code == 401
    assert not ProgressReport.objects.exists()


def test_the_completeness_page_counts_submitted_reports_per_department(world, q1, client_for):
    project, kpi = world.plan.projects[0], world.plan.indicator
    client_for("reporter").post(save_url(world, q1, project), {**form_data(project, kpi), "action": "submit"})
    page = client_for("auditor").get(reverse("monitoring:period", args=[world.org.slug, 2570, 1])).content.decode()
    table = page[page.index('id="completeness"') :]
    assert "กองช่าง" in table and "กองคลัง" in table
    assert world.plan.projects[1].name in page  # missing from กองคลัง


def test_the_bell_shows_unread_notifications_and_the_list_marks_them_read(world, q1, client_for):
    from monitoring.notify import notify

    notify([world.users["reporter"]], org=world.org, kind="returned", key="k1", message="ส่งคืนแก้ไข")
    client = client_for("reporter")
    assert 'id="unread-count"' in client.get(reverse("monitoring:index", args=[world.org.slug])).content.decode()
    assert "ส่งคืนแก้ไข" in client.get(reverse("notifications")).content.decode()
    assert 'id="unread-count"' not in client.get(reverse("monitoring:index", args=[world.org.slug])).content.decode()


def _queries(client, url):
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_entry_and_completeness_pages_cost_the_same_queries_at_10_and_100_projects(db, today, client):
    counts = []
    for size in (10, 100):
        org = Organization.objects.create(name=f"อบต. {size}", slug=f"m{size}", province="พระนครศรีอยุธยา")
        department = Department.objects.create(organization=org, name="กองช่าง")
        plan = make_plan(org, [department], projects=size)
        action_plan_carry_forward(source=plan.action_plan)
        period = ensure_periods(org, 2570)[0]
        for project in plan.projects[: size // 2]:  # half of them reported
            make_report(project, period, state=ReportState.SUBMITTED, percent_complete=50)
        client.force_login(make_user(f"u{size}", org, Role.ADMIN))
        counts.append(
            (
                _queries(client, reverse("monitoring:entry", args=[org.slug, 2570, 1, department.pk])),
                _queries(client, reverse("monitoring:period", args=[org.slug, 2570, 1])),
                _queries(client, reverse("monitoring:index", args=[org.slug]) + "?year=2570"),
            )
        )
    assert counts[0] == counts[1], counts


def test_the_period_page_lists_reports_waiting_for_review(world, q1, client_for):
    project, kpi = world.plan.projects[0], world.plan.indicator
    client_for("reporter").post(save_url(world, q1, project), {**form_data(project, kpi), "action": "submit"})
    page = client_for("auditor").get(reverse("monitoring:period", args=[world.org.slug, 2570, 1])).content.decode()
    waiting = page[page.index('id="waiting"') :]
    assert project.name in waiting[: waiting.index("</ul>")]


def _report_in_state(world, period, project, state, client_for):
    """Bring the project's report of the period to ``state`` through the screens ("none": no report yet)."""
    if state == "none":
        return
    kpi = world.plan.indicator
    submit = {"action": "submit"} if state in ("returned", "approved") else {}
    client_for("reporter").post(save_url(world, period, project), {**form_data(project, kpi), **submit})
    if submit:
        args = [world.org.slug, period.fiscal_year, period.number, project.pk]
        review = reverse("monitoring:report_review", args=args)
        action = "approve" if state == "approved" else "return"
        client_for("auditor").post(review, {"action": action, "reason": "กรุณาแนบภาพถ่าย"})
    assert ProgressReport.objects.get(project=project, period=period).state == state


@pytest.mark.parametrize("persona", ["reporter", "planner"])
@pytest.mark.parametrize("state", ["none", "draft", "returned", "approved"])
def test_the_report_page_shows_the_cards_form_to_whoever_can_still_edit_it(world, q1, client_for, persona, state):
    project = world.plan.projects[0]
    _report_in_state(world, q1, project, state, client_for)
    url = reverse("monitoring:report", args=[world.org.slug, 2570, 1, project.pk])
    response = client_for(persona).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    save = reverse("monitoring:report_save", args=[world.org.slug, 2570, 1, project.pk])
    assert f'hx-post="{save}"' in page
    for field in ("version", "project_status", "percent_complete", "disbursed", "narrative"):
        assert f'name="r{project.pk}-{field}"' in page
    assert f'name="kpi{world.plan.indicator.pk}-value"' in page
    if state != "none":
        assert "เทพื้นถนนแล้ว 80 เมตร" in page  # the form carries what was saved
