"""The ten steps of results-based M&E for a fiscal year: status, notes and the figures the data tells."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import versioning
from evaluation.forms import ReadinessForm
from evaluation.models import ReadinessEvidence, ReadinessStep
from evaluation.readiness import STEPS, add_step_evidence, figures
from monitoring.evidence import EvidenceError, attachment_response
from orgs.access import org_view


@org_view()
def steps(request, year):
    saved = {
        s.step: s
        for s in ReadinessStep.objects.for_org(request.org).filter(fiscal_year=year).prefetch_related("evidence")
    }
    can_edit = request.access.can("evaluation.edit")
    data = request.POST if request.method == "POST" and can_edit else None
    rows = []
    for number, name in STEPS:
        step = saved.get(number) or ReadinessStep(organization=request.org, fiscal_year=year, step=number)
        rows.append(
            {
                "number": number,
                "name": name,
                "form": ReadinessForm(data, instance=step, prefix=f"s{number}"),
                "files": list(step.evidence.all()) if step.pk else [],
            }
        )
    stale = None
    if data is not None:
        if all([row["form"].is_valid() for row in rows]):  # noqa: C419 (validate every row to show every error)
            try:
                with transaction.atomic():
                    versioning.check_forms([row["form"] for row in rows])
                    for row in rows:
                        if row["form"].has_changed() or row["form"].instance.pk is None:
                            row["form"].save()
            except versioning.StaleEdit as error:
                stale = error
            else:
                messages.success(request, _("Saved."))
                return redirect("evaluation:readiness", request.org.slug, year)
        else:
            messages.error(request, _("Please correct the errors below; nothing was saved."))
    measured = figures(request.org, year, timezone.localdate())
    for row in rows:
        row["figure"] = measured.get(row["number"])
    context = {"year": year, "rows": rows, "can_edit": can_edit, "stale": stale}
    return render(request, "evaluation/readiness.html", context)


@org_view("evaluation.edit")
@require_POST
def step_evidence(request, year, step):
    """Upload files for one step; each refused file gets its own message."""
    if not 1 <= step <= 10:
        raise Http404
    record = ReadinessStep.objects.for_org(request.org).filter(fiscal_year=year, step=step).first()
    record = record or ReadinessStep(organization=request.org, fiscal_year=year, step=step)
    for uploaded in request.FILES.getlist("files"):
        try:
            add_step_evidence(step=record, uploaded=uploaded, user=request.user)
        except EvidenceError as error:
            messages.error(request, str(error))
    return redirect("evaluation:readiness", request.org.slug, year)


@org_view()
def step_file(request, pk):
    evidence = get_object_or_404(ReadinessEvidence.objects.for_org(request.org), pk=pk)
    return attachment_response(evidence)
