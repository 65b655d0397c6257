"""Demo monitoring data of อบต.บ้านแพน: what its departments and audit unit would have produced.

* FY2569 (1 Oct 2025 – 30 Sep 2026) is reported in full: four quarterly reports of every project of the
  2569 action plan, with project status, percent complete, disbursement, narrative, problems and
  solutions, KPI results in each measure type's form, and the review timeline (saved, submitted,
  sometimes returned and fixed, approved). Most projects are completed by Q4; a few are delayed, two
  cancelled, one carried over. Q1–Q3 are locked, Q4 closed with a few reports still returned or waiting.
* FY2570 Q1 (Oct – Dec 2026) is the quarter "today" (``NOW``, 20 Nov 2026) in the story: about half of
  each department's projects have a report, mostly drafts, some submitted, a couple approved.
* The organization and strategy KPIs have approved results for the four quarters of FY2569.
* About thirty reports have photos, drawn by ``demo/photos.py`` and attached through the app's own
  ``add_evidence`` (which re-encodes them and makes the thumbnails).

Rows are made with the app's functions (``ensure_periods``, ``report_for``, ``add_evidence``) and plain
model writes, with timestamps and history dated along the story. Idempotent: reports, results and
evidence that exist are left alone, and everything is generated with ``random.Random(2570)`` before
anything is written, so what is missing is always made the same way.
"""

import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.calendar import THAI_MONTHS, be_year, fiscal_quarter_of, fiscal_year_bounds
from demo import monitoring_data as texts
from demo import plan_data
from demo.photos import demo_photo, scene_for
from monitoring.evidence import add_evidence
from monitoring.models import (
    Evidence,
    IndicatorResult,
    MonitoringPolicy,
    ProgressReport,
    ProjectStatus,
    ReportEvent,
    ReportingPeriod,
    ReportState,
)
from monitoring.periods import closes_on, ensure_periods, policy_for
from monitoring.workflow import report_for
from orgs.models import User
from plans.models import ActionPlanItem, Indicator, Target

SEED = 2570
YEAR = 2569  # reported in full
NEXT_YEAR = 2570  # its first quarter is in progress
BANGKOK = ZoneInfo("Asia/Bangkok")
NOW = datetime(2026, 11, 20, 17, 0, tzinfo=BANGKOK)  # "today" in the story, in Q1 of FY2570
Q1_ACTIVITY = (date(2026, 11, 2), date(2026, 11, 19))  # when departments worked on their Q1 2570 reports
WORKS = "กองช่าง"  # the department of the demo "reporter"; the planner reports for the others
ANNUAL_BUDGET = Decimal("58742000.00")  # the organization's expenditure budget, for organization KPIs
EVIDENCE_REPORTS = {YEAR: 25, NEXT_YEAR: 5}
ZERO = Decimal("0.00")

Status = ProjectStatus
Action = ReportEvent.Action
Measure = Indicator.MeasureType
Agg = Indicator.Aggregation
Direction = Indicator.Direction

COMPLETED, DELAYED, CARRIED, CANCELLED = "completed", "delayed", "carried_over", "cancelled"  # a project's fate
FATES = {CANCELLED: 2, CARRIED: 1, DELAYED: 6}  # the rest complete
# How a FY2569 report ends: approved, returned then fixed and approved, still returned, or waiting for review.
APPROVED, FIXED, RETURNED, WAITING = "approved", "fixed", "returned", "waiting"
Q4_STILL_RETURNED, Q4_WAITING = 3, 2
FIXED_SHARE, LATE_SHARE = 0.08, 0.07


@dataclass
class Step:
    """One step of a report's timeline; a save writes ``fields``."""

    action: str
    at: datetime
    actor: User
    note: str = ""
    fields: dict | None = None


@dataclass
class Story:
    """One report as the department and the audit unit made it."""

    period: ReportingPeriod
    item: ActionPlanItem
    actor: User
    status: str
    steps: list[Step]
    results: dict  # indicator id → IndicatorResult fields
    photos: int = 0
    photos_at: datetime | None = None


def money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def workdays(first: date, last: date) -> list[date]:
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if day.weekday() < 5]


def quarter_of(day: date | None, default: int) -> int:
    return fiscal_quarter_of(day) if day else default


