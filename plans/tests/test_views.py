from decimal import Decimal

from django.urls import reverse
from django.utils import translation

from orgs.models import Department
from plans.models import Indicator, Project, ProjectBudget, Strategy


def url(world, name, *args):
    return reverse(name, args=[world.org.slug, *args])


def project_post(world, **overrides):
    data = {
        "program": world.plan.program.pk,
        "code": "NEW-001",
        "name": "โครงการขุดลอกคลองส่งน้ำ หมู่ที่ 4",
        "funding_source": "own",
        "department": world.works.pk,
        "planned_start": "2025-12-01",
        "planned_end": "2026-02-28",
        "budget_2569": "250,000.00".replace(",", ""),
        "budget_2570": "300000",
    }
    return {**data, **overrides}


def test_the_plan_tree_shows_budgets_in_baht_summed_at_each_level(world, client_for):
    page = client_for("planner").get(url(world, "plans:plan_detail", world.plan.plan.pk)).content.decode()
    # two projects of 100,000.00 in 2569 → 200,000.00 at program, goal, strategy and plan level
    assert page.count("200,000.00") >= 4
    assert "400,000.00 บาท" in page  # the plan's total over 2569 and 2570
    assert world.plan.projects[0].name in page


def test_the_project_page_shows_dates_in_the_buddhist_era(world, client_for):
    page = client_for("executive").get(url(world, "plans:project_detail", world.plan.projects[0].pk)).content.decode()
    assert "1 พ.ย. 2568" in page and "31 มี.ค. 2569" in page
    assert "ปีงบประมาณ พ.ศ. 2569" in page


def test_a_planner_creates_a_project_with_a_budget_per_plan_year(world, client_for):
    response = client_for("planner").post(
        url(world, "plans:project_create", world.plan.program.pk), project_post(world)
    )
    project = Project.objects.get(organization=world.org, code="NEW-001")
    assert response.status_code == 302 and response.url == url(world, "plans:project_detail", project.pk)
    assert dict(project.budgets.values_list("fiscal_year", "amount")) == {
        2569: Decimal("250000.00"),
        2570: Decimal("300000.00"),
    }


