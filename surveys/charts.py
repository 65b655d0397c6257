"""The data of the results page's charts (``static/js/survey_results.js`` draws them with Chart.js): the
index of each rating item, and the shares of the options of each 3- or 5-level item stacked. Exact
strings for the numbers, as ``dashboard/charts.py`` does; every figure is also in the tables."""

from django.utils.translation import gettext as _

from surveys.models import Question

OPTION_COLORS = ["#198754", "#0d6efd", "#ffc107", "#fd7e14", "#dc3545"]
MOST_BARS = 15  # more items than this (form 3/3: nine items per strategy) are charted per section


def index_bars(results) -> tuple[list[str], list]:
    """(labels, indexes) of the index chart: one bar per item, or per section when there are many items."""
    items = results.items
    if len(items) <= MOST_BARS:
        return [f"{q.question.number}. {q.question.text}" for q in items], [q.rating.index for q in items]
    rated = [s for s in results.sections if s.ratings]
    return [s.section.title if s.section else "" for s in rated], [s.index for s in rated]


def _dec(value):
    return None if value is None else str(round(value, 2))


def results_chart_data(results) -> dict:
    items = results.items
    labels, indexes = index_bars(results)
    stacked = [q for q in items if q.question.kind in (Question.Kind.RATING_3, Question.Kind.RATING_5)]
    same = stacked and all(len(q.options) == len(stacked[0].options) for q in stacked)
    return {
        "labels": {"index": _("Satisfaction index"), "noData": _("No data")},
        "index": {"labels": labels, "data": [_dec(v) for v in indexes]},
        "shares": {
            "labels": [f"{q.question.number}. {q.question.text}" for q in stacked] if same else [],
            "datasets": [
                {
                    "label": option.option.label,
                    "color": OPTION_COLORS[n % len(OPTION_COLORS)],
                    "data": [_dec(q.options[n].share) for q in stacked],
                }
                for n, option in enumerate(stacked[0].options)
            ]
            if same
            else [],
        },
    }
