"""Monitoring: reporting periods, progress reports with their KPI results, and their review. Every
change calls monitoring/workflow.py, with the screens' forms (monitoring/forms.py) checking the input by
monitoring/rules.py — the same steps the data-entry and review pages take."""

from django.db import transaction
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response

from api import filters
from api.base import (
    IF_MATCH,
    ListView,
    OrgView,
    Refused,
    form_errors,
    if_match,
    indicators_of,
    not_found,
    validated,
    with_version,
    workflow_refusals,
)
from api.serializers import (
    OrgResultInputSerializer,
    PeriodSerializer,
    PeriodStateSerializer,
    ReportCreateSerializer,
    ReportInputSerializer,
    ReportSerializer,
    ResultSerializer,
    ReturnSerializer,
)
from core import versioning
from monitoring import selectors, workflow
from monitoring.forms import ReportForm, ResultForm, ResultRows, report_input
from monitoring.models import IndicatorResult, ProgressReport, ReportingPeriod
from monitoring.periods import effective_state, policy_for
from monitoring.rules import ReportContext
from plans.models import Indicator, Project


def _today():
    return timezone.localdate()


# Periods ----------------------------------------------------------------------------------------------


class PeriodsMixin:
    def with_state(self, periods):
        policy, today = policy_for(self.org), _today()
        for period in periods:
            period.effective_state = effective_state(period, policy, today)
        return periods


class PeriodList(PeriodsMixin, ListView):
    summaries = {"get": _l("Reporting periods")}
    serializer_class = PeriodSerializer
    filter_class = filters.PeriodFilters

    def rows(self, query):
        if "fiscal_year" in query:
            return ReportingPeriod.objects.for_org(self.org).filter(fiscal_year=query["fiscal_year"])
        return ReportingPeriod.objects.for_org(self.org)

    @extend_schema(parameters=[filters.PeriodFilters])
    def get(self, request, **kwargs):
        query = filters.read(self.filter_class, request)
        page = self.paginate_queryset(self.rows(query))
        return self.get_paginated_response(self.get_serializer(self.with_state(page), many=True).data)


class PeriodDetail(PeriodsMixin, OrgView):
    summaries = {"get": _l("A reporting period")}
    serializer_class = PeriodSerializer

    def get(self, request, pk, **kwargs):
        period = get_object_or_404(ReportingPeriod.objects.for_org(self.org), pk=pk)
        return Response(PeriodSerializer(self.with_state([period])[0]).data)


class PeriodState(PeriodsMixin, OrgView):
    """Open, close or lock a period (the audit unit): monitoring.workflow.period_set_state."""

    summaries = {"post": _l("Open, close or lock a reporting period")}

    serializer_class = PeriodSerializer
    write_capability = "period.manage"

    @extend_schema(request=PeriodStateSerializer, responses={200: PeriodSerializer})
    def post(self, request, pk, **kwargs):
        period = get_object_or_404(ReportingPeriod.objects.for_org(self.org), pk=pk)
        state = validated(PeriodStateSerializer, request).validated_data["state"]
        with workflow_refusals():
            period = workflow.period_set_state(period=period, access=self.access, state=state, today=_today())
        return Response(PeriodSerializer(self.with_state([period])[0]).data)


# Progress reports -------------------------------------------------------------------------------------


def _reports(view):
    return view.access.scope_projects(ProgressReport.objects.for_org(view.org), through="project")


def _with_results(queryset):
    return queryset.prefetch_related("results")


YES_NO = {True: "yes", False: "no", None: ""}
RESULT_FIELDS = ("value", "numerator", "denominator", "text", "comment")


def _result_form(kpi, result, context, given: dict | None):
    """The screens' ResultForm of a KPI, bound to its saved values changed by what the client sent."""
    blank = ResultForm(indicator=kpi, result=result, context=context)
    data = {f"{blank.prefix}-{name}": blank.initial.get(name) for name in blank.fields}
    if given:
        for name in RESULT_FIELDS:
            if name in given:
                data[f"{blank.prefix}-{name}"] = given[name]
        if "yes_no" in given:
            data[f"{blank.prefix}-yes_no"] = YES_NO[given["yes_no"]]
        if "breakdown" in given:
            for n, category in enumerate(kpi.categories):
                data[f"{blank.prefix}-part_{n}"] = given["breakdown"].get(category)
    data = {key: "" if value is None else value for key, value in data.items()}
    return ResultForm(data, indicator=kpi, result=result, context=context)


