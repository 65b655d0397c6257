"""แบบที่ 1 — the self-assessment of the planning process: the organization's item list and one
assessment per fiscal year. Reading never writes: an organization that has not started the form sees the
default items (reports/form1_items.py) unsaved; the first edit copies them. One function per step, each
checking access itself and running in one transaction."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max

from orgs.models import Organization
from reports.form1_items import DEFAULT_ITEMS
from reports.models import SelfAssessment, SelfAssessmentAnswer, SelfAssessmentItem

CAPABILITY = "self_assessment.edit"
UP, DOWN = "up", "down"


def _require(access):
    if not access.can(CAPABILITY):
        raise PermissionDenied


def started(org) -> bool:
    return SelfAssessmentItem.objects.for_org(org).exists()


def items_of(org, *, retired=False) -> list[SelfAssessmentItem]:
    """The organization's items in order (retired ones too if ``retired``); unsaved default items when it
    has not started the form yet."""
    saved = SelfAssessmentItem.objects.for_org(org)
    if not saved.exists():
        return default_items(org)
    return list(saved if retired else saved.filter(retired=False))


def default_items(org) -> list[SelfAssessmentItem]:
    return [
        SelfAssessmentItem(organization=org, part=part, order=n, text=text)
        for n, (part, text) in enumerate(DEFAULT_ITEMS, start=1)
    ]


def assessment_of(org, fiscal_year) -> SelfAssessment | None:
    return SelfAssessment.objects.for_org(org).filter(fiscal_year=fiscal_year).first()


@dataclass
class Line:
    """An item as the form shows it in a year: its number within its part and the year's answer."""

    item: SelfAssessmentItem
    number: int
    answer: SelfAssessmentAnswer | None


def lines_of(org, assessment) -> list[Line]:
    """The year's lines: every active item, and any retired item the assessment answered (its answer stays
    in that year's form); numbered 1, 2, … within each part as the DLA form numbers them. Two queries."""
    answers = {a.item_id: a for a in assessment.answers.all()} if assessment else {}
    shown = [i for i in items_of(org, retired=True) if not i.retired or i.pk in answers]
    lines, counters = [], {}
    for item in shown:
        counters[item.part] = counters.get(item.part, 0) + 1
        lines.append(Line(item, counters[item.part], answers.get(item.pk)))
    return lines


def _lock_org(org):
    Organization.objects.select_for_update().filter(pk=org.pk).first()  # one first copy at a time


def self_assessment_start(*, org, access) -> list[SelfAssessmentItem]:
    """Copy the default items to the organization (nothing when it has its own list already)."""
    _require(access)
    with transaction.atomic():
        _lock_org(org)
        if not started(org):
            SelfAssessmentItem.objects.bulk_create(default_items(org))
    return items_of(org, retired=True)


def self_assessment_item_add(*, org, access, part, text) -> SelfAssessmentItem:
    _require(access)
    with transaction.atomic():
        self_assessment_start(org=org, access=access)
        last = SelfAssessmentItem.objects.for_org(org).filter(part=part).aggregate(m=Max("order"))["m"] or 0
        return SelfAssessmentItem.objects.create(organization=org, part=part, order=last + 1, text=text)


def self_assessment_item_update(*, org, access, item, part, text, retired) -> SelfAssessmentItem:
    """Change an item's wording or part, retire it or bring it back (its answers of past years stay)."""
    _require(access)
    if item.organization_id != org.pk:
        raise PermissionDenied
    with transaction.atomic():
        if part != item.part:
            last = SelfAssessmentItem.objects.for_org(org).filter(part=part).aggregate(m=Max("order"))["m"] or 0
            item.order = last + 1
        item.part, item.text, item.retired = part, text, retired
        item.save()
    return item


def self_assessment_item_move(*, org, access, item, direction) -> None:
    """Swap the item with its neighbour in its part (``UP`` or ``DOWN``); at either end nothing moves."""
    _require(access)
    if item.organization_id != org.pk or direction not in (UP, DOWN):
        raise PermissionDenied
    with transaction.atomic():
        siblings = list(SelfAssessmentItem.objects.for_org(org).filter(part=item.part).select_for_update())
        index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
        other = index - 1 if direction == UP else index + 1
        if not 0 <= other < len(siblings):
            return
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for n, sibling in enumerate(siblings, start=1):
            if sibling.order != n:
                sibling.order = n
                sibling.save(update_fields=["order"])


def self_assessment_save(*, org, access, user, fiscal_year, answers) -> SelfAssessment:
    """Save the year's assessment: ``answers`` maps item id → (done: bool | None, note). An item left
    unanswered (None) has no answer row; items of another organization are refused."""
    _require(access)
    with transaction.atomic():
        items = {i.pk: i for i in SelfAssessmentItem.objects.for_org(org).filter(pk__in=list(answers))}
        if len(items) != len(answers):
            raise PermissionDenied
        assessment, _created = SelfAssessment.objects.get_or_create(organization=org, fiscal_year=fiscal_year)
        stored = {a.item_id: a for a in assessment.answers.select_for_update()}
        for item_id, (done, note) in answers.items():
            answer = stored.get(item_id)
            if done is None:
                if answer is not None:
                    answer.delete()
                continue
            if answer is None:
                SelfAssessmentAnswer.objects.create(
                    organization=org, assessment=assessment, item=items[item_id], done=done, note=note
                )
            elif (answer.done, answer.note) != (done, note):
                answer.done, answer.note = done, note
                answer.save()
        assessment.updated_by = user
        assessment.save()
    return assessment
