"""The ten steps of results-based M&E for a fiscal year: status, notes and the figures the data tells."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation.forms import ReadinessForm
from evaluation.models import ReadinessStep
from evaluation.readiness import STEPS, figures
from orgs.access import org_view


@org_view()
def steps(request, year):
    saved = {s.step: s for s in ReadinessStep.objects.for_org(request.org).filter(fiscal_year=year)}
    can_edit = request.access.can("evaluation.edit")
    data = request.POST if request.method == "POST" and can_edit else None
    rows = []
    for number, name in STEPS:
        step = saved.get(number) or ReadinessStep(organization=request.org, fiscal_year=year, step=number)
        rows.append({"number": number, "name": name, "form": ReadinessForm(data, instance=step, prefix=f"s{number}")})
    if data is not None:
        if all([row["form"].is_valid() for row in rows]):  # noqa: C419 (validate every row to show every error)
            for row in rows:
                if row["form"].has_changed() or row["form"].instance.pk is None:
                    row["form"].save()
            messages.success(request, _("Saved."))
            return redirect("evaluation:readiness", request.org.slug, year)
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    measured = figures(request.org, year, timezone.localdate())
    for row in rows:
        row["figure"] = measured.get(row["number"])
    return render(request, "evaluation/readiness.html", {"year": year, "rows": rows, "can_edit": can_edit})
