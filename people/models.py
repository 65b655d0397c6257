"""Performance management of people (หลักการระบบการบริหารผลการปฏิบัติงาน): the staff of an organization,
their positions and supervisor line, the rounds of a fiscal year with the rules they are scored by, and
each person's performance agreement (ข้อตกลงการปฏิบัติราชการ) with its KPIs and check-ins.

The scores are computed, never stored: see ``people/scoring.py`` (the rules) and ``people/linked.py`` (the
actual of a KPI linked to the plan, from the approved monitoring data). Who sees whom: ``people/access.py``.
A salary is personal data: only HR and the executive see it.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.tenancy import OrgScoped
from orgs.models import Department
from people.scoring import Band, parse_competency_points, validate_competency_points
from plans.models import BE_YEAR, Indicator

VALUE = {"max_digits": 18, "decimal_places": 4}
PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class Position(OrgScoped):
    """A position (ตำแหน่ง) in a job line (สายงาน) at a level (ระดับ)."""

    name = models.CharField(_("position"), max_length=200)
    line = models.CharField(_("job line"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=100, blank=True)
    calculation_base = models.DecimalField(
        _("calculation base (baht)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_(
            "The base of a percentage raise (ฐานในการคำนวณ) for this position's level. Empty: the person's salary."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "level"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name", "level"], name="position_name_level_unique")
        ]

    def __str__(self):
        return f"{self.name} ({self.level})" if self.level else self.name


class Person(OrgScoped):
    """A member of the staff. A login is optional: a person without an account can still be evaluated.

    ``supervisor`` evaluates the person; ``reviewer`` is the second-level reviewer (ผู้บังคับบัญชาเหนือขึ้นไป).
    """

    name = models.CharField(_("name"), max_length=200)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="people", verbose_name=_("department")
    )
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, null=True, blank=True, related_name="people", verbose_name=_("position")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("user account"),
    )
    supervisor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subordinates",
        verbose_name=_("supervisor"),
    )
    reviewer = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed",
        verbose_name=_("second-level reviewer"),
    )
    salary = models.DecimalField(
        _("salary (baht a month)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("Personal data: only HR and the executive see it."),
    )
    active = models.BooleanField(_("in post"), default=True)
    history = HistoricalRecords(excluded_fields=["salary"])

    class Meta:
        ordering = ["department__order", "department__name", "name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"], condition=Q(user__isnull=False), name="one_person_per_user_and_org"
            ),
        ]

    def __str__(self):
        return self.name


class RuleSet(OrgScoped):
    """The organization's rules of scoring from a date on: weights, bands and scale. A change is a new
    rule set with a later ``valid_from``, so a round is always scored by the rules it was given."""

    name = models.CharField(_("name"), max_length=200)
    valid_from = models.DateField(_("valid from"))
    achievement_weight = models.DecimalField(
        _("weight of achievement (%)"), max_digits=5, decimal_places=2, default=Decimal(70), validators=PERCENT
    )
    competency_weight = models.DecimalField(
        _("weight of competencies (%)"), max_digits=5, decimal_places=2, default=Decimal(30), validators=PERCENT
    )
    outstanding_from = models.DecimalField(
        _("outstanding from (score)"), max_digits=5, decimal_places=2, default=Decimal(90), validators=PERCENT
    )
    very_good_from = models.DecimalField(
        _("very good from (score)"), max_digits=5, decimal_places=2, default=Decimal(80), validators=PERCENT
    )
    good_from = models.DecimalField(
        _("good from (score)"), max_digits=5, decimal_places=2, default=Decimal(70), validators=PERCENT
    )
    fair_from = models.DecimalField(
        _("fair from (score)"), max_digits=5, decimal_places=2, default=Decimal(60), validators=PERCENT
    )
    scale = models.PositiveSmallIntegerField(
        _("levels of the scale"), default=5, validators=[MinValueValidator(2), MaxValueValidator(10)]
    )
    competency_points = models.CharField(
        _("points of a competency by levels short"),
        max_length=50,
        default="3,2,1,0",
        validators=[validate_competency_points],
        help_text=_(
            "The points of a competency at its expected level or above, then one level short, two levels short "
            "and so on, separated by commas (the last applies to any larger gap)."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("scoring rules")
        verbose_name_plural = _("scoring rules")
        constraints = [
            models.UniqueConstraint(fields=["organization", "valid_from"], name="one_rule_set_per_org_and_date")
        ]

    def __str__(self):
        return self.name

    @property
    def competency_point_values(self) -> tuple[int, ...]:
        return parse_competency_points(self.competency_points)


class Round(OrgScoped):
    """A round of evaluation (รอบการประเมิน): two per fiscal year by default (``default_round_dates``)."""

    class Number(models.IntegerChoices):
        FIRST = 1, _("Round 1 (1 October – 31 March)")
        SECOND = 2, _("Round 2 (1 April – 30 September)")

    fiscal_year = models.PositiveIntegerField(_("fiscal year"), validators=BE_YEAR)
    number = models.PositiveSmallIntegerField(_("round"), choices=Number)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    rules = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("scoring rules"))
    finalized_at = models.DateTimeField(_("results final since"), null=True, blank=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("results made final by"),
    )
    checkin_reminder_weeks = models.PositiveSmallIntegerField(
        _("check-in reminder after (weeks)"),
        default=4,
        help_text=_(
            "Remind a person and their supervisor when no progress was checked in on the agreement for this "
            "many weeks while the round is in progress; 0: no reminders."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-fiscal_year", "-number"]
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        constraints = [
            models.UniqueConstraint(fields=["organization", "fiscal_year", "number"], name="one_round_per_number")
        ]

    def __str__(self):
        return str(_("Round %(number)s/%(year)s") % {"number": self.number, "year": self.fiscal_year})


class Agreement(OrgScoped):
    """A person's performance agreement of a round: the KPIs agreed, signed by the employee and the
    supervisor (state ``agreed`` once both signed). A change after that needs a reason (kept in the
    history) and both sign again."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AGREED = "agreed", _("Agreed")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("person"))
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("round"))
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.DRAFT)
    employee_signed_at = models.DateTimeField(_("signed by the employee at"), null=True, blank=True)
    employee_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed by the employee"),
    )
    supervisor_signed_at = models.DateTimeField(_("signed by the supervisor at"), null=True, blank=True)
    supervisor_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed by the supervisor"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "person"]
        verbose_name = _("performance agreement")
        verbose_name_plural = _("performance agreements")
        constraints = [models.UniqueConstraint(fields=["person", "round"], name="one_agreement_per_person_and_round")]

    def __str__(self):
        return f"{self.person} · {self.round}"


