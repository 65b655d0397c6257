"""What the API reads and writes. Writes are validated again by the screens' own forms (and through them
by plans/rules.py and monitoring/rules.py); these serializers give the shapes and the field types."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.calendar import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR
from core.params import MAX_ID
from evaluation.achievement import KpiStatus
from monitoring.models import IndicatorResult, ProgressReport, ProjectStatus, ReportingPeriod
from orgs.models import Department, Organization
from plans.forms import IndicatorForm, ProjectForm
from plans.models import ActionPlan, DevelopmentPlan, Indicator, Program, Project, Strategy, Target

VALUE = {"max_digits": 18, "decimal_places": 4}


def _id(**kwargs):
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def _value(**kwargs):
    return serializers.DecimalField(**VALUE, required=False, allow_null=True, **kwargs)


# Organizations ----------------------------------------------------------------------------------------


class OrganizationSerializer(serializers.ModelSerializer):
    roles = serializers.ListField(child=serializers.CharField(), read_only=True, help_text=_("Your roles there."))

    class Meta:
        model = Organization
        fields = ["slug", "name", "kind", "province", "district", "roles"]


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "name", "short_name", "order"]


# The plan ---------------------------------------------------------------------------------------------


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = DevelopmentPlan
        fields = ["id", "name", "first_year", "last_year", "approved_on", "note"]


class ActionPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionPlan
        fields = ["id", "fiscal_year", "plan", "status", "approved_on", "note"]


class StrategySerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="plan_id", read_only=True)

    class Meta:
        model = Strategy
        fields = ["id", "plan", "number", "name", "objective", "order"]
        read_only_fields = ["order"]


class StrategyCreateSerializer(StrategySerializer):
    plan = _id(source="plan_id", help_text=_("The development plan the strategy belongs to."))


class ProgramSerializer(serializers.ModelSerializer):
    goal = serializers.IntegerField(source="goal_id", read_only=True)
    goal_number = serializers.CharField(source="goal.number", read_only=True)
    goal_name = serializers.CharField(source="goal.name", read_only=True)
    strategy = serializers.IntegerField(source="goal.strategy_id", read_only=True)
    plan = serializers.IntegerField(source="goal.strategy.plan_id", read_only=True)

    class Meta:
        model = Program
        fields = ["id", "name", "goal", "goal_number", "goal_name", "strategy", "plan", "order"]


class BudgetSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField(min_value=FIRST_FISCAL_YEAR, max_value=LAST_FISCAL_YEAR)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)


class ProjectSerializer(serializers.ModelSerializer):
    program = _id(source="program_id")
    department = _id(source="department_id")
    revision = _id(source="revision_id", required=False, allow_null=True)
    strategy = serializers.IntegerField(source="program.goal.strategy_id", read_only=True)
    plan = serializers.IntegerField(source="program.goal.strategy.plan_id", read_only=True)
    budgets = BudgetSerializer(
        many=True, required=False, help_text=_("The development plan's budget per fiscal year (form ผ.02).")
    )

    class Meta:
        model = Project
        fields = ["id", *ProjectForm.Meta.fields, "order", "strategy", "plan", "budgets"]
        read_only_fields = ["order"]
        extra_kwargs = {"code": {"validators": []}}


class IndicatorSerializer(serializers.ModelSerializer):
    """An indicator (KPI). Its owner — a project, a goal, a strategy, or none for the organization — is
    chosen when it is created."""

    project = serializers.IntegerField(source="project_id", read_only=True, allow_null=True)
    goal = serializers.IntegerField(source="goal_id", read_only=True, allow_null=True)
    strategy = serializers.IntegerField(source="strategy_id", read_only=True, allow_null=True)
    department = _id(source="department_id", required=False, allow_null=True)

    class Meta:
        model = Indicator
        fields = list(dict.fromkeys(["id", "code", "project", "goal", "strategy", *IndicatorForm.Meta.fields]))
        read_only_fields = [] if "code" in IndicatorForm.Meta.fields else ["code"]
        extra_kwargs = {"code": {"validators": []}}


class IndicatorCreateSerializer(IndicatorSerializer):
    project = _id(source="project_id", required=False, allow_null=True)
    goal = _id(source="goal_id", required=False, allow_null=True)
    strategy = _id(source="strategy_id", required=False, allow_null=True)


class TargetSerializer(serializers.ModelSerializer):
    indicator = serializers.IntegerField(source="indicator_id", read_only=True)

    class Meta:
        model = Target
        fields = ["id", "indicator", "fiscal_year", "period", "value", "text"]


class TargetCheckSerializer(serializers.Serializer):
    annual = serializers.DecimalField(**VALUE, allow_null=True, read_only=True)
    implied = serializers.DecimalField(
        **VALUE, allow_null=True, read_only=True, help_text=_("The annual target the quarter targets add up to.")
    )
    difference = serializers.DecimalField(**VALUE, allow_null=True, read_only=True)
    agrees = serializers.BooleanField(read_only=True)


TARGET_FIELDS = {"annual": 0, "q1": 1, "q2": 2, "q3": 3, "q4": 4}


class YearTargetsSerializer(serializers.Serializer):
    """The annual target and the four quarter targets of one indicator in one fiscal year: numbers (as
    strings), or texts for a qualitative indicator; null or empty removes one."""

    indicator = serializers.IntegerField(read_only=True)
    fiscal_year = serializers.IntegerField(read_only=True)
    annual = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=500)
    q1 = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=500)
    q2 = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=500)
    q3 = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=500)
    q4 = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=500)
    check = TargetCheckSerializer(read_only=True, allow_null=True)


# Monitoring -------------------------------------------------------------------------------------------


class PeriodSerializer(serializers.ModelSerializer):
    effective_state = serializers.ChoiceField(
        choices=ReportingPeriod.State.choices,
        read_only=True,
        help_text=_("The state that applies today (an open period past its deadline and grace days is closed)."),
    )

    class Meta:
        model = ReportingPeriod
        fields = [
            "id",
            "fiscal_year",
            "kind",
            "number",
            "quarter",
            "starts_on",
            "ends_on",
            "opens_on",
            "deadline",
            "state",
            "effective_state",
        ]
        read_only_fields = fields


class PeriodStateSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=ReportingPeriod.State.choices)


class ResultSerializer(serializers.ModelSerializer):
    indicator = serializers.IntegerField(source="indicator_id", read_only=True)
    period = serializers.IntegerField(source="period_id", read_only=True)
    report = serializers.IntegerField(source="report_id", read_only=True, allow_null=True)
    breakdown = serializers.DictField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = IndicatorResult
        fields = [
            "id",
            "indicator",
            "period",
            "report",
            "value",
            "numerator",
            "denominator",
            "yes_no",
            "text",
            "breakdown",
            "comment",
            "state",
            "return_reason",
            "updated_at",
        ]
        read_only_fields = fields


class ResultInputSerializer(serializers.Serializer):
    """One KPI's result in its measure type's form: a value (number), a numerator and a denominator
    (percentage), yes_no (yes/no) or text (qualitative); ``breakdown`` gives the parts per category."""

    indicator = _id()
    value = _value()
    numerator = _value()
    denominator = _value()
    yes_no = serializers.BooleanField(required=False, allow_null=True)
    text = serializers.CharField(required=False, allow_blank=True)
    breakdown = serializers.DictField(
        child=serializers.DecimalField(**VALUE), required=False, help_text=_("Category → value.")
    )
    comment = serializers.CharField(required=False, allow_blank=True)


class OrgResultInputSerializer(ResultInputSerializer):
    period = _id(help_text=_("The reporting period."))


class ReportSerializer(serializers.ModelSerializer):
    period = serializers.IntegerField(source="period_id", read_only=True)
    project_status = serializers.ChoiceField(choices=ProjectStatus.choices, allow_blank=True, read_only=True)
    project = serializers.IntegerField(source="project_id", read_only=True)
    department = serializers.IntegerField(source="department_id", read_only=True)
    results = ResultSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "period",
            "project",
            "department",
            "project_status",
            "percent_complete",
            "disbursed",
            "over_budget_reason",
            "narrative",
            "problems",
            "solutions",
            "state",
            "version",
            "return_reason",
            "submitted_at",
            "approved_at",
            "updated_at",
            "results",
        ]
        read_only_fields = fields


class ReportInputSerializer(serializers.Serializer):
    """A draft's fields; what is left out keeps its saved value. ``version`` is the version you read: if
    someone saved the report since, nothing is saved and the answer is 409."""

    version = serializers.IntegerField(min_value=0, max_value=MAX_ID)
    project_status = serializers.ChoiceField(choices=ProjectStatus.choices, required=False, allow_blank=True)
    percent_complete = serializers.DecimalField(
        max_digits=5, decimal_places=2, required=False, allow_null=True, min_value=0, max_value=100
    )
    disbursed = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True, min_value=0)
    over_budget_reason = serializers.CharField(required=False, allow_blank=True)
    narrative = serializers.CharField(required=False, allow_blank=True)
    problems = serializers.CharField(required=False, allow_blank=True)
    solutions = serializers.CharField(required=False, allow_blank=True)
    confirm_completed = serializers.BooleanField(
        required=False, help_text=_("Confirms 'completed' while the percent complete is below 100.")
    )
    change_reason = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Required to change an approved report.")
    )
    results = ResultInputSerializer(many=True, required=False)


class ReportCreateSerializer(ReportInputSerializer):
    version = None
    period = _id()
    project = _id()


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text=_("Why the report is returned: shown to the department."))


# Computed figures -------------------------------------------------------------------------------------


def _figure(source=None, places=4, **kwargs):
    if source:
        kwargs["source"] = source
    return serializers.DecimalField(max_digits=None, decimal_places=places, read_only=True, allow_null=True, **kwargs)


class KpiFiguresSerializer(serializers.Serializer):
    """evaluation/achievement.py's figures of a KPI: approved results only."""

    actual = _figure("actual.value", help_text=_("The actual to date, by the KPI's aggregation; null: no data."))
    actual_numerator = _figure("actual.numerator")
    actual_denominator = _figure("actual.denominator")
    actual_yes_no = serializers.BooleanField(source="actual.yes_no", read_only=True, allow_null=True)
    actual_text = serializers.CharField(source="actual.text", read_only=True)
    periods_reported = serializers.IntegerField(source="actual.periods", read_only=True)
    last_period = serializers.IntegerField(source="actual.last_period", read_only=True, allow_null=True)
    target = _figure(None, help_text=_("The target to date."))
    achievement = _figure(None, 2, help_text=_("Achievement in percent (0–200)."))
    progress = _figure(None, 2, help_text=_("Share of the way from the baseline to the target, in percent."))
    level = serializers.IntegerField(
        read_only=True, allow_null=True, min_value=0, max_value=5, help_text=_("Level 1–5 (0: below level 1).")
    )
    status = serializers.ChoiceField(choices=[(s, s) for s in KpiStatus.values], read_only=True)
    official = serializers.BooleanField(read_only=True)


