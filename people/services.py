"""Every write of the people app: one function per step, keyword-only, checking the person's right itself.

The views pass validated values (a bound, valid form at most for the row it edits)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core import versioning
from core.dates import format_be
from people import raises, scoring
from people.access import (
    MANAGE,
    is_self,
    may_acknowledge,
    may_edit_agreement,
    may_evaluate,
    may_propose_raises,
    may_review,
    may_sign,
)
from people.linked import agreement_results
from people.models import (
    Agreement,
    AgreementCompetency,
    AgreementKPI,
    CheckIn,
    Competency,
    DevelopmentAction,
    Evaluation,
    Person,
    PositionCompetency,
    RaiseLine,
    RaiseProposal,
    Round,
)
from people.rounds import default_round_dates, raise_effective_day, raise_rules_on, rules_on

ZERO = Decimal(0)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def round_create(
    *, org, fiscal_year: int, number: int, rules=None, starts_on=None, ends_on=None, checkin_reminder_weeks=None, access
) -> Round:
    """A round of the fiscal year, with the default dates of its number unless others are given, scored by
    ``rules`` or else by the organization's rules in force on its first day. ``checkin_reminder_weeks``:
    see ``people/reminders.py`` (None: the default)."""
    _require(access.can(MANAGE))
    default_start, default_end = default_round_dates(fiscal_year, number)
    starts_on, ends_on = starts_on or default_start, ends_on or default_end
    rules = rules or rules_on(org, starts_on)
    if rules is None:
        raise ValidationError(_("No scoring rules are valid on the round's first day: add them first."))
    extra = {} if checkin_reminder_weeks is None else {"checkin_reminder_weeks": checkin_reminder_weeks}
    return Round.objects.create(
        organization=org,
        fiscal_year=fiscal_year,
        number=number,
        starts_on=starts_on,
        ends_on=ends_on,
        rules=rules,
        **extra,
    )


def agreement_open(*, round_: Round, person: Person, user, access) -> Agreement:
    """The person's agreement of the round, made (as a draft) if it does not exist yet."""
    probe = Agreement(organization=round_.organization, person=person, round=round_)
    _require(may_edit_agreement(access, user, probe))
    with transaction.atomic():
        agreement, _created = Agreement.objects.get_or_create(
            organization=round_.organization, person=person, round=round_
        )
        if not agreement.competencies.exists() and not agreement_rated(agreement):
            copy_competencies([agreement])
    return agreement


def agreement_rated(agreement: Agreement) -> bool:
    """Whether the supervisor rated the agreement's result (its KPIs, check-ins and competencies then stay)."""
    evaluation = getattr(agreement, "evaluation", None) if agreement.pk else None
    return evaluation is not None and evaluation.state != "draft"


def copy_competencies(agreements) -> int:
    """Copy the competencies of each agreement's person's position, with their expected levels, into the
    agreement (name and kind too: a later change of the position or of the list rewrites no history).
    In bulk; returns how many rows were made."""
    agreements = [a for a in agreements if a.person.position_id]
    if not agreements:
        return 0
    expected: dict[int, list[PositionCompetency]] = {}
    rows_of_positions = PositionCompetency.objects.filter(
        position_id__in={a.person.position_id for a in agreements}, competency__active=True
    ).select_related("competency")
    for row in rows_of_positions:
        expected.setdefault(row.position_id, []).append(row)
    made = [
        AgreementCompetency(
            organization=agreement.organization,
            agreement=agreement,
            competency=row.competency,
            kind=row.competency.kind,
            name=row.competency.name,
            expected_level=row.expected_level,
            order=row.competency.order,
        )
        for agreement in agreements
        for row in expected.get(agreement.person.position_id, ())
    ]
    bulk_create_with_history(made, AgreementCompetency, batch_size=500)
    return len(made)


def agreements_open_all(*, round_: Round, access) -> int:
    """A draft agreement for every person in post who has none in the round yet. Returns how many."""
    _require(access.can(MANAGE) and not access.read_only)
    have = Agreement.objects.for_org(round_.organization).filter(round=round_).values("person")
    missing = list(Person.objects.for_org(round_.organization).filter(active=True).exclude(pk__in=have))
    made = [Agreement(organization=round_.organization, person=p, round=round_) for p in missing]
    with transaction.atomic():
        bulk_create_with_history(made, Agreement, batch_size=500)
        new = Agreement.objects.for_org(round_.organization).filter(round=round_, person__in=missing)
        copy_competencies(list(new.select_related("person")))
    return len(made)


