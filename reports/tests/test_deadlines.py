"""The regulation's dates for the annual M&E report: due dates, states and warnings."""

from datetime import date
from types import SimpleNamespace

from reports.deadlines import AT_RISK, DONE, LATE, OPEN, WAITING, deadlines, report_due

RULES = {"report_month": 12, "announce_within_days": 15, "post_min_days": 30, "warn_days": 14}


def record(**dates):
    fields = {"reported_to_executive": None, "presented_to_council": None, "announced_on": None, "posted_until": None}
    return SimpleNamespace(**{**fields, **dates})


def states(rec, today):
    return {d.key: d.state for d in deadlines(rec, 2569, today, RULES)}


def test_the_report_is_due_by_the_end_of_december_after_the_fiscal_year():
    assert report_due(2569, RULES) == date(2026, 12, 31)  # FY2569 ends 30 Sep 2026
    assert report_due(2569, {**RULES, "report_month": 3}) == date(2027, 3, 31)


def test_nothing_done_yet_is_open_then_at_risk_then_late():
    assert states(record(), date(2026, 11, 1))["reported"] == OPEN
    assert states(record(), date(2026, 12, 20))["reported"] == AT_RISK
    assert states(record(), date(2027, 1, 1))["reported"] == LATE
    assert states(record(), date(2026, 11, 1))["presented"] == WAITING
    assert states(record(), date(2026, 11, 1))["announced"] == WAITING  # its due date depends on the presentation


def test_announcement_within_fifteen_days_of_the_presentation_and_posting_thirty_days():
    presented = date(2026, 12, 10)
    on_time = record(
        reported_to_executive=date(2026, 12, 1),
        presented_to_council=presented,
        announced_on=date(2026, 12, 25),
        posted_until=date(2027, 1, 24),
    )
    assert set(states(on_time, date(2027, 2, 1)).values()) == {DONE}
    late = record(
        reported_to_executive=date(2026, 12, 1),
        presented_to_council=presented,
        announced_on=date(2026, 12, 26),
        posted_until=date(2027, 1, 10),
    )
    found = {d.key: d for d in deadlines(late, 2569, date(2027, 2, 1), RULES)}
    assert found["announced"].state == LATE and "15" in found["announced"].message
    assert found["posted"].state == LATE and found["posted"].due == date(2027, 1, 25)
    assert found["announced"].warning and not found["reported"].warning


def test_an_announcement_due_soon_is_at_risk_and_says_by_when():
    rec = record(reported_to_executive=date(2026, 12, 1), presented_to_council=date(2026, 12, 10))
    announced = {d.key: d for d in deadlines(rec, 2569, date(2026, 12, 20), RULES)}["announced"]
    assert announced.state == AT_RISK and announced.due == date(2026, 12, 25) and announced.message


def test_a_presentation_before_the_report_to_the_executive_is_flagged():
    rec = record(reported_to_executive=date(2026, 12, 10), presented_to_council=date(2026, 12, 1))
    assert states(rec, date(2026, 12, 11))["presented"] == LATE
