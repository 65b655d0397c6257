"""The people pages (under /o/<org>/people/): rounds, staff, positions, rules, agreements and check-ins.

Every page is ``org_view``; records of people go through ``people.access`` (404 for anyone else's)."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import tables, versioning
from core.excel import xlsx_download
from jobs.imports import ImportForm, import_page, run_import
from orgs.access import org_view
from people import access as people_access
from people import services
from people.access import MANAGE, SALARY, VIEW_ALL
from people.excel import SHEET as STAFF_SHEET
from people.excel import export_staff, import_staff
from people.forms import (
    AcknowledgeForm,
    AgreementKPIForm,
    CascadeForm,
    CheckInForm,
    CompetencyForm,
    DevelopmentActionForm,
    EvaluateForm,
    PersonForm,
    PositionCompetenciesForm,
    PositionForm,
    RaiseLineForm,
    RaiseRulesForm,
    ReviewForm,
    RoundForm,
    RuleSetForm,
)
from people.linked import agreement_results
from people.models import (
    Agreement,
    AgreementKPI,
    Competency,
    DevelopmentAction,
    Evaluation,
    Person,
    Position,
    RaiseLine,
    RaiseProposal,
    RaiseRules,
    Round,
    RuleSet,
)
from people.rounds import raise_effective_day, raise_rules_on
from people.scoring import Band, competency_gap, weights_total
from people.summary import round_summary
from plans.models import Indicator


def _form_page(request, form, title, back, stale=None):
    return render(request, "core/form.html", {"form": form, "title": title, "back": back, "stale": stale})


def _added(request, form, done):
    """The one add flow of the people forms: a valid POST is saved and goes to ``done(saved)``; an invalid
    one says nothing was saved (the caller shows the form again). None when nothing was added."""
    if request.method != "POST":
        return None
    if form.is_valid():
        saved = form.save()
        messages.success(request, _("Saved."))
        return redirect(done(saved))
    messages.error(request, _("Please correct the errors below; nothing was saved."))
    return None


def _edit_page(request, form, title, back, done):
    """The one edit flow of the people forms: save with the version check (a stale form shows the conflict
    and keeps the input), then go to ``done``; else the form again with its errors."""
    stale = None
    if request.method == "POST":
        if form.is_valid():
            _saved, stale = versioning.save_or_stale(form)
            if stale is None:
                messages.success(request, _("Saved."))
                return redirect(done)
        else:
            messages.error(request, _("Please correct the errors below; nothing was saved."))
    return _form_page(request, form, title, back, stale)


def _round(request, pk) -> Round:
    return get_object_or_404(Round.objects.for_org(request.org).select_related("rules"), pk=pk)


def _kpi(request, pk) -> AgreementKPI:
    kpi = get_object_or_404(AgreementKPI.objects.for_org(request.org), pk=pk)
    kpi.agreement = people_access.agreement_or_404(request, kpi.agreement_id)
    return kpi


def _may_edit(request, agreement) -> None:
    if not people_access.may_edit_agreement(request.access, request.user, agreement):
        raise PermissionDenied


# Rounds -----------------------------------------------------------------------------------------------


@org_view()
def index(request):
    """The rounds, and the agreements of the person (and of their line) this access may see."""
    visible = people_access.visible_people(request.access, request.user)
    mine = Agreement.objects.for_org(request.org).filter(person__user=request.user).select_related("round", "person")
    rounds = Round.objects.for_org(request.org).select_related("rules").annotate(agreement_count=Count("agreements"))
    return render(
        request,
        "people/index.html",
        {
            "rounds": rounds,
            "mine": mine,
            "people_count": visible.count(),
            "can_manage": request.access.can(MANAGE),
        },
    )


@org_view(MANAGE)
def round_create(request):
    form = RoundForm(request.POST or None, org=request.org)
    if request.method == "POST":
        if form.is_valid():
            try:
                made = services.round_create(org=request.org, **form.cleaned_data, access=request.access)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The round was created."))
                return redirect("people:round_detail", request.org.slug, made.pk)
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    return _form_page(request, form, _("New evaluation round"), reverse("people:index", args=[request.org.slug]))


@org_view()
def round_detail(request, pk):
    round_ = _round(request, pk)
    visible = people_access.visible_people(request.access, request.user)
    agreements = (
        Agreement.objects.for_org(request.org)
        .filter(round=round_, person__in=visible)
        .select_related("person__department", "person__position", "evaluation")
        .annotate(weight=Sum("kpis__weight"), kpi_count=Count("kpis"))
        .order_by("person__department__order", "person__department__name", "person__name")
    )
    without = (
        visible.filter(active=True).exclude(pk__in=round_.agreements.values("person")).select_related("department")
    )
    can_cascade = request.access.can(MANAGE) or bool(
        people_access.line_ids(request.org, people_access.own_people_ids(request.access, request.user))
    )
    return render(
        request,
        "people/round_detail.html",
        {
            "round": round_,
            "agreements": agreements,
            "without": without,
            "can_manage": request.access.can(MANAGE),
            "can_cascade": can_cascade and not request.access.read_only,
        },
    )


@org_view(MANAGE)
@require_POST
def round_open_all(request, pk):
    round_ = _round(request, pk)
    made = services.agreements_open_all(round_=round_, access=request.access)
    messages.success(request, _("%(n)s agreements were started.") % {"n": made})
    return redirect("people:round_detail", request.org.slug, round_.pk)


@org_view()
def cascade(request, pk):
    """Copy a department's KPI of the plan to all its staff in the round at once."""
    round_ = _round(request, pk)
    if request.access.read_only:
        raise PermissionDenied
    mine = people_access.own_people_ids(request.access, request.user)
    if not request.access.can(MANAGE) and not people_access.line_ids(request.org, mine):
        raise PermissionDenied
    form = CascadeForm(request.POST or None, org=request.org)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            added, skipped = services.kpis_cascade(
                round_=round_,
                department=data["department"],
                indicator=data["indicator"],
                name=data["name"],
                weight=data["weight"],
                levels=[data[f"level_{n}"] for n in range(1, 6)],
                direction=data["direction"],
                user=request.user,
                access=request.access,
            )
            messages.success(
                request,
                _("The KPI was added to %(added)s agreements (%(skipped)s left alone: signed or already there).")
                % {"added": added, "skipped": skipped},
            )
            return redirect("people:round_detail", request.org.slug, round_.pk)
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    title = _("Copy a KPI of the plan to a department's staff · %(round)s") % {"round": round_}
    return _form_page(request, form, title, reverse("people:round_detail", args=[request.org.slug, round_.pk]))


