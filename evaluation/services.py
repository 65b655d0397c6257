"""Writes of evaluation records: save with its factors, approve. Keyword-only, one transaction each; each
checks the person's role itself and takes validated values, not forms (``evaluation.forms`` builds them)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from evaluation.models import Evaluation, Factor


@dataclass(frozen=True)
class FactorInput:
    """One factor of phase 3 as the person left it: ``id`` None for a new one; ``delete`` to remove it."""

    id: int | None
    kind: str
    category: str
    description: str
    delete: bool = False


def _require_edit(access):
    if not access.can("evaluation.edit"):
        raise PermissionDenied


@transaction.atomic
def evaluation_save(*, evaluation, values: dict, factors: list[FactorInput], access, user) -> Evaluation:
    """Save an evaluation (``values``: its fields) and its factors; changing an approved one makes it a
    draft again. ``evaluation`` is the stored one, or a new one of the organization."""
    _require_edit(access)
    org = evaluation.organization
    if evaluation.pk:
        evaluation = Evaluation.objects.for_org(org).select_for_update().get(pk=evaluation.pk)
    changed = False
    for name, value in values.items():
        if getattr(evaluation, name) != value:
            setattr(evaluation, name, value)
            changed = True
    stored = {factor.pk: factor for factor in evaluation.factors.all()} if evaluation.pk else {}
    to_save, to_delete = [], []
    for given in factors:
        factor = stored.get(given.id) if given.id else Factor(organization=org)
        if factor is None:  # removed meanwhile (the form's version check has refused that already)
            continue
        if given.delete:
            to_delete += [factor] if factor.pk else []
            continue
        fields = {"kind": given.kind, "category": given.category, "description": given.description}
        if factor.pk is None or any(getattr(factor, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(factor, name, value)
            to_save.append(factor)
    if evaluation.pk and evaluation.state == Evaluation.State.APPROVED and (changed or to_save or to_delete):
        evaluation.state = Evaluation.State.DRAFT
        evaluation.approved_by, evaluation.approved_at = None, None
    evaluation.save()
    for factor in to_save:
        factor.evaluation = evaluation
        factor.save()
    for factor in to_delete:
        factor.delete()
    return evaluation


@transaction.atomic
def evaluation_approve(*, evaluation, access, user) -> Evaluation:
    """The audit unit / M&E committee approves its evaluation (recorded in history)."""
    _require_edit(access)
    evaluation.state = Evaluation.State.APPROVED
    evaluation.approved_by, evaluation.approved_at = user, timezone.now()
    evaluation.save()
    return evaluation
