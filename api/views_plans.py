"""Organizations and the plan: development plans, action plans, strategies, programs, projects,
indicators and targets. Writes go through the screens' forms (plans/forms.py), whose validation is the
plan's rules (plans/rules.py through Indicator.clean, the forms' own checks)."""

from django.db import transaction
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response

from api import filters
from api.base import (
    IF_MATCH,
    ApiView,
    ListView,
    OrgView,
    check_form,
    indicators_of,
    not_found,
    save_checked,
    validated,
    with_version,
)
from api.serializers import (
    TARGET_FIELDS,
    ActionPlanSerializer,
    DepartmentSerializer,
    IndicatorCreateSerializer,
    IndicatorSerializer,
    OrganizationSerializer,
    PlanSerializer,
    ProgramSerializer,
    ProjectSerializer,
    StrategyCreateSerializer,
    StrategySerializer,
    TargetSerializer,
    YearTargetsSerializer,
)
from orgs.access import organizations_for
from orgs.models import Department, Role
from plans import services
from plans.forms import DevelopmentPlanForm, IndicatorForm, ProjectForm, StrategyForm, TargetsForm
from plans.models import (
    ActionPlan,
    DevelopmentPlan,
    Goal,
    Indicator,
    Program,
    Project,
    ProjectBudget,
    Strategy,
    Target,
)

EDIT = "plan.edit"


def submitted(serializer) -> dict:
    """The fields the client sent, by API field name (a field named by ``source`` comes back by its name)."""
    values = {}
    for name, field in serializer.fields.items():
        if field.read_only or field.source == "*":
            continue
        if field.source in serializer.validated_data:
            values[name] = serializer.validated_data[field.source]
    return values


def form_data(instance, form_class, values: dict) -> dict:
    """What a screen's form would receive: the object's current fields (a new one's defaults), changed by
    what the client sent."""
    data = model_to_dict(instance, fields=form_class._meta.fields)
    data.update(values)
    return {name: "" if value is None else value for name, value in data.items()}


# Organizations ----------------------------------------------------------------------------------------


class OrganizationList(ApiView):
    """The organizations you may open, with your roles in each."""

    summaries = {"get": _l("Your organizations, with your roles")}
    is_list = True

    serializer_class = OrganizationSerializer

    def get(self, request):
        user = request.user
        page = self.paginate_queryset(organizations_for(user).order_by("province", "district", "name"))
        roles = {}
        for org_id, role in user.memberships.filter(organization__in=[o.pk for o in page]).values_list(
            "organization_id", "role"
        ):
            roles.setdefault(org_id, []).append(role)
        for org in page:
            org.roles = sorted(roles.get(org.pk, [])) or ([Role.ADMIN] if user.is_superuser else ["overseer"])
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class DepartmentList(ListView):
    summaries = {"get": _l("Departments")}
    serializer_class = DepartmentSerializer

    def rows(self, query):
        return Department.objects.for_org(self.org)

    def get(self, request, **kwargs):
        return self.list(request)


# Development plans ------------------------------------------------------------------------------------


class PlanList(ListView):
    summaries = {"get": _l("Development plans"), "post": _l("Add a development plan")}
    serializer_class = PlanSerializer
    filter_class = filters.PlanFilters
    write_capability = EDIT

    def rows(self, query):
        plans = DevelopmentPlan.objects.for_org(self.org)
        if "fiscal_year" in query:
            plans = plans.filter(first_year__lte=query["fiscal_year"], last_year__gte=query["fiscal_year"])
        if "updated_since" in query:
            plans = plans.filter(filters.changed_since(DevelopmentPlan, query["updated_since"]))
        return plans

    @extend_schema(parameters=[filters.PlanFilters])
    def get(self, request, **kwargs):
        return self.list(request)

    def post(self, request, **kwargs):
        values = submitted(validated(PlanSerializer, request))
        form = check_form(DevelopmentPlanForm(form_data(DevelopmentPlan(), DevelopmentPlanForm, values), org=self.org))
        return Response(PlanSerializer(form.save()).data, status=status.HTTP_201_CREATED)


class PlanDetail(OrgView):
    summaries = {"get": _l("A development plan"), "patch": _l("Change a development plan")}
    serializer_class = PlanSerializer
    write_capability = EDIT

    def get(self, request, pk, **kwargs):
        plan = get_object_or_404(DevelopmentPlan.objects.for_org(self.org), pk=pk)
        return with_version(Response(PlanSerializer(plan).data), DevelopmentPlanForm(instance=plan, org=self.org))

    @extend_schema(parameters=[IF_MATCH], responses={200: PlanSerializer, 409: None})
    def patch(self, request, pk, **kwargs):
        plan = get_object_or_404(DevelopmentPlan.objects.for_org(self.org), pk=pk)
        values = submitted(validated(PlanSerializer, request, partial=True))
        form = DevelopmentPlanForm(form_data(plan, DevelopmentPlanForm, values), instance=plan, org=self.org)
        plan = save_checked(form, request)
        return with_version(Response(PlanSerializer(plan).data), DevelopmentPlanForm(instance=plan, org=self.org))


