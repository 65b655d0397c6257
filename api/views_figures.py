"""Computed figures for integrators (a province's dashboard, say): read-only, approved data only, every
number from evaluation/rollup.py (year_figures, indicator_periods) and so from evaluation/achievement.py.

The year's figures are read through ``evaluation.memo`` (as the results pages read them): computed once
while the data is unchanged, so the next page of a list costs one query (the data version) and its own
rows' serialization, not the whole year again. The lists' ``totals`` are those of all their rows."""

from types import SimpleNamespace

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _l
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.response import Response

from api import filters
from api.base import OrgView, indicators_of
from api.pagination import KpiFiguresPagination, ProjectFiguresPagination
from api.serializers import (
    GroupSerializer,
    IndicatorPeriodsSerializer,
    KpiFigureSerializer,
    KpiSetSerializer,
    ProjectFiguresSerializer,
    StrategyGroupSerializer,
    YearFiguresSerializer,
)
from evaluation.memo import year_figures
from evaluation.rollup import KpiSet, indicator_periods
from plans.models import Strategy


class FiguresView(OrgView):
    filter_class = filters.FigureFilters

    def figures(self, request, year):
        query = filters.read(self.filter_class, request)
        figures = year_figures(
            self.org,
            year,
            upto=query.get("upto"),
            department_id=query.get("department"),
            perspective=query.get("perspective"),
            access=self.access,
        )
        for group in figures.strategies:
            group.own_kpis = figures.strategy_kpis.get(group.pk)
        return figures


class OrganizationFigures(FiguresView):
    """The organization's year: the organization, each strategy (with its programs and own KPIs), each
    department and each balanced-scorecard perspective."""

    summaries = {"get": _l("The organization's figures for a fiscal year")}

    serializer_class = YearFiguresSerializer

    @extend_schema(parameters=[filters.FigureFilters])
    def get(self, request, year, **kwargs):
        return Response(YearFiguresSerializer(self.figures(request, year)).data)


class StrategyFigures(FiguresView):
    summaries = {"get": _l("A strategy's figures for a fiscal year")}
    serializer_class = StrategyGroupSerializer

    @extend_schema(parameters=[filters.FigureFilters])
    def get(self, request, year, pk, **kwargs):
        strategy = get_object_or_404(Strategy.objects.for_org(self.org), pk=pk)
        group = self.figures(request, year).strategy(strategy.pk)
        if group is None:
            raise exceptions.NotFound
        return Response(StrategyGroupSerializer(group).data)


class ProjectFigures(FiguresView):
    """Each project of the year's action plan: status, budget, disbursement and KPI score."""

    summaries = {"get": _l("Each project's figures for a fiscal year")}
    is_list = True

    serializer_class = ProjectFiguresSerializer
    pagination_class = ProjectFiguresPagination

    @extend_schema(parameters=[filters.FigureFilters])
    def get(self, request, year, **kwargs):
        figures = self.figures(request, year)
        page = self.paginate_queryset(figures.projects)
        totals = GroupSerializer(figures.organization).data
        return self.paginator.get_paginated_response(ProjectFiguresSerializer(page, many=True).data, totals)


class KpiFigures(FiguresView):
    """Every KPI of the year (the projects', the strategies' and the organization's) to date."""

    summaries = {"get": _l("Each KPI's figures for a fiscal year")}
    is_list = True

    serializer_class = KpiFigureSerializer
    filter_class = filters.KpiFigureFilters
    pagination_class = KpiFiguresPagination

    @extend_schema(parameters=[filters.KpiFigureFilters])
    def get(self, request, year, **kwargs):
        kpis = self.figures(request, year).all_kpis
        page = self.paginate_queryset(kpis)
        totals = KpiSetSerializer(KpiSet(kpis)).data
        return self.paginator.get_paginated_response(KpiFigureSerializer(page, many=True).data, totals)


class KpiPeriodFigures(OrgView):
    """One KPI quarter by quarter (each to the end of its quarter) and for the year to date."""

    summaries = {"get": _l("One KPI's figures per quarter and for the year to date")}

    serializer_class = IndicatorPeriodsSerializer

    def get(self, request, year, pk, **kwargs):
        indicator = get_object_or_404(indicators_of(self), pk=pk)
        periods = indicator_periods(self.org, indicator, year)
        answer = SimpleNamespace(
            kpi=indicator,
            fiscal_year=year,
            annual_target=periods.targets.get(0),
            quarters=periods.quarters,
            year_to_date=periods.year_to_date,
            official=periods.official,
        )
        return Response(IndicatorPeriodsSerializer(answer).data)
