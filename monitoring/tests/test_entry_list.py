"""The data-entry list of a department (states, counts, the ``show`` filter, pages, scope) and the report page's
way through it (previous and next projects, save and go to the next), in a constant number of queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring import selectors
from monitoring.models import ProgressReport, ReportState
from monitoring.tests.test_views import form_data
from plans.models import ActionPlan, ActionPlanItem, Indicator, Project

STATES = ["none", "draft", "submitted", "returned", "approved"]


def add_projects(world, count, department=None, start=0):
    """``count`` more projects of ``department`` (กองช่าง) in FY2570's action plan, each with a KPI, after
    the ones there are (codes W-000, W-001, … in the list's order)."""
    department = department or world.works
    action_plan = ActionPlan.objects.get(organization=world.org, fiscal_year=2570)
    made = []
    for n in range(start, start + count):
        project = Project.objects.create(
            organization=world.org,
            program=world.plan.program,
            code=f"W-{n:03}",
            name=f"โครงการซ่อมแซมถนน สายที่ {n}",
            department=department,
            order=100 + n,
        )
        ActionPlanItem.objects.create(
            organization=world.org, action_plan=action_plan, project=project, budget=Decimal("50000.00")
        )
        Indicator.objects.create(organization=world.org, project=project, name="ระยะทาง", unit="เมตร")
        made.append(project)
    return made


def set_state(world, period, project, state):
    """Give ``project`` a report in ``state`` ("none": no report)."""
    if state == "none":
        return
    ProgressReport.objects.update_or_create(
        period=period,
        project=project,
        defaults={
            "organization": world.org,
            "department": project.department,
            "state": state,
            "percent_complete": 30,
            "return_reason": "แนบภาพถ่ายด้วย" if state == "returned" else "",
        },
    )


def works_list(world):
    """กองช่าง's projects of FY2570 in the list's order."""
    return [world.plan.projects[0], *Project.objects.filter(code__startswith="W-").order_by("order")]


@pytest.fixture
def ten(world, q1):
    """กองช่าง with ten projects: the world's one and W-000…W-008; W-00n's report in STATES[n % 5]."""
    for n, project in enumerate(add_projects(world, 9)):
        set_state(world, q1, project, STATES[n % 5])
    return works_list(world)


def url(world, name="entry", project=None, query=""):
    args = [world.org.slug, 2570, 1, world.works.pk if name == "entry" else project.pk]
    return reverse(f"monitoring:{name}", args=args) + (f"?{query}" if query else "")


# The rule --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "todo", "returned"),
    [
        (None, True, False),
        ("draft", True, False),
        ("submitted", False, False),
        ("returned", True, True),
        ("approved", False, False),
    ],
)
def test_which_states_each_filter_shows(state, todo, returned):
    assert selectors.is_shown(state, "todo") is todo
    assert selectors.is_shown(state, "returned") is returned
    assert selectors.is_shown(state, "all") is True
    assert selectors.entry_state(state) == (state or "not_started")


def test_the_filter_values_are_those_other_pages_link_with():
    assert selectors.ENTRY_FILTERS == ("todo", "returned", "all")  # the home page links with ?show=returned


# The list --------------------------------------------------------------------------------------------------


def test_the_list_counts_every_state_of_the_department(world, q1, ten, client_for):
    response = client_for("reporter").get(url(world))
    assert response.status_code == 200
    counts = response.context["entries"].counts
    # the world's project (no report) and W-000, W-005 without one; two of each other state
    assert counts == {
        "not_started": 3,
        "draft": 2,
        "submitted": 2,
        "returned": 2,
        "approved": 1,
        "all": 10,
        "todo": 7,
    }
    page = response.content.decode()
    counted = page[page.index('id="entry-counts"') : page.index('id="entry-filters"')]
    assert 'data-state="returned">ส่งคืนแก้ไข <strong>2</strong>' in counted
    assert 'data-state="not_started">ยังไม่ได้รายงาน <strong>3</strong>' in counted


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("", {"none", "draft", "returned"}),  # todo by default
        ("show=todo", {"none", "draft", "returned"}),
        ("show=returned", {"returned"}),
        ("show=all", set(STATES)),
    ],
)
def test_the_filter_keeps_the_projects_of_its_states(world, q1, ten, client_for, query, shown):
    response = client_for("reporter").get(url(world, query=query))
    rows = response.context["entries"].rows
    assert {row.report.state if row.report else "none" for row in rows} == shown
    expected = [p for p in ten if selectors.is_shown(_state(q1, p), response.context["show"])]
    assert [row.project for row in rows] == expected  # in the list's order
    assert response.context["entries"].counts["all"] == 10  # the counts are the whole department's
    page = response.content.decode()
    for row in rows:  # each row opens its project with the same filter
        assert f'href="{url(world, "report", row.project)}?show={response.context["show"]}"' in page


def _state(period, project):
    report = ProgressReport.objects.filter(period=period, project=project).first()
    return report.state if report else None


