"""``manage.py seed_demo``: idempotent, consistent demo data."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import F

from orgs.models import Department, Membership, Organization, Role, User
from plans.models import (
    ActionPlan,
    ActionPlanItem,
    DevelopmentPlan,
    Goal,
    Indicator,
    PlanRevision,
    Program,
    Project,
    ProjectBudget,
    Strategy,
    Target,
)

MODELS = [
    Organization,
    Department,
    User,
    Membership,
    DevelopmentPlan,
    PlanRevision,
    Strategy,
    Goal,
    Program,
    Project,
    ProjectBudget,
    Indicator,
    Target,
    ActionPlan,
    ActionPlanItem,
]

pytestmark = pytest.mark.django_db


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict:
    rows = {model.__name__: model.objects.count() for model in MODELS}
    rows["history"] = sum(model.history.count() for model in MODELS if hasattr(model, "history"))
    return rows


@pytest.fixture
def seeded(db):
    seed()
    return Organization.objects.get(slug="banphaen")


def test_running_twice_creates_nothing_more(seeded):
    before = counts()
    output = seed()
    assert counts() == before  # no new rows and no new history: nothing was saved again
    assert "nothing created or changed" in output


def test_banphaen_shape(seeded):
    org = seeded
    assert Department.objects.for_org(org).count() == 6
    assert 5 <= Strategy.objects.for_org(org).count() <= 7
    assert 80 <= Project.objects.for_org(org).count() <= 150
    works = Department.objects.for_org(org).get(name="กองช่าง")
    assert Project.objects.for_org(org).filter(department=works).count() >= 20
    plans = {plan.fiscal_year: plan for plan in ActionPlan.objects.for_org(org)}
    assert set(plans) == {2569, 2570}
    assert plans[2569].status == ActionPlan.Status.APPROVED
    assert plans[2570].status == ActionPlan.Status.DRAFT
    assert plans[2570].carried_from == plans[2569]
    assert plans[2570].items.count() > 0
    for item in ActionPlanItem.objects.for_org(org).select_related("action_plan"):
        assert item.budget == item.project.budgets.get(fiscal_year=item.action_plan.fiscal_year).amount
    assert Indicator.objects.for_org(org).filter(project=None, strategy=None, goal=None).count() >= 3
    other = Organization.objects.get(slug="banklang")
    assert Project.objects.for_org(other).count() >= 5
    assert ActionPlan.objects.for_org(other).filter(fiscal_year=2569).exists()


def test_every_row_belongs_to_its_organization(seeded):
    for project in Project.objects.select_related("program__goal__strategy__plan", "department"):
        assert project.department.organization_id == project.organization_id
        assert project.program.goal.strategy.plan.organization_id == project.organization_id
    assert not Target.objects.exclude(organization=F("indicator__organization")).exists()
    assert not ProjectBudget.objects.exclude(organization=F("project__organization")).exists()
    assert not ActionPlanItem.objects.exclude(organization=F("project__organization")).exists()
    assert not ActionPlanItem.objects.exclude(organization=F("action_plan__organization")).exists()


def test_every_indicator_is_valid(seeded):
    for indicator in Indicator.objects.all():
        indicator.full_clean()


def test_quarter_targets_agree_with_the_annual_target(seeded):
    sums = 0
    for indicator in Indicator.objects.prefetch_related("targets"):
        by_year = {}
        for target in indicator.targets.all():
            by_year.setdefault(target.fiscal_year, {})[target.period] = target.value
        assert set(by_year) == {2569, 2570}, indicator
        for year, periods in by_year.items():
            annual, quarters = periods[Target.ANNUAL], [periods[q] for q in (1, 2, 3, 4)]
            if indicator.aggregation == Indicator.Aggregation.SUM:
                sums += 1
                assert sum(quarters) == annual, (indicator, year)
            elif indicator.aggregation in (Indicator.Aggregation.CUMULATIVE, Indicator.Aggregation.LATEST):
                assert quarters[-1] == annual, (indicator, year)
            elif indicator.aggregation == Indicator.Aggregation.RATIO:
                assert all(q == annual for q in quarters), (indicator, year)
    assert sums > 50


def test_if_empty_does_nothing_when_data_exists(seeded):
    before = counts()
    output = seed("--if-empty")
    assert "did nothing" in output
    assert counts() == before


def test_if_empty_seeds_an_empty_database(db):
    seed("--if-empty")
    assert Organization.objects.filter(slug__in=["banphaen", "banklang"]).count() == 2


def test_demo_users(seeded):
    password = settings.TIDTAM_DEMO_PASSWORD
    roles = {
        "admin": Role.ADMIN,
        "planner": Role.PLANNER,
        "reporter": Role.REPORTER,
        "auditor": Role.AUDITOR,
        "executive": Role.EXECUTIVE,
    }
    for username, role in roles.items():
        user = User.objects.get(username=username)
        assert user.check_password(password)
        assert user.language == "th"
        assert user.first_name
        assert Membership.objects.filter(user=user, organization=seeded, role=role).exists()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser
    assert admin.is_staff
    reporter = Membership.objects.get(user__username="reporter")
    assert reporter.department.name == "กองช่าง"
    other = User.objects.get(username="other")
    assert other.check_password(password)
    assert list(other.memberships.values_list("organization__slug", "role")) == [("banklang", Role.PLANNER)]


def test_rerun_keeps_changed_passwords_unless_asked(seeded):
    user = User.objects.get(username="planner")
    user.set_password("changed-by-the-user")
    user.save()
    seed()
    user.refresh_from_db()
    assert user.check_password("changed-by-the-user")
    seed("--reset-passwords")
    user.refresh_from_db()
    assert user.check_password(settings.TIDTAM_DEMO_PASSWORD)
