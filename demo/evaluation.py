"""Demo evaluation data of อบต.บ้านแพน for FY2569: what its M&E committee and internal audit unit would have
written once the year was reported (``demo/monitoring.py``).

* Approved evaluation records (the four phases, with their factors): the six-month evaluation of the whole
  plan (May 2026); the full-year evaluation of each strategy and of the whole plan, and of two notable
  projects — the one carried over to the next year and the delayed one with the largest budget
  (November 2026). Their summaries quote the approved figures of ``evaluation.rollup.year_figures``, and a
  project's reasons the problems its department reported, so the texts always match the data.
* The register of findings and recommendations raised during FY2569, linked to strategies, projects,
  indicators and evaluations, with their follow-ups: open, in progress (one overdue), done, one not
  adopted; two are put into practice by projects of the FY2570 action plan.
* The annual M&E report's record (committee, conclusions, the date it reached the executive) and where the
  organization stands on the ten steps of results-based M&E.

Written through the app's own forms and services (``EvaluationForm`` and its factors with
``evaluation_save``, ``evaluation_approve``, ``FindingForm``, ``follow_up``), with history dated along the
story. Idempotent: an evaluation is found by its subject and round, a finding by its title, the record and
the steps by their year; what exists is left alone. The Thai texts are in ``demo/evaluation_data.py``.
"""

from collections import Counter
from contextlib import contextmanager
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max

from core.money import format_baht, format_number, share
from demo import evaluation_data as texts
from demo import plan_data
from demo.monitoring import BANGKOK, YEAR
from demo.monitoring_data import CANCELLED_PROBLEM, NO_PROBLEM
from evaluation import rollup
from evaluation.findings import follow_up, later_projects
from evaluation.forms import EvaluationForm, FactorFormSetFactory, evaluation_input
from evaluation.forms_findings import FindingForm
from evaluation.models import Evaluation, Factor, Finding, FollowUp, ReadinessStep, Round
from evaluation.services import evaluation_approve, evaluation_save
from monitoring.models import ProgressReport, ProjectStatus, ReportState
from orgs.access import access_for
from orgs.models import Department, User
from plans.models import Indicator, Project
from reports.models import AnnualReport

HISTORIES = (Evaluation, Factor, Finding, FollowUp, AnnualReport, ReadinessStep)
HALF_SAVED, HALF_APPROVED = (date(2026, 5, 12), 10, 30), (date(2026, 5, 19), 14, 0)
YEAR_SAVED, YEAR_APPROVED = (date(2026, 11, 10), 9, 0), (date(2026, 11, 13), 14, 0)  # the committee's meeting
PLAN_SAVED, PLAN_APPROVED = (date(2026, 11, 11), 10, 0), (date(2026, 11, 13), 14, 45)
RECORD_SAVED = (texts.REPORTED_TO_EXECUTIVE, 10, 0)
STEPS_SAVED = (date(2026, 11, 18), 15, 0)
PROJECT_EVALUATIONS = (ProjectStatus.CARRIED_OVER, ProjectStatus.DELAYED)  # one of each, the largest budget
# The objective is achieved when this share of the projects is completed and the KPI score reaches this.
ACHIEVED_COMPLETED, ACHIEVED_SCORE, PARTLY_COMPLETED = Decimal(90), Decimal(85), Decimal(60)
NOT_DONE = (ProjectStatus.COMPLETED, ProjectStatus.CANCELLED)
CENT = Decimal("0.01")


def moment(when: tuple) -> datetime:
    day, hour, minute = when
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BANGKOK)


def pct(value) -> str:
    return "–" if value is None else f"{Decimal(value).quantize(CENT, ROUND_HALF_UP):,.2f}"


def baht(value) -> str:
    return format_baht(value, unit=False)


def number(value) -> str:
    return format_number(Decimal(value).quantize(CENT, ROUND_HALF_UP))


def lines(heading: str, items: list[str]) -> str:
    return "\n".join([heading, *items]) if items else ""