@org_view()
def kpi_tree(request, pk):
    """A KPI of the plan and everyone it was cascaded to: round → department → people (those this access
    may see), each with the weight and the target levels agreed."""
    indicator = get_object_or_404(Indicator.objects.for_org(request.org).select_related("project"), pk=pk)
    visible = people_access.visible_people(request.access, request.user)
    kpis = (
        AgreementKPI.objects.for_org(request.org)
        .filter(indicator=indicator, agreement__person__in=visible)
        .select_related("agreement__round", "agreement__person__department")
        .order_by("-agreement__round__fiscal_year", "-agreement__round__number", "agreement__person__department__order")
    )
    tree: dict = {}
    for kpi in kpis:
        department = kpi.agreement.person.department
        tree.setdefault(kpi.agreement.round, {}).setdefault(department, []).append(kpi)
    rounds = [(round_, list(departments.items())) for round_, departments in tree.items()]
    return render(request, "people/kpi_tree.html", {"indicator": indicator, "rounds": rounds})


# Rules --------------------------------------------------------------------------------------------------


@org_view(MANAGE)
def rules_list(request):
    return render(request, "people/rules_list.html", {"rule_sets": RuleSet.objects.for_org(request.org)})


@org_view(MANAGE)
def rules_create(request):
    form = RuleSetForm(request.POST or None, org=request.org)
    if added := _added(request, form, lambda _rules: reverse("people:rules_list", args=[request.org.slug])):
        return added
    return _form_page(request, form, _("New scoring rules"), reverse("people:rules_list", args=[request.org.slug]))


