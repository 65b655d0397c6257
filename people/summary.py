"""A round's results taken together, per department: how many were evaluated, how many in each band and the
average total; and the average achievement score of each department's staff (for the executive dashboard).

Aggregates only (counts and averages): no person's name, no salary. Each is one query whatever the number of
people; averages are computed in Decimal here and rounded once, at display.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from people.models import Agreement, Evaluation, Round
from people.scoring import Band

RATED = (Evaluation.State.EVALUATED, Evaluation.State.REVIEWED, Evaluation.State.ACKNOWLEDGED)
ZERO = Decimal(0)


@dataclass
class BandRow:
    """One department (``department`` None: people without one; the organization's row: ``total``)."""

    department: object
    people: int = 0  # agreements of the round
    evaluated: int = 0  # with a band (rated by the supervisor, reviewed or acknowledged)
    bands: dict = field(default_factory=lambda: dict.fromkeys(Band.values, 0))
    total_sum: Decimal = ZERO

    @property
    def average(self) -> Decimal | None:
        """The average total the results stand on (the reviewer's adjusted total where there is one)."""
        return self.total_sum / self.evaluated if self.evaluated else None

    @property
    def band_counts(self) -> list[int]:
        return [self.bands[value] for value in Band.values]

    def add(self, other: "BandRow") -> None:
        self.people += other.people
        self.evaluated += other.evaluated
        self.total_sum += other.total_sum
        for value, n in other.bands.items():
            self.bands[value] += n


@dataclass
class RoundSummary:
    round: Round
    departments: list[BandRow]
    total: BandRow


def round_summary(round_: Round) -> RoundSummary:
    """Per department of the people in the round: agreements, results with a band, the count of each band
    and the average total; then the organization's row (its average over every result, not of the
    departments' averages). One query."""
    rows = (
        Agreement.objects.for_org(round_.organization)
        .filter(round=round_)
        .order_by()
        .values("person__department_id", "person__department__name", "person__department__order", "evaluation__band")
        .annotate(
            n=Count("pk"),
            total_sum=Sum(Coalesce("evaluation__adjusted_total", "evaluation__total")),
        )
    )
    by_department: dict = {}
    for row in rows:
        key = row["person__department_id"]
        if key not in by_department:
            name = row["person__department__name"]
            by_department[key] = (row["person__department__order"] or 0, name or "", BandRow(department=name))
        found = by_department[key][2]
        found.people += row["n"]
        band = row["evaluation__band"]
        if band in found.bands:
            found.evaluated += row["n"]
            found.bands[band] += row["n"]
            found.total_sum += row["total_sum"] or ZERO
    # departments in their order, people without a department last
    ordered = sorted(by_department.items(), key=lambda item: (item[0] is None, item[1][0], item[1][1]))
    departments = [row for _key, (_order, _name, row) in ordered]
    total = BandRow(department=None)
    for row in departments:
        total.add(row)
    return RoundSummary(round=round_, departments=departments, total=total)


def latest_rated_round(org) -> Round | None:
    """The latest round (by fiscal year, then number) with at least one rated result. One query."""
    return (
        Round.objects.for_org(org)
        .filter(agreements__evaluation__state__in=RATED)
        .select_related("rules")
        .order_by("-fiscal_year", "-number")
        .first()
    )


@dataclass
class DepartmentAchievement:
    department_id: int | None
    evaluated: int
    score_sum: Decimal

    @property
    def average(self) -> Decimal | None:
        """The average achievement score (of 100) of the department's rated staff."""
        return self.score_sum / self.evaluated if self.evaluated else None


def achievement_by_department(round_: Round, *, department_ids=None) -> dict[int | None, DepartmentAchievement]:
    """The average individual achievement score (of 100) of each department's staff rated in the round,
    only of ``department_ids`` when given (the dashboard's scope). One query."""
    evaluations = Evaluation.objects.for_org(round_.organization).filter(
        agreement__round=round_, state__in=RATED, achievement_score__isnull=False
    )
    if department_ids is not None:
        evaluations = evaluations.filter(agreement__person__department_id__in=department_ids)
    rows = (
        evaluations.order_by()
        .values("agreement__person__department_id")
        .annotate(n=Count("pk"), score_sum=Sum("achievement_score"))
    )
    found = {}
    for row in rows:
        key = row["agreement__person__department_id"]
        found[key] = DepartmentAchievement(key, row["n"], row["score_sum"] or ZERO)
    return found


def hidden_groups(sizes: dict, minimum: int, *, total_shown: bool = True) -> set:
    """The groups whose average may not be shown to someone who may not see each person's result: those of
    fewer than ``minimum`` rated people (an average of one is that person's score; of two, a colleague's
    score to each of them). When exactly one group is hidden and the total is shown, the smallest other
    group is hidden with it, else the total minus the shown groups would give the hidden one back.
    ``sizes``: group key → number rated (groups of none are left out by the caller)."""
    hidden = {key for key, size in sizes.items() if size < minimum}
    others = [key for key in sizes if key not in hidden]
    if total_shown and len(hidden) == 1 and others:
        hidden.add(min(others, key=sizes.get))
    return hidden