def paragraph(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


class EvaluationSeeder:
    """Reads the year's approved figures, then writes the evaluation records the database lacks, counting them."""

    def __init__(self, org):
        self.org = org
        self.created = Counter()
        self.updated = Counter()
        rows = [row for row in plan_data.USERS if row[3] == org.slug]
        self.users = {u.username: u for u in User.objects.filter(username__in=[row[0] for row in rows])}
        self.auditor = self.users["auditor"]
        self.skipped = ""
        self.evaluations: dict[tuple, Evaluation] = {}

    # -- the whole run ------------------------------------------------------------------------------

    def run(self):
        org = self.org
        reported = ProgressReport.objects.for_org(org).filter(period__fiscal_year=YEAR, state=ReportState.APPROVED)
        if not reported.exists():
            self.skipped = f"no approved progress report of FY{YEAR}"
            return self
        self.access = access_for(self.auditor, org.slug)
        self.half = rollup.year_figures(org, YEAR, upto=2)
        self.year = rollup.year_figures(org, YEAR)
        self.strategies = {group.obj.number: group for group in self.year.strategies}
        self.problems = self.reported_problems(reported)

        self.plan_evaluation(Round.HALF, self.half, HALF_SAVED, HALF_APPROVED)
        for n, group in enumerate(self.year.strategies):
            self.strategy_evaluation(group, n)
        self.plan_evaluation(Round.YEAR, self.year, PLAN_SAVED, PLAN_APPROVED)
        for n, figure in enumerate(self.notable_projects()):
            self.project_evaluation(figure, n)
        for spec in texts.FINDINGS:
            self.finding(spec)
        self.annual_report()
        self.readiness()
        return self

    @contextmanager
    def dated(self, when: tuple, user):
        """History written inside the block is dated ``when`` in the story and signed by ``user``."""
        marks = {model: model.history.aggregate(last=Max("history_id"))["last"] or 0 for model in HISTORIES}
        yield
        for model, mark in marks.items():
            model.history.filter(history_id__gt=mark).update(history_date=moment(when), history_user=user)

    # -- the figures in words -----------------------------------------------------------------------

    def values(self, group) -> dict:
        return {
            "year": YEAR,
            "previous": YEAR - 1,
            "planned": group.planned,
            "completed": group.completed,
            "completed_pct": pct(group.completed_share),
            "carried_out": group.carried_out,
            "carried_out_pct": pct(share(group.carried_out, group.planned)),
            "plan_share": pct(group.plan_share),
            "budget": baht(group.budget),
            "disbursed": baht(group.disbursed),
            "rate": pct(group.rate),
            "kpis": group.kpi_count,
            "score": pct(group.score),
            "not_completed": sum(1 for p in group.projects if p.status not in NOT_DONE),
        }

    @staticmethod
    def kpi_sentence(count: int, counts: dict, score) -> str:
        if not count:
            return ""
        said = " ".join(texts.KPI_COUNT[key].format(n=counts[key]) for key in rollup.KPI_STATUSES if counts.get(key))
        return texts.KPI_SENTENCE.format(kpis=count, counts=said, score=pct(score))

    @staticmethod
    def measured(kpi, value) -> str:
        if kpi.unit == texts.PERCENT_UNIT:
            return texts.PERCENT_VALUE.format(value=number(value))
        return texts.UNIT_VALUE.format(value=number(value), unit=kpi.unit)

    def own_kpis(self, kpi_set, heading: str) -> str:
        """The organization's or a strategy's own measured KPIs: actual against target, and their status."""
        items = []
        for k in kpi_set.kpis if kpi_set else []:
            actual, target = k.figures.actual, k.figures.target
            if actual is None or actual.value is None or target is None:
                continue
            status = texts.KPI_STATUS[k.status]
            if k.kpi.direction == Indicator.Direction.RANGE and k.kpi.range_low is not None:
                items.append(
                    texts.OWN_KPI_RANGE.format(
                        name=k.kpi.name,
                        actual=self.measured(k.kpi, actual.value),
                        low=number(k.kpi.range_low),
                        high=number(k.kpi.range_high),
                        status=status,
                    )
                )
            else:
                items.append(
                    texts.OWN_KPI.format(
                        name=k.kpi.name,
                        actual=self.measured(k.kpi, actual.value),
                        target=self.measured(k.kpi, target),
                        status=status,
                    )
                )
        return lines(heading, items)

    @staticmethod
    def not_completed(group) -> str:
        items = []
        for p in group.projects:
            department = p.project.department.name
            if p.status == ProjectStatus.CANCELLED:
                items.append(texts.CANCELLED_ITEM.format(name=p.project.name, department=department))
            elif p.status != ProjectStatus.COMPLETED:
                items.append(
                    texts.NOT_COMPLETED_ITEM.format(
                        name=p.project.name,
                        department=department,
                        status=texts.PROJECT_STATUS[p.status],
                        pct=number(p.percent_complete or 0),
                    )
                )
        return lines(texts.NOT_COMPLETED, items)

    def reported_problems(self, approved) -> dict[int, tuple[str, str]]:
        """project id → (problem, solution) of its latest approved report of the year that names one."""
        empty = {"", NO_PROBLEM[0], CANCELLED_PROBLEM[0]}
        found = {}
        for project_id, problem, solution in approved.order_by("period__number").values_list(
            "project_id", "problems", "solutions"
        ):
            if problem.strip() not in empty:
                found[project_id] = (problem.strip(), "" if solution.strip() in ("", NO_PROBLEM[1]) else solution)
        return found

    def problems_of(self, group) -> str:
        said = []
        for p in group.projects:
            problem = self.problems.get(p.project.pk, ("", ""))[0]
            if p.status not in NOT_DONE and problem and problem not in said:
                said.append(problem)
        return lines(texts.REPORTED_PROBLEMS, [texts.LINE.format(text=problem) for problem in said])

    @staticmethod
    def achieved(group, round_: str) -> str:
        if round_ == Round.HALF:
            return Evaluation.Achieved.PARTLY
        completed, score = group.completed_share or 0, group.score or 0
        if completed >= ACHIEVED_COMPLETED and score >= ACHIEVED_SCORE:
            return Evaluation.Achieved.YES
        return Evaluation.Achieved.PARTLY if completed >= PARTLY_COMPLETED else Evaluation.Achieved.NO

    # -- evaluation records -------------------------------------------------------------------------

    def plan_evaluation(self, round_, figures, saved, approved):
        group, spec = figures.organization, texts.PLAN[round_]
        values = self.values(group)
        summary = " ".join(
            part
            for part in (
                texts.PLAN_SUMMARY[round_].format(**values),
                self.kpi_sentence(group.kpi_count, group.kpi_counts, group.score),
            )
            if part
        )
        parts = [summary]
        failure = [spec["failure"].format(**values)]
        if round_ == Round.YEAR:
            parts += [self.strategies_compared(figures), self.not_completed(group)]
            failure.append(self.problems_of(group))
        parts.insert(1, self.own_kpis(figures.org_kpis, texts.OWN_KPIS["organization"]))
        self.evaluation(
            (round_, None),
            round_=round_,
            phases={
                "summary": paragraph(*parts),
                "objective_achieved": self.achieved(group, round_),
                "success_reasons": spec["success"].format(**values),
                "failure_reasons": paragraph(*failure),
                "recommendations": spec["recommendations"],
            },
            factors=spec["factors"],
            saved=saved,
            approved=approved,
        )

    def strategies_compared(self, figures) -> str:
        groups = [g for g in figures.strategies if g.planned]
        if not groups:
            return ""
        full = [texts.STRATEGY_NUMBER.format(number=g.obj.number) for g in groups if g.completed == g.planned]
        lowest = min(groups, key=lambda g: (g.completed_share or 0, g.obj.number))
        slowest = min(groups, key=lambda g: (g.rate or 0, g.obj.number))
        said = [texts.ALL_COMPLETED.format(strategies=texts.AND.join(full))] if full else []
        template = texts.LOWEST_SAME if lowest is slowest else texts.LOWEST
        said.append(
            template.format(
                completed_number=lowest.obj.number,
                completed_name=lowest.obj.name,
                completed_pct=pct(lowest.completed_share),
                rate_number=slowest.obj.number,
                rate_name=slowest.obj.name,
                rate=pct(slowest.rate),
            )
        )
        return " ".join(said)

    def strategy_evaluation(self, group, n: int):
        strategy = group.obj
        spec = texts.STRATEGIES.get(strategy.number)
        if spec is None:
            return
        values = self.values(group)
        summary = " ".join(
            part
            for part in (
                texts.STRATEGY_SUMMARY.format(**values),
                self.kpi_sentence(group.kpi_count, group.kpi_counts, group.score),
            )
            if part
        )
        own = self.own_kpis(self.year.strategy_kpis.get(strategy.pk), texts.OWN_KPIS["strategy"])
        saved = (YEAR_SAVED[0], YEAR_SAVED[1] + n, 0)
        approved = (YEAR_APPROVED[0], YEAR_APPROVED[1], YEAR_APPROVED[2] + 5 * n)
        self.evaluation(
            (Round.YEAR, strategy.number),
            round_=Round.YEAR,
            strategy=strategy,
            phases={
                "summary": paragraph(summary, own, self.not_completed(group)),
                "objective_achieved": self.achieved(group, Round.YEAR),
                "success_reasons": spec["success"].format(**values),
                "failure_reasons": paragraph(spec["failure"].format(**values), self.problems_of(group)),
                "recommendations": spec["recommendations"],
            },
            factors=spec["factors"],
            saved=saved,
            approved=approved,
        )

    def notable_projects(self) -> list:
        """The carried-over project and the delayed one with the largest budget (at the end of the year)."""
        picked = []
        for status in PROJECT_EVALUATIONS:
            found = [p for p in self.year.projects if p.status == status]
            if found:
                picked.append(max(found, key=lambda p: (p.budget, p.project.code)))
        return picked

    def project_evaluation(self, figure, n: int):
        project, spec = figure.project, texts.PROJECTS[figure.status]
        problem, solution = self.problems.get(project.pk, ("", ""))
        category = next((c for word, c in texts.PROBLEM_CATEGORIES.items() if word in problem), "other")
        summary = texts.PROJECT_SUMMARY.format(
            name=project.name,
            department=project.department.name,
            budget=baht(figure.budget),
            status=texts.PROJECT_STATUS[figure.status],
            pct=number(figure.percent_complete or 0),
            disbursed=baht(figure.disbursed),
            rate=pct(figure.rate),
        )
        kpis = self.kpi_sentence(len(figure.kpis), figure.kpi_counts, figure.score)
        self.evaluation(
            (Round.YEAR, project.code),
            round_=Round.YEAR,
            project=project,
            phases={
                "summary": " ".join(part for part in (summary, kpis) if part),
                "objective_achieved": Evaluation.Achieved.PARTLY,
                "success_reasons": spec["success"],
                "failure_reasons": problem or texts.PROJECT_FAILURE,
                "recommendations": " ".join(part for part in (solution, spec["recommendations"]) if part),
            },
            factors=[("supporting", *spec["supporting"]), ("hindering", category, problem or texts.PROJECT_FAILURE)],
            saved=(YEAR_SAVED[0], 15, 10 * n),
            approved=(YEAR_APPROVED[0], 15, 10 + 10 * n),
        )

    def evaluation(self, key, *, round_, phases, factors, saved, approved, strategy=None, project=None):
        """The evaluation of a subject and round (found, or made through the form and approved)."""
        org = self.org
        existing = (
            Evaluation.objects.for_org(org)
            .filter(fiscal_year=YEAR, round=round_, strategy=strategy, project=project)
            .first()
        )
        if existing is not None:
            self.evaluations[key] = existing
            return existing
        data = {
            "fiscal_year": YEAR,
            "round": round_,
            "strategy": strategy.pk if strategy else "",
            "project": project.pk if project else "",
            **phases,
        }
        prefix = FactorFormSetFactory.get_default_prefix()
        data |= {f"{prefix}-TOTAL_FORMS": len(factors), f"{prefix}-INITIAL_FORMS": 0}
        for n, (kind, category, description) in enumerate(factors):
            data |= {f"{prefix}-{n}-kind": kind, f"{prefix}-{n}-category": category}
            data[f"{prefix}-{n}-description"] = description
        instance = Evaluation(organization=org)
        form = EvaluationForm(data, instance=instance, org=org)
        formset = FactorFormSetFactory(data, instance=instance, org=org)
        if not (form.is_valid() and formset.is_valid()):
            raise ValueError(f"demo evaluation {key}: {form.errors.as_json()} {formset.errors}")
        with self.dated(saved, self.auditor):
            evaluation = evaluation_save(
                evaluation=instance, **evaluation_input(form, formset), access=self.access, user=self.auditor
            )
        with self.dated(approved, self.auditor):
            evaluation_approve(evaluation=evaluation, access=self.access, user=self.auditor)
        at = moment(approved)
        Evaluation.objects.filter(pk=evaluation.pk).update(approved_at=at)  # the service stamped the seeding time
        Evaluation.history.filter(id=evaluation.pk, history_date=at).update(approved_at=at)
        evaluation.approved_at = at
        self.created["Evaluation"] += 1
        self.created["Factor"] += len(factors)
        self.evaluations[key] = evaluation
        return evaluation

    # -- findings and recommendations ---------------------------------------------------------------

    def finding(self, spec):
        org = self.org
        if Finding.objects.for_org(org).filter(fiscal_year=YEAR, title=spec["title"]).exists():
            return
        strategies = [self.strategies[n] for n in spec["strategies"] if n in self.strategies]
        if spec["projects"] == "not_completed":
            projects = [p.project.pk for g in strategies for p in g.projects if p.status not in NOT_DONE]
        else:
            projects = list(Project.objects.for_org(org).filter(code__in=spec["projects"]).values_list("pk", flat=True))
        indicators = Indicator.objects.for_org(org).filter(project=None, name__in=spec.get("indicators", []))
        used_in = later_projects(org, YEAR).filter(code__in=spec.get("used_in", []))
        evaluation = self.evaluations.get(spec["evaluation"]) if spec["evaluation"] else None
        owner = Department.objects.for_org(org).get(name=spec["owner"])
        data = {
            "fiscal_year": YEAR,
            "kind": spec["kind"],
            "source": spec["source"],
            "evaluation": evaluation.pk if evaluation else "",
            "title": spec["title"],
            "description": spec["description"],
            "projects": projects,
            "indicators": list(indicators.values_list("pk", flat=True)),
            "strategies": [g.obj.pk for g in strategies],
            "owner": owner.pk,
            "priority": spec["priority"],
            "due_on": spec["due"].isoformat() if spec["due"] else "",
            "status": spec.get("status", Finding.Status.OPEN),
            "not_adopted_reason": spec.get("not_adopted_reason", ""),
            "used_in": list(used_in.values_list("pk", flat=True)),
        }
        form = FindingForm(data, instance=Finding(organization=org), org=org)
        if not form.is_valid():
            raise ValueError(f"demo finding {spec['title']}: {form.errors.as_json()}")
        with self.dated((spec["raised"], 11, 0), self.auditor):
            finding = form.save()
        self.created["Finding"] += 1
        for n, (on, username, note, status) in enumerate(spec["follow_ups"]):
            author = self.users[username]
            with self.dated((on, 10 + n % 5, 30), author):
                follow_up(finding=finding, on=on, note=note, author=author, status=status)
                finding.refresh_from_db()
            self.created["FollowUp"] += 1

    # -- the annual report's record and the ten steps -----------------------------------------------

    def annual_report(self):
        org = self.org
        if AnnualReport.objects.for_org(org).filter(fiscal_year=YEAR).exists():
            return
        group = self.year.organization
        plan = self.evaluations.get((Round.YEAR, None))
        achieved = plan.objective_achieved if plan else self.achieved(group, Round.YEAR)
        conclusion = texts.CONCLUSION.format(**self.values(group), achieved=texts.ACHIEVED[achieved])
        with self.dated(RECORD_SAVED, self.auditor):
            AnnualReport.objects.create(
                organization=org,
                fiscal_year=YEAR,
                committee="\n".join(texts.COMMITTEE),
                conclusion=conclusion,
                reported_to_executive=texts.REPORTED_TO_EXECUTIVE,
                updated_by=self.auditor,
            )
        self.created["AnnualReport"] += 1

    def readiness(self):
        org = self.org
        have = set(ReadinessStep.objects.for_org(org).filter(fiscal_year=YEAR).values_list("step", flat=True))
        with self.dated(STEPS_SAVED, self.auditor):
            for step, (status, notes) in texts.READINESS.items():
                if step not in have:
                    ReadinessStep.objects.create(
                        organization=org, fiscal_year=YEAR, step=step, status=status, notes=notes
                    )
                    self.created["ReadinessStep"] += 1

    # -- summary ------------------------------------------------------------------------------------

    def summary(self) -> str:
        if self.skipped:
            return f"skipped ({self.skipped})"
        org = self.org
        findings = Finding.objects.for_org(org).filter(fiscal_year=YEAR)
        used = findings.filter(used_in__isnull=False).distinct().count()
        return (
            f"{Evaluation.objects.for_org(org).filter(fiscal_year=YEAR).count()} evaluations of FY{YEAR}, "
            f"{Factor.objects.for_org(org).count()} factors, {findings.count()} findings "
            f"({used} used in a later plan), {FollowUp.objects.for_org(org).count()} follow-ups, "
            f"{AnnualReport.objects.for_org(org).filter(fiscal_year=YEAR).count()} annual report, "
            f"{ReadinessStep.objects.for_org(org).filter(fiscal_year=YEAR).count()} M&E steps"
        )


def seed_evaluation(org) -> EvaluationSeeder:
    """The organization's demo evaluations, findings, annual report record and M&E steps of FY2569 (call
    inside a transaction, after the monitoring data)."""
    return EvaluationSeeder(org).run()