class ActionPlanList(ListView):
    summaries = {"get": _l("Action plans")}
    serializer_class = ActionPlanSerializer
    filter_class = filters.ActionPlanFilters

    def rows(self, query):
        plans = ActionPlan.objects.for_org(self.org)
        if "fiscal_year" in query:
            plans = plans.filter(fiscal_year=query["fiscal_year"])
        if "status" in query:
            plans = plans.filter(status=query["status"])
        if "updated_since" in query:
            plans = plans.filter(filters.changed_since(ActionPlan, query["updated_since"]))
        return plans

    @extend_schema(parameters=[filters.ActionPlanFilters])
    def get(self, request, **kwargs):
        return self.list(request)


# Strategies and programs ------------------------------------------------------------------------------


class StrategyList(ListView):
    summaries = {"get": _l("Strategies"), "post": _l("Add a strategy to a development plan")}
    serializer_class = StrategySerializer
    filter_class = filters.StrategyFilters
    write_capability = EDIT

    def rows(self, query):
        strategies = Strategy.objects.for_org(self.org).order_by("plan_id", "order", "number", "pk")
        if "plan" in query:
            strategies = strategies.filter(plan_id=query["plan"])
        if "updated_since" in query:
            strategies = strategies.filter(filters.changed_since(Strategy, query["updated_since"]))
        return strategies

    @extend_schema(parameters=[filters.StrategyFilters])
    def get(self, request, **kwargs):
        return self.list(request)

    @extend_schema(request=StrategyCreateSerializer, responses={201: StrategySerializer})
    def post(self, request, **kwargs):
        values = submitted(validated(StrategyCreateSerializer, request))
        plan = DevelopmentPlan.objects.for_org(self.org).filter(pk=values.pop("plan")).first()
        if plan is None:
            raise exceptions.ValidationError({"plan": not_found()})
        siblings = Strategy.objects.for_org(self.org).filter(plan=plan)
        strategy = Strategy(plan=plan, order=services.next_order(siblings))
        form = check_form(StrategyForm(form_data(strategy, StrategyForm, values), instance=strategy, org=self.org))
        return Response(StrategySerializer(form.save()).data, status=status.HTTP_201_CREATED)


class StrategyDetail(OrgView):
    summaries = {"get": _l("A strategy"), "patch": _l("Change a strategy")}
    serializer_class = StrategySerializer
    write_capability = EDIT

    def get(self, request, pk, **kwargs):
        strategy = get_object_or_404(Strategy.objects.for_org(self.org), pk=pk)
        return with_version(Response(StrategySerializer(strategy).data), StrategyForm(instance=strategy, org=self.org))

    @extend_schema(parameters=[IF_MATCH], responses={200: StrategySerializer, 409: None})
    def patch(self, request, pk, **kwargs):
        strategy = get_object_or_404(Strategy.objects.for_org(self.org), pk=pk)
        values = submitted(validated(StrategySerializer, request, partial=True))
        form = StrategyForm(form_data(strategy, StrategyForm, values), instance=strategy, org=self.org)
        strategy = save_checked(form, request)
        return with_version(Response(StrategySerializer(strategy).data), StrategyForm(instance=strategy, org=self.org))


def _programs(org):
    return Program.objects.for_org(org).select_related("goal__strategy")


class ProgramList(ListView):
    summaries = {"get": _l("Programs")}
    serializer_class = ProgramSerializer
    filter_class = filters.ProgramFilters

    def rows(self, query):
        programs = _programs(self.org).order_by("goal__strategy__order", "goal__order", "goal__number", "order", "pk")
        if "plan" in query:
            programs = programs.filter(goal__strategy__plan_id=query["plan"])
        if "strategy" in query:
            programs = programs.filter(goal__strategy_id=query["strategy"])
        return programs

    @extend_schema(parameters=[filters.ProgramFilters])
    def get(self, request, **kwargs):
        return self.list(request)


class ProgramDetail(OrgView):
    summaries = {"get": _l("A program")}
    serializer_class = ProgramSerializer

    def get(self, request, pk, **kwargs):
        return Response(ProgramSerializer(get_object_or_404(_programs(self.org), pk=pk)).data)


# Projects ---------------------------------------------------------------------------------------------


def _projects(view):
    return view.scope_projects(Project.objects.for_org(view.org)).select_related("program__goal__strategy")


