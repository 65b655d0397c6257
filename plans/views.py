"""Plan screens. Each view: access check (org_view) → selector or form/service → template."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from core import pages, params, tables, versioning
from core.calendar import current_fiscal_year
from core.history import history_of
from core.money import format_number
from orgs.access import org_view
from orgs.models import Department
from plans import selectors, services
from plans.forms import (
    ActionPlanForm,
    ActionPlanItemForm,
    CarryForwardForm,
    DevelopmentPlanForm,
    GoalForm,
    IndicatorForm,
    PlanRevisionForm,
    ProgramForm,
    ProjectForm,
    StrategyForm,
    TargetsForm,
)
from plans.models import (
    ActionPlan,
    DevelopmentPlan,
    Goal,
    Indicator,
    PlanRevision,
    Program,
    Project,
    ProjectBudget,
    Strategy,
    Target,
)
from plans.rules import check_targets


def _get(request, model, pk, **filters):
    return get_object_or_404(model.objects.for_org(request.org), pk=pk, **filters)


def _form_page(request, form, *, title, back, context=None, template="core/form.html", save=None):
    """Save a valid POSTed form (with ``save(form=form)`` if given) and go to the saved object's page;
    otherwise show it with errors (or with what someone else saved since it was loaded, the input kept)."""
    stale = None
    if request.method == "POST" and form.is_valid():
        obj, stale = versioning.save_or_stale(form, save=(lambda: save(form=form)) if save else None)
        if stale is None:
            messages.success(request, _("Saved."))
            return redirect(_url_of(request, obj))
    elif request.method == "POST":
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    context = {"form": form, "title": title, "back": back, "stale": stale, **(context or {})}
    return render(request, template, context)


def _url_of(request, obj):
    """The page of a plan object: its own, or its parent's for rows without one."""
    slug = request.org.slug
    match obj._meta.model_name:
        case "planrevision":
            return reverse("plans:plan_detail", args=[slug, obj.plan_id])
        case "actionplan":
            return reverse("plans:action_plan_detail", args=[slug, obj.fiscal_year])
        case "actionplanitem":
            return reverse("plans:action_plan_detail", args=[slug, obj.action_plan.fiscal_year])
        case "developmentplan":
            return reverse("plans:plan_detail", args=[slug, obj.pk])
        case "organization":
            return reverse("plans:indicator_list", args=[slug])
        case name:
            return reverse(f"plans:{name}_detail", args=[slug, obj.pk])


# Plans ---------------------------------------------------------------------------------------------


@org_view()
def index(request):
    context = selectors.org_overview(request.org, request.access)
    return render(request, "plans/index.html", context)


@org_view("plan.edit")
def plan_create(request):
    form = DevelopmentPlanForm(request.POST or None, org=request.org)
    return _form_page(
        request, form, title=_("New development plan"), back=reverse("plans:index", args=[request.org.slug])
    )


@org_view()
def plan_detail(request, pk):
    plan = _get(request, DevelopmentPlan, pk)
    department_id = params.object_id(request.GET, "department")
    tree = selectors.plan_tree(plan, request.access, department_id=department_id)
    rows, page = selectors.tree_page(tree, params.page_number(request.GET))
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "tree": tree,
            "rows": rows,
            "page": page,
            "revisions": plan.revisions.all(),
            "departments": Department.objects.for_org(request.org),
            "department_id": department_id,
            "history": history_of(plan),
        },
    )


@org_view("plan.edit")
def plan_edit(request, pk):
    return _edit(request, DevelopmentPlan, pk, DevelopmentPlanForm, _("Edit development plan"))


@org_view("plan.edit")
def revision_create(request, pk):
    plan = _get(request, DevelopmentPlan, pk)
    form = PlanRevisionForm(request.POST or None, org=request.org, plan=plan)
    return _form_page(request, form, title=_("New plan revision"), back=_url_of(request, plan))


@org_view("plan.edit")
def revision_edit(request, pk):
    revision = _get(request, PlanRevision, pk)
    form = PlanRevisionForm(request.POST or None, instance=revision, org=request.org, plan=revision.plan)
    return _form_page(request, form, title=_("Edit plan revision"), back=_url_of(request, revision.plan))