class KpiFigureSerializer(serializers.Serializer):
    """One KPI of the year with its owner, weight and figures."""

    indicator = serializers.IntegerField(source="kpi.pk", read_only=True)
    code = serializers.CharField(source="kpi.code", read_only=True, default="")
    name = serializers.CharField(source="kpi.name", read_only=True)
    unit = serializers.CharField(source="kpi.unit", read_only=True)
    perspective = serializers.CharField(source="kpi.perspective", read_only=True)
    project = serializers.IntegerField(source="kpi.project_id", read_only=True, allow_null=True)
    goal = serializers.IntegerField(source="kpi.goal_id", read_only=True, allow_null=True)
    strategy = serializers.IntegerField(source="kpi.strategy_id", read_only=True, allow_null=True)
    weight = _figure(None, 2)
    annual_target = _figure(None)
    figures = KpiFiguresSerializer(read_only=True)


class KpiSetSerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)
    count = serializers.IntegerField(read_only=True)
    counts = serializers.DictField(child=serializers.IntegerField(), read_only=True, help_text=_("KPIs per status."))
    points = _figure(None)
    maximum = _figure(None)
    score = _figure(None, 2, help_text=_("Σ points ÷ Σ maxima × 100."))
    share = _figure(None, 2)
    official = serializers.BooleanField(read_only=True)


