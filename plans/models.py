"""The plan: development plans with revisions, action plans, the strategy tree and indicators.

Fiscal years are stored as Buddhist-Era integers (2570 = 1 Oct 2026 – 30 Sep 2027); money as Decimal baht.
Rules that compute live in ``plans/rules.py``; writes that span models in ``plans/services.py``.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.calendar import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR
from core.tenancy import OrgScoped
from orgs.models import Department

BE_YEAR = [MinValueValidator(FIRST_FISCAL_YEAR), MaxValueValidator(LAST_FISCAL_YEAR)]
MONEY = {"max_digits": 14, "decimal_places": 2}
VALUE = {"max_digits": 18, "decimal_places": 4}


class DevelopmentPlan(OrgScoped):
    """แผนพัฒนาท้องถิ่น: the five-year local development plan, e.g. พ.ศ. 2566–2570."""

    name = models.CharField(_("name"), max_length=255)
    first_year = models.PositiveIntegerField(_("first fiscal year"), validators=BE_YEAR)
    last_year = models.PositiveIntegerField(_("last fiscal year"), validators=BE_YEAR)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-first_year"]
        verbose_name = _("development plan")
        verbose_name_plural = _("development plans")
        constraints = [
            models.CheckConstraint(condition=Q(last_year__gte=models.F("first_year")), name="plan_years_ordered"),
        ]

    def __str__(self):
        return self.name

    @property
    def fiscal_years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))


class PlanRevision(OrgScoped):
    """เพิ่มเติม/เปลี่ยนแปลง ครั้งที่ n of a development plan."""

    class Kind(models.TextChoices):
        ADDITION = "addition", _("Addition")
        CHANGE = "change", _("Change")
        ADDITION_AND_CHANGE = "addition_change", _("Addition and change")

    plan = models.ForeignKey(
        DevelopmentPlan, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("development plan")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.ADDITION)
    number = models.PositiveIntegerField(_("revision number"), validators=[MinValueValidator(1)])
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "approved_on", "number"]
        verbose_name = _("plan revision")
        verbose_name_plural = _("plan revisions")
        constraints = [models.UniqueConstraint(fields=["plan", "kind", "number"], name="revision_number_unique")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"


class Strategy(OrgScoped):
    """ยุทธศาสตร์."""

    plan = models.ForeignKey(
        DevelopmentPlan, on_delete=models.CASCADE, related_name="strategies", verbose_name=_("development plan")
    )
    number = models.PositiveIntegerField(_("strategy number"))
    name = models.CharField(_("name"), max_length=500)
    objective = models.TextField(_("objective"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "number"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")

    def __str__(self):
        return f"{self.number}. {self.name}"


class Goal(OrgScoped):
    """เป้าประสงค์ / กลยุทธ์ under a strategy."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="goals", verbose_name=_("strategy"))
    number = models.CharField(_("goal number"), max_length=20, help_text=_("e.g. 1.1"))
    name = models.CharField(_("name"), max_length=500)
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "number"]
        verbose_name = _("goal / tactic")
        verbose_name_plural = _("goals / tactics")

    def __str__(self):
        return f"{self.number} {self.name}"