def history_reason(text: str) -> str:
    """A reason as the history keeps it: its column is short (100 characters); a longer text (a note also
    kept in full on the record itself) is cut there with an ellipsis, never refused by the database."""
    text = text.strip()
    limit = Agreement.history.model._meta.get_field("history_change_reason").max_length
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _reopen_if_agreed(agreement: Agreement, reason: str) -> None:
    """A change to an agreed agreement needs a reason (kept in the history) and both sign again."""
    if agreement.state != Agreement.State.AGREED:
        return
    if not reason.strip():
        raise ValidationError(_("The agreement was signed: give the reason for the change."))
    agreement.state = Agreement.State.DRAFT
    agreement.employee_signed_at = agreement.supervisor_signed_at = None
    agreement.employee_signed_by = agreement.supervisor_signed_by = None
    agreement._change_reason = history_reason(reason)
    agreement.save()


def _not_rated(agreement: Agreement) -> None:
    """Once the supervisor rated the result, the KPIs it was rated on stay as they were."""
    if agreement_rated(agreement):
        raise ValidationError(_("The result of this agreement was rated: its KPIs no longer change."))


def kpi_save(*, form, agreement: Agreement, reason: str = "", user, access, save) -> AgreementKPI:
    """Save an agreed KPI (new or changed) through ``save`` (the version-checked form save); not once the
    result was rated."""
    _require(may_edit_agreement(access, user, agreement))
    _not_rated(agreement)
    with transaction.atomic():
        _reopen_if_agreed(agreement, reason)
        form.instance.agreement = agreement
        if reason:
            form.instance._change_reason = history_reason(reason)
        return save()


def kpi_delete(*, kpi: AgreementKPI, reason: str = "", user, access) -> None:
    agreement = kpi.agreement
    _require(may_edit_agreement(access, user, agreement))
    _not_rated(agreement)
    with transaction.atomic():
        _reopen_if_agreed(agreement, reason)
        kpi._change_reason = history_reason(reason)
        kpi.delete()


def agreement_problems(agreement: Agreement) -> list[str]:
    """What keeps an agreement from being signed: no KPI, weights that do not make 100, missing levels."""
    kpis = list(agreement.kpis.all())
    if not kpis:
        return [_("The agreement has no KPI yet.")]
    problems = []
    try:
        scoring.validate_weights(k.weight for k in kpis)
    except ValidationError as error:
        problems.extend(error.messages)
    for kpi in kpis:
        if any(v is None for v in kpi.levels):
            problems.append(_("“%(kpi)s” needs all five target levels.") % {"kpi": kpi.name})
        elif not scoring.levels_in_order(kpi.levels, direction=kpi.direction):
            problems.append(_("The target levels of “%(kpi)s” are out of order.") % {"kpi": kpi.name})
    return problems


def agreement_sign(*, agreement: Agreement, user, access, side: str = "") -> str:
    """Sign as the employee or as the supervisor (``side``; by default the employee when it is the person's
    own account, else the supervisor), as ``access.may_sign`` allows: HR records a signature made on paper by
    someone without an account. Both signed: the agreement is agreed. Returns the side signed."""
    side = side or ("employee" if is_self(user, agreement.person) else "supervisor")
    _require(side in ("employee", "supervisor") and may_sign(access, user, agreement.person, side))
    problems = agreement_problems(agreement)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if side == "employee":
            agreement.employee_signed_at, agreement.employee_signed_by = now, user
        else:
            agreement.supervisor_signed_at, agreement.supervisor_signed_by = now, user
        if agreement.employee_signed_at and agreement.supervisor_signed_at:
            agreement.state = Agreement.State.AGREED
        agreement.save()
    return side