def _result_errors(kpi, given) -> dict:
    """Input that no form field takes: a breakdown category the KPI does not have."""
    unknown = sorted(set((given or {}).get("breakdown", {})) - set(kpi.categories))
    if unknown:
        return {"breakdown": [_("Unknown category: %(category)s.") % {"category": unknown[0]}]}
    return {}


class ReportWrites:
    """Saving a draft: the data-entry card of the project (monitoring/selectors.py), the screens' forms
    bound to the report's saved values changed by the client's, then workflow.report_save."""

    def save_report(self, *, period, project, values: dict):
        cards = selectors.cards(self.org, period, self.access, _today(), project_ids=[project.pk])
        if not cards:
            raise exceptions.ValidationError({"project": [_("The project is not in this fiscal year's action plan.")]})
        card = cards[0]
        if not card.editable:
            raise Refused(_("This report cannot be changed now."))
        prefix = f"r{project.pk}"
        data = model_to_dict(card.report, fields=workflow.REPORT_FIELDS)
        data.update({k: v for k, v in values.items() if k != "results"})
        data.setdefault("version", card.report.version)
        form = ReportForm(
            {f"{prefix}-{k}": "" if v is None else v for k, v in data.items()},
            instance=card.report,
            context=card.context,
            prefix=prefix,
        )
        given = {}
        errors = {}
        for item in values.get("results", []):
            if item["indicator"] in given or item["indicator"] not in {k.pk for k in card.indicators}:
                errors[str(item["indicator"])] = {"indicator": [_("Not an indicator of this project, or given twice.")]}
            given[item["indicator"]] = item
        result_forms = [
            _result_form(kpi, card.results.get(kpi.pk), card.context, given.get(kpi.pk)) for kpi in card.indicators
        ]
        valid = form.is_valid()
        for kpi, result_form in zip(card.indicators, result_forms, strict=True):
            found = _result_errors(kpi, given.get(kpi.pk))
            if not result_form.is_valid() or found:
                parts = {f"part_{n}": "breakdown" for n in range(len(kpi.categories))}
                errors[str(kpi.pk)] = {**form_errors(result_form, parts), **found}
        if not valid or errors:
            problems = form_errors(form)
            if errors:
                problems["results"] = errors
            raise exceptions.ValidationError(problems)
        report = card.report if card.report.pk else workflow.report_for(period=period, project=project)
        with workflow_refusals():
            report = workflow.report_save(
                report=report,
                access=self.access,
                user=self.request.user,
                values=report_input(form, result_forms),
                today=_today(),
            )
        return _with_results(ProgressReport.objects.all()).get(pk=report.pk)


class ReportList(ReportWrites, ListView):
    summaries = {"get": _l("Progress reports"), "post": _l("Save the first draft of a progress report")}
    serializer_class = ReportSerializer
    filter_class = filters.ReportFilters
    write_capability = "report.edit"

    def rows(self, query):
        reports = _with_results(_reports(self))
        for name, field in (
            ("fiscal_year", "period__fiscal_year"),
            ("period", "period_id"),
            ("project", "project_id"),
            ("department", "department_id"),
            ("status", "state"),
        ):
            if name in query:
                reports = reports.filter(**{field: query[name]})
        if "updated_since" in query:
            reports = reports.filter(updated_at__gte=query["updated_since"])
        return reports.order_by("period__fiscal_year", "period__number", "project__order", "project__code", "pk")

    @extend_schema(parameters=[filters.ReportFilters])
    def get(self, request, **kwargs):
        return self.list(request)

    @extend_schema(
        request=ReportCreateSerializer,
        responses={201: ReportSerializer},
        description=_("Save the first draft of a project's report for a period (it may then be submitted)."),
    )
    def post(self, request, **kwargs):
        values = dict(validated(ReportCreateSerializer, request).validated_data)
        period = ReportingPeriod.objects.for_org(self.org).filter(pk=values.pop("period")).first()
        if period is None:
            raise exceptions.ValidationError({"period": not_found()})
        project = self.scope_projects(Project.objects.for_org(self.org)).filter(pk=values.pop("project")).first()
        if project is None:
            raise exceptions.ValidationError({"project": not_found()})
        existing = ProgressReport.objects.filter(period=period, project=project).values_list("pk", flat=True).first()
        if existing:
            message = _("This project already has a report for this period (id %(id)s): change it with PATCH.")
            raise exceptions.ValidationError({"project": [message % {"id": existing}]})
        report = self.save_report(period=period, project=project, values=values)
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)


