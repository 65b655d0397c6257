"""What carrying a year's plan forward should consider: unfinished projects and unused recommendations."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from evaluation.proposals import proposals as proposals_for
from orgs.access import org_view


@org_view()
@require_GET
def proposals(request, year):
    return render(
        request,
        "evaluation/proposals.html",
        {
            "year": year,
            "next_year": year + 1,
            "proposals": proposals_for(request.org, year, access=request.access),
            "can_edit_plan": request.access.can("plan.edit"),
        },
    )