@pytest.mark.parametrize("value", ["done", "TODO", "returned,all", "x" * 300])
def test_an_unknown_filter_is_refused_with_a_clear_message(world, q1, client_for, value):
    for address in (url(world), url(world, "report", world.plan.projects[0])):
        response = client_for("reporter").get(address, {"show": value})
        assert response.status_code == 400
        assert "todo" in response.content.decode() and "returned" in response.content.decode()


def test_the_list_has_pages_of_25_that_keep_the_filter_and_the_totals(world, q1, client_for):
    projects = add_projects(world, 59)  # 60 in all
    for project in projects[:5]:
        set_state(world, q1, project, "submitted")
    client = client_for("reporter")
    first = client.get(url(world, query="show=todo"))
    second = client.get(url(world, query="show=todo&page=3"))
    assert len(first.context["entries"].rows) == 25 and len(second.context["entries"].rows) == 5
    assert first.context["entries"].counts == second.context["entries"].counts
    assert second.context["entries"].counts["todo"] == 55 and second.context["entries"].counts["submitted"] == 5
    page = first.content.decode()
    assert "?show=todo&amp;page=2" in page  # the next page keeps the filter
    assert second.context["page"].paginator.num_pages == 3
    page = second.content.decode()
    assert "ต้องรายงาน" in page and "55" in page  # the filter's count on the last page too
    everything = client.get(url(world, query="show=all&page=3"))
    assert [r.project for r in everything.context["entries"].rows] == works_list(world)[50:]


def test_an_empty_filter_says_so_and_offers_every_project(world, q1, client_for):
    page = client_for("reporter").get(url(world, query="show=returned")).content.decode()
    assert "ไม่มีโครงการของหน่วยงานนี้ในรายการนี้" in page and f'href="{url(world)}?show=all"' in page


# Scope -----------------------------------------------------------------------------------------------------


def test_a_reporter_sees_only_its_own_department(world, q1, ten, client_for):
    finance_project = world.plan.projects[1]
    reporter = client_for("reporter")
    finance = reverse("monitoring:entry", args=[world.org.slug, 2570, 1, world.finance.pk])
    assert reporter.get(finance).status_code == 404
    assert reporter.get(finance + "?show=all").status_code == 404
    assert reporter.get(url(world, "report", finance_project, "show=all")).status_code == 404
    page = reporter.get(url(world, query="show=all")).content.decode()
    assert finance_project.name not in page
    # a planner sees every department's list, with กองคลัง's project in it
    assert finance_project.name in client_for("planner").get(finance + "?show=all").content.decode()


def test_another_organization_gets_404(world, q1, ten, client_for):
    outsider = client_for("outsider")
    assert outsider.get(url(world)).status_code == 404
    assert outsider.get(url(world, "report", ten[1])).status_code == 404
    response = outsider.post(url(world, "report_save", ten[1]), {"action": "save_next"})
    assert response.status_code == 404
    assert not ProgressReport.objects.filter(project=ten[1]).exists()


# Previous and next -----------------------------------------------------------------------------------------


def _nav(client, world, project, show):
    card = client.get(url(world, "report", project, f"show={show}")).context["card"]
    return card.nav.previous, card.nav.next


@pytest.mark.parametrize("show", ["todo", "returned", "all"])
def test_previous_and_next_follow_the_filtered_list(world, q1, ten, client_for, show):
    client = client_for("reporter")
    shown = [p.pk for p in ten if selectors.is_shown(_state(q1, p), show)]
    for n, pk in enumerate(shown):
        project = Project.objects.get(pk=pk)
        previous, following = _nav(client, world, project, show)
        assert previous == (shown[n - 1] if n else None)
        assert following == (shown[n + 1] if n + 1 < len(shown) else None)


def test_the_report_page_links_to_its_neighbours_and_its_page_of_the_list(world, q1, client_for):
    projects = add_projects(world, 29)  # 30 in all, none reported
    page = client_for("reporter").get(url(world, "report", projects[25], "show=todo")).content.decode()
    nav = page[page.index('id="entry-nav"') :]
    nav = nav[: nav.index("</nav>")]
    assert f'href="{url(world, "report", projects[24])}?show=todo"' in nav
    assert f'href="{url(world, "report", projects[26])}?show=todo"' in nav
    assert f'href="{url(world)}?show=todo&amp;page=2"' in nav  # the 27th project is on page 2
    assert "27 จาก 30" in nav


def test_a_project_that_left_the_filter_keeps_its_place(world, q1, ten, client_for):
    """Submitted under "todo", a report is no longer on the list; its page still leads to the next one."""
    client = client_for("reporter")
    project = ten[1]  # W-000, no report: on the todo list
    before = _nav(client, world, project, "todo")
    set_state(world, q1, project, "submitted")
    assert _nav(client, world, project, "todo") == before


# Save and go to the next project ---------------------------------------------------------------------------


def _data(project, action):
    kpi = project.indicators.first()
    return {**form_data(project, kpi), "action": action, "show": "todo"}