class ReportDetail(ReportWrites, OrgView):
    summaries = {"get": _l("A progress report with its KPI results"), "patch": _l("Save a progress report's draft")}
    serializer_class = ReportSerializer
    write_capability = "report.edit"

    def get(self, request, pk, **kwargs):
        return Response(ReportSerializer(get_object_or_404(_with_results(_reports(self)), pk=pk)).data)

    @extend_schema(request=ReportInputSerializer, responses={200: ReportSerializer, 409: None})
    def patch(self, request, pk, **kwargs):
        report = get_object_or_404(_reports(self).select_related("period", "project"), pk=pk)
        values = dict(validated(ReportInputSerializer, request).validated_data)
        report = self.save_report(period=report.period, project=report.project, values=values)
        return Response(ReportSerializer(report).data)


class ReportStep(OrgView):
    """One workflow step of a report; the subclasses name the step and the capability it needs."""

    serializer_class = ReportSerializer

    def step(self, report, request):
        raise NotImplementedError

    def post(self, request, pk, **kwargs):
        report = get_object_or_404(_reports(self), pk=pk)
        with workflow_refusals():
            self.step(report, request)
        return Response(ReportSerializer(_with_results(ProgressReport.objects.all()).get(pk=pk)).data)


class ReportSubmit(ReportStep):
    summaries = {"post": _l("Submit a progress report for review")}
    write_capability = "report.edit"

    @extend_schema(request=None, responses={200: ReportSerializer})
    def post(self, request, pk, **kwargs):
        return super().post(request, pk, **kwargs)

    def step(self, report, request):
        workflow.report_submit(report=report, access=self.access, user=request.user, today=_today())


class ReportApprove(ReportStep):
    summaries = {"post": _l("Approve a submitted progress report")}
    write_capability = "report.review"

    @extend_schema(request=None, responses={200: ReportSerializer})
    def post(self, request, pk, **kwargs):
        return super().post(request, pk, **kwargs)

    def step(self, report, request):
        workflow.report_approve(report=report, access=self.access, user=request.user)


class ReportReturn(ReportStep):
    summaries = {"post": _l("Return a submitted progress report for revision")}
    write_capability = "report.review"

    @extend_schema(request=ReturnSerializer, responses={200: ReportSerializer})
    def post(self, request, pk, **kwargs):
        return super().post(request, pk, **kwargs)

    def step(self, report, request):
        reason = validated(ReturnSerializer, request).validated_data["reason"]
        workflow.report_return(report=report, access=self.access, user=request.user, reason=reason)


# KPI results ------------------------------------------------------------------------------------------


def _results(view):
    return IndicatorResult.objects.for_org(view.org).filter(indicator__in=indicators_of(view))


