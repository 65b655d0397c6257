"""The performance forms of one person (the agreement and the evaluation, as PDFs to print and sign), a
round's summary per department and its salary raise proposal (PDF and XLSX), through the shared renderers.

The people app's own rules decide who gets them: a form goes to whoever sees the person's agreement page
(``people.access.agreement_or_404``: 404 for anyone else, so a colleague cannot tell it exists); the summary to
whoever sees the round's results (HR, the executive, the administrator); the raise proposal, which holds
salaries, to whoever sees its page (HR and the executive)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from orgs.access import org_view
from people import access as people_access
from people import services as people_services
from people.models import Person, RaiseProposal, Round
from reports.builders.performance import agreement_report, evaluation_report
from reports.builders.raise_proposal import raise_proposal_report
from reports.builders.round_summary import round_summary_report
from reports.output import FORMATS, render_file


def _file(report, fmt: str) -> HttpResponse:
    name, content, content_type = render_file(report, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _agreement(request, pk):
    agreement = people_access.agreement_or_404(request, pk)
    people = Person.objects.for_org(request.org)
    related = ("department", "position", "supervisor__position", "reviewer__position")
    agreement.person = people.select_related(*related).get(pk=agreement.person_id)
    return agreement


@org_view()
def agreement_pdf(request, pk):
    """The performance agreement of one person, to print and sign."""
    return _file(agreement_report(_agreement(request, pk)), "pdf")


@org_view()
def evaluation_pdf(request, pk):
    """The evaluation form of one person (blank lines where nothing is rated yet)."""
    agreement = _agreement(request, pk)
    return _file(evaluation_report(agreement, people_services.evaluation_of(agreement)), "pdf")


@org_view(people_access.VIEW_ALL)
def round_summary(request, pk, fmt):
    """The round's results per department with the count of each band (PDF or XLSX)."""
    if fmt not in FORMATS:
        raise Http404
    round_ = get_object_or_404(Round.objects.for_org(request.org), pk=pk)
    return _file(round_summary_report(round_), fmt)


@org_view(people_access.VIEW_ALL)
def raise_proposal(request, pk, fmt):
    """The round's raise proposal (PDF to sign, or XLSX): the same check as its page, the round looked up
    first (another organization's is 404 for everyone), then the salaries (HR and the executive only)."""
    if fmt not in FORMATS:
        raise Http404
    round_ = get_object_or_404(Round.objects.for_org(request.org), pk=pk)
    if not people_access.sees_salary(request.access):
        raise PermissionDenied
    proposal = get_object_or_404(
        RaiseProposal.objects.for_org(request.org).select_related("round", "rules", "made_by", "finalized_by"),
        round=round_,
    )
    response = _file(raise_proposal_report(proposal), fmt)
    response["Cache-Control"] = "private, no-store"  # salaries: kept by no cache on the way
    return response
