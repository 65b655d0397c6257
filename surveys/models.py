"""Citizen satisfaction surveys: a survey of questions answered on the web (``/s/<token>/``) or on paper,
and the answers. The figures (shares, means, the satisfaction index) are computed, never stored: see
``surveys/stats.py`` and ``surveys/results.py``.

A survey's questions are frozen once it has answers; a changed questionnaire is a new version
(``previous`` points to the one it was copied from), so every answer keeps the wording it was given.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.tenancy import OrgScoped
from plans.models import BE_YEAR, Indicator, Project, Strategy


def new_token() -> str:
    """The public address of a survey: unguessable, short enough to type from a poster."""
    return secrets.token_urlsafe(9)


class Survey(OrgScoped):
    """A questionnaire of an organization for a fiscal year (or one project), open between two dates."""

    class Form(models.TextChoices):
        GENERAL = "general", _("Survey")
        DLA_3_2 = "3/2", _("Form 3/2: satisfaction overall")
        DLA_3_3 = "3/3", _("Form 3/3: satisfaction per strategy")

    title = models.CharField(_("title"), max_length=255)
    introduction = models.TextField(_("introduction for the respondent"), blank=True)
    form = models.CharField(_("form"), max_length=10, choices=Form, default=Form.GENERAL)
    fiscal_year = models.PositiveIntegerField(_("fiscal year"), validators=BE_YEAR)
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, null=True, blank=True, related_name="surveys", verbose_name=_("project")
    )
    token = models.CharField(_("public address"), max_length=32, unique=True, default=new_token, editable=False)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    max_responses = models.PositiveIntegerField(
        _("most answers accepted"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    one_per_device = models.BooleanField(
        _("one answer per device"),
        default=False,
        help_text=_("A browser that has answered is thanked, not asked again."),
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_versions",
        verbose_name=_("previous version"),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-fiscal_year", "title", "-version"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self):
        return self.title


class Section(OrgScoped):
    """A part of a questionnaire: the respondent's profile, the satisfaction items, or (form 3/3) one
    strategy's items."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections", verbose_name=_("survey"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=255)
    strategy = models.ForeignKey(
        Strategy, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("strategy")
    )

    class Meta:
        ordering = ["survey", "number"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [models.UniqueConstraint(fields=["survey", "number"], name="one_section_number_per_survey")]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Question(OrgScoped):
    """One question. Choice questions (the respondent's profile) and rating questions have options;
    a rating's options carry the score the statistics use (3 levels 3–1, 5 levels 5–1, 0–10)."""

    class Kind(models.TextChoices):
        CHOICE = "choice", _("Single choice")
        RATING_3 = "rating3", _("Rating, 3 levels (very satisfied / satisfied / not satisfied)")
        RATING_5 = "rating5", _("Rating, 5 levels")
        RATING_10 = "rating10", _("Score 0–10")
        TEXT = "text", _("Open text")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey"))
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, null=True, blank=True, related_name="questions", verbose_name=_("section")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.RATING_3)
    required = models.BooleanField(_("required"), default=True)
    profile = models.BooleanField(
        _("respondent profile"), default=False, help_text=_("Results can be broken down by the answers to it.")
    )

    class Meta:
        ordering = ["survey", "number"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [models.UniqueConstraint(fields=["survey", "number"], name="one_question_number_per_survey")]

    def __str__(self):
        return f"{self.number}. {self.text}"

    @property
    def is_rating(self) -> bool:
        return self.kind in (self.Kind.RATING_3, self.Kind.RATING_5, self.Kind.RATING_10)


class Option(OrgScoped):
    """One answer a question offers; ``score`` for ratings (None for profile choices)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("question"))
    number = models.PositiveSmallIntegerField(_("number"))
    label = models.CharField(_("label"), max_length=255)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["question", "number"]
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [models.UniqueConstraint(fields=["question", "number"], name="one_option_number_per_question")]

    def __str__(self):
        return self.label


class Response(OrgScoped):
    """One respondent's answers to a survey, from the web or typed in from a paper form."""

    class Channel(models.TextChoices):
        WEB = "web", _("Web")
        PAPER = "paper", _("Paper")

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses", verbose_name=_("survey"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel, default=Channel.WEB)
    answered_on = models.DateField(_("answered on"), db_index=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )

    class Meta:
        ordering = ["survey", "-created_at"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["survey", "answered_on"])]


class Answer(OrgScoped):
    """The answer to one question of a response: an option, or a text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response"))
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question"))
    option = models.ForeignKey(
        Option, on_delete=models.PROTECT, null=True, blank=True, related_name="answers", verbose_name=_("option")
    )
    text = models.TextField(_("answer (text)"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")]
        indexes = [models.Index(fields=["question", "option"])]


class IndicatorSource(OrgScoped):
    """A KPI whose result is computed from a survey: one rating question's index, or (no question) the
    survey's overall satisfaction index. The result of a period counts the answers given in it."""

    indicator = models.OneToOneField(
        Indicator, on_delete=models.CASCADE, related_name="survey_source", verbose_name=_("indicator")
    )
    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="indicator_sources", verbose_name=_("survey")
    )
    question = models.ForeignKey(
        Question,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("item"),
        help_text=_("Leave empty for the overall satisfaction index."),
    )

    class Meta:
        verbose_name = _("survey as data source")
        verbose_name_plural = _("surveys as data source")
