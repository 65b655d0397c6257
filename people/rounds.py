"""The rounds of a fiscal year and the rules each is scored by."""

from datetime import date, timedelta

from core.calendar import ad_year, fiscal_year_bounds
from people.models import RaiseRules, RuleSet


def default_round_dates(fiscal_year: int, number: int) -> tuple[date, date]:
    """First and last day of round ``number`` of BE fiscal year ``fiscal_year``: round 1 is 1 October to
    31 March (ครั้งที่ 1), round 2 is 1 April to 30 September (ครั้งที่ 2)."""
    if number == 1:
        return fiscal_year_bounds(fiscal_year)[0], date(ad_year(fiscal_year), 3, 31)
    if number == 2:
        return date(ad_year(fiscal_year), 4, 1), fiscal_year_bounds(fiscal_year)[1]
    raise ValueError(f"a round is 1 or 2, not {number!r}")


def rules_on(org, day: date) -> RuleSet | None:
    """The organization's rule set in force on ``day``: the latest valid from that day or before."""
    return RuleSet.objects.for_org(org).filter(valid_from__lte=day).order_by("-valid_from").first()


def raise_rules_on(org, day: date):
    """The organization's raise rules in force on ``day`` (the day a round's raise takes effect)."""
    return RaiseRules.objects.for_org(org).filter(valid_from__lte=day).order_by("-valid_from").first()


def raise_effective_day(round_) -> date:
    """The day a round's raise takes effect: the day after the round ends (1 April, 1 October)."""
    return round_.ends_on + timedelta(days=1)