# Staff and positions ------------------------------------------------------------------------------------


@org_view()
def staff_list(request):
    people = (
        people_access.visible_people(request.access, request.user)
        .select_related("department", "position", "supervisor", "user")
        .order_by("department__order", "department__name", "name")
    )
    return render(
        request,
        "people/staff_list.html",
        {
            "people": people,
            "sees_salary": people_access.sees_salary(request.access),
            "can_manage": request.access.can(MANAGE),
        },
    )


@org_view(MANAGE)
def person_create(request):
    form = PersonForm(request.POST or None, org=request.org, sees_salary=people_access.sees_salary(request.access))
    if added := _added(
        request, form, lambda person: reverse("people:person_detail", args=[request.org.slug, person.pk])
    ):
        return added
    return _form_page(request, form, _("New member of staff"), reverse("people:staff_list", args=[request.org.slug]))


@org_view()
def person_detail(request, pk):
    person = people_access.person_or_404(request, pk)
    agreements = person.agreements.select_related("round").annotate(weight=Sum("kpis__weight"))
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "agreements": agreements,
            "subordinates": person.subordinates.all(),
            "sees_salary": people_access.sees_salary(request.access),
            "can_manage": request.access.can(MANAGE),
            "rounds": Round.objects.for_org(request.org).exclude(agreements__person=person),
            "can_open": people_access.may_edit_agreement(
                request.access, request.user, Agreement(organization=request.org, person=person)
            ),
        },
    )


@org_view(MANAGE)
def person_edit(request, pk):
    person = get_object_or_404(Person.objects.for_org(request.org), pk=pk)
    form = PersonForm(
        request.POST or None,
        instance=person,
        org=request.org,
        sees_salary=people_access.sees_salary(request.access),
    )
    back = reverse("people:person_detail", args=[request.org.slug, person.pk])
    return _edit_page(request, form, _("Edit member of staff"), back, back)


@org_view(MANAGE)
def staff_template(request):
    """The staff workbook to fill in: the staff recorded so far (salaries only for those who see them)."""
    return xlsx_download("staff.xlsx", lambda file: export_staff(request.org, access=request.access, into=file))


@org_view(MANAGE)
def staff_import(request):
    """The staff from Excel/CSV through the one upload page of every import (``jobs/imports.py``): a long
    file by a background job; the rules of the import are ``people/excel.py``'s."""
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = run_import(
            request,
            form,
            task="people.import_staff",
            params={},
            sheet=STAFF_SHEET,
            run=lambda file, _user: import_staff(request.org, file, access=request.access),
        )
        if isinstance(result, HttpResponse):
            return result
    slug = request.org.slug
    back = reverse("people:staff_list", args=[slug])
    return import_page(
        request,
        form=form,
        result=result,
        title=_("Import the staff from Excel"),
        crumbs=[(reverse("people:index", args=[slug]), _("People")), (back, _("Staff"))],
        intro=_(
            "Download the template (it holds the staff recorded so far), fill in one row per person and upload "
            "it, or a CSV file of its sheet. A person with the same name in the same department is updated, not "
            "added again; missing positions are created. Every row is checked first: if any row has an error, "
            "nothing is saved."
        ),
        exports=[(reverse("people:staff_template", args=[slug]), _("Download the template"))],
        back=back,
    )


@org_view(MANAGE)
def position_list(request):
    """The positions, and a form to add one."""
    form = PositionForm(request.POST or None, org=request.org)
    if added := _added(request, form, lambda _saved: reverse("people:position_list", args=[request.org.slug])):
        return added
    positions = Position.objects.for_org(request.org).annotate(
        staff=Count("people", distinct=True), competency_count=Count("competencies", distinct=True)
    )
    return render(request, "people/position_list.html", {"positions": positions, "form": form})


@org_view(MANAGE)
def position_edit(request, pk):
    position = get_object_or_404(Position.objects.for_org(request.org), pk=pk)
    form = PositionForm(request.POST or None, instance=position, org=request.org)
    back = reverse("people:position_list", args=[request.org.slug])
    return _edit_page(request, form, _("Edit position"), back, back)