def kpis_cascade(*, round_: Round, department, indicator, name: str, weight, levels, direction, user, access):
    """Copy a KPI of the plan to every person in post of ``department`` whose agreement of the round the
    person may edit: their agreement is made if missing; a signed agreement, or one that already has this
    KPI, is left alone. In bulk (a few queries whatever the number of staff). Returns (added, skipped)."""
    _require(not access.read_only)
    org = round_.organization
    people = list(Person.objects.for_org(org).filter(department=department, active=True).select_related("user"))
    people = [
        p for p in people if may_edit_agreement(access, user, Agreement(organization=org, person=p, round=round_))
    ]
    _require(bool(people) or access.can(MANAGE))
    with transaction.atomic():
        existing = {a.person_id: a for a in Agreement.objects.for_org(org).filter(round=round_, person__in=people)}
        new = [Agreement(organization=org, person=p, round=round_) for p in people if p.pk not in existing]
        if new:
            bulk_create_with_history(new, Agreement, batch_size=500)
            made_for = {a.person_id for a in new}
            again = Agreement.objects.for_org(org).filter(round=round_, person__in=people).select_related("person")
            existing = {a.person_id: a for a in again}
            copy_competencies([a for pk, a in existing.items() if pk in made_for])
        linked = set(
            AgreementKPI.objects.for_org(org)
            .filter(agreement__in=existing.values(), indicator=indicator)
            .values_list("agreement_id", flat=True)
        )
        rows, skipped = [], 0
        for agreement in existing.values():
            if agreement.state == Agreement.State.AGREED or agreement.pk in linked:
                skipped += 1
                continue
            rows.append(
                AgreementKPI(
                    organization=org,
                    agreement=agreement,
                    name=name or indicator.name,
                    unit=indicator.unit,
                    weight=weight,
                    direction=direction,
                    indicator=indicator,
                    order=100,
                    **{f"level_{n}": v for n, v in enumerate(levels, start=1)},
                )
            )
        bulk_create_with_history(rows, AgreementKPI, batch_size=500, default_user=user)
    return len(rows), skipped


def checkin_create(*, kpi: AgreementKPI, values: dict, user, access) -> CheckIn:
    """A dated note of progress on a KPI, by the employee, their line or HR; not once the result was rated
    (the rating read the check-ins as they were)."""
    _require(may_edit_agreement(access, user, kpi.agreement))
    _not_rated(kpi.agreement)
    return CheckIn.objects.create(organization=kpi.organization, kpi=kpi, recorded_by=user, **values)


# Competencies -------------------------------------------------------------------------------------------

# The five core competencies of the ก.ถ. standard (มาตรฐานทั่วไปเกี่ยวกับการประเมินผลการปฏิบัติงาน): the one-click
# default list of an organization, its wording editable afterwards.
DEFAULT_CORE_COMPETENCIES = (
    "การมุ่งผลสัมฤทธิ์",
    "การบริการที่ดี",
    "การสั่งสมความเชี่ยวชาญในงานอาชีพ",
    "การยึดมั่นในความถูกต้องชอบธรรมและจริยธรรม",
    "การทำงานเป็นทีม",
)


def competencies_add_defaults(*, org, access) -> int:
    """Add the five core competencies of the ก.ถ. standard that the list does not have yet (by name).
    Returns how many were added."""
    _require(access.can(MANAGE) and not access.read_only)
    have = set(Competency.objects.for_org(org).values_list("name", flat=True))
    made = [
        Competency(organization=org, kind=Competency.Kind.CORE, name=name, order=order)
        for order, name in enumerate(DEFAULT_CORE_COMPETENCIES, start=1)
        if name not in have
    ]
    bulk_create_with_history(made, Competency, batch_size=100)
    return len(made)


def position_competencies_save(*, position, levels: dict, form=None, access) -> None:
    """Set the expected level (1–5) of each competency for ``position``; a competency given None is no
    longer expected. ``levels``: {Competency: level or None}. With ``form``, its version is checked first."""
    _require(access.can(MANAGE) and not access.read_only)
    with transaction.atomic():
        if form is not None:
            versioning.check(form, form.cleaned_data.get(versioning.VERSION))
        rows = {r.competency_id: r for r in PositionCompetency.objects.filter(position=position)}
        for competency, level in levels.items():
            row = rows.get(competency.pk)
            if level is None:
                if row is not None:
                    row.delete()
            elif row is None:
                PositionCompetency.objects.create(
                    organization=position.organization, position=position, competency=competency, expected_level=level
                )
            elif row.expected_level != level:
                row.expected_level = level
                row.save()


# The evaluation at the round's end (step 4) ---------------------------------------------------------------


def _not_final(round_: Round) -> None:
    if round_.finalized_at is not None:
        raise ValidationError(_("The results of this round are final: nothing can change any more."))


def _check_version(form) -> None:
    if form is not None:
        versioning.check(form, form.cleaned_data.get(versioning.VERSION))


def evaluation_of(agreement: Agreement) -> Evaluation:
    """The agreement's evaluation, unsaved and in draft while nobody rated it yet."""
    evaluation = Evaluation.objects.filter(agreement=agreement).first()
    return evaluation or Evaluation(organization=agreement.organization, agreement=agreement)


