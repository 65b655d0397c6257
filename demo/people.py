"""The demo's staff of อบต.บ้านแพน and their performance agreements.

Eleven people in the six departments under the ปลัด, three of them with the demo accounts (the planner, the
department reporter of กองช่าง and the auditor); the default scoring rules (70/30, ดีเด่น ≥ 90 …); round 1 of
FY2570 (1 Oct 2026 – 31 Mar 2027) with everyone's agreement: กองช่าง's staff have a KPI of a กองช่าง
project of the 2570 plan (its actual comes from the monitoring data) and an own KPI with a few check-ins.
The five core competencies of the standard, two managerial and two functional ones, the levels each
position expects, copied into every agreement.

Idempotent: once บ้านแพน has staff, nothing is added.
"""

from collections import Counter
from datetime import date
from decimal import Decimal

from orgs.models import Department, User
from people.factories import make_agreement, make_person, make_position, make_round, rule_set
from people.models import CheckIn, Competency, Person, PositionCompetency
from people.services import DEFAULT_CORE_COMPETENCIES, copy_competencies
from plans.models import Indicator, Target

YEAR = 2570
POSITIONS = {
    # key: (position, job line, level)
    "palad": ("ปลัดองค์การบริหารส่วนตำบล", "บริหารงานท้องถิ่น", "ระดับกลาง"),
    "head": ("หัวหน้าสำนักปลัด", "บริหารงานทั่วไป", "ระดับต้น"),
    "director": ("ผู้อำนวยการกอง", "อำนวยการท้องถิ่น", "ระดับต้น"),
    "analyst": ("นักวิเคราะห์นโยบายและแผน", "วิชาการ", "ชำนาญการ"),
    "engineer": ("นายช่างโยธา", "ทั่วไป", "ชำนาญงาน"),
    "accountant": ("นักวิชาการเงินและบัญชี", "วิชาการ", "ปฏิบัติการ"),
    "educator": ("นักวิชาการศึกษา", "วิชาการ", "ปฏิบัติการ"),
    "health": ("นักวิชาการสาธารณสุข", "วิชาการ", "ชำนาญการ"),
    "auditor": ("นักวิชาการตรวจสอบภายใน", "วิชาการ", "ชำนาญการ"),
}
STAFF = [
    # name, department, position, supervisor (by name), demo account, salary
    ("นายวีระ ทองดี", "สำนักปลัด", "palad", None, None, "48200"),
    ("นางสาวอรทัย บุญมา", "สำนักปลัด", "head", "นายวีระ ทองดี", None, "32150"),
    ("นางวิภาวรรณ ศรีสุข", "สำนักปลัด", "analyst", "นางสาวอรทัย บุญมา", "planner", "29870"),
    ("นายสมศักดิ์ แสงทอง", "กองช่าง", "director", "นายวีระ ทองดี", None, "38400"),
    ("นายประเสริฐ มั่นคง", "กองช่าง", "engineer", "นายสมศักดิ์ แสงทอง", "reporter", "24760"),
    ("นายอนุชา พรมมา", "กองช่าง", "engineer", "นายสมศักดิ์ แสงทอง", None, "19930"),
    ("นางสุดารัตน์ ใจงาม", "กองคลัง", "director", "นายวีระ ทองดี", None, "37120"),
    ("นางสาวปิยะนุช คำดี", "กองคลัง", "accountant", "นางสุดารัตน์ ใจงาม", None, "18450"),
    ("นางมาลี สุขสวัสดิ์", "กองการศึกษา ศาสนาและวัฒนธรรม", "educator", "นายวีระ ทองดี", None, "21340"),
    ("นายธนพล รักษ์ดี", "กองสาธารณสุขและสิ่งแวดล้อม", "health", "นายวีระ ทองดี", None, "26580"),
    ("นางกาญจนา รุ่งเรือง", "หน่วยตรวจสอบภายใน", "auditor", "นายวีระ ทองดี", "auditor", "27990"),
]
# Beyond the core ones: (kind, name, the positions that expect it)
MORE_COMPETENCIES = [
    ("managerial", "การเป็นผู้นำในการเปลี่ยนแปลง", ("palad", "head", "director")),
    ("managerial", "การวางแผนเชิงกลยุทธ์", ("palad", "head", "director")),
    ("functional", "การตรวจสอบความถูกต้องตามกระบวนงาน", ("engineer", "accountant", "auditor")),
    ("functional", "การคิดวิเคราะห์", ("analyst", "educator", "health", "auditor")),
]
SENIOR = {"palad", "head", "director"}  # expect level 3 of the core competencies; everyone else level 2
OWN_KPI = ("ร้อยละของงานที่ได้รับมอบหมายแล้วเสร็จตามกำหนด", (60, 70, 80, 90, 100))


