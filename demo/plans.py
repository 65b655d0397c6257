"""Demo plans: the organizations, development plans, KPIs, targets, action plans and users.

Idempotent: every row is found by its natural key (org slug, department name, plan years, strategy
number, goal number, program name, project code, indicator owner + name, …) and only created or
updated when it differs, so running it again changes nothing. Everything is generated
deterministically from ``demo/plan_data.py`` with ``random.Random(2569)``.
"""

import calendar
import random
from collections import Counter
from datetime import date
from decimal import Decimal

from django.conf import settings
from simple_history.utils import bulk_create_with_history

from demo import plan_data as data
from orgs.models import Department, Membership, Organization, User
from plans.models import (
    ActionPlan,
    ActionPlanItem,
    DevelopmentPlan,
    Goal,
    Indicator,
    PlanRevision,
    Program,
    Project,
    ProjectBudget,
    Strategy,
    Target,
)

SEED = 2569
FISCAL_YEAR = 2569  # the year projects are planned in (1 Oct 2025 – 30 Sep 2026)
TARGET_YEARS = (2569, 2570)
BASELINE_YEAR = 2568
ORGS = (
    (data.BANPHAEN_ORG, data.BANPHAEN_DEPARTMENTS, data.BANPHAEN_PLAN, data.BANPHAEN_REVISIONS,
     data.BANPHAEN_STRATEGIES, data.BANPHAEN_PROJECTS, (2569, 2570)),
    (data.BANKLANG_ORG, data.BANKLANG_DEPARTMENTS, data.BANKLANG_PLAN, data.BANKLANG_REVISIONS,
     data.BANKLANG_STRATEGIES, data.BANKLANG_PROJECTS, (2569,)),
)  # fmt: skip
ACTION_PLAN_2569_APPROVED_ON = date(2025, 9, 15)


def fiscal_year_start(year: int) -> date:
    """1 October of the Gregorian year before the BE fiscal year ends."""
    return date(year - 543 - 1, 10, 1)


def month_in_fy(year: int, month: int) -> tuple[int, int]:
    """Gregorian (year, month) of a month of a BE fiscal year (Oct–Dec fall in the year before)."""
    return (year - 543 - 1, month) if month >= 10 else (year - 543, month)


def quarter_of(day: date) -> int:
    return ((day.month - 10) % 12) // 3 + 1


