"""แบบที่ 1 — แบบช่วยกำกับการจัดทำแผนยุทธศาสตร์ขององค์กรปกครองส่วนท้องถิ่น (the DLA's self-assessment of the
planning process), laid out as the form: its two parts, each item numbered within its part, a ✓ under
"มีการดำเนินงาน" or "ไม่มีการดำเนินงาน", and the note. A year not filled in yet gives the blank form."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.calendar import format_fiscal_year
from reports import self_assessment
from reports.document import MARK, Column, Paragraphs, Report, Row, Section, Table
from reports.models import SelfAssessmentItem
from reports.registry import register

CHECK = "✓"


def form_table(lines) -> Table:
    columns = [
        Column(_("Assessment item"), width=46),
        Column(_("Has been done"), MARK, width=15),
        Column(_("Has not been done"), MARK, width=15),
        Column(_("Note"), width=24),
    ]
    rows = []
    for part, label in SelfAssessmentItem.Part.choices:
        rows.append(Row([str(label), "", "", ""], style="group"))
        for line in (line for line in lines if line.item.part == part):
            answer = line.answer
            done = CHECK if answer is not None and answer.done else ""
            not_done = CHECK if answer is not None and not answer.done else ""
            rows.append(Row([f"{line.number}. {line.item.text}", done, not_done, answer.note if answer else ""]))
    return Table(columns, rows)


@register(
    "form1",
    title=gettext_lazy("Form 1: self-assessment of the planning process"),
    description=gettext_lazy(
        "The DLA's form 1: whether the local development committee was set up and met, and how the "
        "development plan was made; done or not done, item by item."
    ),
    fields=("year",),
)
def build(org, access, params) -> Report:
    record = self_assessment.assessment_of(org, params.year)
    lines = self_assessment.lines_of(org, record)
    explanation = _(
        "Explanation: form 1 is the organization's self-assessment of the making of its development plan, "
        "made and reported after the plan is announced. Mark ✓ under done or not done for each item."
    )
    blocks = [Paragraphs([explanation, _("Organization: %(name)s") % {"name": org.name}]), form_table(lines)]
    if record is None:
        blocks.append(Paragraphs([_("The form of this year is not filled in yet.")]))
    return Report(
        title=_("Form 1: a guide to the making of the local development plan of the organization"),
        org=org,
        sections=[Section(_("Form 1"), blocks, sheet=_("Form 1"))],
        subtitle=[format_fiscal_year(params.year)],
        filename=f"form1-{params.year}",
    )