class ResultList(ListView):
    summaries = {"get": _l("KPI results"), "post": _l("Enter the result of an organization or strategy KPI")}
    serializer_class = ResultSerializer
    filter_class = filters.ResultFilters
    write_capability = "result.org"

    def rows(self, query):
        results = _results(self)
        for name, field in (
            ("fiscal_year", "period__fiscal_year"),
            ("period", "period_id"),
            ("indicator", "indicator_id"),
            ("project", "indicator__project_id"),
            ("status", "state"),
        ):
            if name in query:
                results = results.filter(**{field: query[name]})
        if "department" in query:
            results = results.filter(indicator__department_id=query["department"]) | results.filter(
                indicator__project__department_id=query["department"]
            )
        if "updated_since" in query:
            results = results.filter(updated_at__gte=query["updated_since"])
        return results.order_by("period__fiscal_year", "period__number", "indicator_id", "pk")

    @extend_schema(parameters=[filters.ResultFilters])
    def get(self, request, **kwargs):
        return self.list(request)

    @extend_schema(
        request=OrgResultInputSerializer,
        parameters=[IF_MATCH],
        responses={200: ResultSerializer, 409: None},
        description=_(
            "Save the result of an organization or strategy KPI for a period as a draft (the audit unit, or "
            "whoever the organization allows); submit it, and it counts once a reviewer approves it. Results of "
            "project KPIs are saved with the project's report."
        ),
    )
    def post(self, request, **kwargs):
        values = dict(validated(OrgResultInputSerializer, request).validated_data)
        period = ReportingPeriod.objects.for_org(self.org).filter(pk=values.pop("period")).first()
        if period is None:
            raise exceptions.ValidationError({"period": not_found()})
        indicator = Indicator.objects.for_org(self.org).filter(pk=values["indicator"]).first()
        if indicator is None:
            raise exceptions.ValidationError({"indicator": not_found()})
        result = IndicatorResult.objects.filter(indicator=indicator, period=period).first()
        form = _result_form(indicator, result, ReportContext(), values)
        found = _result_errors(indicator, values)
        if not form.is_valid() or found:
            parts = {f"part_{n}": "breakdown" for n in range(len(indicator.categories))}
            raise exceptions.ValidationError({**form_errors(form, parts), **found})
        rows = ResultRows(period=period, indicators=[indicator], forms=[form])
        with workflow_refusals(), transaction.atomic():
            versioning.check(rows, if_match(request))  # If-Match: the ETag of the result read
            result = workflow.org_result_save(
                period=period, indicator=indicator, access=self.access, user=request.user, form=form, today=_today()
            )
        return with_version(Response(ResultSerializer(result).data), rows)


class ResultDetail(OrgView):
    summaries = {"get": _l("A KPI result")}
    serializer_class = ResultSerializer

    def get(self, request, pk, **kwargs):
        result = get_object_or_404(_results(self).select_related("period", "indicator"), pk=pk)
        rows = ResultRows(period=result.period, indicators=[result.indicator])
        return with_version(Response(ResultSerializer(result).data), rows)


class ResultStep(OrgView):
    """One review step of an organization or strategy KPI's result; the subclasses name the step and the
    capability it needs (a project KPI's result moves with its report)."""

    serializer_class = ResultSerializer

    def step(self, result, request):
        raise NotImplementedError

    def post(self, request, pk, **kwargs):
        result = get_object_or_404(_results(self).filter(report=None), pk=pk)
        with workflow_refusals():
            result = self.step(result, request)
        return Response(ResultSerializer(result).data)


class ResultSubmit(ResultStep):
    summaries = {"post": _l("Submit an organization or strategy KPI's result for review")}
    write_capability = "result.org"

    @extend_schema(request=None, responses={200: ResultSerializer})
    def post(self, request, pk, **kwargs):
        return super().post(request, pk, **kwargs)

    def step(self, result, request):
        return workflow.org_result_submit(result=result, access=self.access, user=request.user, today=_today())


class ResultApprove(ResultStep):
    summaries = {"post": _l("Approve a submitted result of an organization or strategy KPI")}
    write_capability = "report.review"

    @extend_schema(request=None, responses={200: ResultSerializer})
    def post(self, request, pk, **kwargs):
        return super().post(request, pk, **kwargs)

    def step(self, result, request):
        return workflow.org_result_approve(result=result, access=self.access, user=request.user)


class ResultReturn(ResultStep):
    summaries = {"post": _l("Return a submitted result of an organization or strategy KPI")}
    write_capability = "report.review"

    @extend_schema(request=ReturnSerializer, responses={200: ResultSerializer})
    def post(self, request, pk, **kwargs):
        return super().post(request, pk, **kwargs)

    def step(self, result, request):
        reason = validated(ReturnSerializer, request).validated_data["reason"]
        return workflow.org_result_return(result=result, access=self.access, user=request.user, reason=reason)