class AgreementKPI(OrgScoped):
    """A KPI of an agreement with its weight (%) and five target levels. Linked to a KPI of the plan, its
    actual comes from the approved monitoring data; otherwise from the values of its check-ins."""

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="kpis", verbose_name=_("agreement"))
    name = models.CharField(_("indicator"), max_length=500)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    weight = models.DecimalField(_("weight (%)"), max_digits=5, decimal_places=2, validators=PERCENT)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction, default=Direction.HIGHER)
    level_1 = models.DecimalField(_("level 1 target"), **VALUE, null=True, blank=True)
    level_2 = models.DecimalField(_("level 2 target"), **VALUE, null=True, blank=True)
    level_3 = models.DecimalField(_("level 3 target"), **VALUE, null=True, blank=True)
    level_4 = models.DecimalField(_("level 4 target"), **VALUE, null=True, blank=True)
    level_5 = models.DecimalField(_("level 5 target"), **VALUE, null=True, blank=True)
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_kpis",
        verbose_name=_("KPI of the plan"),
        help_text=_("Linked: the actual comes from the approved monitoring data. Empty: enter values in check-ins."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    rated_actual = models.DecimalField(_("actual at the evaluation"), **VALUE, null=True, blank=True)
    rated_level = models.PositiveSmallIntegerField(_("level reached at the evaluation"), null=True, blank=True)
    history = HistoricalRecords()

    LEVEL_FIELDS = ("level_1", "level_2", "level_3", "level_4", "level_5")

    class Meta:
        ordering = ["agreement", "order", "pk"]
        verbose_name = _("agreement KPI")
        verbose_name_plural = _("agreement KPIs")

    def __str__(self):
        return self.name

    @property
    def levels(self) -> list:
        return [getattr(self, name) for name in self.LEVEL_FIELDS]


class CheckIn(OrgScoped):
    """A dated note of progress on one KPI of an agreement: the value reached, a problem raised, the
    supervisor's advice."""

    kpi = models.ForeignKey(AgreementKPI, on_delete=models.CASCADE, related_name="checkins", verbose_name=_("KPI"))
    on = models.DateField(_("date"))
    value = models.DecimalField(_("value reached"), **VALUE, null=True, blank=True)
    note = models.TextField(_("progress"), blank=True)
    problem = models.TextField(_("problems"), blank=True)
    advice = models.TextField(_("supervisor's advice"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["kpi", "-on", "-pk"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")

    def __str__(self):
        return f"{self.kpi} · {self.on}"


LEVELS_1_5 = [MinValueValidator(1), MaxValueValidator(5)]


class Competency(OrgScoped):
    """A competency (สมรรถนะ) of the organization's list: core (หลัก, for everyone), managerial (ประจำผู้บริหาร)
    or functional (ประจำสายงาน). Which a position needs, and at what level, is a ``PositionCompetency``."""

    class Kind(models.TextChoices):
        CORE = "core", _("Core competency")
        MANAGERIAL = "managerial", _("Managerial competency")
        FUNCTIONAL = "functional", _("Functional competency")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.CORE)
    name = models.CharField(_("competency"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "order", "name"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="competency_name_unique")]

    def __str__(self):
        return self.name


class PositionCompetency(OrgScoped):
    """The level (1–5) of a competency a position expects (ระดับที่คาดหวัง)."""

    position = models.ForeignKey(
        Position, on_delete=models.CASCADE, related_name="competencies", verbose_name=_("position")
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.CASCADE, related_name="positions", verbose_name=_("competency")
    )
    expected_level = models.PositiveSmallIntegerField(_("expected level"), validators=LEVELS_1_5)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "competency__kind", "competency__order", "competency__name"]
        verbose_name = _("expected competency of a position")
        verbose_name_plural = _("expected competencies of positions")
        constraints = [
            models.UniqueConstraint(fields=["position", "competency"], name="one_expected_level_per_position")
        ]

    def __str__(self):
        return f"{self.position} · {self.competency} ({self.expected_level})"


class AgreementCompetency(OrgScoped):
    """A competency of an agreement with its expected level, copied from the person's position when the
    agreement opens (name and kind too), so a later change of the position or of the list rewrites no
    history. ``rated_level`` is the level the supervisor finds at the round's end."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="competencies", verbose_name=_("agreement")
    )
    competency = models.ForeignKey(
        Competency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("competency of the list"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Competency.Kind)
    name = models.CharField(_("competency"), max_length=300)
    expected_level = models.PositiveSmallIntegerField(_("expected level"), validators=LEVELS_1_5)
    rated_level = models.PositiveSmallIntegerField(
        _("level shown"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(5)]
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "kind", "order", "pk"]
        verbose_name = _("competency of an agreement")
        verbose_name_plural = _("competencies of agreements")

    def __str__(self):
        return self.name


class Evaluation(OrgScoped):
    """The result of an agreement at the round's end (ผลการประเมิน): rated by the supervisor (``evaluated``),
    confirmed or adjusted with a reason by the second-level reviewer (``reviewed``), acknowledged by the
    employee, who may disagree with a note (``acknowledged``). The scores are those computed when the
    supervisor rated (``people.scoring``), kept so the committee and the history see what was decided."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Not evaluated yet")
        EVALUATED = "evaluated", _("Evaluated by the supervisor")
        REVIEWED = "reviewed", _("Reviewed")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged by the employee")

    SCORE = {"max_digits": 9, "decimal_places": 4}
    TOTAL = {"max_digits": 5, "decimal_places": 2, "validators": PERCENT}

    agreement = models.OneToOneField(
        Agreement, on_delete=models.CASCADE, related_name="evaluation", verbose_name=_("agreement")
    )
    state = models.CharField(_("state"), max_length=12, choices=State, default=State.DRAFT)
    achievement_score = models.DecimalField(_("achievement score"), **SCORE, null=True, blank=True)
    competency_score = models.DecimalField(_("competency score"), **SCORE, null=True, blank=True)
    total = models.DecimalField(_("total score"), **TOTAL, null=True, blank=True)
    adjusted_total = models.DecimalField(_("total adjusted by the reviewer"), **TOTAL, null=True, blank=True)
    adjustment_reason = models.TextField(_("reason for the adjustment"), blank=True)
    band = models.CharField(_("band"), max_length=20, blank=True)
    comment = models.TextField(_("supervisor's comment"), blank=True)
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evaluated by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    employee_agrees = models.BooleanField(_("the employee agrees"), null=True, blank=True)
    employee_note = models.TextField(_("the employee's note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self):
        return f"{self.agreement} · {self.get_state_display()}"

    @property
    def band_label(self) -> str:
        return Band(self.band).label if self.band else ""

    @property
    def final_total(self):
        """The total the result stands on: the reviewer's adjusted total, else the supervisor's."""
        return self.adjusted_total if self.adjusted_total is not None else self.total


class DevelopmentAction(OrgScoped):
    """An action of a person's individual development plan (แผนพัฒนารายบุคคล, IDP) of a round, most often
    to close the gap of a competency of the agreement: what, how (training, coaching, on the job…), when,
    and how far it went."""

    class Method(models.TextChoices):
        TRAINING = "training", _("Training")
        COACHING = "coaching", _("Coaching")
        ON_THE_JOB = "on_the_job", _("On-the-job learning")
        SELF_STUDY = "self_study", _("Self-study")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="development", verbose_name=_("agreement")
    )
    competency = models.ForeignKey(
        AgreementCompetency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="development",
        verbose_name=_("competency to develop"),
    )
    action = models.CharField(_("development action"), max_length=500)
    method = models.CharField(_("method"), max_length=12, choices=Method, default=Method.TRAINING)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PLANNED)
    outcome = models.TextField(_("outcome"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "starts_on", "pk"]
        verbose_name = _("development action")
        verbose_name_plural = _("development actions")

    def __str__(self):
        return self.action


# Step 5, incentives: the salary raise proposal ------------------------------------------------------------

MONEY = {"max_digits": 14, "decimal_places": 2}
RATE = {"max_digits": 6, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}
SHARE = {"max_digits": 5, "decimal_places": 2, "validators": PERCENT}


class RaiseRules(OrgScoped):
    """The rules of the salary raise (การเลื่อนเงินเดือน) from a date on: the method (salary steps, or a
    percentage of a calculation base), the rate of each band, the budget (a share of the salaries in post)
    and the quota of the top bands. A change is new rules with a later ``valid_from``: a proposal takes the
    rules in force on the day its raise takes effect (the day after its round ends) and keeps them.
    The rules themselves are in ``people/raises.py``."""

    class Method(models.TextChoices):
        STEPS = "steps", _("Salary steps (ขั้น)")
        PERCENT = "percent", _("Percentage of a calculation base")

    name = models.CharField(_("name"), max_length=200)
    valid_from = models.DateField(_("valid from"))
    method = models.CharField(_("method"), max_length=10, choices=Method, default=Method.PERCENT)
    step_percent = models.DecimalField(
        _("value of one step (percent of the salary)"),
        **RATE,
        default=Decimal(3),
        help_text=_("Steps only: what one salary step adds, as a share of the person's salary."),
    )
    rate_outstanding = models.DecimalField(_("rate of outstanding"), **RATE, default=Decimal(6))
    rate_very_good = models.DecimalField(_("rate of very good"), **RATE, default=Decimal(4))
    rate_good = models.DecimalField(_("rate of good"), **RATE, default=Decimal(3))
    rate_fair = models.DecimalField(_("rate of fair"), **RATE, default=Decimal(2))
    rate_needs_improvement = models.DecimalField(_("rate of needs improvement"), **RATE, default=Decimal(0))
    budget_percent = models.DecimalField(_("budget (percent of the salaries in post)"), **SHARE, default=Decimal(3))
    quota_band = models.CharField(
        _("quota of the bands from"),
        max_length=20,
        choices=[(Band.OUTSTANDING.value, Band.OUTSTANDING.label), (Band.VERY_GOOD.value, Band.VERY_GOOD.label)],
        default=Band.OUTSTANDING,
        help_text=_("The raise of this band and those above it is given to at most the quota's share of the people."),
    )
    quota_percent = models.DecimalField(_("quota (percent of the people evaluated)"), **SHARE, default=Decimal(15))
    round_to = models.DecimalField(
        _("amounts rounded up to (baht)"), **MONEY, default=Decimal(10), validators=[MinValueValidator(Decimal("0.01"))]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("raise rules")
        verbose_name_plural = _("raise rules")
        constraints = [
            models.UniqueConstraint(fields=["organization", "valid_from"], name="one_raise_rules_per_org_and_date")
        ]

    def __str__(self):
        return self.name


class RaiseProposal(OrgScoped):
    """The round's salary raise proposal (บัญชีเสนอเลื่อนเงินเดือน): one line per person with a final result,
    made by HR after the round's results are final, within the budget and the quota it was made with
    (kept: a later change of the salaries or the rules does not move them). ``final`` once HR finalizes it,
    which is refused over either."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FINAL = "final", _("Final")

    round = models.OneToOneField(
        Round, on_delete=models.CASCADE, related_name="raise_proposal", verbose_name=_("round")
    )
    rules = models.ForeignKey(RaiseRules, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("rules"))
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.DRAFT)
    salaries_total = models.DecimalField(_("salaries in post (baht a month)"), **MONEY)
    budget = models.DecimalField(_("budget (baht a month)"), **MONEY)
    evaluated = models.PositiveIntegerField(_("people evaluated"))
    quota = models.PositiveIntegerField(_("quota of the top bands (people)"))
    made_at = models.DateTimeField(_("made at"), auto_now_add=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    finalized_at = models.DateTimeField(_("final since"), null=True, blank=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made final by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("raise proposal")
        verbose_name_plural = _("raise proposals")

    def __str__(self):
        return str(_("Raise proposal of %(round)s") % {"round": self.round})


class RaiseLine(OrgScoped):
    """A person's line of the proposal: the result it stands on (total and band, as final), the salary and
    base it was computed from, the rate (steps, or percent of the base) and the raise in baht a month."""

    proposal = models.ForeignKey(
        RaiseProposal, on_delete=models.CASCADE, related_name="lines", verbose_name=_("proposal")
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="raises", verbose_name=_("person"))
    total = models.DecimalField(_("total score"), max_digits=5, decimal_places=2)
    band = models.CharField(_("band"), max_length=20, choices=Band)
    salary = models.DecimalField(_("salary (baht a month)"), **MONEY, null=True, blank=True)
    base = models.DecimalField(_("calculation base (baht)"), **MONEY, null=True, blank=True)
    rate = models.DecimalField(_("rate"), **RATE)
    amount = models.DecimalField(_("raise (baht a month)"), **MONEY)
    over_quota = models.BooleanField(_("over the quota: the rate of the band below"), default=False)
    scaled = models.BooleanField(_("scaled down to the budget"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords(excluded_fields=["salary", "base"])  # personal data, like the person's

    class Meta:
        ordering = ["proposal", "-total", "person__name"]
        verbose_name = _("line of a raise proposal")
        verbose_name_plural = _("lines of raise proposals")
        constraints = [models.UniqueConstraint(fields=["proposal", "person"], name="one_raise_line_per_person")]

    def __str__(self):
        return f"{self.person} · {self.amount}"

    @property
    def remarks(self) -> list[str]:
        """What the proposal did to the line, then HR's note: shown beside the amount."""
        found = [self._meta.get_field(name).verbose_name for name in ("over_quota", "scaled") if getattr(self, name)]
        found += [_("No salary recorded.")] if self.salary is None else []
        return [str(text) for text in found] + ([self.note] if self.note else [])
