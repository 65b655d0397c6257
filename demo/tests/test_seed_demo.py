"""``manage.py seed_demo``: idempotent, consistent demo data, including monitoring data users could have made.

Seeding takes seconds, so it runs once for this module (``seeded_db``), inside a transaction that is
rolled back afterwards; every test runs in a savepoint within it, so what a test changes is undone.
"""

import subprocess
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from core.money import format_baht
from dashboard.models import Publication
from demo import evaluation_data
from demo.evaluation import HALF_APPROVED, STEPS_SAVED, moment
from demo.monitoring import NOW
from evaluation import rollup
from evaluation.findings import later_projects, overdue, use_counts
from evaluation.models import Evaluation, Factor, Finding, FollowUp, ReadinessStep, Round
from monitoring.models import (
    Evidence,
    IndicatorResult,
    MonitoringPolicy,
    ProgressReport,
    ProjectStatus,
    ReportEvent,
    ReportingPeriod,
    ReportState,
)
from monitoring.periods import policy_for
from monitoring.rules import ReportContext, report_errors, result_errors, submit_errors
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
from reports.builders.form3_1 import evaluations_by_strategy
from reports.deadlines import deadlines
from reports.models import AnnualReport

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
    MonitoringPolicy,
    ReportingPeriod,
    ProgressReport,
    IndicatorResult,
    ReportEvent,
    Evidence,
    Evaluation,
    Factor,
    Finding,
    FollowUp,
    AnnualReport,
    ReadinessStep,
    Publication,
]
REPORT_FIELDS = [
    "project_status",
    "percent_complete",
    "disbursed",
    "over_budget_reason",
    "narrative",
    "problems",
    "solutions",
]

pytestmark = pytest.mark.django_db


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts(media) -> dict:
    rows = {model.__name__: model.objects.count() for model in MODELS}
    rows["history"] = sum(model.history.count() for model in MODELS if hasattr(model, "history"))
    rows["files"] = sum(1 for path in media.rglob("*") if path.is_file())
    return rows


def fy2569_items(org):
    return ActionPlanItem.objects.for_org(org).filter(action_plan__fiscal_year=2569).select_related("project")


def local_date(moment):
    return timezone.localtime(moment).date()


# -- the command --------------------------------------------------------------------------------------


def test_if_empty_seeds_an_empty_database(seeded_db, seeded):
    assert seeded_db.was_empty
    assert "Created" in seeded_db.output
    assert Organization.objects.filter(slug__in=["banphaen", "banklang"]).count() == 2
    assert "banphaen monitoring:" in seeded_db.output


def test_running_twice_creates_nothing_more(seeded_db, seeded):
    before = counts(seeded_db.media)
    assert before["Publication"] == 2 and before["files"] > 2  # the two reports' PDFs among the files
    output = seed()
    assert counts(seeded_db.media) == before  # no new rows, history or files: nothing was saved again
    assert "nothing created or changed" in output


def test_if_empty_does_nothing_when_data_exists(seeded_db, seeded):
    before = counts(seeded_db.media)
    output = seed("--if-empty")
    assert "did nothing" in output
    assert counts(seeded_db.media) == before


# -- plans and users ----------------------------------------------------------------------------------


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
    kinds = set(Indicator.objects.for_org(org).filter(project__isnull=False).values_list("measure_type", flat=True))
    assert kinds == set(Indicator.MeasureType.values)
    assert Indicator.objects.for_org(org).exclude(disaggregation_categories="").exists()
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
    assert not ProgressReport.objects.exclude(organization=F("project__organization")).exists()
    assert not ProgressReport.objects.exclude(organization=F("period__organization")).exists()
    assert not ProgressReport.objects.exclude(department=F("project__department")).exists()
    assert not IndicatorResult.objects.exclude(organization=F("indicator__organization")).exists()
    assert not ReportEvent.objects.exclude(organization=F("report__organization")).exists()
    assert not Evidence.objects.exclude(organization=F("report__organization")).exists()


def test_every_indicator_is_valid(seeded):
    for indicator in Indicator.objects.all():
        indicator.full_clean()


