"""Phase 1 of an evaluation, the periodic summary, filled from the data: the subject's figures for the round."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from core.money import format_baht, format_percent
from evaluation import rollup
from evaluation.models import Round


@dataclass
class Summary:
    projects: int
    completed: int
    budget: Decimal
    disbursed: Decimal
    rate: Decimal | None
    kpi_counts: dict
    score: Decimal | None

    def text(self) -> str:
        """A first draft of the narrative, for the committee to edit."""
        return _(
            "%(completed)s of %(projects)s projects completed. Disbursed %(disbursed)s of %(budget)s (%(rate)s). "
            "Indicators: %(on_track)s on track, %(at_risk)s at risk, %(off_track)s off track, %(no_data)s without "
            "data. Score %(score)s."
        ) % {
            "completed": self.completed,
            "projects": self.projects,
            "disbursed": format_baht(self.disbursed),
            "budget": format_baht(self.budget),
            "rate": format_percent(self.rate),
            "on_track": self.kpi_counts.get("on_track", 0),
            "at_risk": self.kpi_counts.get("at_risk", 0),
            "off_track": self.kpi_counts.get("off_track", 0),
            "no_data": self.kpi_counts.get("no_data", 0),
            "score": format_percent(self.score),
        }


def data_summary(org, *, fiscal_year: int, round: str, project=None, strategy=None) -> Summary | None:
    """The approved figures of a project, a strategy or the whole plan to the end of the round
    (six months: to the end of Q2; full year: the whole year). None when the subject is not in the year's plan."""
    upto = 2 if round == Round.HALF else None
    if project is not None:
        figure = rollup.project_figures(org, project, fiscal_year, upto)
        if figure is None:
            return None
        completed = 1 if figure.status == "completed" else 0
        return Summary(1, completed, figure.budget, figure.disbursed, figure.rate, figure.kpi_counts, figure.score)
    year = rollup.year_figures(org, fiscal_year, upto=upto)
    group = year.strategy(strategy.pk) if strategy is not None else year.organization
    if group is None:
        return None
    return Summary(
        group.planned, group.completed, group.budget, group.disbursed, group.rate, group.kpi_counts, group.score
    )
