"""Demo แบบที่ 1 of อบต.บ้านแพน for FY2569: the planner starts the form with the DLA's default items and
fills it in after the plan is announced: everything done but two items (the support committee met once,
not regularly; no sustainable-development aims set yet), with notes on a few. Made with the app's own
functions (``self_assessment_start``, ``self_assessment_save``) as the planner. Idempotent: a year
already filled in is left alone."""

from collections import Counter

from demo import plan_data
from demo.monitoring import YEAR
from orgs.access import access_for
from orgs.models import User
from reports.form1_items import DEFAULT_ITEMS
from reports.self_assessment import assessment_of, self_assessment_save, self_assessment_start

# By the position of the item in the default list: (done, note).
ANSWERS = {
    0: (True, "คำสั่ง อบต.บ้านแพน ที่ 112/2567"),
    1: (True, "ประชุม 2 ครั้ง"),
    5: (False, "ประชุมเพียงครั้งเดียวในรอบปี"),
    6: (True, "ประชาคมหมู่บ้านครบทุกหมู่"),
    9: (True, "วิเคราะห์ในการประชุมคณะกรรมการสนับสนุน"),
    12: (False, "จะกำหนดในการทบทวนแผนครั้งถัดไป"),
}


class SelfAssessmentSeeder:
    def __init__(self, org):
        self.org = org
        self.created = Counter()
        self.updated = Counter()
        planner = next(row[0] for row in plan_data.USERS if row[3] == org.slug and row[4] == "planner")
        self.planner = User.objects.get(username=planner)

    def run(self):
        if assessment_of(self.org, YEAR) is not None:
            return self
        access = access_for(self.planner, self.org.slug)
        items = self_assessment_start(org=self.org, access=access)
        by_text = {}
        for item in items:
            by_text.setdefault((item.part, item.text), []).append(item)
        answers = {}
        for n, key in enumerate(DEFAULT_ITEMS):
            found = by_text.get(key)
            if found:
                item = found.pop(0)
                answers[item.pk] = ANSWERS.get(n, (True, ""))
        self_assessment_save(org=self.org, access=access, user=self.planner, fiscal_year=YEAR, answers=answers)
        self.created["SelfAssessment"] += 1
        self.created["SelfAssessmentAnswer"] += len(answers)
        return self

    def summary(self) -> str:
        record = assessment_of(self.org, YEAR)
        if record is None:
            return "no form 1"
        done = record.answers.filter(done=True).count()
        return f"form 1 of FY{YEAR}: {done} of {record.answers.count()} items done"


def seed_self_assessment(org) -> SelfAssessmentSeeder:
    """The organization's form 1 of FY2569 (call inside a transaction, after the plans)."""
    return SelfAssessmentSeeder(org).run()
