"""Excel export and import of a development plan (form ผ.02). The work is in ``plans/excel.py``."""

from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orgs.access import org_view
from plans.excel import export_plan, import_plan
from plans.models import DevelopmentPlan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX}),
    )


@org_view("plan.view")
def plan_export(request, pk):
    plan = get_object_or_404(DevelopmentPlan.objects.for_org(request.org), pk=pk)
    response = HttpResponse(export_plan(plan), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.first_year}-{plan.last_year}.xlsx"'
    return response


@org_view("plan.edit")
def plan_import(request, pk):
    plan = get_object_or_404(DevelopmentPlan.objects.for_org(request.org), pk=pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = import_plan(plan, form.cleaned_data["file"])
    status = 400 if result is not None and not result.ok else 200
    return render(
        request,
        "plans/plan_import.html",
        {"plan": plan, "form": form, "result": result, "title": _("Import the plan from Excel")},
        status=status,
    )
