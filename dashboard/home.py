"""The organization's home page: each role's next actions, as cards of links.

A department reporter sees the reports due in the next period and those returned to them (their
department's only); whoever reviews (the audit unit, the administrator) what waits for review and the
departments late in the last period past its deadline; whoever edits the plan the state of the year's plan;
the executive and overseers the headline figures of the latest year with approved data; the administrator
the organization's people. Every count comes from a selector of the app that owns the data, scoped by
``request.access``: a fixed number of queries per role whatever the number of projects.
"""

from django.shortcuts import render
from django.utils import timezone

from core.calendar import current_fiscal_year
from evaluation import memo
from monitoring import selectors as monitoring
from orgs.access import org_view
from orgs.models import Membership, Role
from plans import selectors as plans


def _today():
    return timezone.localdate()


def reporter_card(org, access, today) -> dict:
    """The reports due in the next period and those returned, per department the reporter works for."""
    due = monitoring.reports_due(org, access, today)
    returned = monitoring.returned_reports(org, access, today)
    return {"due": due, "returned": returned, "several": len({d.department.pk for d in due}) > 1}


def review_card(org, access, today) -> dict:
    """What waits for review and the departments late in the last period past its deadline."""
    queue = monitoring.review_queue(org, access)
    late_period, late = monitoring.late_departments(org, access, today)
    return {
        "reports": queue["reports"],
        "results": queue["results"],
        "to_review": sum(c.count for c in queue["reports"]),
        "results_to_review": sum(c.count for c in queue["results"]),
        "late_period": late_period,
        "late": late,
    }


def headline_card(org, access, today) -> dict | None:
    """The headline figures (completed projects, budget disbursed, KPIs) of the latest year with approved
    data in a period past its deadline; None when there is no such year."""
    year = monitoring.latest_reported_year(org, access, today)
    if year is None:
        return None
    figures = memo.year_figures(org, year, access=access)
    return {"year": year, "total": figures.organization}


def admin_card(org, fiscal_year) -> dict:
    """The organization's people: its members, and the departments with projects this year but no reporter."""
    return {
        "members": Membership.objects.for_org(org).values("user_id").distinct().count(),
        "departments_without_reporter": plans.departments_without_reporter(org, fiscal_year),
    }


def home_context(org, access, today) -> dict:
    """Everything the home page shows for this person: the year's figures and the cards of their roles."""
    year = current_fiscal_year(today)
    state = plans.year_plan_state(org, access, year)
    context = {"fiscal_year": year, "state": state, "today": today}
    if Role.REPORTER in access.roles:
        context["reporter"] = reporter_card(org, access, today)
    if access.can("report.review"):
        context["review"] = review_card(org, access, today)
    if access.can("plan.edit"):
        context["planner"] = True
    if access.read_only:
        context["headline"] = headline_card(org, access, today)
    if access.can("org.manage"):
        context["admin"] = admin_card(org, year)
    if access.sees_all_departments:
        context.update(plans.plan_lists(org))
    return context


@org_view()
def home(request):
    """The organization's home: the person's next actions, then the plans."""
    return render(request, "dashboard/home.html", home_context(request.org, request.access, _today()))