# The strategy tree ---------------------------------------------------------------------------------


def _node_page(request, obj, children, *, parents, child_kind):
    """The page of a strategy, goal or program: its children, its indicators and its history."""
    kind = obj._meta.model_name
    indicators = selectors.indicators_with_owner(request.org).filter(**{kind: obj}) if kind != "program" else []
    return render(
        request,
        "plans/node_detail.html",
        {
            "object": obj,
            "kind": kind,
            "parents": parents,
            "children": children,
            "child_kind": child_kind,
            "add_child_url": reverse(f"plans:{child_kind}_create", args=[request.org.slug, obj.pk]),
            "indicators": indicators,
            "history": history_of(obj),
        },
    )


def _create_child(request, *, parent, child, form_class, title):
    """A form for a new strategy, goal or program under ``parent``, placed last among its siblings."""
    field = {Strategy: "plan", Goal: "strategy", Program: "goal"}[child]
    siblings = child.objects.for_org(request.org).filter(**{field: parent})
    instance = child(**{field: parent}, order=services.next_order(siblings))
    form = form_class(request.POST or None, instance=instance, org=request.org)
    return _form_page(request, form, title=title, back=_url_of(request, parent))


def _edit(request, model, pk, form_class, title):
    obj = _get(request, model, pk)
    form = form_class(request.POST or None, instance=obj, org=request.org)
    return _form_page(request, form, title=title, back=_url_of(request, obj))


@org_view("plan.edit")
def strategy_create(request, pk):
    plan = _get(request, DevelopmentPlan, pk)
    return _create_child(request, parent=plan, child=Strategy, form_class=StrategyForm, title=_("New strategy"))


@org_view()
def strategy_detail(request, pk):
    strategy = _get(request, Strategy, pk)
    return _node_page(request, strategy, strategy.goals.all(), parents=[strategy.plan], child_kind="goal")


@org_view("plan.edit")
def strategy_edit(request, pk):
    return _edit(request, Strategy, pk, StrategyForm, _("Edit strategy"))


@org_view("plan.edit")
def goal_create(request, pk):
    strategy = _get(request, Strategy, pk)
    return _create_child(request, parent=strategy, child=Goal, form_class=GoalForm, title=_("New goal / tactic"))


@org_view()
def goal_detail(request, pk):
    goal = get_object_or_404(Goal.objects.for_org(request.org).select_related("strategy__plan"), pk=pk)
    return _node_page(
        request, goal, goal.programs.all(), parents=[goal.strategy.plan, goal.strategy], child_kind="program"
    )


@org_view("plan.edit")
def goal_edit(request, pk):
    return _edit(request, Goal, pk, GoalForm, _("Edit goal / tactic"))


@org_view("plan.edit")
def program_create(request, pk):
    goal = _get(request, Goal, pk)
    return _create_child(request, parent=goal, child=Program, form_class=ProgramForm, title=_("New program"))


@org_view()
def program_detail(request, pk):
    program = get_object_or_404(Program.objects.for_org(request.org).select_related("goal__strategy__plan"), pk=pk)
    projects = request.access.scope_projects(program.projects.select_related("department"))
    parents = [program.goal.strategy.plan, program.goal.strategy, program.goal]
    return _node_page(request, program, projects, parents=parents, child_kind="project")


@org_view("plan.edit")
def program_edit(request, pk):
    return _edit(request, Program, pk, ProgramForm, _("Edit program"))


# Projects ------------------------------------------------------------------------------------------


@org_view("plan.edit")
def project_create(request, pk):
    program = _get(request, Program, pk)
    plan = program.goal.strategy.plan
    project = Project(program=program, order=services.next_order(program.projects.all()))
    form = ProjectForm(request.POST or None, instance=project, org=request.org, plan=plan, initial={"program": program})
    return _form_page(
        request, form, title=_("New project"), back=_url_of(request, program), template="plans/project_form.html"
    )