def test_quarter_targets_agree_with_the_annual_target(seeded):
    sums = 0
    for indicator in Indicator.objects.prefetch_related("targets"):
        by_year = {}
        for target in indicator.targets.all():
            by_year.setdefault(target.fiscal_year, {})[target.period] = target
        assert set(by_year) == {2569, 2570}, indicator
        for year, periods in by_year.items():
            annual, quarters = periods[Target.ANNUAL].value, [periods[q].value for q in (1, 2, 3, 4)]
            if indicator.measure_type == Indicator.MeasureType.TEXT:
                assert periods[Target.ANNUAL].text and periods[4].text, (indicator, year)
            elif indicator.aggregation == Indicator.Aggregation.SUM:
                sums += 1
                assert sum(quarters) == annual, (indicator, year)
            elif indicator.aggregation in (Indicator.Aggregation.CUMULATIVE, Indicator.Aggregation.LATEST):
                assert quarters[-1] == annual, (indicator, year)
            elif indicator.aggregation == Indicator.Aggregation.RATIO:
                assert all(q == annual for q in quarters), (indicator, year)
    assert sums > 50


def test_demo_users(seeded):
    password = settings.TIDTAM_DEMO_PASSWORD
    roles = {
        "admin": Role.ADMIN,
        "planner": Role.PLANNER,
        "reporter": Role.REPORTER,
        "auditor": Role.AUDITOR,
        "executive": Role.EXECUTIVE,
        "hr": Role.HR,
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


# -- monitoring: FY2569 reported in full ---------------------------------------------------------------


def test_every_fy2569_project_has_four_reports(seeded):
    periods = {p.number: p for p in ReportingPeriod.objects.for_org(seeded).filter(fiscal_year=2569)}
    assert set(periods) == {1, 2, 3, 4}
    assert [periods[n].state for n in (1, 2, 3, 4)] == ["locked", "locked", "locked", "closed"]
    items = list(fy2569_items(seeded))
    numbers = defaultdict(list)
    for project_id, number in (
        ProgressReport.objects.for_org(seeded)
        .filter(period__fiscal_year=2569)
        .values_list("project_id", "period__number")
    ):
        numbers[project_id].append(number)
    assert {item.project_id: sorted(numbers[item.project_id]) for item in items} == {
        item.project_id: [1, 2, 3, 4] for item in items
    }
    assert len(numbers) == len(items)  # no report of a project outside the action plan


def test_fy2569_states_most_approved_some_returned_and_late(seeded):
    reports = list(ProgressReport.objects.for_org(seeded).filter(period__fiscal_year=2569).select_related("period"))
    states = Counter(r.state for r in reports)
    assert states[ReportState.APPROVED] >= 0.9 * len(reports)
    assert states[ReportState.DRAFT] == 0
    returned = [r for r in reports if r.state == ReportState.RETURNED]
    assert returned and all(r.return_reason for r in returned)
    late = [r for r in reports if r.submitted_at and local_date(r.submitted_at) > r.period.deadline]
    assert 1 <= len(late) <= 0.15 * len(reports)
    for report in reports:
        assert report.submitted_at is not None
        if report.state == ReportState.APPROVED:
            assert report.approved_at > report.submitted_at
            assert not report.return_reason
        # a late report still came within the grace days, while the period accepted it
        assert local_date(report.submitted_at) <= report.period.deadline + timedelta(days=7)


def test_fy2569_projects_progress_through_the_year(seeded):
    reports = defaultdict(dict)
    for report in ProgressReport.objects.for_org(seeded).filter(period__fiscal_year=2569).select_related("period"):
        reports[report.project_id][report.period.number] = report
    q4 = Counter(by_quarter[4].project_status for by_quarter in reports.values())
    assert q4[ProjectStatus.COMPLETED] >= 0.8 * len(reports)
    assert q4[ProjectStatus.DELAYED] >= 2
    assert 1 <= q4[ProjectStatus.CANCELLED] <= 2
    assert q4[ProjectStatus.CARRIED_OVER] == 1
    for by_quarter in reports.values():
        percents = [by_quarter[q].percent_complete for q in (1, 2, 3, 4) if by_quarter[q].percent_complete is not None]
        assert percents == sorted(percents)
        for q in (1, 2, 3, 4):
            report = by_quarter[q]
            assert report.narrative
            if report.project_status == ProjectStatus.COMPLETED:
                assert report.percent_complete == 100


def test_disbursed_to_date_never_exceeds_the_budget_without_a_reason(seeded):
    items = {item.project_id: item for item in fy2569_items(seeded)}
    to_date = defaultdict(Decimal)
    shares = {}
    for report in (
        ProgressReport.objects.for_org(seeded).filter(period__fiscal_year=2569).order_by("project_id", "period__number")
    ):
        budget = items[report.project_id].budget
        to_date[report.project_id] += report.disbursed
        if to_date[report.project_id] > budget:
            assert report.over_budget_reason, report
        if report.period.number == 4:
            shares[report.project_id] = (to_date[report.project_id] / budget, report.project_status)
    completed = [share for share, status in shares.values() if status == ProjectStatus.COMPLETED]
    assert all(Decimal("0.6") <= share <= Decimal("1.05") for share in completed)
    assert all(share == 0 for share, status in shares.values() if status == ProjectStatus.CANCELLED)


def test_reports_and_results_pass_the_apps_own_rules(seeded):
    """Every saved report and result would have passed the forms; submitted ones the submit check."""
    items = {
        (item.action_plan.fiscal_year, item.project_id): item
        for item in ActionPlanItem.objects.for_org(seeded).select_related("action_plan")
    }
    before, previous = defaultdict(Decimal), defaultdict(dict)
    reports = (
        ProgressReport.objects.for_org(seeded)
        .select_related("period", "project")
        .prefetch_related("results__indicator", "project__indicators")
        .order_by("period__fiscal_year", "period__number", "pk")
    )
    for report in reports:
        key = (report.period.fiscal_year, report.project_id)
        context = ReportContext(
            budget=items[key].budget, disbursed_before=before[key], previous_values=dict(previous[key])
        )
        assert report_errors({name: getattr(report, name) for name in REPORT_FIELDS}, context) == {}, report
        results = {result.indicator_id: result for result in report.results.all()}
        for result in results.values():
            assert result.state == report.state
            data = {
                "value": result.value,
                "numerator": result.numerator,
                "denominator": result.denominator,
                "breakdown": {k: Decimal(v) for k, v in result.breakdown.items()},
                "comment": result.comment,
            }
            assert result_errors(result.indicator, data, context) == {}, (report, result.indicator)
            if result.value is not None:
                previous[key][result.indicator_id] = result.value
        if report.state in (ReportState.SUBMITTED, ReportState.APPROVED):
            assert submit_errors(report, results, list(report.project.indicators.all())) == [], report
        before[key] += report.disbursed or 0


def test_results_take_each_measure_types_form(seeded):
    results = IndicatorResult.objects.for_org(seeded).select_related("indicator")
    forms = Counter()
    for result in results:
        kind = result.indicator.measure_type
        forms[kind] += 1
        assert not result.is_empty
        if kind == Indicator.MeasureType.NUMBER:
            assert result.value is not None and result.numerator is None
            if result.indicator.categories:
                forms["disaggregated"] += 1
                assert set(result.breakdown) == set(result.indicator.categories)
                assert all(isinstance(part, str) for part in result.breakdown.values())
                assert sum(Decimal(part) for part in result.breakdown.values()) == result.value
        elif kind == Indicator.MeasureType.PERCENTAGE:
            assert result.value is None
            assert 0 <= result.numerator <= result.denominator
        elif kind == Indicator.MeasureType.YES_NO:
            assert result.yes_no is not None
        else:
            assert result.text
    assert all(forms[kind] > 0 for kind in [*Indicator.MeasureType.values, "disaggregated"]), forms


def test_cumulative_results_never_go_down(seeded):
    series = defaultdict(list)
    for indicator_id, year, value in (
        IndicatorResult.objects.for_org(seeded)
        .filter(indicator__aggregation=Indicator.Aggregation.CUMULATIVE)
        .order_by("period__fiscal_year", "period__number")
        .values_list("indicator_id", "period__fiscal_year", "value")
    ):
        series[(indicator_id, year)].append(value)
    assert len(series) >= 5
    for values in series.values():
        assert values == sorted(values)


def test_organization_and_strategy_kpis_are_entered_by_the_planner_and_approved_by_the_audit_unit(seeded):
    kpis = list(Indicator.objects.for_org(seeded).filter(project=None))
    assert kpis
    assert policy_for(seeded).planner_enters_org_results
    for kpi in kpis:
        results = IndicatorResult.objects.filter(indicator=kpi, period__fiscal_year=2569)
        assert sorted(results.values_list("period__number", flat=True)) == [1, 2, 3, 4], kpi
        assert set(results.values_list("state", "report")) == {(ReportState.APPROVED, None)}
        for result in results:
            assert result.entered_by.username == "planner"
            steps = list(result.history.order_by("history_date").values_list("state", "history_user__username"))
            assert steps == [(ReportState.SUBMITTED, "planner"), (ReportState.APPROVED, "auditor")]
            assert result.history.earliest("history_date").history_date < result.updated_at


def test_timeline_follows_the_workflow(seeded):
    reports = (
        ProgressReport.objects.for_org(seeded)
        .select_related("project__department")
        .prefetch_related("events__actor")
        .order_by("pk")
    )
    A = ReportEvent.Action
    for report in reports:
        events = list(report.events.all())
        actions = [e.action for e in events if e.action != A.EVIDENCE_ADDED]
        assert actions[0] == A.SAVED
        assert all(e.at <= NOW for e in events)
        assert [e.at for e in events] == sorted(e.at for e in events)
        assert report.updated_at <= NOW
        reporter = "reporter" if report.project.department.name == "กองช่าง" else "planner"
        for event in events:
            expected = "auditor" if event.action in (A.APPROVED, A.RETURNED) else reporter
            assert event.actor.username == expected, (report, event)
        expected_last = {
            ReportState.DRAFT: A.SAVED,
            ReportState.SUBMITTED: A.SUBMITTED,
            ReportState.RETURNED: A.RETURNED,
            ReportState.APPROVED: A.APPROVED,
        }[report.state]
        assert actions[-1] == expected_last, report
        if A.RETURNED in actions and report.state == ReportState.APPROVED:  # returned, fixed, approved
            assert actions[actions.index(A.RETURNED) :] == [A.RETURNED, A.SAVED, A.SUBMITTED, A.APPROVED]
        history = list(report.history.order_by("history_date"))
        assert history[0].history_type == "+" and history[0].history_date <= events[0].at
        assert history[-1].state == report.state


# -- monitoring: FY2570 Q1 in progress ------------------------------------------------------------------


def test_fy2570_q1_is_in_progress(seeded):
    periods = ReportingPeriod.objects.for_org(seeded).filter(fiscal_year=2570).order_by("number")
    assert [p.number for p in periods] == [1, 2, 3, 4]
    q1 = periods[0]
    planned = ActionPlanItem.objects.for_org(seeded).filter(action_plan__fiscal_year=2570).count()
    reports = ProgressReport.objects.for_org(seeded).filter(period=q1)
    states = Counter(reports.values_list("state", flat=True))
    assert states[ReportState.DRAFT] > states[ReportState.SUBMITTED] > 0
    assert states[ReportState.APPROVED] >= 1
    assert 0.3 * planned <= reports.count() < 0.7 * planned  # about half; some projects untouched
    planned_by_department = Counter(
        ActionPlanItem.objects.for_org(seeded)
        .filter(action_plan__fiscal_year=2570)
        .values_list("project__department_id", flat=True)
    )
    reported = Counter(reports.values_list("department_id", flat=True))
    for department_id, count in planned_by_department.items():  # every department started, none finished
        assert 1 <= reported[department_id] <= max(1, count - 1), department_id
    works = reports.filter(department__name="กองช่าง")
    assert works.filter(state=ReportState.DRAFT).exists()
    assert not ProgressReport.objects.for_org(seeded).filter(period__fiscal_year=2570, period__number__gt=1).exists()
    assert not reports.filter(submitted_at__date__gt=q1.deadline).exists()


# -- evidence -------------------------------------------------------------------------------------------


def test_evidence_photos_have_files_and_thumbnails(seeded):
    evidence = list(Evidence.objects.for_org(seeded).select_related("report__period"))
    reports = {year: {e.report_id for e in evidence if e.report.period.fiscal_year == year} for year in (2569, 2570)}
    assert 20 <= len(reports[2569]) <= 30
    assert 3 <= len(reports[2570]) <= 6
    for item in evidence:
        assert item.content_type == "image/jpeg" and item.is_image
        assert item.file.storage.exists(item.file.name)
        assert item.thumbnail and item.thumbnail.storage.exists(item.thumbnail.name)
        with item.file.open("rb") as f, Image.open(f) as photo:
            assert photo.size == (800, 600)
        with item.thumbnail.open("rb") as f, Image.open(f) as thumbnail:
            assert max(thumbnail.size) <= 320
        assert item.uploaded_at <= NOW
        assert ReportEvent.objects.filter(
            report=item.report, action=ReportEvent.Action.EVIDENCE_ADDED, note=item.original_name
        ).exists()


# -- evaluation: FY2569 evaluated, findings followed up, the annual report's record ---------------------------


def shown(value) -> str:
    """A percentage as the demo's texts write it (two places)."""
    return f"{Decimal(value).quantize(Decimal('0.01'), ROUND_HALF_UP):,.2f}"


def fy2569_evaluations(org):
    return list(
        Evaluation.objects.for_org(org)
        .filter(fiscal_year=2569)
        .select_related("strategy", "project", "approved_by")
        .prefetch_related("factors")
    )


def test_fy2569_is_evaluated_by_strategy_for_the_whole_plan_and_for_notable_projects(seeded):
    evaluations = fy2569_evaluations(seeded)
    plan = ActionPlan.objects.for_org(seeded).get(fiscal_year=2569).plan
    strategies = set(Strategy.objects.for_org(seeded).filter(plan=plan).values_list("pk", flat=True))
    by_strategy = [e for e in evaluations if e.strategy_id]
    assert sorted(e.strategy_id for e in by_strategy) == sorted(strategies)  # one each
    assert {e.round for e in by_strategy} == {Round.YEAR}
    whole = [e for e in evaluations if not e.strategy_id and not e.project_id]
    assert sorted(e.round for e in whole) == [Round.HALF, Round.YEAR]
    by_project = [e for e in evaluations if e.project_id]
    assert 2 <= len(by_project) <= 3
    figures = rollup.year_figures(seeded, 2569)
    status = {p.project.pk: p.status for p in figures.projects}
    assert all(status[e.project_id] not in (ProjectStatus.COMPLETED, ProjectStatus.CANCELLED) for e in by_project)
    for e in evaluations:
        assert e.state == Evaluation.State.APPROVED and e.approved_by.username == "auditor", e
        assert e.summary and e.success_reasons and e.failure_reasons and e.recommendations, e
        assert e.objective_achieved in Evaluation.Achieved.values
        factors = list(e.factors.all())
        assert 2 <= len(factors) <= 3, e
        assert {f.kind for f in factors} == set(Factor.Kind.values), e  # what helped and what hindered
        assert all(f.organization_id == seeded.pk and f.category in Factor.Category.values for f in factors)
        history = sorted(e.history.all(), key=lambda h: h.history_date)
        assert history[0].history_type == "+" and history[0].state == Evaluation.State.DRAFT
        assert history[-1].state == Evaluation.State.APPROVED and history[-1].history_date == e.approved_at
        assert history[0].history_date < e.approved_at <= NOW
    approved = {e.round: timezone.localtime(e.approved_at).date() for e in whole}
    assert approved[Round.HALF] < date(2026, 10, 1) < approved[Round.YEAR]  # after Q2, and after the year
    # Form 3/1 and the annual report show them: each strategy its own, the whole plan both rounds
    shown_by = evaluations_by_strategy(seeded, 2569)
    assert {pk: len(found) for pk, found in shown_by.items()} == {**dict.fromkeys(strategies, 1), None: 2}


def test_evaluation_texts_quote_the_approved_figures(seeded):
    year = rollup.year_figures(seeded, 2569)
    half = rollup.year_figures(seeded, 2569, upto=2)
    evaluations = fy2569_evaluations(seeded)
    for group in year.strategies:
        e = next(e for e in evaluations if e.strategy_id == group.pk)
        assert f"{group.completed} โครงการ คิดเป็นร้อยละ {shown(group.completed_share)}" in e.summary
        assert format_baht(group.disbursed, unit=False) in e.summary and f"ร้อยละ {shown(group.rate)}" in e.summary
        for p in group.projects:  # every project not completed is named, and only those
            named = p.project.name in e.summary
            assert named == (p.status != ProjectStatus.COMPLETED), (e, p.project)
        achieved = group.completed_share >= 90 and group.score >= 85
        assert (e.objective_achieved == Evaluation.Achieved.YES) == achieved, e
    plan = {e.round: e for e in evaluations if not e.strategy_id and not e.project_id}
    for round_, figures in ((Round.YEAR, year), (Round.HALF, half)):
        org = figures.organization
        assert f"ร้อยละ {shown(org.completed_share)}" in plan[round_].summary, round_
        assert format_baht(org.disbursed, unit=False) in plan[round_].summary, round_
    assert half.organization.completed < year.organization.completed
    assert half.organization.disbursed < year.organization.disbursed
    assert plan[Round.HALF].objective_achieved == Evaluation.Achieved.PARTLY
    # a project's reasons are what its department reported
    for e in (e for e in evaluations if e.project_id):
        reported = set(
            ProgressReport.objects.for_org(seeded)
            .filter(project=e.project, period__fiscal_year=2569, state=ReportState.APPROVED)
            .values_list("problems", flat=True)
        )
        assert e.failure_reasons in reported, e


def test_findings_and_recommendations_are_followed_up(seeded):
    findings = list(
        Finding.objects.for_org(seeded)
        .filter(fiscal_year=2569)
        .select_related("owner", "evaluation")
        .prefetch_related("follow_ups__author", "projects", "strategies", "used_in")
    )
    assert 6 <= len(findings) <= 10
    assert set(Counter(f.status for f in findings)) == set(Finding.Status.values)
    assert {f.source for f in findings} == set(Finding.Source.values)
    assert {f.kind for f in findings} == set(Finding.Kind.values)
    assert len({f.owner_id for f in findings}) >= 4
    scheduled = set(fy2569_items(seeded).values_list("project_id", flat=True))
    for f in findings:
        assert f.owner.organization_id == seeded.pk
        assert (f.status == Finding.Status.NOT_ADOPTED) == bool(f.not_adopted_reason), f
        assert f.due_on or f.status == Finding.Status.NOT_ADOPTED, f
        if f.evaluation:
            assert f.evaluation.fiscal_year == 2569 and f.evaluation.state == Evaluation.State.APPROVED
        assert {p.pk for p in f.projects.all()} <= scheduled, f
        assert all(s.organization_id == seeded.pk for s in f.strategies.all())
        raised = min(h.history_date for h in f.history.all())
        follow_ups = list(f.follow_ups.all())
        if f.status in (Finding.Status.IN_PROGRESS, Finding.Status.DONE):
            assert follow_ups, f
        for note in follow_ups:
            assert timezone.localtime(raised).date() <= note.on <= NOW.date() and note.note and note.author, f
            assert note.organization_id == seeded.pk
    assert any(f.projects.all() for f in findings) and any(f.strategies.all() for f in findings)
    used = [f for f in findings if f.used_in.all()]
    assert 1 <= len(used) <= 2 and all(f.kind == Finding.Kind.RECOMMENDATION for f in used)
    later = set(later_projects(seeded, 2569).values_list("pk", flat=True))
    fy2570 = ActionPlanItem.objects.for_org(seeded).filter(action_plan__fiscal_year=2570)
    fy2570 = set(fy2570.values_list("project_id", flat=True))
    assert all({p.pk for p in f.used_in.all()} <= later & fy2570 for f in used)
    recommendations = sum(1 for f in findings if f.kind == Finding.Kind.RECOMMENDATION)
    assert use_counts(seeded, fiscal_year=2569) == (len(used), recommendations - len(used))
    assert overdue(seeded, NOW.date()).exists()  # one is past its due date and still in progress
    assert FollowUp.objects.for_org(seeded).count() == sum(len(f.follow_ups.all()) for f in findings)


def test_the_annual_report_record_of_fy2569(seeded):
    record = AnnualReport.objects.for_org(seeded).get(fiscal_year=2569)
    members = record.committee.splitlines()
    assert 5 <= len(members) <= 7
    assert all(m.startswith(("นาย", "นาง")) for m in members)
    kinds = ("ประธานกรรมการ", "กรรมการและเลขานุการ", "กรรมการ")
    roles = Counter(next(role for role in kinds if m.endswith(role)) for m in members)
    assert roles["ประธานกรรมการ"] == 1 and roles["กรรมการและเลขานุการ"] == 1 and roles["กรรมการ"] == len(members) - 2
    org = rollup.year_figures(seeded, 2569).organization
    assert f"ร้อยละ {shown(org.completed_share)}" in record.conclusion
    assert format_baht(org.disbursed, unit=False) in record.conclusion
    assert record.reported_to_executive == evaluation_data.REPORTED_TO_EXECUTIVE
    assert (record.presented_to_council, record.announced_on, record.posted_until) == (None, None, None)
    assert record.version == 1 and record.updated_by.username == "auditor"
    steps = {d.key: d.state for d in deadlines(record, 2569, date(2026, 11, 27))}
    assert steps == {"reported": "done", "presented": "open", "announced": "waiting", "posted": "waiting"}


def test_the_ten_steps_of_fy2569(seeded):
    steps = {s.step: s for s in ReadinessStep.objects.for_org(seeded).filter(fiscal_year=2569)}
    assert sorted(steps) == list(range(1, 11))
    statuses = Counter(s.status for s in steps.values())
    assert statuses[ReadinessStep.Status.DONE] >= 5 and statuses[ReadinessStep.Status.PARTLY] >= 1
    assert all(s.notes for s in steps.values())
    assert steps[7].status == ReadinessStep.Status.DONE  # the evaluations above are approved


# -- publications: the public results page ------------------------------------------------------------


def pdf_text(content: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


def test_the_six_month_report_is_built_and_published(seeded_db, seeded):
    publication = Publication.objects.for_org(seeded).get(kind=Publication.Kind.SIX_MONTH, fiscal_year=2569)
    assert publication.is_published and publication.source == Publication.Source.BUILT
    assert publication.published_by.username == "auditor" and publication.created_by.username == "auditor"
    # built after the committee approved the six-month evaluation, published before "today" in the story
    assert moment(HALF_APPROVED) < publication.created_at < publication.published_at < NOW
    assert all(moment(HALF_APPROVED) < h.history_date < NOW for h in publication.history.all())
    assert publication.history.count() == 3  # created, its PDF attached, published
    path = seeded_db.media / publication.file.name
    assert path.is_file() and path.stat().st_size == publication.size
    content = path.read_bytes()
    assert content.startswith(b"%PDF-")
    assert "บ้านแพน" in pdf_text(content)
    figures = rollup.year_figures(seeded, 2569, upto=2).organization
    assert publication.figures["upto"] == 2
    assert publication.figures["total"]["planned"] == figures.planned
    assert publication.figures["total"]["completed"] == figures.completed


def test_the_annual_report_is_built_and_left_a_draft(seeded_db, seeded):
    draft = Publication.objects.for_org(seeded).get(kind=Publication.Kind.ANNUAL, fiscal_year=2569)
    assert not draft.is_published and draft.published_at is None and draft.figures == {}
    assert draft.source == Publication.Source.BUILT and (seeded_db.media / draft.file.name).is_file()
    assert moment(STEPS_SAVED) < draft.created_at < NOW
    assert "บ้านแพน" in pdf_text((seeded_db.media / draft.file.name).read_bytes())
    record = AnnualReport.objects.for_org(seeded).get(fiscal_year=2569)
    assert record.presented_to_council is None  # why it is not public yet


def test_the_public_page_shows_the_published_report_to_anyone(seeded_db, seeded):
    published = Publication.objects.for_org(seeded).get(kind=Publication.Kind.SIX_MONTH, fiscal_year=2569)
    draft = Publication.objects.for_org(seeded).get(kind=Publication.Kind.ANNUAL, fiscal_year=2569)
    anonymous = Client()
    response = anonymous.get(reverse("public:org", args=[seeded.slug]))
    assert response.status_code == 200
    html = response.text
    published_url = reverse("public:document", args=[seeded.slug, published.pk])
    draft_url = reverse("public:document", args=[seeded.slug, draft.pk])
    assert 'id="fy-2569"' in html and published.title in html and published_url in html
    assert draft.title not in html and draft_url not in html
    document = anonymous.get(published_url)
    assert document.status_code == 200 and document["Content-Type"] == "application/pdf"
    assert b"".join(document.streaming_content) == (seeded_db.media / published.file.name).read_bytes()
    assert anonymous.get(draft_url).status_code == 404