def evaluation_problems(agreement: Agreement) -> list[str]:
    """What keeps an agreement from being evaluated: not signed by both, no competency to rate."""
    problems = []
    if agreement.state != Agreement.State.AGREED:
        problems.append(_("The agreement must be signed by the employee and the supervisor before it is evaluated."))
    if not agreement.competencies.exists():
        problems.append(_("The agreement lists no competency: take those of the person's position first."))
    return problems


def evaluation_rate(
    *, agreement: Agreement, kpi_levels: dict, competency_levels: dict, comment: str = "", form=None, user, access
) -> Evaluation:
    """The supervisor rates the round's result: the level of each own KPI (``kpi_levels``: {KPI id: 0–5}; a
    KPI linked to the plan takes the level its approved monitoring data reach, ``people.linked``) and the
    level shown of each competency (``competency_levels``: {id: 0–5}). The scores, the total by the round's
    rules and the band are computed (``people.scoring``) and kept. Draft or evaluated only: once reviewed,
    the result is the reviewer's and the employee's."""
    _require(may_evaluate(access, user, agreement.person))
    rules = agreement.round.rules
    _not_final(agreement.round)
    problems = evaluation_problems(agreement)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().select_related("round__rules", "person").get(pk=agreement.pk)
        _check_version(form)
        evaluation = evaluation_of(agreement)
        if evaluation.state not in (Evaluation.State.DRAFT, Evaluation.State.EVALUATED):
            raise ValidationError(_("This result was reviewed already: the supervisor can no longer change it."))
        results, _score = agreement_results(agreement)
        for result in results:
            kpi = result.kpi
            level = result.level if result.linked else kpi_levels.get(kpi.pk)
            if not result.linked and (level is None or not 0 <= level <= 5):
                raise ValidationError(_("Give the level reached of every KPI (0–5)."))
            actual = result.actual  # kept to the field's 4 places (a ratio has more; SQLite would keep them all)
            actual = actual.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP) if actual is not None else None
            kpi.rated_level, kpi.rated_actual = level, actual
            kpi.save(update_fields=["rated_level", "rated_actual"])
        competencies = list(agreement.competencies.all())
        for competency in competencies:
            level = competency_levels.get(competency.pk)
            if level is None or not 0 <= level <= 5:
                raise ValidationError(_("Give the level shown of every competency (0–5)."))
            competency.rated_level = level
            competency.save(update_fields=["rated_level"])
        achievement = scoring.achievement_score(((r.kpi.rated_level, r.kpi.weight) for r in results), scale=rules.scale)
        competency = scoring.competency_score(
            ((c.rated_level, c.expected_level) for c in competencies), rules.competency_point_values
        )
        total = scoring.total_score(achievement, competency, rules)
        evaluation.achievement_score = achievement.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
        evaluation.competency_score = competency.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
        evaluation.total, evaluation.band = total, scoring.band(total, rules)
        evaluation.comment = comment.strip()
        evaluation.state = Evaluation.State.EVALUATED
        evaluation.evaluated_at, evaluation.evaluated_by = timezone.now(), user
        evaluation.save()
    return evaluation


def evaluation_review(*, evaluation: Evaluation, adjusted_total=None, reason: str = "", form=None, user, access):
    """The second-level reviewer confirms the supervisor's total or adjusts it; an adjustment needs a
    reason, kept in the evaluation's history. The band follows the total the result stands on. Until the
    employee acknowledges, the reviewer may review again."""
    agreement = evaluation.agreement
    _require(may_review(access, user, agreement.person))
    _not_final(agreement.round)
    with transaction.atomic():
        evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk) if evaluation.pk else evaluation
        _check_version(form)
        if evaluation.state not in (Evaluation.State.EVALUATED, Evaluation.State.REVIEWED):
            raise ValidationError(_("Only a result the supervisor rated, not yet acknowledged, can be reviewed."))
        if adjusted_total is not None and adjusted_total == evaluation.total:
            adjusted_total = None  # the same total is a confirmation, not an adjustment
        reason = reason.strip()
        if adjusted_total is not None and not reason:
            raise ValidationError(_("Give the reason for adjusting the total."))
        evaluation.adjusted_total = adjusted_total
        evaluation.adjustment_reason = reason if adjusted_total is not None else ""
        evaluation.band = scoring.band(evaluation.final_total, agreement.round.rules)
        evaluation.state = Evaluation.State.REVIEWED
        evaluation.reviewed_at, evaluation.reviewed_by = timezone.now(), user
        evaluation._change_reason = history_reason(reason)
        evaluation.save()
    return evaluation