@org_view()
def project_list(request):
    year = params.fiscal_year(request.GET, default=current_fiscal_year())
    years = sorted(selectors.plan_years(request.org) | {year}, reverse=True)
    department_id = params.object_id(request.GET, "department")
    strategy_id = params.object_id(request.GET, "strategy")
    query = params.text(request.GET, "q")
    rows = selectors.project_rows(
        request.org, request.access, fiscal_year=year, department_id=department_id, strategy_id=strategy_id, query=query
    )
    if tables.wants_xlsx(request):
        filters = {"department_id": department_id, "strategy_id": strategy_id, "query": query}
        return _project_list_xlsx(request, rows, year, **filters)
    page = pages.paginate(rows, request.GET)
    return render(
        request,
        "plans/project_list.html",
        {
            "page": page,
            "year": year,
            "years": years,
            "departments": Department.objects.for_org(request.org),
            "strategies": Strategy.objects.for_org(request.org).select_related("plan"),
            "department_id": department_id,
            "strategy_id": strategy_id,
            "query": query,
        },
    )


PROJECT_COLUMNS = [
    tables.Col(gettext_lazy("Code"), 12),
    tables.Col(gettext_lazy("Project"), 50),
    tables.Col(gettext_lazy("Strategy"), 10),
    tables.Col(gettext_lazy("Department"), 20),
    tables.Col(gettext_lazy("Planned start"), 14),
    tables.Col(gettext_lazy("Planned end"), 14),
    tables.Col(gettext_lazy("Budget (baht)"), 16, tables.MONEY),
    tables.Col(gettext_lazy("In action plan"), 12),
]


def filter_lines(request, year=None, *, department_id=None, strategy_id=None, query="") -> list[str]:
    """What a page's table is of, as the lines above it in its workbook: the organization and the filters."""
    lines = [request.org.name]
    if year:
        lines.append(_("Fiscal year %(year)s") % {"year": year})
    if department_id:
        department = Department.objects.for_org(request.org).filter(pk=department_id).first()
        lines.append(f"{_('Department')}: {department.name if department else '–'}")
    if strategy_id:
        strategy = Strategy.objects.for_org(request.org).filter(pk=strategy_id).first()
        lines.append(f"{_('Strategy')}: {strategy or '–'}")
    if query:
        lines.append(f"{_('Search')}: {query}")
    return lines


def _project_list_xlsx(request, rows, year, **filters):
    """The project list's table, every row under the page's scope and filters."""
    table = (
        [
            p.code,
            p.name,
            p.program.goal.strategy.number,
            p.department.short_name or p.department.name,
            p.planned_start,
            p.planned_end,
            p.year_budget,
            bool(p.in_action_plan),
        ]
        for p in rows
    )
    lines = filter_lines(request, year, **filters)
    return tables.download(f"projects-{year}", _("Projects"), PROJECT_COLUMNS, table, lines=lines)


@org_view()
def project_detail(request, pk):
    project = selectors.project_page(request.org, request.access, pk)
    history = history_of(project, parts=[ProjectBudget.history.filter(project_id=project.pk)])
    return render(request, "plans/project_detail.html", {"project": project, "history": history})


@org_view("plan.edit")
def project_edit(request, pk):
    project = selectors.project_page(request.org, request.access, pk)
    form = ProjectForm(request.POST or None, instance=project, org=request.org, plan=project.program.goal.strategy.plan)
    return _form_page(
        request, form, title=_("Edit project"), back=_url_of(request, project), template="plans/project_form.html"
    )


@org_view("plan.edit")
@require_POST
def move(request, kind, pk, direction):
    if kind not in services.ORDERABLE or direction not in ("up", "down"):
        raise Http404
    model, _parent = services.ORDERABLE[kind]
    obj = _get(request, model, pk)
    services.move(obj=obj, direction=direction)
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(_url_of(request, obj))


# Indicators ----------------------------------------------------------------------------------------


@org_view()
def indicator_list(request):
    indicators = selectors.indicators_with_owner(request.org)
    indicators = request.access.scope_indicators(indicators)
    perspective = params.choice(request.GET, "perspective", Indicator.Perspective.values, default="")
    if perspective:
        indicators = indicators.filter(perspective=perspective)
    indicators = indicators.order_by("strategy__number", "project__code", "order", "pk")
    if tables.wants_xlsx(request):
        return _indicator_list_xlsx(request, indicators, perspective)
    page = pages.paginate(indicators, request.GET)
    return render(
        request,
        "plans/indicator_list.html",
        {"page": page, "perspectives": Indicator.Perspective.choices, "perspective": perspective},
    )