class GroupSerializer(serializers.Serializer):
    """Projects taken together (evaluation/rollup.py): counts by status, budgets, KPI counts and score."""

    key = serializers.CharField(read_only=True)
    id = serializers.IntegerField(source="pk", read_only=True, allow_null=True)
    name = serializers.CharField(source="obj", read_only=True)
    planned = serializers.IntegerField(read_only=True, help_text=_("Projects in the action plan."))
    statuses = serializers.DictField(
        child=serializers.IntegerField(), read_only=True, help_text=_("Projects per reported status.")
    )
    completed = serializers.IntegerField(read_only=True)
    completed_share = _figure(
        None, 2, help_text=_("Completed projects ÷ this group's own projects × 100 (percent of the group's projects).")
    )
    completed_share_of_all = _figure(
        None,
        2,
        help_text=_(
            "Completed projects of this group ÷ all projects of the year × 100 (percent of all projects, the "
            "denominator of the published tables); the groups' shares add up to the organization's."
        ),
    )
    plan_share = _figure(
        None, 2, help_text=_("This group's projects (not the completed ones) as a share of all the year's projects.")
    )
    budget = _figure(None, 2)
    disbursed = _figure(None, 2)
    rate = _figure(None, 2, help_text=_("Disbursed ÷ budget × 100."))
    kpi_count = serializers.IntegerField(read_only=True)
    kpi_counts = serializers.DictField(child=serializers.IntegerField(), read_only=True)
    scored_projects = serializers.IntegerField(read_only=True)
    points = _figure(None)
    maximum = _figure(None)
    score = _figure(None, 2)


