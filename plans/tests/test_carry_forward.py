"""Carrying a year forward: a confirm page of the year's projects grouped continued / unfinished / finished,
only the chosen ones copied into the next year's development plan and action plan, never twice."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring.models import ProgressReport, ProjectStatus, ReportingPeriod, ReportState
from monitoring.periods import ensure_periods
from plans import rules
from plans.models import ActionPlan, ActionPlanItem, DevelopmentPlan, Indicator, Project, ProjectBudget, Target
from plans.selectors import carry_forward_candidates
from plans.services import action_plan_carry_forward


def report(world, project, number, status, state=ReportState.APPROVED):
    ensure_periods(world.org, 2569)
    period = ReportingPeriod.objects.get(organization=world.org, fiscal_year=2569, number=number)
    return ProgressReport.objects.create(
        organization=world.org,
        period=period,
        project=project,
        department=project.department,
        project_status=status,
        state=state,
    )


def add_project(world, code):
    project = Project.objects.create(
        organization=world.org, program=world.plan.program, code=code, name=code, department=world.works
    )
    ActionPlanItem.objects.create(
        organization=world.org, action_plan=world.plan.action_plan, project=project, budget=Decimal(1000)
    )
    return project


@pytest.fixture
def year_end(world):
    """บ้านแพน's plan ends with 2569 and a new development plan 2570–2574 exists (empty). The 2569 projects:
    "delayed" (unfinished), "carried" (budget carried over: continued), "done" (completed after being
    delayed), "cut" (cancelled), "quiet" (only a submitted report: unfinished)."""
    old = world.plan.plan
    old.first_year, old.last_year = 2565, 2569
    old.save()
    ProjectBudget.objects.filter(organization=world.org, fiscal_year=2570).delete()
    new = DevelopmentPlan.objects.create(
        organization=world.org, name="แผนพัฒนาท้องถิ่น 2570–2574", first_year=2570, last_year=2574
    )
    delayed, carried = world.plan.projects
    done, cut, quiet = add_project(world, "done"), add_project(world, "cut"), add_project(world, "quiet")
    report(world, delayed, 1, ProjectStatus.IN_PROGRESS)
    report(world, delayed, 2, ProjectStatus.DELAYED)
    report(world, carried, 1, ProjectStatus.CARRIED_OVER)
    report(world, done, 1, ProjectStatus.DELAYED)
    report(world, done, 2, ProjectStatus.COMPLETED)
    report(world, cut, 1, ProjectStatus.CANCELLED)
    report(world, quiet, 1, ProjectStatus.COMPLETED, state=ReportState.SUBMITTED)
    projects = {"delayed": delayed, "carried": carried, "done": done, "cut": cut, "quiet": quiet}
    return {"old": old, "new": new, **projects}


def page(world):
    return reverse("plans:carry_forward", args=[world.org.slug, 2569])


def copies(plan):
    """{origin project: copy} in ``plan``."""
    found = Project.objects.filter(program__goal__strategy__plan=plan)
    return {p.carried_from: p for p in found.select_related("carried_from")}


def test_the_state_of_a_project_follows_its_latest_approved_status_and_the_settings():
    state = rules.carry_forward_state
    finished, continued = ["completed", "cancelled"], ["carried_over"]
    kw = {"finished": finished, "continued": continued}
    assert state("completed", funded_next_year=True, **kw) == rules.FINISHED
    assert state("cancelled", funded_next_year=False, **kw) == rules.FINISHED
    assert state("carried_over", funded_next_year=False, **kw) == rules.CONTINUED
    assert state("in_progress", funded_next_year=True, **kw) == rules.CONTINUED
    assert state("delayed", funded_next_year=False, **kw) == rules.UNFINISHED
    assert state("", funded_next_year=False, **kw) == rules.UNFINISHED
    assert state("cancelled", funded_next_year=False, finished=["completed"], continued=[]) == rules.UNFINISHED


def test_the_page_groups_the_projects_and_ticks_the_continued_and_unfinished(world, year_end, client_for):
    response = client_for("planner").get(page(world))
    assert response.status_code == 200
    carry = response.context["carry"]
    groups = {state: {c.project.code for c in candidates} for state, candidates in carry.group_list()}
    assert groups == {
        rules.CONTINUED: {year_end["carried"].code},
        rules.UNFINISHED: {year_end["delayed"].code, "quiet"},
        rules.FINISHED: {"done", "cut"},
    }
    assert carry.plan == year_end["new"] and carry.into_new_plan
    html = response.content.decode()
    for name in ("delayed", "carried", "quiet"):
        assert f'value="{year_end[name].pk}" id="carry-{year_end[name].pk}" checked' in html
    for name in ("done", "cut"):
        assert f'value="{year_end[name].pk}" id="carry-{year_end[name].pk}">' in html
    assert 'id="group-finished"' in html and year_end["new"].name in html
    # the page writes nothing
    assert not ActionPlan.objects.filter(organization=world.org, fiscal_year=2570).exists()


def test_the_default_choice_copies_the_unfinished_and_continued_into_the_new_plan(world, year_end, client_for):
    chosen = [year_end[name].pk for name in ("delayed", "carried", "quiet")]
    response = client_for("planner").post(page(world), {"projects": chosen})
    assert response.status_code == 302
    assert response.url == reverse("plans:action_plan_detail", args=[world.org.slug, 2570])
    made = copies(year_end["new"])
    assert set(made) == {year_end["delayed"], year_end["carried"], year_end["quiet"]}
    assert Project.objects.filter(organization=world.org).count() == 5 + 3  # the old ones stay in the old plan
    action_plan = ActionPlan.objects.get(organization=world.org, fiscal_year=2570)
    assert action_plan.plan == year_end["new"] and action_plan.carried_from == world.plan.action_plan
    assert set(action_plan.items.values_list("project_id", flat=True)) == {p.pk for p in made.values()}
    # each copy: a new code, its budget of 2570 in the plan (= the action plan's), its KPI with 2570 targets
    copy = made[year_end["delayed"]]
    assert copy.code == f"{year_end['delayed'].code}-2570" and copy.department == year_end["delayed"].department
    assert copy.program.goal.strategy.plan == year_end["new"]
    assert copy.program.name == world.plan.program.name
    assert copy.budgets.get(fiscal_year=2570).amount == action_plan.items.get(project=copy).budget
    kpi = Indicator.objects.get(project=copy)
    assert kpi.name == world.plan.indicator.name and kpi.code != world.plan.indicator.code
    assert Target.objects.get(indicator=kpi, fiscal_year=2570, period=0).value == Decimal(200)
    # the old year is left as it was
    assert world.plan.action_plan.items.count() == 5
    assert not Target.objects.filter(indicator=world.plan.indicator, fiscal_year=2570).exists()


def test_the_service_without_a_choice_takes_the_default(world, year_end):
    action_plan_carry_forward(source=world.plan.action_plan)
    assert {p.code for p in copies(year_end["new"])} == {year_end["delayed"].code, year_end["carried"].code, "quiet"}


def test_the_planners_choice_is_honoured_a_finished_project_only_when_ticked(world, year_end, client_for):
    chosen = [year_end["delayed"].pk, year_end["done"].pk]
    response = client_for("planner").post(page(world), {"projects": chosen})
    assert response.status_code == 302
    assert set(copies(year_end["new"])) == {year_end["delayed"], year_end["done"]}
    assert year_end["cut"] not in copies(year_end["new"])
    action_plan = ActionPlan.objects.get(organization=world.org, fiscal_year=2570)
    assert action_plan.items.count() == 2


def test_carrying_forward_twice_duplicates_nothing_and_adds_what_was_left(world, year_end, client_for):
    client = client_for("planner")
    chosen = [year_end["delayed"].pk, year_end["carried"].pk]
    client.post(page(world), {"projects": chosen})
    counts = (
        Project.objects.count(),
        ActionPlanItem.objects.count(),
        Indicator.objects.count(),
        Target.objects.count(),
    )
    response = client.post(page(world), {"projects": chosen}, follow=True)
    assert response.status_code == 200
    assert (
        Project.objects.count(),
        ActionPlanItem.objects.count(),
        Indicator.objects.count(),
        Target.objects.count(),
    ) == counts
    # the page now says they are scheduled, and ticks them
    carry = client.get(page(world)).context["carry"]
    assert {c.project.pk for c in carry.candidates if c.scheduled} == set(chosen)
    # a second run with one more adds only that one
    client.post(page(world), {"projects": [*chosen, year_end["quiet"].pk]})
    assert set(copies(year_end["new"])) == {year_end["delayed"], year_end["carried"], year_end["quiet"]}
    assert ActionPlan.objects.get(organization=world.org, fiscal_year=2570).items.count() == 3


def test_an_action_plan_that_scheduled_the_old_plans_projects_is_mended_not_doubled(world, year_end, client_for):
    """Before, carrying forward scheduled every project of the old plan in the new year: the new plan showed
    none of them. Carrying forward now points the chosen ones at their copies and adds no row."""
    action_plan = ActionPlan.objects.create(
        organization=world.org, plan=year_end["new"], fiscal_year=2570, carried_from=world.plan.action_plan
    )
    for item in world.plan.action_plan.items.all():
        ActionPlanItem.objects.create(
            organization=world.org, action_plan=action_plan, project=item.project, budget=item.budget
        )
    chosen = [year_end[n].pk for n in ("delayed", "carried", "quiet")]
    client_for("planner").post(page(world), {"projects": chosen})
    client_for("planner").post(page(world), {"projects": chosen})
    made = copies(year_end["new"])
    assert set(made) == {year_end["delayed"], year_end["carried"], year_end["quiet"]}
    scheduled = set(action_plan.items.values_list("project_id", flat=True))
    assert scheduled == {p.pk for p in made.values()} | {year_end["done"].pk, year_end["cut"].pk}


def test_the_new_plan_and_its_action_plan_show_the_carried_projects(world, year_end, client_for):
    client = client_for("planner")
    client.post(page(world), {"projects": [year_end[n].pk for n in ("delayed", "carried", "quiet")]})
    plan_page = client.get(reverse("plans:plan_detail", args=[world.org.slug, year_end["new"].pk]))
    assert plan_page.context["tree"].project_count == 3
    html = plan_page.content.decode()
    assert f"{year_end['delayed'].code}-2570" in html and "quiet-2570" in html
    action_page = client.get(reverse("plans:action_plan_detail", args=[world.org.slug, 2570]))
    assert action_page.context["count"] == 3


def test_within_the_same_plan_the_projects_are_scheduled_again_not_copied(world, client_for):
    first, second = world.plan.projects
    report(world, second, 1, ProjectStatus.COMPLETED)
    client = client_for("planner")
    carry = client.get(page(world)).context["carry"]
    assert not carry.into_new_plan and carry.plan == world.plan.plan
    assert [c.project for c in carry.groups[rules.CONTINUED]] == [first]  # funded by the plan in 2570
    assert [c.project for c in carry.groups[rules.FINISHED]] == [second]
    client.post(page(world), {"projects": carry.default_choice()})
    client.post(page(world), {"projects": carry.default_choice()})
    action_plan = ActionPlan.objects.get(organization=world.org, fiscal_year=2570)
    assert list(action_plan.items.values_list("project_id", flat=True)) == [first.pk]
    assert Project.objects.filter(organization=world.org).count() == 2


def test_what_counts_as_finished_is_a_setting(world, year_end, client_for, settings):
    settings.TIDTAM_CARRY_FORWARD = {**settings.TIDTAM_CARRY_FORWARD, "finished": ["completed"]}
    carry = carry_forward_candidates(world.plan.action_plan)
    assert {c.project.code for c in carry.groups[rules.FINISHED]} == {"done"}
    assert year_end["cut"].pk in carry.default_choice()


def test_nothing_chosen_or_a_project_of_another_year_is_refused_and_writes_nothing(world, year_end, client_for):
    client = client_for("planner")
    response = client.post(page(world), {})
    assert response.status_code == 200 and 'id="carry-errors"' in response.content.decode()
    response = client.post(page(world), {"projects": [world.other_plan.projects[0].pk]})
    assert response.status_code == 200 and response.context["form"].errors
    assert not ActionPlan.objects.filter(organization=world.org, fiscal_year=2570).exists()
    assert not Project.objects.filter(carried_from__isnull=False).exists()


def test_without_a_plan_for_the_next_year_the_page_says_so(world, year_end, client_for):
    year_end["new"].delete()
    response = client_for("planner").get(page(world))
    assert response.status_code == 200 and 'id="no-plan"' in response.content.decode()


def test_another_organization_is_refused(world, year_end, client_for):
    client = client_for("outsider")
    assert client.get(page(world)).status_code == 404
    assert client.post(page(world), {"projects": [year_end["delayed"].pk]}).status_code == 404
    assert not Project.objects.filter(carried_from__isnull=False).exists()
    # and another organization's own carry forward never touches บ้านแพน
    other = reverse("plans:carry_forward", args=[world.other_org.slug, 2569])
    assert client.post(other, {"projects": [p.pk for p in world.other_plan.projects]}).status_code == 302
    assert not ActionPlan.objects.filter(organization=world.org, fiscal_year=2570).exists()
    assert ActionPlan.objects.get(organization=world.other_org, fiscal_year=2570).items.count() == 1


@pytest.mark.parametrize("persona", ["reporter", "auditor", "executive"])
def test_roles_that_do_not_plan_are_refused(world, year_end, client_for, persona):
    client = client_for(persona)
    assert client.get(page(world)).status_code == 403
    assert client.post(page(world), {"projects": [year_end["delayed"].pk]}).status_code == 403
    assert not ActionPlan.objects.filter(organization=world.org, fiscal_year=2570).exists()


def test_the_candidates_take_a_fixed_number_of_queries(world, year_end):
    def count():
        with CaptureQueriesContext(connection) as queries:
            carry_forward_candidates(world.plan.action_plan)
        return len(queries)

    before = count()
    for n in range(10):
        add_project(world, f"more-{n}")
    assert count() == before