# Competencies -------------------------------------------------------------------------------------------


@org_view(MANAGE)
def competency_list(request):
    """The organization's competencies, a form to add one and the one-click default core set."""
    form = CompetencyForm(request.POST or None, org=request.org)
    if added := _added(request, form, lambda _saved: reverse("people:competency_list", args=[request.org.slug])):
        return added
    competencies = Competency.objects.for_org(request.org).annotate(position_count=Count("positions"))
    return render(request, "people/competency_list.html", {"competencies": competencies, "form": form})


@org_view(MANAGE)
@require_POST
def competency_defaults(request):
    added = services.competencies_add_defaults(org=request.org, access=request.access)
    messages.success(request, _("%(n)s core competencies were added to the list.") % {"n": added})
    return redirect("people:competency_list", request.org.slug)


@org_view(MANAGE)
def competency_edit(request, pk):
    competency = get_object_or_404(Competency.objects.for_org(request.org), pk=pk)
    form = CompetencyForm(request.POST or None, instance=competency, org=request.org)
    back = reverse("people:competency_list", args=[request.org.slug])
    return _edit_page(request, form, _("Edit competency"), back, back)


@org_view(MANAGE)
def position_competencies(request, pk):
    """The expected level of each competency for one position (copied into agreements opened later)."""
    position = get_object_or_404(Position.objects.for_org(request.org), pk=pk)
    form = PositionCompetenciesForm(request.POST or None, position=position)
    stale = None
    if request.method == "POST":
        if form.is_valid():
            try:
                services.position_competencies_save(
                    position=position, levels=form.levels(), form=form, access=request.access
                )
            except versioning.StaleEdit as error:
                versioning.carry_version(form, error)
                stale = error
            else:
                messages.success(request, _("Saved."))
                return redirect("people:position_list", request.org.slug)
        else:
            messages.error(request, _("Please correct the errors below; nothing was saved."))
    title = _("Expected competencies of %(position)s") % {"position": position}
    return _form_page(request, form, title, reverse("people:position_list", args=[request.org.slug]), stale)


# Agreements ---------------------------------------------------------------------------------------------


@org_view()
@require_POST
def agreement_open(request, round_pk, person_pk):
    round_ = _round(request, round_pk)
    person = people_access.person_or_404(request, person_pk)
    agreement = services.agreement_open(round_=round_, person=person, user=request.user, access=request.access)
    return redirect("people:agreement_detail", request.org.slug, agreement.pk)


@org_view()
def agreement_detail(request, pk):
    agreement = people_access.agreement_or_404(request, pk)
    results, score = agreement_results(agreement)
    checkins = {}
    for result in results:
        checkins[result.kpi.pk] = list(result.kpi.checkins.select_related("recorded_by")[:5])
    user, person = request.user, agreement.person
    may_sign = partial(people_access.may_sign, request.access, user, person)
    own = people_access.is_self(user, person)
    return render(
        request,
        "people/agreement_detail.html",
        {
            "agreement": agreement,
            "person": person,
            "rows": [(r, checkins[r.kpi.pk]) for r in results],
            "score": score,
            "total_weight": weights_total(r.kpi.weight for r in results),
            "problems": services.agreement_problems(agreement),
            "competencies": list(agreement.competencies.all()),
            "can_edit": people_access.may_edit_agreement(request.access, user, agreement)
            and not services.agreement_rated(agreement),
            "can_sign_employee": may_sign("employee") and not agreement.employee_signed_at,
            "can_sign_supervisor": may_sign("supervisor") and not agreement.supervisor_signed_at,
            "signs_on_paper": not own and not people_access.supervises(request.access, user, person),
            "history": agreement.history.select_related("history_user").order_by("-history_date")[:10],
        },
    )