class StrategyGroupSerializer(GroupSerializer):
    programs = GroupSerializer(source="children", many=True, read_only=True)
    own_kpis = KpiSetSerializer(read_only=True, help_text=_("The strategy's own KPIs (and its goals')."))
    kpis = KpiFigureSerializer(many=True, read_only=True, source="own_kpis.kpis")


class YearFiguresSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField(read_only=True)
    upto = serializers.IntegerField(read_only=True, allow_null=True, help_text=_("Quarter; null: the year to date."))
    official = serializers.BooleanField(read_only=True)
    action_plan = serializers.IntegerField(source="action_plan.pk", read_only=True, allow_null=True, default=None)
    organization = GroupSerializer(read_only=True)
    organization_kpis = KpiSetSerializer(source="org_kpis", read_only=True)
    strategies = StrategyGroupSerializer(many=True, read_only=True)
    departments = GroupSerializer(many=True, read_only=True)
    perspectives = KpiSetSerializer(many=True, read_only=True)


class ProjectFiguresSerializer(serializers.Serializer):
    project = serializers.IntegerField(source="project.pk", read_only=True)
    code = serializers.CharField(source="project.code", read_only=True)
    name = serializers.CharField(source="project.name", read_only=True)
    department = serializers.IntegerField(source="project.department_id", read_only=True)
    strategy = serializers.IntegerField(source="strategy.pk", read_only=True)
    status = serializers.CharField(read_only=True, help_text=_("The latest approved report's status, or no_report."))
    status_period = serializers.IntegerField(read_only=True, allow_null=True)
    percent_complete = _figure(None, 2)
    budget = _figure(None, 2)
    disbursed = _figure(None, 2)
    rate = _figure(None, 2)
    kpi_counts = serializers.DictField(child=serializers.IntegerField(), read_only=True)
    points = _figure(None)
    maximum = _figure(None)
    score = _figure(None, 2)
    official = serializers.BooleanField(read_only=True)


class QuarterFiguresSerializer(serializers.Serializer):
    quarter = serializers.IntegerField(read_only=True)
    target = _figure(None, help_text=_("The quarter's own target."))
    figures = KpiFiguresSerializer(read_only=True, help_text=_("Figures to the end of the quarter."))


class IndicatorPeriodsSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(source="kpi.pk", read_only=True)
    name = serializers.CharField(source="kpi.name", read_only=True)
    fiscal_year = serializers.IntegerField(read_only=True)
    annual_target = _figure(None)
    quarters = QuarterFiguresSerializer(many=True, read_only=True)
    year_to_date = KpiFiguresSerializer(read_only=True)
    official = serializers.BooleanField(read_only=True)
