"""The ten steps of results-based M&E (Kusek & Rist, the seed's ขั้นตอนการติดตามประเมินผล), and the
figures the data can tell for some of them."""

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from core.money import share
from evaluation.models import Evaluation, Finding, ReadinessEvidence
from monitoring.evidence import MB, EvidenceError, prepare, store
from monitoring.models import ProgressReport, ReportState
from monitoring.periods import policy_for, year_periods
from plans.models import ActionPlanItem, Indicator, Target

STEPS = [
    (1, _("Readiness assessment")),
    (2, _("Agree on outcomes to monitor and evaluate")),
    (3, _("Select key indicators")),
    (4, _("Baseline data on the indicators")),
    (5, _("Plan for improvement: realistic targets")),
    (6, _("Monitor for results")),
    (7, _("Evaluation")),
    (8, _("Report the findings")),
    (9, _("Use the findings")),
    (10, _("Sustain the M&E system")),
]


def figures(org, fiscal_year: int, today) -> dict[int, tuple[str, object]]:
    """step → (what is measured, the figure) where the data can tell; a fixed number of queries.

    4: share of the year's KPIs with a baseline; 5: share with a target for the year; 6: share of
    reports submitted on time in the periods past their deadline; 7: approved evaluations of the year;
    9: recommendations used in a later plan, of those decided (used or not adopted) and open.
    Steps whose data lives in the apps above this one (8: the annual report published for citizens) come
    from the functions named in ``TIDTAM_READINESS_FIGURES``, called as ``f(org, fiscal_year, today)`` →
    {step: (what, figure)}: this module never imports upward.
    """
    projects = ActionPlanItem.objects.for_org(org).filter(action_plan__fiscal_year=fiscal_year).values("project_id")
    kpis = Indicator.objects.for_org(org).filter(Q(project__in=projects) | Q(project__isnull=True))
    kpi_counts = kpis.aggregate(total=Count("pk"), with_baseline=Count("pk", filter=Q(baseline_value__isnull=False)))
    with_target = Target.objects.for_org(org).filter(indicator__in=kpis, fiscal_year=fiscal_year, period=0)
    targeted = with_target.values("indicator_id").distinct().count()
    due = [p for p in year_periods(org, fiscal_year) if p.deadline < today]  # also those not set up yet
    expected = len(due) * projects.count()
    on_time = (
        ProgressReport.objects.for_org(org)
        .filter(period__in=[p for p in due if p.pk], state__in=[ReportState.SUBMITTED, ReportState.APPROVED])
        .filter(submitted_at__date__lte=F("period__deadline"))
        .count()
    )
    evaluations = (
        Evaluation.objects.for_org(org).filter(fiscal_year=fiscal_year, state=Evaluation.State.APPROVED).count()
    )
    recommendations = Finding.objects.for_org(org).filter(fiscal_year=fiscal_year, kind=Finding.Kind.RECOMMENDATION)
    used = recommendations.filter(used_in__isnull=False).distinct().count()
    found = {
        4: (_("indicators with a baseline"), share(kpi_counts["with_baseline"], kpi_counts["total"])),
        5: (_("indicators with a target for the year"), share(targeted, kpi_counts["total"])),
        6: (_("reports submitted on time"), share(on_time, expected)),
        7: (_("approved evaluations"), evaluations),
        9: (_("recommendations used in a later plan"), share(used, recommendations.count())),
    }
    for provider in settings.TIDTAM_READINESS_FIGURES:
        found.update(import_string(provider)(org, fiscal_year, today))
    return found


@transaction.atomic
def add_step_evidence(*, step, uploaded, user):
    """Attach a file to a step, with the checks and limits of report evidence (type by content, size, count)."""
    policy = policy_for(step.organization)
    if step.pk and step.evidence.count() >= policy.max_files:
        raise EvidenceError(_("A step may have at most %(limit)s files.") % {"limit": policy.max_files})
    prepared = prepare(uploaded, max_bytes=policy.max_file_mb * MB)
    if step.pk is None:
        step.save()
    return store(ReadinessEvidence(organization=step.organization, step=step), prepared, user=user)