def evaluation_acknowledge(*, evaluation: Evaluation, agrees: bool, note: str = "", form=None, user, access):
    """The employee acknowledges the reviewed result, agreeing or disagreeing; disagreeing needs a note."""
    agreement = evaluation.agreement
    _require(may_acknowledge(access, user, agreement.person))
    _not_final(agreement.round)
    with transaction.atomic():
        evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk) if evaluation.pk else evaluation
        _check_version(form)
        if evaluation.state != Evaluation.State.REVIEWED:
            raise ValidationError(_("Only a reviewed result can be acknowledged."))
        note = note.strip()
        if not agrees and not note:
            raise ValidationError(_("Say why you disagree with the result."))
        evaluation.employee_agrees, evaluation.employee_note = agrees, note
        evaluation.state = Evaluation.State.ACKNOWLEDGED
        evaluation.acknowledged_at, evaluation.acknowledged_by = timezone.now(), user
        evaluation._change_reason = history_reason(note)
        evaluation.save()
    return evaluation


FINAL_STATES = (Evaluation.State.REVIEWED, Evaluation.State.ACKNOWLEDGED)


def round_unreviewed(round_: Round) -> int:
    """How many agreements of people in post in the round have no reviewed result yet."""
    agreements = Agreement.objects.for_org(round_.organization).filter(round=round_, person__active=True)
    return agreements.exclude(evaluation__state__in=FINAL_STATES).count()


def round_finalize(*, round_: Round, user, access) -> Round:
    """HR makes the round's results final once every person in post has a reviewed result: from then on no
    evaluation of the round changes."""
    _require(access.can(MANAGE) and not access.read_only)
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        _not_final(round_)
        waiting = round_unreviewed(round_)
        if waiting:
            raise ValidationError(
                _("%(n)s results are not reviewed yet: they must be before the results are final.") % {"n": waiting}
            )
        round_.finalized_at, round_.finalized_by = timezone.now(), user
        round_.save()
    return round_


# The individual development plan (step 3) -----------------------------------------------------------------


def development_gaps(agreement: Agreement) -> list[tuple[AgreementCompetency, int]]:
    """The competencies of the agreement rated below their expected level, with how many levels short
    (``scoring.competency_gap``), largest gap first: what the individual development plan should close.
    Competencies not rated yet are no gap yet."""
    rated = [c for c in agreement.competencies.all() if c.rated_level is not None]
    gaps = [(c, scoring.competency_gap(c.rated_level, c.expected_level)) for c in rated]
    return sorted(((c, g) for c, g in gaps if g > 0), key=lambda pair: (-pair[1], pair[0].order, pair[0].pk))


def development_action_save(*, form, agreement: Agreement, user, access, save) -> DevelopmentAction:
    """Save an action of the person's development plan (new or changed) through ``save`` (the version-
    checked form save): the employee, their line and HR."""
    _require(may_edit_agreement(access, user, agreement))
    form.instance.agreement = agreement
    return save()


# Incentives: the salary raise proposal (step 5) -------------------------------------------------------------


def _not_final_proposal(proposal: RaiseProposal) -> None:
    if proposal.state == RaiseProposal.State.FINAL:
        raise ValidationError(_("The raise proposal of this round is final: nothing can change any more."))


