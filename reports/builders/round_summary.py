"""The summary of a round of performance evaluation per department (สรุปผลการประเมินรายหน่วยงาน): how many
people were evaluated, how many in each band and the average total, with the organization's row.

Counts and averages only (``people.summary``, one query): no person's name, no salary. Not in the registry:
the view in ``reports/views_people.py`` checks that the person sees every result of the round (HR, the
executive, the administrator) and hands the round here.
"""

from django.utils.translation import gettext as _

from core.calendar import format_date
from people.scoring import Band
from people.summary import RoundSummary, round_summary
from reports.document import INT, SCORE, Column, Report, Row, Section, Table


def summary_table(summary: RoundSummary) -> Table:
    columns = [
        Column(_("Department"), width=30),
        Column(_("People in the round"), INT, 10),
        Column(_("Evaluated"), INT, 10),
        *[Column(str(label), INT, 10, group=_("Number by band")) for label in Band.labels],
        Column(_("Average total"), SCORE, 10),
    ]
    rows = [
        Row([row.department or _("No department"), row.people, row.evaluated, *row.band_counts, row.average])
        for row in summary.departments
    ]
    total = summary.total
    rows.append(
        Row([_("Whole organization"), total.people, total.evaluated, *total.band_counts, total.average], style="total")
    )
    return Table(columns, rows)


def round_summary_report(round_) -> Report:
    summary = round_summary(round_)
    period = f"{format_date(round_.starts_on, long=True)} – {format_date(round_.ends_on, long=True)}"
    notes = [_("Average total: of the results with a band, the reviewer's adjusted total where there is one.")]
    if not round_.finalized_at:
        notes.append(_("The results of the round are not final yet and may still change."))
    return Report(
        title=_("Summary of the performance evaluation by department"),
        org=round_.organization,
        subtitle=[f"{round_} ({period})"],
        notes=notes,
        sections=[Section("", [summary_table(summary)], sheet=_("Summary"))],
        filename=f"round-summary-{round_.fiscal_year}-{round_.number}",
        landscape=True,  # eight number columns: their Thai headings need the width
    )
