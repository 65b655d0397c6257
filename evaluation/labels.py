"""The words of the figures' categories, one place for every page, report, chart and API."""

from django.utils.translation import gettext_lazy as _

from evaluation import rollup
from evaluation.achievement import KpiStatus
from monitoring.models import ProjectStatus
from plans.models import Indicator

KPI_STATUS_LABELS = dict(KpiStatus.choices)
PROJECT_STATUS_LABELS = {**dict(ProjectStatus.choices), rollup.NO_REPORT: _("No approved report yet")}
PERSPECTIVE_LABELS = {**dict(Indicator.Perspective.choices), rollup.NO_PERSPECTIVE: _("No perspective set")}
