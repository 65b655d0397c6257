"""Writes of evaluation records: save with its factors, approve. Keyword-only, one transaction each."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from evaluation.models import Evaluation


@transaction.atomic
def evaluation_save(*, form, factors, user) -> Evaluation:
    """Save an evaluation and its factors; changing an approved one makes it a draft again."""
    evaluation = form.save(commit=False)
    if (
        evaluation.pk
        and evaluation.state == Evaluation.State.APPROVED
        and (form.has_changed() or factors.has_changed())
    ):
        evaluation.state = Evaluation.State.DRAFT
        evaluation.approved_by, evaluation.approved_at = None, None
    evaluation.save()
    factors.instance = evaluation
    for factor in factors.save(commit=False):
        factor.organization = evaluation.organization
        factor.evaluation = evaluation
        factor.save()
    for factor in factors.deleted_objects:
        factor.delete()
    return evaluation


@transaction.atomic
def evaluation_approve(*, evaluation, access, user) -> Evaluation:
    """The audit unit / M&E committee approves its evaluation (recorded in history)."""
    if not access.can("evaluation.edit"):
        raise PermissionDenied
    evaluation.state = Evaluation.State.APPROVED
    evaluation.approved_by, evaluation.approved_at = user, timezone.now()
    evaluation.save()
    return evaluation