def raise_proposal_make(*, round_: Round, user, access) -> RaiseProposal:
    """HR makes (or makes again, while a draft) the round's raise proposal from its final results: each
    person in post with a reviewed result gets the rate of their band under the raise rules in force when
    the raise takes effect, within the budget (a share of the salaries in post) and the quota
    (``people.raises.propose``). Making it again starts over from the results."""
    _require(may_propose_raises(access))
    if round_.finalized_at is None:
        raise ValidationError(_("The results of the round must be final before the raise proposal is made."))
    org = round_.organization
    effective = raise_effective_day(round_)
    rules = raise_rules_on(org, effective)
    if rules is None:
        raise ValidationError(
            _("No raise rules are valid on %(day)s, when the raise of this round takes effect: add them first.")
            % {"day": format_be(effective)}
        )
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        existing = RaiseProposal.objects.filter(round=round_).first()
        if existing is not None:
            _not_final_proposal(existing)
            existing.delete()
        evaluations = (
            Evaluation.objects.for_org(org)
            .filter(agreement__round=round_, agreement__person__active=True, state__in=FINAL_STATES)
            .select_related("agreement__person__position")
        )
        candidates = [
            raises.Candidate(
                person=e.agreement.person_id,
                total=e.final_total,
                band=e.band,
                salary=e.agreement.person.salary,
                base=e.agreement.person.position.calculation_base if e.agreement.person.position else None,
            )
            for e in evaluations
        ]
        salaries = Person.objects.for_org(org).filter(active=True).aggregate(total=Sum("salary"))["total"] or ZERO
        budget, quota = raises.budget_of(salaries, rules), raises.quota_of(len(candidates), rules)
        proposal = RaiseProposal.objects.create(
            organization=org,
            round=round_,
            rules=rules,
            salaries_total=salaries,
            budget=budget,
            evaluated=len(candidates),
            quota=quota,
            made_by=user,
        )
        by_person = {c.person: c for c in candidates}
        lines = []
        for line in raises.propose(candidates, rules, budget=budget, quota=quota):
            c = by_person[line.person]
            lines.append(
                RaiseLine(
                    organization=org,
                    proposal=proposal,
                    person_id=line.person,
                    total=c.total,
                    band=line.band,
                    salary=c.salary,
                    base=c.base,
                    rate=line.rate,
                    amount=line.amount,
                    over_quota=line.over_quota,
                    scaled=line.scaled,
                )
            )
        bulk_create_with_history(lines, RaiseLine, default_user=user)
    return proposal


def raise_proposal_lines(proposal: RaiseProposal | None) -> list[RaiseLine]:
    """The proposal's lines, best total first, with each person's department and position (one query)."""
    if proposal is None:
        return []
    return list(proposal.lines.select_related("person__department", "person__position"))


@dataclass(frozen=True)
class RaiseTotals:
    """The proposal against its limits: the raises proposed and what is left of the budget, the top rates
    given against the quota, and why it cannot be final (empty: it can). The page and the downloads show
    these same figures."""

    spent: Decimal
    left: Decimal
    tops: int
    problems: list[str]


def raise_proposal_totals(proposal: RaiseProposal, lines: list[RaiseLine]) -> RaiseTotals:
    spent = sum((line.amount for line in lines), ZERO)
    return RaiseTotals(
        spent=spent,
        left=proposal.budget - spent,
        tops=raises.top_count((line.rate for line in lines), proposal.rules),
        problems=raise_problems(proposal, lines),
    )


def raise_problems(proposal: RaiseProposal, lines=None) -> list[str]:
    """Why the proposal cannot be final (``people.raises.problems``), and people without a salary."""
    lines = list(proposal.lines.all()) if lines is None else lines
    found = raises.problems(lines, proposal.rules, budget=proposal.budget, quota=proposal.quota)
    missing = sum(1 for line in lines if line.salary is None)
    if missing:
        found.append(_("%(n)s people have no salary recorded: their raise cannot be computed.") % {"n": missing})
    return found


def raise_line_save(*, line: RaiseLine, rate: Decimal, note: str = "", form=None, user, access) -> RaiseLine:
    """HR changes a person's rate (at most the one of their band); the amount follows by the proposal's
    rules. The budget and the quota are checked when the proposal is made final."""
    _require(may_propose_raises(access))
    rules = line.proposal.rules
    if rate < ZERO or rate > raises.band_rate(line.band, rules):
        raise ValidationError(
            _("The rate must be between 0 and %(most)s, the rate of the band.")
            % {"most": format(raises.band_rate(line.band, rules).normalize(), "f")}
        )
    with transaction.atomic():
        proposal = RaiseProposal.objects.select_for_update().get(pk=line.proposal_id)
        _not_final_proposal(proposal)
        _check_version(form)
        line.rate, line.note = rate, note.strip()
        line.amount = raises.raise_amount(salary=line.salary, base=line.base, rate=rate, rules=rules)
        line._change_reason = history_reason(line.note)
        line.save()
    return line


def raise_proposal_finalize(*, proposal: RaiseProposal, user, access) -> RaiseProposal:
    """HR makes the proposal final: refused while its total is over the budget, its top rates over the quota,
    a rate above its band, or a salary missing."""
    _require(may_propose_raises(access))
    with transaction.atomic():
        proposal = RaiseProposal.objects.select_for_update().select_related("rules").get(pk=proposal.pk)
        _not_final_proposal(proposal)
        found = raise_problems(proposal)
        if found:
            raise ValidationError(found)
        proposal.state = RaiseProposal.State.FINAL
        proposal.finalized_at, proposal.finalized_by = timezone.now(), user
        proposal.save()
    return proposal