class Program(OrgScoped):
    """แผนงาน under a goal."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="programs", verbose_name=_("goal / tactic"))
    name = models.CharField(_("name"), max_length=500)
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    def __str__(self):
        return self.name


class FundingSource(models.TextChoices):
    OWN_BUDGET = "own", _("Own budget (budget ordinance)")
    GENERAL_SUBSIDY = "general_subsidy", _("General subsidy")
    SPECIFIC_SUBSIDY = "specific_subsidy", _("Specific subsidy")
    ACCUMULATED_FUNDS = "accumulated", _("Accumulated funds")
    OTHER_AGENCY = "other_agency", _("Other agency")
    OTHER = "other", _("Other")


class Project(OrgScoped):
    """โครงการ/กิจกรรม: an initiative of the development plan, funded per fiscal year."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="projects", verbose_name=_("program"))
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=500)
    objectives = models.TextField(_("objectives"), blank=True)
    output_target = models.TextField(_("output target"), blank=True)
    expected_outcome = models.TextField(_("expected outcome"), blank=True)
    funding_source = models.CharField(
        _("funding source"), max_length=20, choices=FundingSource, default=FundingSource.OWN_BUDGET
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="projects", verbose_name=_("responsible department")
    )
    location = models.CharField(_("location (village)"), max_length=255, blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    revision = models.ForeignKey(
        PlanRevision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("added by revision"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=_("carried forward from"),
        help_text=_("The project of an earlier development plan this one continues."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="project_code_unique"),
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_end__gte=models.F("planned_start")),
                name="project_dates_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def breadcrumb(self) -> list:
        """Plan, strategy, goal and program above the project, for navigation."""
        goal = self.program.goal
        return [goal.strategy.plan, goal.strategy, goal, self.program]


class ProjectBudget(OrgScoped):
    """The budget a development plan sets for a project in one fiscal year (a column of form ผ.02)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budgets", verbose_name=_("project"))
    fiscal_year = models.PositiveIntegerField(_("fiscal year"), validators=BE_YEAR)
    amount = models.DecimalField(_("amount (baht)"), **MONEY, validators=[MinValueValidator(Decimal(0))])
    history = HistoricalRecords()

    class Meta:
        ordering = ["fiscal_year"]
        verbose_name = _("project budget")
        verbose_name_plural = _("project budgets")
        constraints = [
            models.UniqueConstraint(fields=["project", "fiscal_year"], name="project_budget_year_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="project_budget_not_negative"),
        ]

    def __str__(self):
        return str(self.fiscal_year)


class ActionPlan(OrgScoped):
    """แผนดำเนินงาน / แผนปฏิบัติราชการ: the projects scheduled and funded in one fiscal year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    plan = models.ForeignKey(
        DevelopmentPlan, on_delete=models.PROTECT, related_name="action_plans", verbose_name=_("development plan")
    )
    fiscal_year = models.PositiveIntegerField(_("fiscal year"), validators=BE_YEAR)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("carried from")
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.UniqueConstraint(fields=["organization", "fiscal_year"], name="action_plan_year_unique"),
        ]

    def __str__(self):
        return str(self.fiscal_year)


class ActionPlanItem(OrgScoped):
    """A project scheduled in an action plan, with the budget the year's ordinance gives it."""

    action_plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("action plan")
    )
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="action_plan_items", verbose_name=_("project")
    )
    budget = models.DecimalField(_("budget (baht)"), **MONEY, validators=[MinValueValidator(Decimal(0))])
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action plan project")
        verbose_name_plural = _("action plan projects")
        constraints = [
            models.UniqueConstraint(fields=["action_plan", "project"], name="action_plan_project_unique"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="action_plan_budget_not_negative"),
        ]