class PeopleSeeder:
    def __init__(self, org):
        self.org = org
        self.created = Counter()

    def summary(self) -> str:
        return ", ".join(f"{n} {name}" for name, n in sorted(self.created.items())) or "nothing new"

    def works_kpi(self):
        """A numeric KPI of a กองช่าง project with a 2570 annual target, for the linked KPI."""
        targets = Target.objects.for_org(self.org).filter(fiscal_year=YEAR, period=0, value__gt=0)
        return (
            Indicator.objects.for_org(self.org)
            .filter(project__department__name="กองช่าง", measure_type="number", direction="higher")
            .filter(pk__in=targets.values("indicator"))
            .order_by("project__order", "pk")
            .first()
        )

    def competencies(self, positions):
        """The organization's competencies and the level each position expects."""
        org = self.org
        core = [
            Competency.objects.create(organization=org, name=n, order=i)
            for i, n in enumerate(DEFAULT_CORE_COMPETENCIES)
        ]
        for key, position in positions.items():
            for competency in core:
                level = 3 if key in SENIOR else 2
                PositionCompetency.objects.create(
                    organization=org, position=position, competency=competency, expected_level=level
                )
        for order, (kind, name, keys) in enumerate(MORE_COMPETENCIES):
            competency = Competency.objects.create(organization=org, kind=kind, name=name, order=order)
            for key in keys:
                PositionCompetency.objects.create(
                    organization=org, position=positions[key], competency=competency, expected_level=3
                )
        self.created["Competency"] += len(core) + len(MORE_COMPETENCIES)

    def run(self):
        if Person.objects.for_org(self.org).exists():
            return self
        rules = rule_set(self.org, name="เกณฑ์การประเมิน ก.อบต.จังหวัด (ค่าเริ่มต้น)")
        positions = {key: make_position(self.org, *values) for key, values in POSITIONS.items()}
        self.competencies(positions)
        departments = {d.name: d for d in Department.objects.for_org(self.org)}
        people = {}
        for name, department, position, supervisor, account, salary in STAFF:
            user = User.objects.filter(username=account).first() if account else None
            people[name] = make_person(
                self.org,
                name,
                department=departments.get(department),
                supervisor=people.get(supervisor),
                user=user,
                salary=Decimal(salary),
                position=positions[position],
            )
        round_ = make_round(self.org, YEAR, 1, rules=rules)
        kpi = self.works_kpi()
        target = Target.objects.for_org(self.org).get(indicator=kpi, fiscal_year=YEAR, period=0).value if kpi else None
        agreements = []
        for person in people.values():
            own_name, own_levels = OWN_KPI
            if kpi is not None and person.department and person.department.name == "กองช่าง":
                levels = [target * Decimal(share) / 10 for share in (6, 7, 8, 9, 10)]
                kpis = [(kpi.name, 60, levels, kpi), (own_name, 40, own_levels)]
            else:
                kpis = [(own_name, 100, own_levels)]
            agreement = make_agreement(person, round_, kpis)
            agreements.append(agreement)
            self.created["Agreement"] += 1
            self.created["AgreementKPI"] += len(kpis)
            if person.user_id and person.user.username == "reporter":
                own = agreement.kpis.get(indicator=None)
                for on, value, note in ((date(2026, 11, 15), 40, "สำรวจเส้นทางครบแล้ว"), (date(2026, 12, 20), 65, "")):
                    CheckIn.objects.create(
                        organization=self.org,
                        kpi=own,
                        on=on,
                        value=Decimal(value),
                        note=note or "ตรวจรับงานงวดที่ 1",
                        problem="ฝนตกต่อเนื่อง งานล่าช้า" if value == 65 else "",
                        advice="วางแผนงานสำรองช่วงฝนตก" if value == 65 else "",
                    )
                    self.created["CheckIn"] += 1
        self.created["AgreementCompetency"] += copy_competencies(agreements)
        self.created["Person"] += len(people)
        self.created["Position"] += len(positions)
        self.created["Round"] += 1
        return self


def seed_people(org) -> PeopleSeeder:
    """บ้านแพน's staff, rules, round 1 of 2570 and its agreements (inside a transaction, after the plans)."""
    return PeopleSeeder(org).run()
