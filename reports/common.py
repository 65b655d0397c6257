"""What the report builders share: the lines under a title, the year's figures as the person may see
them, and the ordinary columns."""

from django.utils import translation
from django.utils.translation import gettext as _

from core.calendar import format_fiscal_year
from evaluation import memo
from evaluation.labels import KPI_STATUS_LABELS, PROJECT_STATUS_LABELS
from monitoring.models import ProgressReport, ReportState, last_period_of_quarter
from monitoring.periods import policy_for
from reports.document import Column


def subtitle(params, *, upto=True) -> list[str]:
    lines = [format_fiscal_year(params.year)]
    if upto:
        lines.append(_("To the end of quarter %(q)s") % {"q": params.upto} if params.upto else _("Year to date"))
    if params.department:
        lines.append(params.department.name)
    return lines


def approved_only_note() -> str:
    return _("Figures count approved reports and results only.")


def remembered(org, access, params, name: str, compute):
    """``compute()`` remembered (``evaluation.memo``) while the organization's data is unchanged, for these
    parameters, the person's scope and the language: a part of a report that is costly to make again."""
    key = (name, tuple(sorted(params.query().items())), access.scope_key, translation.get_language())
    return memo.remembered(org, key, compute)


def figures(org, access, params, **options):
    department_id = params.department.pk if params.department else None
    return memo.year_figures(org, params.year, upto=params.upto, department_id=department_id, access=access, **options)


def filename(slug: str, params, *extra) -> str:
    parts = [slug, str(params.year)]
    if params.upto:
        parts.append(f"q{params.upto}")
    parts.extend(str(e) for e in extra)
    return "-".join(parts)


def name_column(label=None, width=40) -> Column:
    return Column(label or _("Strategy"), width=width)


def approved_reports(org, params, project_ids, kind=None):
    """The approved progress reports of the projects in the year, up to the end of the quarter asked for."""
    kind = kind or policy_for(org).period_kind
    reports = ProgressReport.objects.for_org(org).filter(
        period__fiscal_year=params.year, period__kind=kind, state=ReportState.APPROVED, project_id__in=project_ids
    )
    if params.upto:
        reports = reports.filter(period__number__lte=last_period_of_quarter(kind, params.upto))
    return reports


def strategy_label(strategy) -> str:
    return _("Strategy %(number)s %(name)s") % {"number": strategy.number, "name": strategy.name}


def kpi_status_label(status: str) -> str:
    return str(KPI_STATUS_LABELS.get(status, status))


def project_status_label(status: str) -> str:
    return str(PROJECT_STATUS_LABELS.get(status, status))


def actual_value(kpi, actual):
    """A KPI's actual as a report value: a Decimal for measured KPIs, text for yes/no and text KPIs,
    None when nothing was reported."""
    if actual is None or not actual.has_data:
        return None
    if kpi.measure_type == "yes_no":
        return _("Yes") if actual.yes_no else _("No")
    if kpi.measure_type == "text":
        return actual.text
    return actual.value


# What people type into a report's "problems" or "solutions" box when they have nothing to say, written
# without spaces, punctuation or case ("ไม่มี", "-", "N/A", "ไม่มีปัญหาอุปสรรค", "none").
FILLER = frozenset(
    {
        "",
        "ไม่มี",
        "ไม่มีปัญหา",
        "ไม่มีอุปสรรค",
        "ไม่มีปัญหาอุปสรรค",
        "ไม่มีปัญหาและอุปสรรค",
        "ไม่มีปัญหาหรืออุปสรรค",
        "ไม่พบปัญหา",
        "ไม่พบปัญหาอุปสรรค",
        "ไม่มีข้อเสนอแนะ",
        "ไม่มีแนวทางแก้ไข",
        "ไม่มีปัญหาใดๆ",
        "ไม่มีปัญหาอุปสรรคใดๆ",
        "na",
        "none",
        "nil",
        "no",
        "nothing",
        "noproblem",
        "noproblems",
    }
)


def written(text: str | None) -> str:
    """The text as written, spaces tidied, or "" when it says nothing: blank, a dash, "ไม่มี", "N/A" and
    their like (``FILLER``) are what people type to fill a required-looking box, not a problem to report."""
    tidy = " ".join((text or "").split())
    bare = "".join(ch for ch in tidy.lower() if ch.isalnum() or "\u0e00" <= ch <= "\u0e7f")
    return "" if bare in FILLER else tidy