INDICATOR_COLUMNS = [
    tables.Col(gettext_lazy("Code"), 14),
    tables.Col(gettext_lazy("Indicator"), 50),
    tables.Col(gettext_lazy("Belongs to"), 20),
    tables.Col(gettext_lazy("Unit"), 10),
    tables.Col(gettext_lazy("Perspective"), 16),
    tables.Col(gettext_lazy("Department"), 20),
]


def _belongs_to(k) -> str:
    """Whose indicator it is, as the list page says it."""
    if k.project_id:
        return f"{_('Project')} {k.project.code}"
    if k.goal_id:
        return f"{_('Goal / tactic')} {k.goal.number}"
    if k.strategy_id:
        return f"{_('Strategy')} {k.strategy.number}"
    return _("Organization level")


def _indicator_list_xlsx(request, indicators, perspective):
    """The indicator list's table, every row under the page's scope and filter."""
    rows = (
        [
            k.code,
            k.name,
            _belongs_to(k),
            k.unit,
            k.get_perspective_display(),
            (k.department.short_name or k.department.name) if k.department_id else None,
        ]
        for k in indicators
    )
    lines = filter_lines(request)
    if perspective:
        lines.append(f"{_('Perspective')}: {Indicator.Perspective(perspective).label}")
    return tables.download("indicators", _("Indicators"), INDICATOR_COLUMNS, rows, lines=lines)


def _indicator_owner(request):
    """The owner named in the query string (?project=, ?goal=, ?strategy=); none = the organization."""
    for field, model in (("project", None), ("goal", Goal), ("strategy", Strategy)):
        pk = params.object_id(request.GET, field) or params.object_id(request.POST, f"owner_{field}")
        if pk:
            if field == "project":
                return field, selectors.project_page(request.org, request.access, pk)
            return field, _get(request, model, pk)
    return None, request.org


@org_view("plan.edit")
def indicator_create(request):
    field, owner = _indicator_owner(request)
    indicator = Indicator(**({field: owner} if field else {}))
    form = IndicatorForm(request.POST or None, instance=indicator, org=request.org)
    back = _url_of(request, owner) if field else reverse("plans:indicator_list", args=[request.org.slug])
    return _form_page(
        request,
        form,
        title=_("New indicator"),
        back=back,
        context={"owner": owner, "owner_field": field},
        template="plans/indicator_form.html",
    )


@org_view()
def indicator_detail(request, pk):
    indicator = _get(request, Indicator, pk)
    _check_indicator_scope(request, indicator)
    targets = {}
    for target in indicator.targets.all():
        targets.setdefault(target.fiscal_year, {})[target.period] = target
    years = sorted(set(targets) | {current_fiscal_year()})
    rows = []
    for year in years:
        periods = targets.get(year, {})
        values = [periods.get(p) for p in range(5)]
        check = check_targets(
            indicator, values[0].value if values[0] else None, [t.value if t else None for t in values[1:]]
        )
        rows.append({"year": year, "targets": values, "check": check})
    return render(
        request,
        "plans/indicator_detail.html",
        {
            "indicator": indicator,
            "rows": rows,
            "history": history_of(indicator, parts=[Target.history.filter(indicator_id=pk)]),
        },
    )


def _check_indicator_scope(request, indicator):
    """A reporter sees the indicators of their own department's projects (and all others of the org)."""
    if indicator.project_id and not request.access.scope_indicators(Indicator.objects.filter(pk=indicator.pk)).exists():
        raise Http404


@org_view("plan.edit")
def indicator_edit(request, pk):
    indicator = _get(request, Indicator, pk)
    form = IndicatorForm(request.POST or None, instance=indicator, org=request.org)
    context = {"owner": indicator.owner}
    back = _url_of(request, indicator)
    return _form_page(
        request, form, title=_("Edit indicator"), back=back, context=context, template="plans/indicator_form.html"
    )