@pytest.mark.parametrize("htmx", [False, True])
def test_save_and_next_saves_a_draft_and_opens_the_next_project(world, q1, client_for, htmx):
    first, second, _third = [world.plan.projects[0], *add_projects(world, 2)]
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client_for("reporter").post(url(world, "report_save", first), _data(first, "save_next"), **headers)
    expected = f"{url(world, 'report', second)}?show=todo"
    if htmx:
        assert response.status_code == 200 and response["HX-Redirect"] == expected
    else:
        assert response.status_code == 302 and response["Location"] == expected
    report = ProgressReport.objects.get(project=first, period=q1)
    assert report.state == ReportState.DRAFT and report.percent_complete == 40
    assert report.results.get().value == 80
    page = client_for("reporter").get(expected).content.decode()
    assert "บันทึกร่างแล้ว" in page and first.code in page  # the message says which project was saved


def test_submit_and_next_submits_through_the_workflow(world, q1, client_for):
    first, second = world.plan.projects[0], add_projects(world, 1)[0]
    response = client_for("reporter").post(url(world, "report_save", first), _data(first, "submit_next"))
    assert response["Location"] == f"{url(world, 'report', second)}?show=todo"
    report = ProgressReport.objects.get(project=first, period=q1)
    assert report.state == ReportState.SUBMITTED and report.submitted_at is not None
    assert report.events.filter(action="submitted", actor=world.users["reporter"]).exists()


def test_after_the_last_project_the_list_opens_again(world, q1, client_for):
    last = add_projects(world, 2)[-1]
    response = client_for("reporter").post(url(world, "report_save", last), _data(last, "save_next"))
    assert response["Location"] == f"{url(world)}?show=todo"
    page = client_for("reporter").get(response["Location"]).content.decode()
    assert "โครงการสุดท้ายของรายการนี้" in page


def test_save_and_next_with_an_error_stays_and_keeps_the_input(world, q1, client_for):
    project = world.plan.projects[0]
    add_projects(world, 1)
    data = {**_data(project, "save_next"), f"r{project.pk}-percent_complete": "140"}
    response = client_for("reporter").post(url(world, "report_save", project), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "HX-Redirect" not in response
    page = response.content.decode()
    assert "is-invalid" in page and 'value="140"' in page
    assert 'name="show" value="todo"' in page  # the card still knows its list
    assert not ProgressReport.objects.filter(project=project).exists()


def test_save_and_next_keeps_the_version_check(world, q1, client_for):
    """Someone saved the report since it was opened: nothing is saved, the person stays and sees both."""
    project = world.plan.projects[0]
    add_projects(world, 1)
    client_for("planner").post(url(world, "report_save", project), _data(project, "save"))
    data = {**_data(project, "save_next"), f"r{project.pk}-narrative": "ฉบับของผู้รายงาน"}  # still version 1
    response = client_for("reporter").post(url(world, "report_save", project), data, HTTP_HX_REQUEST="true")
    assert "HX-Redirect" not in response
    page = response.content.decode()
    assert "ฉบับของผู้รายงาน" in page and "alert-warning" in page
    assert ProgressReport.objects.get(project=project).narrative == "เทพื้นถนนแล้ว 80 เมตร"


def test_a_save_without_htmx_comes_back_to_the_project_with_its_filter(world, q1, client_for):
    project = world.plan.projects[0]
    data = {**_data(project, "save"), "show": "all"}
    response = client_for("reporter").post(url(world, "report_save", project), data)
    assert response["Location"] == f"{url(world, 'report', project)}?show=all"


# Queries ---------------------------------------------------------------------------------------------------


def _count(client, method, address, data=None):
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(address, data) if data else getattr(client, method)(address)
    assert response.status_code in (200, 302), response.status_code
    return len(captured)


def test_the_list_and_a_project_cost_the_same_queries_at_10_and_60_projects(
    world, q1, client_for, django_assert_max_num_queries
):
    client = client_for("reporter")
    made = add_projects(world, 9)

    def pages():
        for n, project in enumerate(made):
            set_state(world, q1, project, STATES[n % 5])
        middle = made[len(made) // 2]
        return [
            ("get", url(world, query="show=all"), None),
            ("get", url(world, query="show=todo&page=2"), None),
            ("get", url(world, "report", middle, "show=todo"), None),
            ("post", url(world, "report_save", made[0]), {**_data(made[0], "save_next"), "show": "all"}),
        ]

    _count(client, "get", url(world))  # warm up (the session, the settings, the site's caches)
    small = [_count(client, *page) for page in pages()]
    ProgressReport.objects.filter(project=made[0]).delete()  # the save-and-next above, once more
    made += add_projects(world, 50, start=9)  # 60 in all
    for (method, address, data), queries in zip(pages(), small, strict=True):
        with django_assert_max_num_queries(queries):
            getattr(client, method)(address, data) if data else getattr(client, method)(address)