class ProjectWrites:
    """Creating and changing a project through ProjectForm, its budgets as the form's budget fields."""

    def save_project(self, project, values, plan, request=None):
        budgets = values.pop("budgets", None)
        data = form_data(project, ProjectForm, values)
        if budgets is None:  # left out: the budgets stay as they are
            current = {b.fiscal_year: b.amount for b in project.budgets.all()} if project.pk else {}
        else:
            if any({"fiscal_year", "amount"} - set(b) for b in budgets):  # a change (PATCH) checks only types
                raise exceptions.ValidationError({"budgets": [_("Give each budget its fiscal year and its amount.")]})
            current = {b["fiscal_year"]: b["amount"] for b in budgets}
            outside = sorted(set(current) - set(plan.fiscal_years))
            if outside:
                raise exceptions.ValidationError(
                    {"budgets": [_("The development plan does not cover fiscal year %(year)s.") % {"year": outside[0]}]}
                )
        for year in plan.fiscal_years:
            data[f"budget_{year}"] = current.get(year, "")
        form = ProjectForm(data, instance=project, org=self.org, plan=plan)
        if request is not None:  # a change: refused if If-Match names an older version
            project = save_checked(form, request)
        else:
            with transaction.atomic():
                project = check_form(form).save()
        return _projects(self).prefetch_related("budgets").get(pk=project.pk)

    def versioned(self, response, project):
        plan = project.program.goal.strategy.plan
        return with_version(response, ProjectForm(instance=project, org=self.org, plan=plan))


class ProjectList(ProjectWrites, ListView):
    summaries = {"get": _l("Projects"), "post": _l("Add a project to a program")}
    serializer_class = ProjectSerializer
    filter_class = filters.ProjectFilters
    write_capability = EDIT

    def rows(self, query):
        projects = _projects(self).prefetch_related("budgets")
        if "fiscal_year" in query:
            projects = projects.filter(action_plan_items__action_plan__fiscal_year=query["fiscal_year"])
        for name, field in (
            ("department", "department_id"),
            ("strategy", "program__goal__strategy_id"),
            ("program", "program_id"),
        ):
            if name in query:
                projects = projects.filter(**{field: query[name]})
        if "updated_since" in query:
            projects = projects.filter(
                filters.changed_since(Project, query["updated_since"], (ProjectBudget.history, "project_id"))
            )
        return projects.order_by("program__goal__strategy__order", "program__goal__strategy__number", "order", "code")

    @extend_schema(parameters=[filters.ProjectFilters])
    def get(self, request, **kwargs):
        return self.list(request)

    def post(self, request, **kwargs):
        values = submitted(validated(ProjectSerializer, request))
        program = _programs(self.org).select_related("goal__strategy__plan").filter(pk=values["program"]).first()
        if program is None:
            raise exceptions.ValidationError({"program": not_found()})
        project = Project(program=program, order=services.next_order(program.projects.all()))
        project = self.save_project(project, values, program.goal.strategy.plan)
        return Response(ProjectSerializer(project).data, status=status.HTTP_201_CREATED)


class ProjectDetail(ProjectWrites, OrgView):
    summaries = {"get": _l("A project"), "patch": _l("Change a project")}
    serializer_class = ProjectSerializer
    write_capability = EDIT

    def get(self, request, pk, **kwargs):
        project = get_object_or_404(_projects(self).prefetch_related("budgets"), pk=pk)
        return self.versioned(Response(ProjectSerializer(project).data), project)

    @extend_schema(parameters=[IF_MATCH], responses={200: ProjectSerializer, 409: None})
    def patch(self, request, pk, **kwargs):
        project = get_object_or_404(_projects(self).select_related("program__goal__strategy__plan"), pk=pk)
        values = submitted(validated(ProjectSerializer, request, partial=True))
        project = self.save_project(project, values, project.program.goal.strategy.plan, request)
        return self.versioned(Response(ProjectSerializer(project).data), project)


# Indicators and targets -------------------------------------------------------------------------------