def one_year_on(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def round_to(value: float, step: int) -> int:
    return round(value / step) * step


def baht(value: float) -> Decimal:
    """Money rounded to 1,000 baht (never below 1,000)."""
    return Decimal(max(1000, round_to(value, 1000)))


def tidy(value: float, hi: float) -> int:
    """A target rounded the way people write them: to 1,000 / 10 / 1 depending on its size."""
    if hi >= 10_000:
        return round_to(value, 1000)
    if hi >= 100:
        return round_to(value, 10)
    return round(value)


def split(total: int, quarters: list[int]) -> dict[int, int]:
    """Split an integer total over the given quarters exactly; remainders go to the later quarters."""
    base, rest = divmod(total, len(quarters))
    shares = dict.fromkeys((1, 2, 3, 4), 0)
    for i, q in enumerate(quarters):
        shares[q] = base + (1 if i >= len(quarters) - rest else 0)
    return shares


class Seeder:
    """Creates or updates rows by natural key and counts what it did."""

    def __init__(self):
        self.rng = random.Random(SEED)
        self.created = Counter()
        self.updated = Counter()

    # -- generic ------------------------------------------------------------------------------------

    def sync(self, model, existing: dict, key, values: dict, *, clean=False, pending: list | None = None):
        """Return the row with ``key``, creating it or updating the fields in ``values`` that differ.

        With ``pending``, new rows are collected there for one bulk insert instead of saved now.
        """
        obj = existing.get(key)
        if obj is None:
            obj = model(**values)
            if clean:
                obj.full_clean()
            if pending is None:
                obj.save()
            else:
                pending.append(obj)
            existing[key] = obj
            self.created[model.__name__] += 1
            return obj
        changed = [field for field, value in values.items() if getattr(obj, field) != value]
        if changed:
            for field in changed:
                setattr(obj, field, values[field])
            if clean:
                obj.full_clean()
            obj.save()
            self.updated[model.__name__] += 1
        return obj

    def flush(self, model, pending: list):
        if pending:
            bulk_create_with_history(pending, model, batch_size=500)
            pending.clear()

    # -- organization, departments, plan ------------------------------------------------------------

    def seed_org(self, org_data, departments, plan_data, revisions, strategies, projects, action_years):
        orgs = {o.slug: o for o in Organization.objects.filter(slug=org_data["slug"])}
        org = self.sync(Organization, orgs, org_data["slug"], dict(org_data))
        oid = org.pk

        existing = {d.name: d for d in Department.objects.for_org(org)}
        self.depts = {}
        for order, (key, name, short_name) in enumerate(departments):
            dept = self.sync(
                Department,
                existing,
                name,
                {"organization_id": oid, "name": name, "short_name": short_name, "order": order},
            )
            self.depts[key] = self.depts[name] = self.depts[short_name] = dept

        plans = {(p.first_year, p.last_year): p for p in DevelopmentPlan.objects.for_org(org)}
        plan = self.sync(
            DevelopmentPlan,
            plans,
            (plan_data["first_year"], plan_data["last_year"]),
            {"organization_id": oid, **plan_data},
        )
        existing = {(r.kind, r.number): r for r in PlanRevision.objects.for_org(org).filter(plan=plan)}
        self.revisions = {}
        for kind, number, approved_on, description in revisions:
            self.revisions[(kind, number)] = self.sync(
                PlanRevision,
                existing,
                (kind, number),
                {
                    "organization_id": oid,
                    "plan_id": plan.pk,
                    "kind": kind,
                    "number": number,
                    "approved_on": approved_on,
                    "description": description,
                },
            )

        self.load_existing(org)
        goals = self.seed_strategies(org, plan, strategies)
        made = self.seed_projects(org, plan, goals, projects)
        self.seed_indicators(org, plan, strategies, made)
        self.seed_action_plans(org, plan, made, action_years)
        return org

    def load_existing(self, org):
        """Every row of the organization below the plan, by natural key, in a few queries."""
        self.strategies = {(s.plan_id, s.number): s for s in Strategy.objects.for_org(org)}
        self.goals = {(g.strategy_id, g.number): g for g in Goal.objects.for_org(org)}
        self.programs = {(p.goal_id, p.name): p for p in Program.objects.for_org(org)}
        self.projects = {p.code: p for p in Project.objects.for_org(org)}
        self.budgets = {(b.project_id, b.fiscal_year): b for b in ProjectBudget.objects.for_org(org)}
        self.indicators = {(i.project_id, i.strategy_id, i.goal_id, i.name): i for i in Indicator.objects.for_org(org)}
        self.targets = {(t.indicator_id, t.fiscal_year, t.period): t for t in Target.objects.for_org(org)}
        self.action_plans = {a.fiscal_year: a for a in ActionPlan.objects.for_org(org)}
        self.items = {(i.action_plan_id, i.project_id): i for i in ActionPlanItem.objects.for_org(org)}

    def seed_strategies(self, org, plan, strategies) -> dict:
        """Strategies, goals and programs; returns {goal number: (goal, {program name: program})}."""
        goals = {}
        for s_order, s in enumerate(strategies):
            strategy = self.sync(
                Strategy,
                self.strategies,
                (plan.pk, s["number"]),
                {
                    "organization_id": org.pk,
                    "plan_id": plan.pk,
                    "number": s["number"],
                    "name": s["name"],
                    "objective": s["objective"],
                    "order": s_order,
                },
            )
            for g_order, (number, name, programs) in enumerate(s["goals"]):
                goal = self.sync(
                    Goal,
                    self.goals,
                    (strategy.pk, number),
                    {
                        "organization_id": org.pk,
                        "strategy_id": strategy.pk,
                        "number": number,
                        "name": name,
                        "order": g_order,
                    },
                )
                made = {}
                for p_order, program_name in enumerate(programs):
                    made[program_name] = self.sync(
                        Program,
                        self.programs,
                        (goal.pk, program_name),
                        {"organization_id": org.pk, "goal_id": goal.pk, "name": program_name, "order": p_order},
                    )
                goals[number] = (goal, made, strategy)
        return goals

    # -- projects and their budgets -----------------------------------------------------------------

    def seed_projects(self, org, plan, goals, templates) -> list:
        """Expand the templates (one project per village) into projects with their budgets."""
        rng = self.rng
        sequence, order = Counter(), Counter()
        made, pending = [], []
        for t in templates:
            _goal, programs, strategy = goals[t["goal"]]
            program = programs[t["program"]]
            for village in t.get("villages") or [None]:
                sequence[strategy.number] += 1
                code = f"{strategy.number:02d}-{sequence[strategy.number]:03d}"
                amounts = self.plan_budgets(plan, t)
                funding = t.get("funding", "own")
                funding = rng.choice(funding) if isinstance(funding, list) else funding
                start, end = self.planned_dates(t)
                covered = list(range(quarter_of(start), quarter_of(end) + 1))
                kpis = [self.kpi_spec(raw, amounts, covered) for raw in t["kpis"]]
                fmt = {"village": village, "qty": f"{kpis[0]['annual'][FISCAL_YEAR]:,}"}
                revision = self.revisions.get(t["revision"]) if t.get("revision") else None
                project = self.sync(
                    Project,
                    self.projects,
                    code,
                    {
                        "organization_id": org.pk,
                        "program_id": program.pk,
                        "code": code,
                        "name": t["name"].format(**fmt),
                        "objectives": t["objectives"].format(**fmt),
                        "output_target": t["output"].format(**fmt),
                        "expected_outcome": t["outcome"].format(**fmt),
                        "funding_source": funding,
                        "department_id": self.depts[t["dept"]].pk,
                        "location": f"หมู่ที่ {village}" if village else t.get("location", ""),
                        "planned_start": start,
                        "planned_end": end,
                        "revision_id": revision.pk if revision else None,
                        "order": order[program.pk],
                    },
                )
                order[program.pk] += 1
                for year, amount in amounts.items():
                    self.sync(
                        ProjectBudget,
                        self.budgets,
                        (project.pk, year),
                        {"organization_id": org.pk, "project_id": project.pk, "fiscal_year": year, "amount": amount},
                        pending=pending,
                    )
                made.append((project, amounts, start, end, kpis))
        self.flush(ProjectBudget, pending)
        return made

    def plan_budgets(self, plan, t) -> dict[int, Decimal]:
        """Budgets per plan year: every year for recurring work, else 2569 and a few other years."""
        rng = self.rng
        lo, hi = t["budget"]
        if lo == hi:
            years = plan.fiscal_years if t.get("recurring") else [FISCAL_YEAR]
            return {year: Decimal(lo) for year in years}
        base = rng.uniform(lo, hi)
        if t.get("recurring"):
            growth = rng.uniform(0, 0.05)
            return {
                year: baht(min(hi, base * (1 + growth) ** (year - FISCAL_YEAR) * rng.uniform(0.97, 1.03)))
                for year in plan.fiscal_years
            }
        amounts = {FISCAL_YEAR: baht(base)}
        for year in plan.fiscal_years:
            if year != FISCAL_YEAR and rng.random() < (0.6 if year == FISCAL_YEAR + 1 else 0.25):
                amounts[year] = baht(rng.uniform(lo, hi))
        if len(amounts) == 1:  # the development plan lists every project for at least two years
            amounts[FISCAL_YEAR + 1] = baht(rng.uniform(lo, hi))
        return dict(sorted(amounts.items()))

    def planned_dates(self, t) -> tuple[date, date]:
        """Start and end inside fiscal year 2569, from the template's months or drawn at random."""
        if "months" in t:
            first, last = t["months"]
        else:
            offset = self.rng.randint(0, 7)  # 0 = October
            length = self.rng.randint(1, 4)
            first, last = (offset + 9) % 12 + 1, (min(11, offset + length - 1) + 9) % 12 + 1
        start = date(*month_in_fy(FISCAL_YEAR, first), 1)
        year, month = month_in_fy(FISCAL_YEAR, last)
        return start, date(year, month, calendar.monthrange(year, month)[1])

    # -- indicators and targets ---------------------------------------------------------------------

    def kpi_spec(self, raw, amounts=None, covered=(1, 2, 3, 4)) -> dict:
        """Fill an indicator template: annual targets per year, quarter targets, levels, baseline."""
        rng = self.rng
        k = {**data.KPI_DEFAULTS, **raw}
        measure, direction = k["measure"], k["direction"]
        percentage = measure == Indicator.MeasureType.PERCENTAGE
        if measure in (Indicator.MeasureType.YES_NO, Indicator.MeasureType.TEXT):
            annual = dict.fromkeys(TARGET_YEARS, 1)
        elif k["target"][0] == "budget":
            per = k["target"][1]
            annual = {}
            for year in TARGET_YEARS:
                value = float(amounts.get(year, amounts[FISCAL_YEAR])) / per
                annual[year] = max(1, tidy(value, value))
        else:
            lo, hi = k["target"]
            first = rng.randint(lo, hi) if percentage else tidy(rng.randint(lo, hi), hi)
            if direction == Indicator.Direction.HIGHER:
                first = max(1, first)
            if direction == Indicator.Direction.RANGE:
                later = first
            elif percentage:
                later = min(100, first + rng.randint(0, 2))
            elif direction == Indicator.Direction.LOWER:
                later = max(0, first - rng.randint(0, max(1, first // 10)))
            else:
                later = max(first, tidy(first * rng.uniform(1.0, 1.08), hi))
            annual = {TARGET_YEARS[0]: first, TARGET_YEARS[1]: later}
        k["annual"] = annual
        k["quarters"] = {year: self.quarter_targets(k, value, list(covered)) for year, value in annual.items()}
        k["levels"], k["baseline_value"] = self.levels_and_baseline(k, annual[FISCAL_YEAR])
        return k

    @staticmethod
    def quarter_targets(k, annual: int, covered: list[int]) -> dict[int, int]:
        """Quarter targets consistent with the aggregation (sum adds up; cumulative/latest end at annual)."""
        if k["measure"] in (Indicator.MeasureType.YES_NO, Indicator.MeasureType.TEXT):
            return {q: (annual if q >= covered[-1] else 0) for q in (1, 2, 3, 4)}
        if k["agg"] == Indicator.Aggregation.SUM:
            return split(annual, covered)
        if k["agg"] == Indicator.Aggregation.CUMULATIVE:
            shares, running, out = split(annual, covered), 0, {}
            for q in (1, 2, 3, 4):
                running += shares[q]
                out[q] = running
            return out
        return dict.fromkeys((1, 2, 3, 4), annual)  # latest, average, ratio: every quarter aims at the year

    def levels_and_baseline(self, k, target: int):
        rng = self.rng
        measure, direction = k["measure"], k["direction"]
        if measure in (Indicator.MeasureType.YES_NO, Indicator.MeasureType.TEXT):
            return [None] * 5, None
        t = Decimal(target)
        if direction == Indicator.Direction.RANGE:
            levels = [None] * 5
            baseline = Decimal(rng.randint(*k["range"]))
        elif direction == Indicator.Direction.LOWER:
            step = max(1, round(target * 0.1))
            levels = [t + step * n for n in (4, 3, 2, 1, 0)]
            baseline = t + step * rng.randint(1, 3)
        elif measure == Indicator.MeasureType.PERCENTAGE:
            levels = [t - 5 * n for n in (4, 3, 2, 1, 0)]
            baseline = t - rng.randint(2, 8)
        else:
            levels = [(t * Decimal(f)).quantize(Decimal("0.01")) for f in ("0.6", "0.7", "0.8", "0.9", "1")]
            baseline = Decimal(tidy(target * rng.uniform(0.75, 0.95), target))
        if not k["baseline"] or rng.random() < 0.15:
            baseline = None
        return levels, baseline

    def seed_indicators(self, org, plan, strategies, made):
        """Project KPIs (from the templates), two KPIs per strategy and the organization-level KPIs."""
        pending = []
        for project, _amounts, _start, _end, kpis in made:
            for order, spec in enumerate(kpis):
                self.save_indicator(
                    org, spec, {"project_id": project.pk}, order, len(kpis), project.department_id, pending
                )
        for s in strategies:
            strategy = self.strategies[(plan.pk, s["number"])]
            specs = [self.kpi_spec(raw) for raw in s["kpis"]]
            for order, spec in enumerate(specs):
                dept = self.depts[spec["dept"]].pk
                self.save_indicator(org, spec, {"strategy_id": strategy.pk}, order, len(specs), dept, pending)
        specs = [self.kpi_spec(raw) for raw in data.ORG_KPIS]
        for order, spec in enumerate(specs):
            self.save_indicator(org, spec, {}, order, len(specs), self.depts[spec["dept"]].pk, pending)
        self.flush(Target, pending)

    def save_indicator(self, org, spec, owner, order, siblings, department_id, pending):
        weight = {1: Decimal(100), 2: Decimal(60 if order == 0 else 40)}.get(siblings, Decimal(100 // siblings))
        levels = spec["levels"]
        low, high = spec.get("range", (None, None))
        values = {
            "organization_id": org.pk,
            "project_id": owner.get("project_id"),
            "strategy_id": owner.get("strategy_id"),
            "goal_id": None,
            "name": spec["name"],
            "definition": spec["definition"],
            "unit": spec["unit"],
            "kind": spec["kind"],
            "measure_type": spec["measure"],
            "numerator_label": spec["num"],
            "denominator_label": spec["den"],
            "direction": spec["direction"],
            "range_low": None if low is None else Decimal(low),
            "range_high": None if high is None else Decimal(high),
            "aggregation": spec["agg"],
            "baseline_value": spec["baseline_value"],
            "baseline_year": None if spec["baseline_value"] is None else BASELINE_YEAR,
            "perspective": spec["perspective"],
            "weight": weight,
            **dict(zip(Indicator.LEVEL_FIELDS, levels, strict=True)),
            "disaggregation_label": spec["disagg"][0] if spec["disagg"] else "",
            "disaggregation_categories": "\n".join(spec["disagg"][1]) if spec["disagg"] else "",
            "data_source": spec["source"],
            "collection_method": spec["method"],
            "frequency": spec["frequency"],
            "department_id": department_id,
            "order": order,
        }
        key = (values["project_id"], values["strategy_id"], None, spec["name"])
        kpi = self.sync(Indicator, self.indicators, key, values, clean=True)
        text = spec["measure"] == Indicator.MeasureType.TEXT  # a text KPI's target is a sentence, not a number
        for year, annual in spec["annual"].items():
            periods = {Target.ANNUAL: annual, **spec["quarters"][year]}
            for period, value in periods.items():
                self.sync(
                    Target,
                    self.targets,
                    (kpi.pk, year, period),
                    {
                        "organization_id": org.pk,
                        "indicator_id": kpi.pk,
                        "fiscal_year": year,
                        "period": period,
                        "value": None if text else Decimal(value),
                        "text": spec["target_text"] if text and value else "",
                    },
                    pending=pending,
                )

    # -- action plans -------------------------------------------------------------------------------

    def seed_action_plans(self, org, plan, made, years):
        """Approved 2569 and (where given) a draft 2570 carried from it; most budgeted projects each."""
        previous, pending = None, []
        for year in years:
            approved = previous is None
            action_plan = self.sync(
                ActionPlan,
                self.action_plans,
                year,
                {
                    "organization_id": org.pk,
                    "plan_id": plan.pk,
                    "fiscal_year": year,
                    "status": ActionPlan.Status.APPROVED if approved else ActionPlan.Status.DRAFT,
                    "approved_on": ACTION_PLAN_2569_APPROVED_ON if approved else None,
                    "carried_from_id": previous.pk if previous else None,
                },
            )
            for project, amounts, start, end, _kpis in made:
                if year not in amounts or self.rng.random() < 0.08:
                    continue
                for _ in range(year - FISCAL_YEAR):
                    start, end = one_year_on(start), one_year_on(end)
                self.sync(
                    ActionPlanItem,
                    self.items,
                    (action_plan.pk, project.pk),
                    {
                        "organization_id": org.pk,
                        "action_plan_id": action_plan.pk,
                        "project_id": project.pk,
                        "budget": amounts[year],
                        "planned_start": start,
                        "planned_end": end,
                    },
                    pending=pending,
                )
            previous = action_plan
        self.flush(ActionPlanItem, pending)

    # -- users --------------------------------------------------------------------------------------

    def seed_users(self, orgs: dict, reset_passwords: bool):
        password = settings.TIDTAM_DEMO_PASSWORD
        names = [row[0] for row in data.USERS]
        users = {u.username: u for u in User.objects.filter(username__in=names)}
        memberships = {
            (m.user_id, m.organization_id, m.role): m for m in Membership.objects.filter(user__username__in=names)
        }
        for username, first_name, last_name, slug, role, department, superuser in data.USERS:
            values = {
                "username": username,
                "first_name": first_name,
                "last_name": last_name,
                "language": User.Language.THAI,
                "is_active": True,
                "is_staff": superuser,
                "is_superuser": superuser,
            }
            user = users.get(username)
            if user is None:
                user = User(**values)
                user.set_password(password)
                user.save()
                users[username] = user
                self.created["User"] += 1
            else:
                user = self.sync(User, users, username, values)
                if reset_passwords:
                    user.set_password(password)
                    user.save(update_fields=["password"])
                    self.updated["User"] += 1
            org = orgs[slug]
            dept = Department.objects.for_org(org).get(name=department) if department else None
            self.sync(
                Membership,
                memberships,
                (user.pk, org.pk, role),
                {
                    "organization_id": org.pk,
                    "user_id": user.pk,
                    "role": role,
                    "department_id": dept.pk if dept else None,
                },
            )


def seed_plans(*, reset_passwords: bool = False) -> tuple[dict, Seeder]:
    """Both demo organizations with their plans, and the demo users: ``({slug: org}, seeder)``.

    Call it inside a transaction (the command does).
    """
    seeder = Seeder()
    orgs = {}
    for args in ORGS:
        org = seeder.seed_org(*args)
        orgs[org.slug] = org
    seeder.seed_users(orgs, reset_passwords)
    return orgs, seeder


def plan_counts(org) -> str:
    """How many rows of each plan model the organization has, for the command's summary."""
    scoped = {
        "departments": Department,
        "strategies": Strategy,
        "goals": Goal,
        "programs": Program,
        "projects": Project,
        "budgets": ProjectBudget,
        "indicators": Indicator,
        "targets": Target,
        "action plans": ActionPlan,
        "action plan items": ActionPlanItem,
    }
    return ", ".join(f"{model.objects.for_org(org).count()} {label}" for label, model in scoped.items())
