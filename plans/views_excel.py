"""Excel templates, exports and imports of the plan (form ผ.02; indicators and targets).

The work is in ``plans/excel/`` (on the toolkit ``core/excel.py``); uploads go through ``jobs/imports.py``
like every import.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from core import params
from core.calendar import current_fiscal_year
from core.excel import xlsx_download
from jobs.imports import ERRORS_KEY, ImportForm, import_page, run_import, xlsx_response
from orgs.access import org_view
from plans.excel import errors_workbook, export_plan, import_plan
from plans.excel.kpis import SHEET as KPI_SHEET
from plans.excel.kpis import export_kpis, import_kpis
from plans.excel.plan import MAIN_SHEET
from plans.models import DevelopmentPlan


@org_view("plan.view")
def import_errors(request):
    """The errors of this person's last import in this organization, as a workbook."""
    errors = request.session.get(ERRORS_KEY.format(org=request.org.pk), [])
    return xlsx_response(errors_workbook(errors), "import-errors.xlsx")


def _plan(request, pk):
    return get_object_or_404(DevelopmentPlan.objects.for_org(request.org), pk=pk)


def _plan_crumbs(request, plan):
    return [
        (reverse("plans:index", args=[request.org.slug]), _("Plans")),
        (reverse("plans:plan_detail", args=[request.org.slug, plan.pk]), plan.name),
    ]


# The project list (form ผ.02) ----------------------------------------------------------------------


@org_view("plan.view")
def plan_export(request, pk):
    plan = _plan(request, pk)
    name = f"plan-{plan.first_year}-{plan.last_year}.xlsx"
    return xlsx_download(name, lambda file: export_plan(plan, access=request.access, into=file))


@org_view("plan.edit")
def plan_import(request, pk):
    plan = _plan(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = run_import(
            request,
            form,
            task="plans.import_plan",
            params={"plan": plan.pk},
            sheet=MAIN_SHEET,
            run=lambda file, user: import_plan(plan, file, user=user),
        )
        if isinstance(result, HttpResponse):
            return result
    return import_page(
        request,
        form=form,
        result=result,
        title=_("Import the plan from Excel"),
        crumbs=_plan_crumbs(request, plan),
        intro=_(
            "Upload a workbook in the shape of form ผ.02 (start from the exported file), or a CSV file of its "
            "main sheet. Every row is checked first: if any row has an error, nothing is saved."
        ),
        exports=[(reverse("plans:plan_export", args=[request.org.slug, plan.pk]), _("Export XLSX"))],
        back=reverse("plans:plan_detail", args=[request.org.slug, plan.pk]),
    )


# Indicators and targets ----------------------------------------------------------------------------


def _years(request, plan) -> list[int]:
    """The fiscal years asked for (?year=2569&year=2570 or ?year=all); by default the current one."""
    if "all" in request.GET.getlist("year"):
        return plan.fiscal_years
    years = [year for year in params.fiscal_years(request.GET, "year") if year in plan.fiscal_years]
    if years:
        return years
    current = current_fiscal_year()
    return [current if current in plan.fiscal_years else plan.first_year]


@org_view("plan.view")
def kpi_export(request, pk):
    plan = _plan(request, pk)
    years = _years(request, plan)
    name = f"indicators-{plan.first_year}-{plan.last_year}-{years[0]}{f'-{years[-1]}' if len(years) > 1 else ''}"
    return xlsx_download(f"{name}.xlsx", lambda file: export_kpis(plan, years, access=request.access, into=file))


@org_view("plan.edit")
def kpi_import(request, pk):
    plan = _plan(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = run_import(
            request,
            form,
            task="plans.import_kpis",
            params={"plan": plan.pk},
            sheet=KPI_SHEET,
            run=lambda file, user: import_kpis(plan, file, user=user),
        )
        if isinstance(result, HttpResponse):
            return result
    export = reverse("plans:kpi_export", args=[request.org.slug, plan.pk])
    exports = [(f"{export}?year={year}", _("Targets of %(year)s") % {"year": year}) for year in plan.fiscal_years]
    exports.append((f"{export}?year=all", _("Targets of every year of the plan")))
    return import_page(
        request,
        form=form,
        result=result,
        title=_("Import indicators and targets from Excel"),
        crumbs=_plan_crumbs(request, plan),
        intro=_(
            "Download the indicators of this plan with their targets (it is also the template), fill it in and "
            "upload it, or a CSV file of its sheet. Indicators are matched by their code. Every row is checked "
            "first: if any row has an error, nothing is saved."
        ),
        exports=exports,
        back=reverse("plans:plan_detail", args=[request.org.slug, plan.pk]),
    )