class IndicatorList(ListView):
    summaries = {"get": _l("Indicators (KPIs)"), "post": _l("Add an indicator")}
    serializer_class = IndicatorSerializer
    filter_class = filters.IndicatorFilters
    write_capability = EDIT

    def rows(self, query):
        indicators = indicators_of(self)
        if "project" in query:
            indicators = indicators.filter(project_id=query["project"])
        if "strategy" in query:
            indicators = indicators.filter(strategy_id=query["strategy"]) | indicators.filter(
                goal__strategy_id=query["strategy"]
            )
        if "department" in query:
            indicators = indicators.filter(department_id=query["department"]) | indicators.filter(
                project__department_id=query["department"]
            )
        if "perspective" in query:
            indicators = indicators.filter(perspective=query["perspective"])
        if "updated_since" in query:
            indicators = indicators.filter(
                filters.changed_since(Indicator, query["updated_since"], (Target.history, "indicator_id"))
            )
        return indicators.order_by("project_id", "order", "pk")

    @extend_schema(parameters=[filters.IndicatorFilters])
    def get(self, request, **kwargs):
        return self.list(request)

    @extend_schema(request=IndicatorCreateSerializer, responses={201: IndicatorSerializer})
    def post(self, request, **kwargs):
        values = submitted(validated(IndicatorCreateSerializer, request))
        owners = {name: values.pop(name, None) for name in ("project", "goal", "strategy")}
        given = {name: pk for name, pk in owners.items() if pk is not None}
        if len(given) > 1:
            message = [_("An indicator belongs to one project, one goal or one strategy (or to none of them).")]
            raise exceptions.ValidationError(dict.fromkeys(given, message))
        owner = {}
        for name, pk in given.items():
            model = {"project": Project, "goal": Goal, "strategy": Strategy}[name]
            found = model.objects.for_org(self.org).filter(pk=pk).first()
            if found is None:
                raise exceptions.ValidationError({name: not_found()})
            owner[name] = found
        indicator = Indicator(**owner)
        form = IndicatorForm(form_data(indicator, IndicatorForm, values), instance=indicator, org=self.org)
        return Response(IndicatorSerializer(check_form(form).save()).data, status=status.HTTP_201_CREATED)


class IndicatorDetail(OrgView):
    summaries = {"get": _l("An indicator"), "patch": _l("Change an indicator")}
    serializer_class = IndicatorSerializer
    write_capability = EDIT

    def get(self, request, pk, **kwargs):
        indicator = get_object_or_404(indicators_of(self), pk=pk)
        return with_version(
            Response(IndicatorSerializer(indicator).data), IndicatorForm(instance=indicator, org=self.org)
        )

    @extend_schema(parameters=[IF_MATCH], responses={200: IndicatorSerializer, 409: None})
    def patch(self, request, pk, **kwargs):
        indicator = get_object_or_404(indicators_of(self), pk=pk)
        values = submitted(validated(IndicatorSerializer, request, partial=True))
        form = IndicatorForm(form_data(indicator, IndicatorForm, values), instance=indicator, org=self.org)
        indicator = save_checked(form, request)
        return with_version(
            Response(IndicatorSerializer(indicator).data), IndicatorForm(instance=indicator, org=self.org)
        )


class TargetList(ListView):
    summaries = {"get": _l("Targets")}
    serializer_class = TargetSerializer
    filter_class = filters.TargetFilters

    def rows(self, query):
        targets = Target.objects.for_org(self.org).filter(indicator__in=indicators_of(self))
        if "fiscal_year" in query:
            targets = targets.filter(fiscal_year=query["fiscal_year"])
        if "indicator" in query:
            targets = targets.filter(indicator_id=query["indicator"])
        if "updated_since" in query:
            targets = targets.filter(filters.changed_since(Target, query["updated_since"]))
        return targets.order_by("indicator_id", "fiscal_year", "period")

    @extend_schema(parameters=[filters.TargetFilters])
    def get(self, request, **kwargs):
        return self.list(request)


class YearTargets(OrgView):
    """The targets of one indicator in one fiscal year, set all at once (TargetsForm, plans/rules.py)."""

    summaries = {
        "get": _l("An indicator's targets for a fiscal year"),
        "put": _l("Set an indicator's targets for a fiscal year"),
    }

    serializer_class = YearTargetsSerializer
    write_capability = EDIT

    def _indicator(self, pk, year):
        return get_object_or_404(indicators_of(self), pk=pk)

    def _answer(self, indicator, year, check=None):
        saved = {t.period: t for t in indicator.targets.filter(fiscal_year=year)}
        textual = indicator.measure_type == Indicator.MeasureType.TEXT
        data = {"indicator": indicator.pk, "fiscal_year": year, "check": check}
        for name, period in TARGET_FIELDS.items():
            target = saved.get(period)
            if target is None:
                data[name] = None
            elif textual or target.value is None:  # a text target (kept if the measure type changed)
                data[name] = target.text or None
            else:
                data[name] = str(target.value)
        return with_version(Response(YearTargetsSerializer(data).data), TargetsForm(indicator=indicator, year=year))

    def get(self, request, pk, year, **kwargs):
        return self._answer(self._indicator(pk, year), year)

    @extend_schema(
        description=_("Every target of the year: one left out or null is removed."),
        parameters=[IF_MATCH],
        responses={200: YearTargetsSerializer, 409: None},
    )
    def put(self, request, pk, year, **kwargs):
        indicator = self._indicator(pk, year)
        values = validated(YearTargetsSerializer, request).validated_data
        data = {f"period_{period}": values.get(name) or "" for name, period in TARGET_FIELDS.items()}
        form = TargetsForm(data, indicator=indicator, year=year)
        check_form(form, rename={f"period_{period}": name for name, period in TARGET_FIELDS.items()})
        save_checked(form, request)
        return self._answer(indicator, year, form.check())