class MonitoringSeeder:
    """Builds the story first (deterministically), then writes what the database lacks, counting it."""

    def __init__(self, org):
        self.org = org
        self.rng = random.Random(SEED)
        self.created = Counter()
        self.updated = Counter()
        rows = [row for row in plan_data.USERS if row[3] == org.slug]
        users = {u.username: u for u in User.objects.filter(username__in=[row[0] for row in rows])}
        self.auditor, self.planner = users["auditor"], users["planner"]
        self.reporters = {row[5]: users[row[0]] for row in rows if row[4] == "reporter" and row[5]}
        self.skipped = ""
        self.over_budget = None  # the action plan item whose disbursement goes over its budget, with a reason

    # -- the whole run ------------------------------------------------------------------------------

    def run(self):
        org = self.org
        had_policy = MonitoringPolicy.objects.for_org(org).exists()
        policy = policy_for(org)
        if not had_policy:
            policy.save()  # the defaults, kept: the demo sets the organization up
            self.created["MonitoringPolicy"] += 1
        if policy.period_kind != ReportingPeriod.Kind.QUARTER:
            self.skipped = "the organization reports monthly; the demo story is quarterly"
            return self
        periods = {year: self.periods(year) for year in (YEAR, NEXT_YEAR)}
        items = {
            year: list(
                ActionPlanItem.objects.for_org(org)
                .filter(action_plan__fiscal_year=year)
                .select_related("project__department")
                .order_by("project__code")
            )
            for year in (YEAR, NEXT_YEAR)
        }
        self.kpis = defaultdict(list)
        for kpi in Indicator.objects.for_org(org).filter(project__isnull=False).order_by("order", "pk"):
            self.kpis[kpi.project_id].append(kpi)
        self.targets = {
            (t.indicator_id, t.fiscal_year, t.period): t.value
            for t in Target.objects.for_org(org).filter(fiscal_year__in=(YEAR, NEXT_YEAR))
        }
        # The whole story, before anything is written: the same whatever the database holds.
        stories = self.year_stories(items[YEAR], periods[YEAR])
        stories += self.q1_stories(items[NEXT_YEAR], periods[NEXT_YEAR][0])
        self.choose_evidence(stories)
        org_results = self.org_result_stories(periods[YEAR])

        self.write_reports(stories)
        self.write_org_results(org_results)
        self.close_periods(periods[YEAR], policy)
        self.attach_evidence(stories)
        return self

    def periods(self, year) -> list[ReportingPeriod]:
        """The year's quarters through ``ensure_periods``; new ones get a creation dated when the year began."""
        before = set(ReportingPeriod.objects.for_org(self.org).filter(fiscal_year=year).values_list("pk", flat=True))
        periods = sorted(ensure_periods(self.org, year), key=lambda p: p.number)
        new = [p for p in periods if p.pk not in before]
        self.created["ReportingPeriod"] += len(new)
        if new:
            opened = datetime.combine(fiscal_year_bounds(year)[0], datetime.min.time(), BANGKOK)
            ReportingPeriod.history.filter(id__in=[p.pk for p in new], history_type="+").update(history_date=opened)
        return periods

    # -- time ---------------------------------------------------------------------------------------

    def at(self, day: date) -> datetime:
        """A moment of office hours on that day."""
        return datetime(day.year, day.month, day.day, self.rng.randint(8, 15), self.rng.randint(0, 59), tzinfo=BANGKOK)

    def when(self, after: datetime | None, first: date, last: date) -> datetime:
        """A working day between ``first`` and ``last`` (not before ``after``), later than ``after``."""
        if after is not None:
            first = max(first, after.date())
        days = workdays(first, last)
        if not days:
            return after + timedelta(minutes=self.rng.randint(15, 90)) if after else self.at(first)
        day = self.rng.choice(days)
        if after is not None and day == after.date():
            return after + timedelta(minutes=self.rng.randint(15, 90))
        return self.at(day)

    def actor(self, item) -> User:
        return self.reporters.get(item.project.department.name, self.planner)

    # -- FY2569: four quarters of every project -----------------------------------------------------

    def fates(self, items) -> dict[int, str]:
        """Which projects are cancelled, carried over, delayed (the rest complete); one is over budget."""
        rng = self.rng
        pool = list(items)
        rng.shuffle(pool)
        fates = {}

        def take(fate, count, fits):
            for item in pool:
                if count and item.pk not in fates and fits(item):
                    fates[item.pk] = fate
                    count -= 1

        def start(item):
            return quarter_of(item.planned_start, 1)

        def end(item):
            return quarter_of(item.planned_end, 4)

        take(CANCELLED, FATES[CANCELLED], lambda i: start(i) >= 2)
        take(CARRIED, FATES[CARRIED], lambda i: i.project.department.name == WORKS and end(i) >= 3)
        take(DELAYED, FATES[DELAYED], lambda i: True)
        self.over_budget = next((i.pk for i in pool if i.pk not in fates and end(i) <= 3), None)
        return {item.pk: fates.get(item.pk, COMPLETED) for item in items}

    def nice(self, percent: float, low: int = 5, high: int = 95) -> int:
        """A percentage the way people report it: mostly rounded to 5."""
        value = round(percent / 5) * 5 if self.rng.random() < 0.6 else round(percent)
        return max(low, min(high, value))

    def progress(self, item, fate) -> list[tuple[str, int | None]]:
        """(status, percent complete) at the end of each quarter."""
        rng = self.rng
        qs, qe = quarter_of(item.planned_start, 1), quarter_of(item.planned_end, 4)
        out, previous = [], 0
        if fate == CANCELLED:
            return [(Status.NOT_STARTED, 0) if q < qs else (Status.CANCELLED, None) for q in (1, 2, 3, 4)]
        if fate == COMPLETED:
            done = qe if qe == 4 or rng.random() < 0.75 else qe + 1
            for q in (1, 2, 3, 4):
                if q < qs:
                    out.append((Status.NOT_STARTED, 0))
                elif q < done:
                    share = (q - qs + 1) / (done - qs + 1) * rng.uniform(0.7, 0.95)
                    previous = min(95, max(previous + 5, self.nice(100 * share)))
                    out.append((Status.IN_PROGRESS, previous))
                else:
                    out.append((Status.COMPLETED, 100))
            return out
        final = rng.randint(50, 85) if fate == DELAYED else rng.randint(35, 65)
        for q in (1, 2, 3, 4):
            if q < qs:
                out.append((Status.NOT_STARTED, 0))
                continue
            previous = max(previous + 5, self.nice(final * (q - qs + 1) / (4 - qs + 1)))
            if q == 4:
                status = Status.CARRIED_OVER if fate == CARRIED else Status.DELAYED
            else:
                status = Status.IN_PROGRESS if q <= qe else Status.DELAYED
            out.append((status, min(previous, 95)))
        return out

    def spending(self, item, fate, progress) -> list[int]:
        """Baht disbursed to the end of each quarter: works are paid by instalment, activities as they go."""
        rng = self.rng
        if fate == CANCELLED:
            return [0, 0, 0, 0]
        works = item.project.department.name == WORKS
        if fate == COMPLETED:
            if item.pk == self.over_budget:
                share = rng.uniform(1.01, 1.04)
            else:
                share = rng.uniform(0.85, 0.995) if works else rng.uniform(0.62, 1.0)
        else:
            share = rng.uniform(0.8, 0.97)  # the contract's value; paid as the work progresses
        total = int(float(item.budget) * share)
        power = 1.4 if works else 1.0
        out, previous = [], 0
        for status, percent in progress:
            paid = 1.0 if status == Status.COMPLETED else ((percent or 0) / 100) ** power
            previous = max(previous, round(total * paid))
            out.append(previous)
        return out

    def year_stories(self, items, periods) -> list[Story]:
        rng = self.rng
        fates = self.fates(items)
        picked = rng.sample([i.pk for i in items if fates[i.pk] != CANCELLED], Q4_STILL_RETURNED + Q4_WAITING)
        q4_outcome = dict.fromkeys(picked[:Q4_STILL_RETURNED], RETURNED) | dict.fromkeys(
            picked[Q4_STILL_RETURNED:], WAITING
        )
        stories = []
        for item in items:
            fate = fates[item.pk]
            progress = self.progress(item, fate)
            spent = self.spending(item, fate, progress)
            results, headline = self.year_results(item, progress, spent)
            problem = rng.choice(texts.DELAY_PROBLEMS if fate in (DELAYED, CARRIED) else texts.PROBLEMS)
            for q, period in enumerate(periods, 1):
                fields = self.report_fields(item, q, progress, spent, headline, problem)
                late = rng.random() < LATE_SHARE
                if q == 4 and item.pk in q4_outcome:
                    outcome = q4_outcome[item.pk]
                else:
                    outcome = FIXED if not late and rng.random() < FIXED_SHARE else APPROVED
                actor = self.actor(item)
                steps = self.timeline(period, actor, fields, outcome, late)
                stories.append(Story(period, item, actor, progress[q - 1][0], steps, results[q - 1]))
        return stories

    def report_fields(self, item, q, progress, spent, headline, problem) -> dict:
        rng = self.rng
        status, percent = progress[q - 1]
        before = spent[q - 2] if q > 1 else 0
        works = item.project.department.name == WORKS
        if status == Status.COMPLETED and q > 1 and progress[q - 2][0] == Status.COMPLETED:
            key = "completed_before"
        elif status == Status.IN_PROGRESS and works:
            key = "in_progress_works"
        else:
            key = str(status)
        start = item.planned_start or item.project.planned_start
        kpi, value, unit = headline[q - 1] if headline else ("", 0, "")
        values = {
            "pct": percent,
            "kpi": kpi,
            "value": f"{value:,}",
            "unit": unit,
            "spent": f"{spent[q - 1]:,}",
            "start": f"เดือน{THAI_MONTHS[start.month - 1]} {be_year(start.year)}" if start else "",
            "done": next((n for n, (s, _p) in enumerate(progress, 1) if s == Status.COMPLETED), q),
        }
        choices = [t for t in texts.NARRATIVES[key] if headline or "{kpi}" not in t]
        narrative = rng.choice(choices).format(**values)
        if status == Status.CANCELLED:
            problems = texts.CANCELLED_PROBLEM
        elif status in (Status.DELAYED, Status.CARRIED_OVER):
            problems = problem
        elif status == Status.NOT_STARTED:
            problems = rng.choice([("", ""), texts.NO_PROBLEM])
        else:
            share = 0.35 if status == Status.IN_PROGRESS else 0.2
            draw = rng.random()
            problems = problem if draw < share else texts.NO_PROBLEM if draw < 0.7 else ("", "")
        over = spent[q - 1] > item.budget
        return {
            "project_status": status,
            "percent_complete": None if percent is None else money(percent),
            "disbursed": money(spent[q - 1] - before),
            "over_budget_reason": texts.OVER_BUDGET_REASON if over else "",
            "narrative": narrative,
            "problems": problems[0],
            "solutions": problems[1],
        }

    def flawed(self, fields) -> tuple[dict, dict, str]:
        """What a returned report first said, what it says once fixed, and the audit unit's reason."""
        reason, kind = self.rng.choice(texts.RETURN_REASONS)
        if kind == "disbursed" and (fields["disbursed"] or 0) <= 10_000:
            reason, kind = texts.RETURN_REASONS[0]
        first, fixed = dict(fields), dict(fields)
        if kind == "narrative":
            first["narrative"] = texts.SHORT_NARRATIVE
        elif kind == "problems":
            if fixed["problems"] in ("", texts.NO_PROBLEM[0]):
                fixed["problems"], fixed["solutions"] = self.rng.choice(texts.PROBLEMS)
            first["problems"], first["solutions"] = "", ""
        else:
            first["disbursed"] = fields["disbursed"] - 1000 * self.rng.randint(1, 9)
        fixed["narrative"] += texts.FIXED_SUFFIX
        return first, fixed, reason

    def timeline(self, period, actor, fields, outcome, late) -> list[Step]:
        """Saved (once or twice), submitted around the deadline, then reviewed by the audit unit."""
        rng, auditor = self.rng, self.auditor
        deadline = period.deadline
        day = timedelta(days=1)
        if late:
            submitted = self.when(None, deadline + day, deadline + 7 * day)  # within the grace days
        elif outcome == FIXED:
            submitted = self.when(None, deadline - 14 * day, deadline - 7 * day)  # early enough to fix in time
        else:
            submitted = self.when(None, deadline - 8 * day, deadline)
        first_save = self.when(None, submitted.date() - 12 * day, submitted.date() - day)
        first, fixed, reason = self.flawed(fields) if outcome in (FIXED, RETURNED) else (fields, fields, "")
        steps = [Step(Action.SAVED, first_save, actor, fields=first)]
        if rng.random() < 0.4:
            steps.append(Step(Action.SAVED, self.when(first_save, first_save.date(), submitted.date() - day), actor))
        steps.append(Step(Action.SUBMITTED, submitted, actor))
        if outcome == APPROVED:
            steps.append(
                Step(Action.APPROVED, self.when(submitted, submitted.date() + day, submitted.date() + 6 * day), auditor)
            )
        elif outcome == RETURNED:
            returned = self.when(submitted, submitted.date() + day, submitted.date() + 4 * day)
            steps.append(Step(Action.RETURNED, returned, auditor, note=reason))
        elif outcome == FIXED:
            returned = self.when(submitted, submitted.date() + day, submitted.date() + 2 * day)
            saved = self.when(returned, returned.date(), returned.date() + 2 * day)
            again = self.when(saved, saved.date(), saved.date() + day)
            approved = self.when(again, again.date() + day, again.date() + 5 * day)
            steps += [
                Step(Action.RETURNED, returned, auditor, note=reason),
                Step(Action.SAVED, saved, actor, fields=fixed),
                Step(Action.SUBMITTED, again, actor),
                Step(Action.APPROVED, approved, auditor),
            ]
        return steps

    # -- KPI results --------------------------------------------------------------------------------

    def track(self, kpi) -> dict:
        """What one KPI's results keep from quarter to quarter: performance, survey size, total so far."""
        rng = self.rng
        return {"f": rng.uniform(0.92, 1.1), "den": rng.randint(20, 150), "cum": 0, "text": None}

    def year_results(self, item, progress, spent) -> tuple[list[dict], list]:
        """Each quarter's results by indicator, and the first number KPI's (name, value to date, unit)."""
        out = [{}, {}, {}, {}]
        headline = []
        kpis = self.kpis[item.project_id]
        first_number = next((k for k in kpis if k.measure_type == Measure.NUMBER), None)
        for kpi in kpis:
            track = self.track(kpi)
            to_date = 0
            for q, (status, percent) in enumerate(progress, 1):
                if status in (Status.NOT_STARTED, Status.CANCELLED):
                    if kpi is first_number:
                        headline.append((kpi.name, 0, kpi.unit))
                    continue
                values = self.result(kpi, YEAR, q, status, percent, track, spent[q - 1], item.budget)
                if status in (Status.DELAYED, Status.CARRIED_OVER) and kpi is kpis[0]:
                    values["comment"] = texts.BEHIND_TARGET_COMMENT
                out[q - 1][kpi.pk] = values
                if kpi is first_number:
                    value = int(values["value"])
                    to_date = to_date + value if kpi.aggregation == Agg.SUM else value
                    headline.append((kpi.name, to_date, kpi.unit))
        return out, headline

    def result(self, kpi, year, q, status, percent, track, spent, budget) -> dict:
        """One result in the KPI's own form (value and parts, numerator and denominator, yes/no, text)."""
        annual = self.targets.get((kpi.pk, year, Target.ANNUAL))
        if kpi.measure_type == Measure.NUMBER:
            value = self.number(kpi, annual, percent or 0, track)
            values = {"value": value}
            if kpi.categories:
                values["breakdown"] = self.split(value, kpi.categories)
            return values
        if kpi.measure_type == Measure.PERCENTAGE:
            numerator, denominator = self.fraction(kpi, annual, track, spent, budget)
            return {"numerator": numerator, "denominator": denominator}
        if kpi.measure_type == Measure.YES_NO:
            return {"yes_no": status == Status.COMPLETED}
        choices = next((v for word, v in texts.TEXT_RESULTS.items() if word and word in kpi.name), None)
        if choices is None:
            return {"text": texts.TEXT_RESULTS[""][0]}
        if "ตรวจสอบ" in kpi.name:  # a new finding every quarter
            return {"text": choices[(q - 1) % len(choices)]}
        track["text"] = track["text"] or self.rng.choice(choices)
        return {"text": track["text"]}

    def number(self, kpi, annual, percent, track) -> Decimal:
        rng = self.rng
        target = float(annual or 0)
        if kpi.aggregation in (Agg.SUM, Agg.CUMULATIVE):  # output grows with the work done
            total = max(track["cum"], round(target * track["f"] * percent / 100))
            value = total - track["cum"] if kpi.aggregation == Agg.SUM else total
            track["cum"] = total
            return Decimal(value)
        if kpi.direction == Direction.RANGE and kpi.range_low is not None and kpi.range_high is not None:
            return Decimal(round(rng.uniform(float(kpi.range_low), float(kpi.range_high))))
        if kpi.direction == Direction.LOWER:
            return Decimal(rng.choice([0, 0, 0, 1]) if target < 1 else round(target * rng.uniform(0.5, 1.2)))
        value = target * rng.uniform(0.9, 1.08)
        return Decimal(f"{value:.2f}") if kpi.unit == "คะแนน" else Decimal(round(value))

    def split(self, value: Decimal, categories: list[str]) -> dict[str, str]:
        """Whole parts that add up to the value, as the form stores them (strings)."""
        weights = [self.rng.uniform(0.35, 0.65) for _ in categories]
        left, parts = int(value), {}
        for n, category in enumerate(categories):
            part = left if n == len(categories) - 1 else round(int(value) * weights[n] / sum(weights))
            part = min(part, left)
            parts[category] = str(part)
            left -= part
        return parts

    def fraction(self, kpi, annual, track, spent, budget) -> tuple[Decimal, Decimal]:
        rng = self.rng
        if "เบิกจ่าย" in kpi.numerator_label:  # disbursed to date ÷ the budget
            return money(min(spent, budget)), money(budget)
        target = float(annual) if annual is not None else 80.0
        if kpi.direction == Direction.RANGE and kpi.range_low is not None and kpi.range_high is not None:
            percent = rng.uniform(float(kpi.range_low), float(kpi.range_high))
        elif kpi.direction == Direction.LOWER:
            percent = target * rng.uniform(0.6, 1.1)
        elif target >= 100:
            percent = 100.0 if rng.random() < 0.7 else rng.uniform(88, 99)
        else:
            percent = target + rng.uniform(-6, 5)
        percent = max(0.0, min(100.0, percent))
        if "(บาท)" in kpi.denominator_label:
            return money(ANNUAL_BUDGET * Decimal(f"{percent / 100:.4f}")), ANNUAL_BUDGET
        denominator = max(1, round(track["den"] * rng.uniform(0.9, 1.1)))
        return Decimal(round(denominator * percent / 100)), Decimal(denominator)

    # -- FY2570 Q1: in progress ---------------------------------------------------------------------

    def q1_stories(self, items, period) -> list[Story]:
        """About half of each department's projects have a report: drafts, some submitted, two approved."""
        rng = self.rng
        by_department = defaultdict(list)
        for item in items:
            by_department[item.project.department.name].append(item)
        chosen = []
        for name in sorted(by_department):
            group = by_department[name]
            chosen += rng.sample(group, max(1, round(len(group) * rng.uniform(0.4, 0.6))))
        chosen.sort(key=lambda i: i.project.code)
        works = [i.pk for i in chosen if i.project.department.name == WORKS]
        others = [i.pk for i in chosen if i.project.department.name != WORKS]
        outcome = dict.fromkeys(rng.sample(others, min(2, len(others))), APPROVED)
        if works:
            outcome[rng.choice(works)] = RETURNED
        low, high = Q1_ACTIVITY
        day = timedelta(days=1)
        stories = []
        for item in chosen:
            state = outcome.get(item.pk) or ("submitted" if rng.random() < 0.35 else "draft")
            started = quarter_of(item.planned_start, 1) == 1
            status = Status.IN_PROGRESS if started else Status.NOT_STARTED
            percent = self.nice(rng.uniform(10, 45)) if started else 0
            works_item = item.project.department.name == WORKS
            if started and not (works_item and rng.random() < 0.6):  # works are paid once an instalment is done
                spent = round(float(item.budget) * percent / 100 * rng.uniform(0.2, 0.7))
            else:
                spent = 0
            results, headline = {}, []
            if started:
                for kpi in self.kpis[item.project_id]:
                    values = self.result(kpi, NEXT_YEAR, 1, status, percent, self.track(kpi), spent, item.budget)
                    if state == "draft" and rng.random() < 0.3:
                        continue  # not filled in yet
                    results[kpi.pk] = values
                    if kpi.measure_type == Measure.NUMBER and not headline:
                        headline = [(kpi.name, int(values["value"]), kpi.unit)]
            fields = self.report_fields(item, 1, [(status, percent)], [spent], headline, rng.choice(texts.PROBLEMS))
            if state == "draft" and rng.random() < 0.6:
                fields["problems"] = fields["solutions"] = ""
            actor = self.actor(item)
            if state == "draft":
                saved = self.when(None, low, high)
                steps = [Step(Action.SAVED, saved, actor, fields=fields)]
                if rng.random() < 0.3:
                    steps.append(Step(Action.SAVED, self.when(saved, saved.date(), high), actor))
            elif state == "submitted":
                saved = self.when(None, low, high - 3 * day)
                steps = [Step(Action.SAVED, saved, actor, fields=fields)]
                steps.append(Step(Action.SUBMITTED, self.when(saved, saved.date(), saved.date() + 2 * day), actor))
            else:
                saved = self.when(None, low, low + 7 * day)
                submitted = self.when(saved, saved.date(), saved.date() + 2 * day)
                first, _fixed, reason = self.flawed(fields) if state == RETURNED else (fields, fields, "")
                review = self.when(submitted, submitted.date() + day, high)
                steps = [
                    Step(Action.SAVED, saved, actor, fields=first),
                    Step(Action.SUBMITTED, submitted, actor),
                    Step(Action.RETURNED if state == RETURNED else Action.APPROVED, review, self.auditor, note=reason),
                ]
            stories.append(Story(period, item, actor, status, steps, results))
        return stories

    # -- organization and strategy KPIs -------------------------------------------------------------

    def org_result_stories(self, periods) -> list[tuple]:
        """Results of the KPIs without a project, entered after each quarter (approved two days later)."""
        rng = self.rng
        out = []
        kpis = Indicator.objects.for_org(self.org).filter(project__isnull=True).order_by("pk")
        for kpi in kpis:
            track = self.track(kpi)
            for q, period in enumerate(periods, 1):
                spent = ANNUAL_BUDGET * Decimal(f"{min(1.0, 0.235 * q * rng.uniform(0.92, 1.05)):.4f}")
                values = self.result(kpi, YEAR, q, Status.IN_PROGRESS, 25 * q, track, spent, ANNUAL_BUDGET)
                day = timedelta(days=1)
                entered = self.when(None, period.deadline + 3 * day, period.deadline + 20 * day)
                out.append((kpi, period, values, entered))
        return out

    # -- writing ------------------------------------------------------------------------------------

    def write_reports(self, stories):
        """Each missing report through ``report_for``, saved step by step with its history dated."""
        org = self.org
        periods = {s.period.pk for s in stories}
        existing = set(
            ProgressReport.objects.for_org(org).filter(period__in=periods).values_list("period_id", "project_id")
        )
        events, results, reports, opened = [], [], [], {}
        for story in stories:
            if (story.period.pk, story.item.project_id) in existing:
                continue
            report = report_for(period=story.period, project=story.item.project)
            self.created["ProgressReport"] += 1
            for step in story.steps:
                for name, value in (step.fields or {}).items():
                    setattr(report, name, value)
                if step.action == Action.SUBMITTED:
                    report.state, report.submitted_at = ReportState.SUBMITTED, step.at
                elif step.action == Action.RETURNED:
                    report.state, report.return_reason = ReportState.RETURNED, step.note
                elif step.action == Action.APPROVED:
                    report.state, report.approved_at, report.return_reason = ReportState.APPROVED, step.at, ""
                report.version += 1
                report._history_date, report._history_user = step.at, step.actor
                report.save()
                events.append(
                    (
                        ReportEvent(
                            organization=org, report=report, action=step.action, actor=step.actor, note=step.note
                        ),
                        step.at,
                    )
                )
            first, last = story.steps[0], story.steps[-1]
            opened[report.pk] = (first.at - timedelta(minutes=5), first.actor)
            report.updated_at = last.at
            reports.append(report)
            last_save = max(s.at for s in story.steps if s.action == Action.SAVED)
            for indicator_id, values in story.results.items():
                result = IndicatorResult(
                    organization=org,
                    indicator_id=indicator_id,
                    period=story.period,
                    report=report,
                    state=ReportState.DRAFT,
                    entered_by=story.actor,
                    **values,
                )
                result._history_date, result._history_user = first.at, story.actor
                result._final = (report.state, last_save)
                results.append(result)
        if not reports:
            return
        bulk_create_with_history(results, IndicatorResult, batch_size=500)
        for result in results:
            result.state, result.updated_at = result._final
        IndicatorResult.objects.bulk_update(results, ["state", "updated_at"], batch_size=500)
        self.created["IndicatorResult"] += len(results)
        made = ReportEvent.objects.bulk_create([event for event, _at in events], batch_size=500)
        for event, (_event, at) in zip(made, events, strict=True):
            event.at = at  # auto_now_add stamped the seeding time
        ReportEvent.objects.bulk_update(made, ["at"], batch_size=500)
        self.created["ReportEvent"] += len(made)
        ProgressReport.objects.bulk_update(reports, ["updated_at"], batch_size=500)  # auto_now, likewise
        history = list(ProgressReport.history.filter(id__in=opened, history_type="+"))
        for row in history:  # report_for created the empty draft when the reporter first opened it
            row.history_date, row.history_user = opened[row.id]
        ProgressReport.history.model.objects.bulk_update(history, ["history_date", "history_user"], batch_size=500)

    def write_org_results(self, stories):
        """The planner enters and submits them (บ้านแพน lets planners enter them, on its monitoring settings);
        the audit unit approves them two days later: two steps in each result's history."""
        policy = policy_for(self.org)
        if not policy.planner_enters_org_results:
            policy.planner_enters_org_results = True
            policy._history_user = self.auditor
            policy.save()
            self.updated["MonitoringPolicy"] += 1
        existing = set(
            IndicatorResult.objects.for_org(self.org).filter(report=None).values_list("indicator_id", "period_id")
        )
        results = []
        for kpi, period, values, entered in stories:
            if (kpi.pk, period.pk) in existing:
                continue
            result = IndicatorResult(
                organization=self.org,
                indicator=kpi,
                period=period,
                state=ReportState.SUBMITTED,
                entered_by=self.planner,
                **values,
            )
            result._history_date, result._history_user = entered, self.planner
            results.append(result)
        if results:
            bulk_create_with_history(results, IndicatorResult, batch_size=500)
            for result in results:
                result.state = ReportState.APPROVED
                result._history_date = result.updated_at = result._history_date + timedelta(days=2, hours=1)
                result._history_user = self.auditor
            bulk_update_with_history(results, IndicatorResult, ["state", "updated_at"], batch_size=500)
            self.created["IndicatorResult"] += len(results)

    def close_periods(self, periods, policy):
        """Q1–Q3 locked by the audit unit some weeks after their deadline; Q4 closed by the nightly job."""
        for period in periods:
            closed = datetime.combine(closes_on(period, policy) + timedelta(days=1), datetime.min.time(), BANGKOK)
            if period.number < 4:
                state, at, user = ReportingPeriod.State.LOCKED, closed + timedelta(days=14, hours=10), self.auditor
            else:
                state, at, user = ReportingPeriod.State.CLOSED, closed + timedelta(hours=2), None
            if period.state != state:
                period.state = state
                period._history_date, period._history_user = at, user
                period.save()
                self.updated["ReportingPeriod"] += 1

    # -- evidence -----------------------------------------------------------------------------------

    def choose_evidence(self, stories):
        """Photos for 25 FY2569 reports of work under way or done, and 5 of Q1 2570."""
        rng = self.rng
        working = (Status.IN_PROGRESS, Status.COMPLETED, Status.DELAYED)
        for year, count in EVIDENCE_REPORTS.items():
            candidates = [
                s
                for s in stories
                if s.period.fiscal_year == year
                and s.status in working
                and (year == NEXT_YEAR or s.steps[-1].action == Action.APPROVED)
            ]
            for story in rng.sample(candidates, min(count, len(candidates))):
                story.photos = rng.choice([1, 1, 2, 3])
                first = story.steps[0].at
                story.photos_at = first + timedelta(minutes=rng.randint(5, 40))

    def attach_evidence(self, stories):
        """Photos through ``add_evidence`` (re-encoded, thumbnails made); reports with evidence are skipped."""
        org = self.org
        chosen = [s for s in stories if s.photos]
        if not chosen:
            return
        reports = {
            (r.period_id, r.project_id): r
            for r in ProgressReport.objects.for_org(org).filter(period__in={s.period.pk for s in chosen})
        }
        with_evidence = set(Evidence.objects.for_org(org).values_list("report_id", flat=True))
        for story in chosen:
            report = reports.get((story.period.pk, story.item.project_id))
            if report is None or report.pk in with_evidence:
                continue
            report.organization = org
            project, period = story.item.project, story.period
            for n in range(story.photos):
                taken = story.photos_at + timedelta(minutes=3 * n)
                if (n + int(project.code[-1])) % 2:
                    name = f"IMG_{taken:%Y%m%d_%H%M%S}.jpg"
                else:
                    name = f"ภาพกิจกรรม {project.code} ({n + 1}).jpg"
                photo = demo_photo(
                    scene=scene_for(project.name),
                    caption=f"{project.code}  Q{period.number} FY{period.fiscal_year}  {taken:%Y-%m-%d}  Ban Phaen SAO",
                    seed=f"{project.code}:{period.fiscal_year}:{period.number}:{n}",
                )
                uploaded = SimpleUploadedFile(name, photo, content_type="image/jpeg")
                evidence = add_evidence(report=report, uploaded=uploaded, user=story.actor)
                Evidence.objects.filter(pk=evidence.pk).update(uploaded_at=taken)
                ReportEvent.objects.filter(
                    report=report, action=Action.EVIDENCE_ADDED, note=evidence.original_name
                ).update(at=taken)
                self.created["Evidence"] += 1

    # -- summary ------------------------------------------------------------------------------------

    def summary(self) -> str:
        if self.skipped:
            return f"skipped ({self.skipped})"
        org = self.org
        reports = ProgressReport.objects.for_org(org)
        per_year = ", ".join(
            f"FY{year}: {reports.filter(period__fiscal_year=year).count()}" for year in (YEAR, NEXT_YEAR)
        )
        return (
            f"{ReportingPeriod.objects.for_org(org).count()} periods, {reports.count()} reports ({per_year}), "
            f"{IndicatorResult.objects.for_org(org).count()} KPI results, "
            f"{ReportEvent.objects.for_org(org).count()} timeline events, "
            f"{Evidence.objects.for_org(org).count()} evidence files"
        )


def seed_monitoring(org) -> MonitoringSeeder:
    """The organization's demo monitoring data (call inside a transaction, after the plans and users)."""
    return MonitoringSeeder(org).run()