class Indicator(OrgScoped):
    """ตัวชี้วัด (KPI) of the organization, a strategy, a goal or a project."""

    class Kind(models.TextChoices):
        OUTPUT = "output", _("Output")
        OUTCOME = "outcome", _("Outcome")

    class MeasureType(models.TextChoices):
        NUMBER = "number", _("Number")
        PERCENTAGE = "percentage", _("Percentage (numerator ÷ denominator)")
        YES_NO = "yes_no", _("Yes / no")
        TEXT = "text", _("Qualitative (text)")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")
        RANGE = "range", _("Within a range")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Sum of periods")
        CUMULATIVE = "cumulative", _("Cumulative to date")
        LATEST = "latest", _("Latest value")
        AVERAGE = "average", _("Average of periods")
        RATIO = "ratio", _("Ratio of sums (Σ numerator ÷ Σ denominator)")

    class Perspective(models.TextChoices):
        FINANCIAL = "financial", _("Financial")
        CITIZEN = "citizen", _("Citizens and service users")
        PROCESS = "process", _("Internal process")
        LEARNING = "learning", _("Learning and innovation")

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        SEMIANNUAL = "semiannual", _("Every six months")
        ANNUAL = "annual", _("Yearly")

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators", verbose_name=_("strategy")
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("goal / tactic"),
    )
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators", verbose_name=_("project")
    )
    code = models.CharField(
        _("code"),
        max_length=50,
        blank=True,
        help_text=_("Unique in the organization; Excel imports match indicators by it. Empty: set on save."),
    )
    name = models.CharField(_("name"), max_length=500)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    kind = models.CharField(_("type"), max_length=10, choices=Kind, default=Kind.OUTPUT)
    measure_type = models.CharField(_("measure type"), max_length=12, choices=MeasureType, default=MeasureType.NUMBER)
    numerator_label = models.CharField(_("numerator"), max_length=255, blank=True)
    denominator_label = models.CharField(_("denominator"), max_length=255, blank=True)
    numerator_le_denominator = models.BooleanField(_("numerator may not exceed denominator"), default=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction, default=Direction.HIGHER)
    range_low = models.DecimalField(_("range from"), **VALUE, null=True, blank=True)
    range_high = models.DecimalField(_("range to"), **VALUE, null=True, blank=True)
    aggregation = models.CharField(
        _("aggregation over periods"), max_length=12, choices=Aggregation, default=Aggregation.SUM
    )
    baseline_value = models.DecimalField(_("baseline value"), **VALUE, null=True, blank=True)
    baseline_year = models.PositiveIntegerField(_("baseline year"), null=True, blank=True, validators=BE_YEAR)
    perspective = models.CharField(_("balanced-scorecard perspective"), max_length=12, choices=Perspective, blank=True)
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    level_1 = models.DecimalField(_("level 1 threshold"), **VALUE, null=True, blank=True)
    level_2 = models.DecimalField(_("level 2 threshold"), **VALUE, null=True, blank=True)
    level_3 = models.DecimalField(_("level 3 threshold"), **VALUE, null=True, blank=True)
    level_4 = models.DecimalField(_("level 4 threshold"), **VALUE, null=True, blank=True)
    level_5 = models.DecimalField(_("level 5 threshold"), **VALUE, null=True, blank=True)
    disaggregation_label = models.CharField(
        _("disaggregated by"), max_length=100, blank=True, help_text=_("e.g. sex, village, age group")
    )
    disaggregation_categories = models.TextField(
        _("categories"),
        blank=True,
        help_text=_("One per line (e.g. male and female on separate lines). Empty: no disaggregation."),
    )
    data_source = models.CharField(_("data source"), max_length=255, blank=True)
    collection_method = models.CharField(_("collection method"), max_length=255, blank=True)
    frequency = models.CharField(
        _("reporting frequency"), max_length=12, choices=Frequency, default=Frequency.QUARTERLY
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("responsible department"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    LEVEL_FIELDS = ("level_1", "level_2", "level_3", "level_4", "level_5")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(strategy__isnull=True, goal__isnull=True)
                    | Q(strategy__isnull=True, project__isnull=True)
                    | Q(goal__isnull=True, project__isnull=True)
                ),
                name="indicator_has_one_owner",
            ),
            models.UniqueConstraint(
                fields=["organization", "code"], condition=~Q(code=""), name="indicator_code_unique"
            ),
        ]

    def __str__(self):
        return self.name

    def code_base(self) -> str:
        """The start of a generated code: the project's code, the goal's or strategy's number, or none."""
        if self.project_id:
            return f"{self.project.code}-K"
        if self.goal_id:
            return f"G{self.goal.number}-K"
        if self.strategy_id:
            return f"S{self.strategy.number}-K"
        return "K"

    def save(self, *args, **kwargs):
        if not self.code:
            base = self.code_base()
            taken = Indicator.objects.filter(organization_id=self.organization_id, code__startswith=base)
            self.code = free_code(base, set(taken.exclude(pk=self.pk).values_list("code", flat=True)))
        super().save(*args, **kwargs)

    @property
    def owner(self):
        return self.project or self.goal or self.strategy or self.organization

    @property
    def categories(self) -> list[str]:
        """The disaggregation categories, one per line of ``disaggregation_categories``."""
        return [line.strip() for line in self.disaggregation_categories.splitlines() if line.strip()]

    @property
    def levels(self) -> list:
        return [getattr(self, name) for name in self.LEVEL_FIELDS]

    def clean(self):
        from plans.rules import indicator_errors

        indicator_errors(self)


def free_code(base: str, taken: set[str]) -> str:
    """``base`` followed by the smallest number ≥ 1 that makes a code not in ``taken`` (which it joins)."""
    base, n = base[:44], 1
    while f"{base}{n}" in taken:
        n += 1
    code = f"{base}{n}"
    taken.add(code)
    return code


class Target(OrgScoped):
    """ค่าเป้าหมาย of an indicator for a fiscal year: period 0 is the annual target, 1–4 the quarters."""

    ANNUAL = 0

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indicator")
    )
    fiscal_year = models.PositiveIntegerField(_("fiscal year"), validators=BE_YEAR)
    period = models.PositiveSmallIntegerField(_("period"), validators=[MaxValueValidator(4)])
    value = models.DecimalField(_("target value"), **VALUE, null=True, blank=True)
    text = models.CharField(_("target (text)"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["fiscal_year", "period"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "fiscal_year", "period"], name="target_period_unique"),
            models.CheckConstraint(condition=Q(period__lte=4), name="target_period_valid"),
        ]

    def __str__(self):
        if self.period == self.ANNUAL:
            return _("%(year)s, whole year") % {"year": self.fiscal_year}
        return _("%(year)s, quarter %(quarter)s") % {"year": self.fiscal_year, "quarter": self.period}