@org_view()
def kpi_create(request, pk):
    agreement = people_access.agreement_or_404(request, pk)
    _may_edit(request, agreement)
    agreed = agreement.state == Agreement.State.AGREED
    form = AgreementKPIForm(request.POST or None, org=request.org, agreed=agreed)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.kpi_save(
                    form=form,
                    agreement=agreement,
                    reason=form.cleaned_data.get("reason", ""),
                    user=request.user,
                    access=request.access,
                    save=form.save,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("people:agreement_detail", request.org.slug, agreement.pk)
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    back = reverse("people:agreement_detail", args=[request.org.slug, agreement.pk])
    return _form_page(request, form, _("New KPI of %(person)s") % {"person": agreement.person}, back)


@org_view()
def kpi_edit(request, pk):
    kpi = _kpi(request, pk)
    agreement = kpi.agreement
    _may_edit(request, agreement)
    agreed = agreement.state == Agreement.State.AGREED
    form = AgreementKPIForm(request.POST or None, instance=kpi, org=request.org, agreed=agreed)
    stale = None
    if request.method == "POST":
        if form.is_valid():
            try:
                services.kpi_save(
                    form=form,
                    agreement=agreement,
                    reason=form.cleaned_data.get("reason", ""),
                    user=request.user,
                    access=request.access,
                    save=lambda: versioning.save_form(form),
                )
            except versioning.StaleEdit as error:
                versioning.carry_version(form, error)
                stale = error
            except ValidationError as error:
                form.add_error(None, error)
                messages.error(request, _("Please correct the errors below; nothing was saved."))
            else:
                messages.success(request, _("Saved."))
                return redirect("people:agreement_detail", request.org.slug, agreement.pk)
        else:
            messages.error(request, _("Please correct the errors below; nothing was saved."))
    back = reverse("people:agreement_detail", args=[request.org.slug, agreement.pk])
    return _form_page(request, form, _("Edit KPI of %(person)s") % {"person": agreement.person}, back, stale)


@org_view()
@require_POST
def kpi_delete(request, pk):
    kpi = _kpi(request, pk)
    agreement = kpi.agreement
    try:
        services.kpi_delete(kpi=kpi, reason=request.POST.get("reason", ""), user=request.user, access=request.access)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The KPI was removed from the agreement."))
    return redirect("people:agreement_detail", request.org.slug, agreement.pk)


@org_view()
@require_POST
def agreement_sign(request, pk):
    agreement = people_access.agreement_or_404(request, pk)
    try:
        signed_as = services.agreement_sign(
            agreement=agreement, user=request.user, access=request.access, side=request.POST.get("side", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        user, person = request.user, agreement.person
        if signed_as == "employee" and not people_access.is_self(user, person):
            messages.success(request, _("The employee's signature on paper is recorded."))
        elif signed_as == "employee":
            messages.success(request, _("You signed the agreement as the employee."))
        elif not people_access.supervises(request.access, user, person):
            messages.success(request, _("The supervisor's signature on paper is recorded."))
        else:
            messages.success(request, _("You signed the agreement as the supervisor."))
    return redirect("people:agreement_detail", request.org.slug, agreement.pk)


@org_view()
def checkin_create(request, pk):
    kpi = _kpi(request, pk)
    _may_edit(request, kpi.agreement)
    form = CheckInForm(request.POST or None, org=request.org)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.checkin_create(kpi=kpi, values=form.cleaned_data, user=request.user, access=request.access)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The check-in was recorded."))
                return redirect("people:agreement_detail", request.org.slug, kpi.agreement.pk)
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    back = reverse("people:agreement_detail", args=[request.org.slug, kpi.agreement.pk])
    return _form_page(request, form, _("Check-in: %(kpi)s") % {"kpi": kpi.name}, back)


# The evaluation at the round's end ----------------------------------------------------------------------


def _evaluation_context(request, agreement) -> dict:
    """What every evaluation page shows: the agreement's KPIs and competencies as rated, the scores and
    what this person may do next."""
    evaluation = services.evaluation_of(agreement)
    user, person, final = request.user, agreement.person, agreement.round.finalized_at is not None
    competencies = [(c, competency_gap(c.rated_level, c.expected_level)) for c in agreement.competencies.all()]
    state = evaluation.state
    return {
        "agreement": agreement,
        "person": person,
        "evaluation": evaluation,
        "kpis": _kpis_with_live_results(agreement, evaluation, final),
        "competencies": competencies,
        "final": final,
        "can_rate": not final
        and state in (Evaluation.State.DRAFT, Evaluation.State.EVALUATED)
        and people_access.may_evaluate(request.access, user, person),
        "can_review": not final
        and state in (Evaluation.State.EVALUATED, Evaluation.State.REVIEWED)
        and people_access.may_review(request.access, user, person),
        "can_acknowledge": not final
        and state == Evaluation.State.REVIEWED
        and people_access.may_acknowledge(request.access, user, person),
        "history": evaluation.history.select_related("history_user").order_by("-history_date")[:20]
        if evaluation.pk
        else [],
    }


def _kpis_with_live_results(agreement, evaluation, final) -> list:
    """The agreement's KPIs; while the result may still be rated, each with ``live`` (its result from the
    data now: approved monitoring data or check-ins), shown where nothing was rated yet."""
    if final or evaluation.state not in (Evaluation.State.DRAFT, Evaluation.State.EVALUATED):
        return list(agreement.kpis.select_related("indicator"))
    results, _score = agreement_results(agreement)
    for result in results:
        result.kpi.live = result
    return [r.kpi for r in results]


def _evaluation_page(request, agreement, form, title, stale=None):
    context = _evaluation_context(request, agreement) | {"form": form, "title": title, "stale": stale}
    return render(request, "people/evaluation.html", context)


def _evaluation_step(request, agreement, form, step, done_message, title):
    """Run ``step`` (a service call) for a valid posted form; the form again with the errors or the
    stale-edit box otherwise."""
    stale = None
    if request.method == "POST":
        if form.is_valid():
            try:
                step()
            except versioning.StaleEdit as error:
                versioning.carry_version(form, error)
                stale = error
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, done_message)
                return redirect("people:evaluation_detail", request.org.slug, agreement.pk)
        if stale is None:
            messages.error(request, _("Please correct the errors below; nothing was saved."))
    return _evaluation_page(request, agreement, form, title, stale)


@org_view()
def evaluation_detail(request, pk):
    """The result of an agreement: 404 for anyone who may not see the person's record."""
    agreement = people_access.agreement_or_404(request, pk)
    context = _evaluation_context(request, agreement) | {"title": _("Performance evaluation"), "problems": []}
    if context["can_rate"]:
        context["problems"] = services.evaluation_problems(agreement)
    return render(request, "people/evaluation.html", context)


@org_view()
def evaluation_rate(request, pk):
    agreement = people_access.agreement_or_404(request, pk)
    if not people_access.may_evaluate(request.access, request.user, agreement.person):
        raise PermissionDenied
    results, _score = agreement_results(agreement)
    evaluation = services.evaluation_of(agreement)
    form = EvaluateForm(request.POST or None, agreement=agreement, results=results, evaluation=evaluation)

    def step():
        services.evaluation_rate(
            agreement=agreement,
            kpi_levels=form.kpi_levels(),
            competency_levels=form.competency_levels(),
            comment=form.cleaned_data.get("comment", ""),
            form=form,
            user=request.user,
            access=request.access,
        )

    return _evaluation_step(request, agreement, form, step, _("The result was rated."), _("Rate the result"))


@org_view()
def evaluation_review(request, pk):
    agreement = people_access.agreement_or_404(request, pk)
    if not people_access.may_review(request.access, request.user, agreement.person):
        raise PermissionDenied
    evaluation = services.evaluation_of(agreement)
    form = ReviewForm(request.POST or None, instance=evaluation, org=request.org)

    def step():
        services.evaluation_review(
            evaluation=evaluation,
            adjusted_total=form.cleaned_data.get("adjusted_total"),
            reason=form.cleaned_data.get("adjustment_reason", ""),
            form=form,
            user=request.user,
            access=request.access,
        )

    title = _("Review the result")
    return _evaluation_step(request, agreement, form, step, _("The result was reviewed."), title)


@org_view()
def evaluation_acknowledge(request, pk):
    agreement = people_access.agreement_or_404(request, pk)
    if not people_access.may_acknowledge(request.access, request.user, agreement.person):
        raise PermissionDenied
    evaluation = services.evaluation_of(agreement)
    form = AcknowledgeForm(request.POST or None, instance=evaluation, org=request.org)

    def step():
        services.evaluation_acknowledge(
            evaluation=evaluation,
            agrees=form.cleaned_data["employee_agrees"],
            note=form.cleaned_data.get("employee_note", ""),
            form=form,
            user=request.user,
            access=request.access,
        )

    title = _("Acknowledge the result")
    return _evaluation_step(request, agreement, form, step, _("The result was acknowledged."), title)


@org_view(VIEW_ALL)
def round_results(request, pk):
    """The committee's page of a round: every person's result across the organization, with the count of
    each band and state, before the results are made final."""
    round_ = _round(request, pk)
    agreements = (
        Agreement.objects.for_org(request.org)
        .filter(round=round_)
        .select_related("person__department", "person__position", "evaluation")
        .order_by("person__department__order", "person__department__name", "person__name")
    )
    rows, bands, states = [], dict.fromkeys(Band.values, 0), dict.fromkeys(Evaluation.State.values, 0)
    for agreement in agreements:
        evaluation = getattr(agreement, "evaluation", None)
        state = evaluation.state if evaluation else Evaluation.State.DRAFT
        states[state] += 1
        if evaluation and evaluation.band:
            bands[evaluation.band] += 1
        rows.append((agreement, evaluation))
    return render(
        request,
        "people/round_results.html",
        {
            "round": round_,
            "rows": rows,
            "bands": [(Band(value).label, count) for value, count in bands.items()],
            "states": [(Evaluation.State(value).label, count) for value, count in states.items()],
            "summary": round_summary(round_),
            "band_labels": Band.labels,
            "unreviewed": services.round_unreviewed(round_),
            "can_finalize": request.access.can(MANAGE) and not request.access.read_only and not round_.finalized_at,
        },
    )


@org_view(MANAGE)
@require_POST
def round_finalize(request, pk):
    round_ = _round(request, pk)
    try:
        services.round_finalize(round_=round_, user=request.user, access=request.access)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The results of the round are final."))
    return redirect("people:round_results", request.org.slug, round_.pk)


# The individual development plan --------------------------------------------------------------------------


@org_view()
def development(request, pk):
    """A person's development plan of the round: the competency gaps found at the evaluation, the actions
    planned, and a form to add one (for the employee, their line and HR)."""
    agreement = people_access.agreement_or_404(request, pk)
    can_edit = people_access.may_edit_agreement(request.access, request.user, agreement)
    form = DevelopmentActionForm(request.POST or None, org=request.org, agreement=agreement) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            services.development_action_save(
                form=form, agreement=agreement, user=request.user, access=request.access, save=form.save
            )
            messages.success(request, _("Saved."))
            return redirect("people:development", request.org.slug, agreement.pk)
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    return render(
        request,
        "people/development.html",
        {
            "agreement": agreement,
            "person": agreement.person,
            "gaps": services.development_gaps(agreement),
            "actions": agreement.development.select_related("competency"),
            "form": form,
            "can_edit": can_edit,
        },
    )


@org_view()
def development_edit(request, pk):
    action = get_object_or_404(DevelopmentAction.objects.for_org(request.org), pk=pk)
    agreement = people_access.agreement_or_404(request, action.agreement_id)
    _may_edit(request, agreement)
    form = DevelopmentActionForm(request.POST or None, instance=action, org=request.org, agreement=agreement)
    stale = None
    if request.method == "POST":
        if form.is_valid():
            try:
                services.development_action_save(
                    form=form,
                    agreement=agreement,
                    user=request.user,
                    access=request.access,
                    save=lambda: versioning.save_form(form),
                )
            except versioning.StaleEdit as error:
                versioning.carry_version(form, error)
                stale = error
            else:
                messages.success(request, _("Saved."))
                return redirect("people:development", request.org.slug, agreement.pk)
        else:
            messages.error(request, _("Please correct the errors below; nothing was saved."))
    back = reverse("people:development", args=[request.org.slug, agreement.pk])
    title = _("Edit development action of %(person)s") % {"person": agreement.person}
    return _form_page(request, form, title, back, stale)


# Incentives: the salary raise proposal -----------------------------------------------------------------------


@org_view(VIEW_ALL)
def raise_proposal(request, pk):
    """The round's raise proposal: each person's raise, the total against the budget and the top rates
    against the quota. Salaries: HR and the executive only (``people.salary``); the round is looked up
    first, so another organization's round is 404 for everyone."""
    round_ = _round(request, pk)
    if not request.access.can(SALARY):
        raise PermissionDenied
    if tables.wants_xlsx(request):  # the workbook is the reports' one, the same as the PDF
        return redirect("reports:raise_proposal", request.org.slug, round_.pk, "xlsx")
    proposal = RaiseProposal.objects.filter(round=round_).select_related("rules", "made_by", "finalized_by").first()
    lines = services.raise_proposal_lines(proposal)
    may_propose = people_access.may_propose_raises(request.access)
    return render(
        request,
        "people/raise_proposal.html",
        {
            "round": round_,
            "proposal": proposal,
            "lines": lines,
            "totals": services.raise_proposal_totals(proposal, lines) if proposal else None,
            "rules": proposal.rules if proposal else raise_rules_on(request.org, raise_effective_day(round_)),
            "effective": raise_effective_day(round_),
            "can_make": may_propose and (proposal is None or proposal.state == RaiseProposal.State.DRAFT),
            "can_edit": may_propose and proposal is not None and proposal.state == RaiseProposal.State.DRAFT,
        },
    )


def _proposal_step(request, pk, step, done_message):
    round_ = _round(request, pk)
    try:
        step(round_)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done_message)
    return redirect("people:raise_proposal", request.org.slug, round_.pk)


@org_view(MANAGE)
@require_POST
def raise_proposal_make(request, pk):
    def step(round_):
        services.raise_proposal_make(round_=round_, user=request.user, access=request.access)

    return _proposal_step(request, pk, step, _("The raise proposal was made from the round's results."))


@org_view(MANAGE)
@require_POST
def raise_proposal_finalize(request, pk):
    def step(round_):
        proposal = get_object_or_404(RaiseProposal.objects.for_org(request.org), round=round_)
        services.raise_proposal_finalize(proposal=proposal, user=request.user, access=request.access)

    return _proposal_step(request, pk, step, _("The raise proposal is final."))


@org_view(MANAGE)
def raise_line_edit(request, pk):
    line = get_object_or_404(RaiseLine.objects.for_org(request.org).select_related("proposal__rules", "person"), pk=pk)
    if not people_access.sees_salary(request.access):
        raise PermissionDenied  # after the lookup: another organization's line is 404 for everyone
    back = reverse("people:raise_proposal", args=[request.org.slug, line.proposal.round_id])
    form = RaiseLineForm(request.POST or None, instance=line, org=request.org)
    stale = None
    if request.method == "POST":
        if form.is_valid():
            try:
                services.raise_line_save(
                    line=line,
                    rate=form.cleaned_data["rate"],
                    note=form.cleaned_data.get("note", ""),
                    form=form,
                    user=request.user,
                    access=request.access,
                )
            except versioning.StaleEdit as error:
                versioning.carry_version(form, error)
                stale = error
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(back)
        if stale is None:
            messages.error(request, _("Please correct the errors below; nothing was saved."))
    title = _("Raise of %(person)s") % {"person": line.person}
    return _form_page(request, form, title, back, stale)


@org_view(MANAGE)
def raise_rules_list(request):
    rule_sets = RaiseRules.objects.for_org(request.org)
    return render(request, "people/raise_rules_list.html", {"rule_sets": rule_sets})


@org_view(MANAGE)
def raise_rules_create(request):
    form = RaiseRulesForm(request.POST or None, org=request.org)
    back = reverse("people:raise_rules_list", args=[request.org.slug])
    if added := _added(request, form, lambda _rules: back):
        return added
    return _form_page(request, form, _("New raise rules"), back)