def test_an_invalid_project_keeps_the_input_and_explains_in_thai(world, client_for):
    data = project_post(world, code=world.plan.projects[0].code, planned_end="2025-01-01", budget_2570="-5")
    with translation.override("th"):
        response = client_for("planner").post(url(world, "plans:project_create", world.plan.program.pk), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "โครงการขุดลอกคลองส่งน้ำ หมู่ที่ 4" in page  # the input is kept
    assert "is-invalid" in page
    assert Project.objects.filter(organization=world.org).count() == 2  # nothing saved
    assert "nothing was saved" not in page  # the message is in Thai, not English


def test_the_same_project_code_may_exist_in_another_organization(world, client_for):
    other_code = world.other_plan.projects[0].code
    client_for("planner").post(
        url(world, "plans:project_create", world.plan.program.pk), project_post(world, code=other_code)
    )
    assert Project.objects.filter(code=other_code).count() == 2


def test_changing_a_project_is_kept_in_its_history_and_shown_on_its_page(world, client_for):
    project = world.plan.projects[0]
    client = client_for("planner")
    data = project_post(world, code=project.code, name="ชื่อใหม่ของโครงการ", budget_2569="120000")
    assert client.post(url(world, "plans:project_edit", project.pk), data).status_code == 302
    page = client.get(url(world, "plans:project_detail", project.pk)).content.decode()
    assert "ชื่อใหม่ของโครงการ" in page
    assert "planner" in page  # who changed it
    assert project.history.count() == 2
    assert ProjectBudget.history.filter(project_id=project.pk, amount=Decimal("120000.00")).exists()


def test_an_executive_cannot_change_anything(world, client_for):
    client = client_for("executive")
    response = client.post(
        url(world, "plans:strategy_create", world.plan.plan.pk), {"number": 9, "name": "ยุทธศาสตร์ใหม่"}
    )
    assert response.status_code == 403
    assert not Strategy.objects.filter(name="ยุทธศาสตร์ใหม่").exists()


def test_a_planner_cannot_attach_another_organizations_department(world, client_for):
    other_department = Department.objects.filter(organization=world.other_org).first()
    data = project_post(world, department=other_department.pk)
    response = client_for("planner").post(url(world, "plans:project_create", world.plan.program.pk), data)
    assert response.status_code == 200
    assert not Project.objects.filter(code="NEW-001").exists()


def test_an_inconsistent_indicator_is_refused_with_field_errors(world, client_for):
    data = {
        "name": "ผู้ป่วยไข้เลือดออก",
        "kind": "outcome",
        "measure_type": "number",
        "direction": "lower",
        "aggregation": "sum",
        "weight": "10",
        "frequency": "quarterly",
        "level_1": "1",
        "level_2": "2",
        "level_3": "3",
        "level_4": "4",
        "level_5": "5",
        "owner_project": world.plan.projects[0].pk,
    }
    response = client_for("planner").post(url(world, "plans:indicator_create"), data)
    assert response.status_code == 200
    assert not Indicator.objects.filter(name="ผู้ป่วยไข้เลือดออก").exists()
    data.update(level_1="5", level_2="4", level_3="3", level_4="2", level_5="1")
    response = client_for("planner").post(url(world, "plans:indicator_create"), data)
    kpi = Indicator.objects.get(name="ผู้ป่วยไข้เลือดออก")
    assert kpi.project == world.plan.projects[0]


def test_targets_that_disagree_with_the_annual_target_are_saved_with_a_warning(world, client_for):
    kpi = world.plan.indicator
    data = {"period_0": "200", "period_1": "10", "period_2": "20", "period_3": "30", "period_4": "40"}
    response = client_for("planner").post(url(world, "plans:targets_edit", kpi.pk, 2570), data, follow=True)
    assert kpi.targets.filter(fiscal_year=2570).count() == 5
    assert "100" in response.content.decode()  # what the quarters add up to


def test_carry_forward_from_the_screen(world, client_for):
    chosen = {"projects": [p.pk for p in world.plan.projects]}
    response = client_for("planner").post(url(world, "plans:carry_forward", 2569), chosen)
    assert response.status_code == 302 and response.url == url(world, "plans:action_plan_detail", 2570)
    again = client_for("planner").post(url(world, "plans:carry_forward", 2569), chosen, follow=True)
    assert again.status_code == 200  # nothing added twice, with a message, not a 500


def test_history_names_the_old_and_new_department_and_choice_labels(world, client_for):
    project = world.plan.projects[0]
    client = client_for("planner")
    data = project_post(
        world, code=project.code, name=project.name, department=world.finance.pk, funding_source="other"
    )
    client.post(url(world, "plans:project_edit", project.pk), data)
    with translation.override("th"):
        page = client.get(url(world, "plans:project_detail", project.pk)).content.decode()
    history = page[page.index("history-change") :]
    assert "กองช่าง" in history and "กองคลัง" in history
    assert "อื่น ๆ" in history or "อื่นๆ" in history  # the funding source's label, not its code "other"


def test_target_changes_are_shown_in_the_indicators_history(world, client_for):
    kpi = world.plan.indicator
    client = client_for("planner")
    client.post(url(world, "plans:targets_edit", kpi.pk, 2569), {"period_0": "250", "period_1": "60"})
    with translation.override("th"):
        page = client.get(url(world, "plans:indicator_detail", kpi.pk)).content.decode()
    history = page[page.index("ประวัติการแก้ไข") :]
    assert "2569 ทั้งปี" in history and "2569 ไตรมาส 1" in history
    assert "<del>200</del>" in history.replace(".0000", "") and "250" in history


def test_a_planner_removes_a_project_from_the_action_plan(world, client_for):
    item = world.plan.action_plan.items.first()
    page = client_for("planner").get(url(world, "plans:action_plan_detail", 2569)).content.decode()
    assert 'id="remove-form"' in page and f'value="{item.pk}"' in page
    client_for("planner").post(url(world, "plans:action_plan_items", 2569), {"remove": item.pk})
    assert not world.plan.action_plan.items.filter(pk=item.pk).exists()


def test_the_move_buttons_of_the_plan_tree_reorder_projects(world, client_for):
    first, second = world.plan.projects
    client = client_for("planner")
    page = client.get(url(world, "plans:plan_detail", world.plan.plan.pk)).content.decode()
    down = reverse("plans:move", args=[world.org.slug, "project", first.pk, "down"])
    assert f'formaction="{down}"' in page and 'id="move-form"' in page
    response = client.post(down, {"next": url(world, "plans:plan_detail", world.plan.plan.pk)})
    assert response.url == url(world, "plans:plan_detail", world.plan.plan.pk)
    assert list(Project.objects.filter(program=world.plan.program).values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]


def test_readers_see_no_edit_controls(world, client_for):
    page = client_for("executive").get(url(world, "plans:plan_detail", world.plan.plan.pk)).content.decode()
    assert "move-form" not in page and "bi-pencil" not in page


def test_the_project_forms_programs_are_grouped_by_strategy_and_told_apart_by_their_goal(world, client_for):
    from plans.models import Goal, Program

    plan = world.plan
    second = Strategy.objects.create(organization=world.org, plan=plan.plan, number=2, name="คุณภาพชีวิต")
    goal = Goal.objects.create(organization=world.org, strategy=second, number="2.1", name="ชุมชนน่าอยู่")
    same_name = Program.objects.create(organization=world.org, goal=goal, name="แผนงานเคหะและชุมชน")
    project = plan.projects[0]
    page = client_for("planner").get(reverse("plans:project_edit", args=[world.org.slug, project.pk])).content.decode()
    first_group = page.index('<optgroup label="ยุทธศาสตร์ที่ 1: โครงสร้างพื้นฐาน">')
    second_group = page.index('<optgroup label="ยุทธศาสตร์ที่ 2: คุณภาพชีวิต">')
    first = page.index(f'value="{plan.program.pk}"')
    second = page.index(f'value="{same_name.pk}"')
    assert first_group < first < second_group < second
    assert "แผนงานเคหะและชุมชน — 1.1 ถนนได้มาตรฐาน" in page
    assert "แผนงานเคหะและชุมชน — 2.1 ชุมชนน่าอยู่" in page
