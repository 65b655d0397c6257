"""The dates the regulation asks of the annual M&E report, and whether each is met or at risk.

The M&E committee reports to the executive at least once a year, within December; the executive
presents the results to the council and the development committee and announces them to the public
within 15 days of that presentation, posted for at least 30 days. The numbers are settings
(``TIDTAM_ANNUAL_REPORT``): regulations change.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from core.calendar import ad_year, format_date

DONE, LATE, AT_RISK, OPEN, WAITING = "done", "late", "at_risk", "open", "waiting"


@dataclass
class Deadline:
    key: str
    label: str
    due: date | None
    done_on: date | None
    state: str
    message: str = ""

    @property
    def warning(self) -> bool:
        return self.state in (LATE, AT_RISK)


def report_due(fiscal_year: int, rules=None) -> date:
    """The last day of the report month after the fiscal year ends (FY2569 ends 30 Sep 2026 → 31 Dec 2026)."""
    rules = rules or settings.TIDTAM_ANNUAL_REPORT
    month = rules["report_month"]
    year = ad_year(fiscal_year) if month >= 10 else ad_year(fiscal_year) + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def _state(due: date | None, done_on: date | None, today: date, warn: int) -> str:
    if done_on is not None:
        return LATE if due is not None and done_on > due else DONE
    if due is None:
        return WAITING
    if today > due:
        return LATE
    return AT_RISK if today >= due - timedelta(days=warn) else OPEN


def deadlines(record, fiscal_year: int, today: date, rules=None) -> list[Deadline]:
    """The four steps in order, each with its due date (when one can be known yet) and its state."""
    rules = rules or settings.TIDTAM_ANNUAL_REPORT
    warn = rules["warn_days"]
    reported = getattr(record, "reported_to_executive", None)
    presented = getattr(record, "presented_to_council", None)
    announced = getattr(record, "announced_on", None)
    posted_until = getattr(record, "posted_until", None)

    report_by = report_due(fiscal_year, rules)
    announce_by = presented + timedelta(days=rules["announce_within_days"]) if presented else None
    post_until = announced + timedelta(days=rules["post_min_days"]) if announced else None

    steps = [
        Deadline(
            "reported", _("Reported to the executive"), report_by, reported, _state(report_by, reported, today, warn)
        ),
        Deadline(
            "presented",
            _("Presented to the council and the development committee"),
            None,
            presented,
            DONE if presented else (OPEN if reported else WAITING),
        ),
        Deadline(
            "announced",
            _("Announced to the public"),
            announce_by,
            announced,
            _state(announce_by, announced, today, warn),
        ),
    ]
    posted = Deadline("posted", _("Posted for the public"), post_until, posted_until, WAITING)
    if posted_until and post_until:
        posted.state = DONE if posted_until >= post_until else LATE
    elif post_until:
        posted.state = OPEN
    steps.append(posted)

    days = rules["announce_within_days"]
    minimum = rules["post_min_days"]
    for step in steps:
        if step.key == "reported" and step.state in (LATE, AT_RISK):
            step.message = _("The report must reach the executive by %(date)s.") % {"date": _fmt(report_by)}
        elif step.key == "announced" and step.state == LATE:
            step.message = _("Results must be announced within %(days)s days of the presentation to the council.") % {
                "days": days
            }
        elif step.key == "announced" and step.state == AT_RISK:
            step.message = _("Announce the results by %(date)s.") % {"date": _fmt(announce_by)}
        elif step.key == "posted" and step.state == LATE:
            step.message = _("The announcement must stay posted for at least %(days)s days (until %(date)s).") % {
                "days": minimum,
                "date": _fmt(post_until),
            }
    if reported and presented and presented < reported:
        steps[1].state = LATE
        steps[1].message = _("The presentation to the council comes after the report to the executive.")
    return steps


def _fmt(d: date | None) -> str:
    return format_date(d) if d else ""