@org_view("plan.edit")
def targets_edit(request, pk, year):
    indicator = _get(request, Indicator, pk)
    form = TargetsForm(request.POST or None, indicator=indicator, year=year)
    check = stale = None
    if request.method == "POST" and form.is_valid():
        _saved, stale = versioning.save_or_stale(form)
    if request.method == "POST" and form.is_valid() and stale is None:
        check = form.check()
        if check and not check.agrees:
            messages.warning(
                request,
                _("Saved. The quarter targets give %(implied)s for the year, not the annual target %(annual)s.")
                % {"implied": format_number(check.implied), "annual": format_number(check.annual)},
            )
        else:
            messages.success(request, _("Saved."))
        return redirect("plans:indicator_detail", request.org.slug, indicator.pk)
    context = {"form": form, "indicator": indicator, "year": year, "stale": stale}
    return render(request, "plans/targets_form.html", context)


# Action plans --------------------------------------------------------------------------------------


def _action_plan(request, year):
    return get_object_or_404(
        ActionPlan.objects.for_org(request.org).select_related("plan", "carried_from"), fiscal_year=year
    )


@org_view("plan.edit")
def action_plan_create(request):
    form = ActionPlanForm(request.POST or None, org=request.org, initial={"fiscal_year": current_fiscal_year()})
    back = reverse("plans:index", args=[request.org.slug])
    return _form_page(request, form, title=_("New action plan"), back=back, save=services.action_plan_save)


@org_view()
def action_plan_detail(request, year):
    action_plan = _action_plan(request, year)
    rows = selectors.action_plan_rows(action_plan, request.access, params.page_number(request.GET))
    return render(
        request,
        "plans/action_plan_detail.html",
        {
            "action_plan": action_plan,
            "groups": rows.groups,
            "total": rows.total,
            "count": rows.count,
            "page": rows.page,
            "history": history_of(action_plan),
        },
    )


@org_view("plan.edit")
def action_plan_edit(request, year):
    action_plan = _action_plan(request, year)
    form = ActionPlanForm(request.POST or None, instance=action_plan, org=request.org)
    return _form_page(
        request, form, title=_("Edit action plan"), back=_url_of(request, action_plan), save=services.action_plan_save
    )


@org_view("plan.edit")
def action_plan_items(request, year):
    """Add a project of the development plan to the action plan, or remove one (POST remove=<item id>)."""
    action_plan = _action_plan(request, year)
    remove = params.object_id(request.POST, "remove") if request.method == "POST" else None
    if remove:
        item = get_object_or_404(action_plan.items.all(), pk=remove)
        item.delete()
        messages.success(request, _("The project was removed from the action plan."))
        return redirect("plans:action_plan_detail", request.org.slug, year)
    form = ActionPlanItemForm(request.POST or None, org=request.org, action_plan=action_plan)
    return _form_page(request, form, title=_("Add a project to the action plan"), back=_url_of(request, action_plan))


@org_view("plan.edit")
def carry_forward(request, year):
    """Confirm page: the projects of the year grouped continued / unfinished / finished, the first two
    ticked; POST schedules the ticked ones in next year's action plan (copied into its development plan
    when that is another one). Running it again adds only what is missing."""
    source = _action_plan(request, year)
    carry = selectors.carry_forward_candidates(source)
    form = CarryForwardForm(request.POST if request.method == "POST" else None, carry=carry)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.action_plan_carry_forward(
                source=source, projects=form.cleaned_data["projects"], access=request.access
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("plans:carry_forward", request.org.slug, year)
        messages.success(
            request,
            ngettext(
                "%(count)s project of fiscal year %(source)s added to the action plan of fiscal year %(year)s.",
                "%(count)s projects of fiscal year %(source)s added to the action plan of fiscal year %(year)s.",
                new.added_count,
            )
            % {"count": new.added_count, "year": new.fiscal_year, "source": year},
        )
        return redirect("plans:action_plan_detail", request.org.slug, new.fiscal_year)
    if request.method == "POST":
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    return render(request, "plans/carry_forward.html", {"source": source, "carry": carry, "form": form})
