"""The demo's staff of อบต.บ้านแพน, two rounds of their performance agreements and a raise proposal.

* Forty people in the six departments: the ปลัด at the top; the รองปลัด, the หัวหน้าสำนักปลัด, the four
  directors (ผู้อำนวยการกอง) and the internal auditor under the ปลัด; every other person under the head of
  their department (the second internal auditor under the first), the second-level reviewer one step
  above the supervisor. Salaries in baht; a calculation base on each position level but the teachers' and
  the child carer's (theirs is their salary). Four of them have the demo accounts: the planner, the
  department reporter of กองช่าง, the auditor and HR (งานการเจ้าหน้าที่, who keeps the staff and makes the
  raise proposal).
* The scoring rules (70/30, ดีเด่น ≥ 90 …), the five core competencies of the standard, two managerial and
  two functional ones and the level each position expects; the raise rules: salary steps until
  9 January 2569, a percentage of the calculation base from 10 January 2569 (ประกาศ ก.ถ. ฉบับที่ 21).
* Round 2 of FY2569 (1 Apr – 30 Sep 2569), done: everyone's agreement with a KPI of their department's
  project in the 2569 plan (copied to the department's staff at once, as HR or a director would; its actual
  is the approved monitoring data of the year) and two own KPIs whose values are checked in; all signed,
  rated by the supervisor (the own KPIs at the levels their check-ins reach, the competencies as ``STAFF``
  says), reviewed (one total raised with a reason), acknowledged (one employee disagreeing
  with a note), made final by HR; its raise proposal made under the percentage rules, within the budget
  and the quota, and made final.
* Round 1 of FY2570 (1 Oct 2569 – 31 Mar 2570), in progress on the story's "today" (20 Nov 2026): the same
  shape with the KPIs of the 2570 plan (no approved result yet, so no actual); most agreements signed in
  October, a few still drafts; a handful of check-ins in October and November.

Written through the people app's own services where the demo has the account that may act (HR creates the
rounds, opens the agreements, copies the plan's KPIs, reviews, acknowledges for people without an account,
makes the results and the raise proposal final; the auditor rates the person she supervises; the
employees with an account acknowledge their own results). Most people and supervisors have no account in
the demo, so the signatures (on paper) and most ratings are written here as the services write them: the
scores by ``people.scoring`` from the levels ``people.linked`` finds. Timestamps and history are dated along the story.

Idempotent: once บ้านแพน has staff, nothing is added.
"""

from collections import Counter, defaultdict
from contextlib import contextmanager, nullcontext
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from demo.monitoring import BANGKOK
from orgs.access import access_for
from orgs.models import Department, User
from people import scoring, services
from people.factories import make_person, rule_set
from people.linked import agreement_results
from people.models import (
    Agreement,
    AgreementCompetency,
    AgreementKPI,
    CheckIn,
    Competency,
    Evaluation,
    Person,
    Position,
    PositionCompetency,
    RaiseLine,
    RaiseProposal,
    RaiseRules,
    Round,
)
from people.services import DEFAULT_CORE_COMPETENCIES
from plans.models import ActionPlanItem, Indicator, Target

DONE_YEAR, YEAR = 2569, 2570  # round 2 of 2569 is done; round 1 of 2570 in progress
OFFICE, FINANCE, WORKS, EDUCATION, HEALTH, AUDIT = (
    "สำนักปลัด",
    "กองคลัง",
    "กองช่าง",
    "กองการศึกษา ศาสนาและวัฒนธรรม",
    "กองสาธารณสุขและสิ่งแวดล้อม",
    "หน่วยตรวจสอบภายใน",
)
# The calculation base (ฐานในการคำนวณ) of each level's percentage raise; teachers and the child carer: none,
# their raise is a percentage of their salary.
BASES = {
    "ระดับกลาง": "46260",
    "ระดับต้น": "35810",
    "ชำนาญการ": "27300",
    "ปฏิบัติการ": "18190",
    "ชำนาญงาน": "22620",
    "ปฏิบัติงาน": "14930",
}
POSITIONS = {
    # key: (position, job line, level, own KPI)
    "palad": ("ปลัดองค์การบริหารส่วนตำบล", "บริหารงานท้องถิ่น", "ระดับกลาง", "lpa"),
    "deputy": ("รองปลัดองค์การบริหารส่วนตำบล", "บริหารงานท้องถิ่น", "ระดับต้น", "ita"),
    "head": ("หัวหน้าสำนักปลัด", "บริหารงานทั่วไป", "ระดับต้น", "complaints"),
    "director_finance": ("ผู้อำนวยการกองคลัง", "บริหารงานการคลัง", "ระดับต้น", "revenue_plan"),
    "director_works": ("ผู้อำนวยการกองช่าง", "บริหารงานช่าง", "ระดับต้น", "contracts"),
    "director_education": ("ผู้อำนวยการกองการศึกษา", "บริหารงานการศึกษา", "ระดับต้น", "child_development"),
    "director_health": ("ผู้อำนวยการกองสาธารณสุขและสิ่งแวดล้อม", "บริหารงานสาธารณสุข", "ระดับต้น", "waste"),
    "analyst": ("นักวิเคราะห์นโยบายและแผน", "วิชาการ", "ชำนาญการ", "reports"),
    "hr_officer": ("นักทรัพยากรบุคคล", "วิชาการ", "ชำนาญการ", "training"),
    "general": ("นักจัดการงานทั่วไป", "วิชาการ", "ชำนาญการ", "minutes"),
    "clerk_senior": ("เจ้าพนักงานธุรการ", "ทั่วไป", "ชำนาญงาน", "letters"),
    "clerk": ("เจ้าพนักงานธุรการ", "ทั่วไป", "ปฏิบัติงาน", "letters"),
    "legal": ("นิติกร", "วิชาการ", "ปฏิบัติการ", "cases"),
    "disaster_senior": ("เจ้าพนักงานป้องกันและบรรเทาสาธารณภัย", "ทั่วไป", "ชำนาญงาน", "response"),
    "disaster": ("เจ้าพนักงานป้องกันและบรรเทาสาธารณภัย", "ทั่วไป", "ปฏิบัติงาน", "response"),
    "community": ("นักพัฒนาชุมชน", "วิชาการ", "ปฏิบัติการ", "groups"),
    "accountant": ("นักวิชาการเงินและบัญชี", "วิชาการ", "ปฏิบัติการ", "statements"),
    "finance_officer": ("เจ้าพนักงานการเงินและบัญชี", "ทั่วไป", "ชำนาญงาน", "payments"),
    "supplies": ("เจ้าพนักงานพัสดุ", "ทั่วไป", "ชำนาญงาน", "procurement"),
    "revenue": ("นักวิชาการจัดเก็บรายได้", "วิชาการ", "ปฏิบัติการ", "arrears"),
    "revenue_officer": ("เจ้าพนักงานจัดเก็บรายได้", "ทั่วไป", "ปฏิบัติงาน", "tax_map"),
    "civil_engineer": ("วิศวกรโยธา", "วิชาการ", "ชำนาญการ", "designs"),
    "engineer": ("นายช่างโยธา", "ทั่วไป", "ชำนาญงาน", "inspection"),
    "engineer_junior": ("นายช่างโยธา", "ทั่วไป", "ปฏิบัติงาน", "inspection"),
    "electrician": ("นายช่างไฟฟ้า", "ทั่วไป", "ปฏิบัติงาน", "lights"),
    "plumber": ("เจ้าพนักงานประปา", "ทั่วไป", "ปฏิบัติงาน", "water"),
    "educator": ("นักวิชาการศึกษา", "วิชาการ", "ปฏิบัติการ", "learning"),
    "teacher_senior": ("ครู", "ครูผู้ดูแลเด็ก", "ครู ค.ศ.2", "child_development"),
    "teacher": ("ครู", "ครูผู้ดูแลเด็ก", "ครู ค.ศ.1", "child_development"),
    "teacher_assistant": ("ครู", "ครูผู้ดูแลเด็ก", "ครูผู้ช่วย", "child_development"),
    "carer": ("ผู้ดูแลเด็ก", "ผู้ดูแลเด็ก (ทักษะ)", "", "meals"),
    "health": ("นักวิชาการสาธารณสุข", "วิชาการ", "ชำนาญการ", "larvae"),
    "sanitation": ("นักวิชาการสุขาภิบาล", "วิชาการ", "ปฏิบัติการ", "food_shops"),
    "health_officer": ("เจ้าพนักงานสาธารณสุข", "ทั่วไป", "ชำนาญงาน", "pets"),
    "environment": ("นักวิชาการสิ่งแวดล้อม", "วิชาการ", "ปฏิบัติการ", "sorting"),
    "auditor": ("นักวิชาการตรวจสอบภายใน", "วิชาการ", "ชำนาญการ", "audits"),
    "auditor_junior": ("นักวิชาการตรวจสอบภายใน", "วิชาการ", "ปฏิบัติการ", "follow_ups"),
}
# The own KPI of each position: (name, unit, direction, the five target levels)
OWN_KPIS = {
    "lpa": ("คะแนนการประเมินประสิทธิภาพขององค์กรปกครองส่วนท้องถิ่น (LPA)", "ร้อยละ", "higher", (70, 75, 80, 85, 90)),
    "ita": ("คะแนนการประเมินคุณธรรมและความโปร่งใส (ITA)", "คะแนน", "higher", (75, 80, 85, 90, 95)),
    "complaints": ("ร้อยละของเรื่องร้องเรียนที่ตอบกลับภายใน 15 วัน", "ร้อยละ", "higher", (80, 85, 90, 95, 100)),
    "revenue_plan": ("ร้อยละของรายได้ที่จัดเก็บเองเทียบกับประมาณการ", "ร้อยละ", "higher", (90, 93, 95, 98, 100)),
    "contracts": ("ร้อยละของโครงการก่อสร้างที่แล้วเสร็จตามสัญญา", "ร้อยละ", "higher", (70, 75, 80, 90, 100)),
    "child_development": ("ร้อยละของเด็กที่มีพัฒนาการสมวัยทั้ง 4 ด้าน", "ร้อยละ", "higher", (75, 80, 85, 90, 95)),
    "waste": ("ปริมาณขยะมูลฝอยที่ส่งกำจัดต่อเดือน", "ตัน", "lower", (40, 38, 36, 34, 32)),
    "reports": ("ร้อยละของโครงการที่รายงานผลครบทุกไตรมาส", "ร้อยละ", "higher", (80, 85, 90, 95, 100)),
    "training": ("ร้อยละของบุคลากรที่ได้รับการพัฒนาตามแผนพัฒนาบุคลากร", "ร้อยละ", "higher", (60, 70, 80, 90, 100)),
    "minutes": ("ร้อยละของรายงานการประชุมสภาที่จัดทำเสร็จภายใน 7 วัน", "ร้อยละ", "higher", (80, 85, 90, 95, 100)),
    "letters": ("ร้อยละของหนังสือราชการที่ลงรับและเสนอภายใน 1 วันทำการ", "ร้อยละ", "higher", (80, 85, 90, 95, 100)),
    "cases": ("ร้อยละของเรื่องร้องเรียนและข้อพิพาทที่ดำเนินการเสร็จภายในกำหนด", "ร้อยละ", "higher", (60, 70, 80, 90, 100)),
    "response": ("เวลาเฉลี่ยจากรับแจ้งเหตุถึงออกปฏิบัติการ", "นาที", "lower", (15, 12, 10, 8, 5)),
    "groups": ("จำนวนกลุ่มอาชีพที่ได้รับการส่งเสริม", "กลุ่ม", "higher", (4, 5, 6, 7, 8)),
    "statements": ("ร้อยละของรายงานการเงินที่จัดส่งภายในกำหนด", "ร้อยละ", "higher", (80, 85, 90, 95, 100)),
    "payments": ("ร้อยละของฎีกาที่เบิกจ่ายภายใน 3 วันทำการ", "ร้อยละ", "higher", (80, 85, 90, 95, 100)),
    "procurement": ("ร้อยละของการจัดซื้อจัดจ้างที่แล้วเสร็จตามแผน", "ร้อยละ", "higher", (70, 75, 80, 90, 100)),
    "arrears": ("ร้อยละของลูกหนี้ภาษีค้างชำระที่ติดตามได้", "ร้อยละ", "higher", (50, 60, 70, 80, 90)),
    "tax_map": ("จำนวนแปลงที่ดินที่ปรับปรุงข้อมูลในแผนที่ภาษี", "แปลง", "higher", (300, 350, 400, 450, 500)),
    "designs": ("ร้อยละของแบบรูปรายการที่แล้วเสร็จก่อนกำหนดจัดจ้าง", "ร้อยละ", "higher", (70, 75, 80, 90, 100)),
    "inspection": ("ร้อยละของงานก่อสร้างที่ควบคุมงานและตรวจรับตามกำหนด", "ร้อยละ", "higher", (70, 75, 80, 90, 100)),
    "lights": ("ร้อยละของไฟฟ้าส่องสว่างที่ซ่อมแล้วเสร็จภายใน 3 วัน", "ร้อยละ", "higher", (70, 75, 80, 90, 100)),
    "water": ("ร้อยละของเรื่องร้องเรียนน้ำประปาที่แก้ไขภายใน 24 ชั่วโมง", "ร้อยละ", "higher", (70, 75, 80, 90, 100)),
    "learning": ("จำนวนกิจกรรมส่งเสริมการเรียนรู้ที่จัด", "ครั้ง", "higher", (4, 5, 6, 7, 8)),
    "meals": ("ร้อยละของวันที่เด็กได้รับอาหารกลางวันและนมครบตามมาตรฐาน", "ร้อยละ", "higher", (90, 92, 95, 98, 100)),
    "larvae": ("ร้อยละของหมู่บ้านที่ค่าดัชนีลูกน้ำยุงลาย (HI) ไม่เกิน 10", "ร้อยละ", "higher", (60, 70, 80, 90, 100)),
    "food_shops": ("ร้อยละของสถานประกอบการอาหารที่ผ่านเกณฑ์สุขาภิบาล", "ร้อยละ", "higher", (60, 70, 80, 90, 100)),
    "pets": ("จำนวนสุนัขและแมวที่ขึ้นทะเบียน", "ตัว", "higher", (300, 350, 400, 450, 500)),
    "sorting": ("ร้อยละของครัวเรือนที่คัดแยกขยะต้นทาง", "ร้อยละ", "higher", (40, 50, 60, 70, 80)),
    "audits": ("จำนวนเรื่องที่ตรวจสอบตามแผนการตรวจสอบประจำปี", "เรื่อง", "higher", (8, 9, 10, 11, 12)),
    "follow_ups": ("ร้อยละของข้อเสนอแนะที่ติดตามผลภายในกำหนด", "ร้อยละ", "higher", (60, 70, 80, 90, 100)),
}
# Everyone's second own KPI: the managers' and the staff's.
MANAGERS_KPI = ("ร้อยละการเบิกจ่ายงบประมาณตามแผนการใช้จ่าย", "ร้อยละ", "higher", (80, 85, 90, 95, 100))
STAFF_KPI = ("ร้อยละของงานที่ได้รับมอบหมายแล้วเสร็จตามกำหนด", "ร้อยละ", "higher", (60, 70, 80, 90, 100))
WEIGHTS = (Decimal(40), Decimal(35), Decimal(25))  # the plan's KPI, the position's own, the second own
PALAD = "นายวีระ ทองดี"
STAFF = [
    # name, department, position, supervisor, demo account, salary, result of round 2/2569: the levels the
    # two own KPIs reached and how many competencies were shown a level short (the plan's KPI reaches what
    # the approved data reach)
    (PALAD, OFFICE, "palad", None, None, "48200", (4, 5, 1)),
    ("นายชาญวิทย์ อินทร์แก้ว", OFFICE, "deputy", PALAD, None, "39880", (4, 3, 1)),
    ("นางสาวอรทัย บุญมา", OFFICE, "head", PALAD, None, "32150", (4, 4, 2)),
    ("นางวิภาวรรณ ศรีสุข", OFFICE, "analyst", "นางสาวอรทัย บุญมา", "planner", "29870", (5, 4, 1)),
    ("นางสาวจันทร์เพ็ญ ศรีวงศ์", OFFICE, "hr_officer", "นางสาวอรทัย บุญมา", "hr", "28450", (4, 3, 1)),
    ("นางรัชนี พึ่งบุญ", OFFICE, "general", "นางสาวอรทัย บุญมา", None, "30210", (3, 2, 2)),
    ("นางสาวศิริพร แก้วประเสริฐ", OFFICE, "clerk_senior", "นางสาวอรทัย บุญมา", None, "23680", (4, 4, 1)),
    ("นางสาวกมลชนก ศรีทอง", OFFICE, "clerk", "นางสาวอรทัย บุญมา", None, "14310", (5, 2, 1)),
    ("นายกิตติศักดิ์ บุญเรือง", OFFICE, "legal", "นางสาวอรทัย บุญมา", None, "19820", (3, 3, 3)),
    ("นายสมพงษ์ ทองคำ", OFFICE, "disaster_senior", "นางสาวอรทัย บุญมา", None, "24150", (3, 4, 1)),
    ("นายวันชัย ชูศรี", OFFICE, "disaster", "นางสาวอรทัย บุญมา", None, "15210", (3, 3, 2)),
    ("นางสาวพรทิพย์ จันทร์หอม", OFFICE, "community", "นางสาวอรทัย บุญมา", None, "17690", (4, 2, 1)),
    ("นางสุดารัตน์ ใจงาม", FINANCE, "director_finance", PALAD, None, "37120", (4, 5, 1)),
    ("นางสาวปิยะนุช คำดี", FINANCE, "accountant", "นางสุดารัตน์ ใจงาม", None, "18450", (4, 4, 1)),
    ("นางบุษบา วงศ์สวัสดิ์", FINANCE, "finance_officer", "นางสุดารัตน์ ใจงาม", None, "22940", (5, 4, 2)),
    ("นายณัฐพล เพชรรัตน์", FINANCE, "supplies", "นางสุดารัตน์ ใจงาม", None, "21560", (3, 4, 2)),
    ("นางสาวอัมพร ศรีเมือง", FINANCE, "revenue", "นางสุดารัตน์ ใจงาม", None, "17230", (4, 3, 2)),
    ("นายวิชัย ดวงแก้ว", FINANCE, "revenue_officer", "นางสุดารัตน์ ใจงาม", None, "15480", (3, 2, 3)),
    ("นายสมศักดิ์ แสงทอง", WORKS, "director_works", PALAD, None, "38400", (4, 4, 2)),
    ("นายธีรวัฒน์ สุวรรณรัตน์", WORKS, "civil_engineer", "นายสมศักดิ์ แสงทอง", None, "29540", (5, 3, 0)),
    ("นายประเสริฐ มั่นคง", WORKS, "engineer", "นายสมศักดิ์ แสงทอง", "reporter", "24760", (3, 5, 1)),
    ("นายอนุชา พรมมา", WORKS, "engineer_junior", "นายสมศักดิ์ แสงทอง", None, "19930", (3, 2, 1)),
    ("นายสุริยา คงสมบูรณ์", WORKS, "electrician", "นายสมศักดิ์ แสงทอง", None, "16840", (4, 2, 2)),
    ("นายบุญชัย ศรีสวัสดิ์", WORKS, "plumber", "นายสมศักดิ์ แสงทอง", None, "15920", (2, 3, 2)),
    ("นางสาวนภัสสร ทองมา", WORKS, "clerk", "นายสมศักดิ์ แสงทอง", None, "13970", (4, 4, 3)),
    ("นางพัชรินทร์ ศรีประเสริฐ", EDUCATION, "director_education", PALAD, None, "34860", (3, 4, 1)),
    ("นางมาลี สุขสวัสดิ์", EDUCATION, "educator", "นางพัชรินทร์ ศรีประเสริฐ", None, "21340", (4, 3, 2)),
    ("นางสุนันทา พูลสวัสดิ์", EDUCATION, "teacher_senior", "นางพัชรินทร์ ศรีประเสริฐ", None, "31680", (5, 4, 2)),
    ("นางสาวเบญจวรรณ ทองสุข", EDUCATION, "teacher", "นางพัชรินทร์ ศรีประเสริฐ", None, "24170", (4, 4, 2)),
    ("นางสาวณัฐธิดา เกิดผล", EDUCATION, "teacher_assistant", "นางพัชรินทร์ ศรีประเสริฐ", None, "16980", (3, 2, 3)),
    ("นางลำดวน มีสุข", EDUCATION, "carer", "นางพัชรินทร์ ศรีประเสริฐ", None, "13250", (5, 3, 2)),
    ("นางสาวธิดารัตน์ บุญสม", EDUCATION, "clerk", "นางพัชรินทร์ ศรีประเสริฐ", None, "14870", (2, 4, 2)),
    ("นายไพโรจน์ สมบัติทอง", HEALTH, "director_health", PALAD, None, "35940", (5, 4, 1)),
    ("นายธนพล รักษ์ดี", HEALTH, "health", "นายไพโรจน์ สมบัติทอง", None, "26580", (4, 4, 1)),
    ("นางสาวสุภาพร ชัยมงคล", HEALTH, "sanitation", "นายไพโรจน์ สมบัติทอง", None, "18120", (4, 3, 2)),
    ("นายเอกชัย ปานทอง", HEALTH, "health_officer", "นายไพโรจน์ สมบัติทอง", None, "22310", (3, 2, 3)),
    ("นางสาววรรณา ศรีจันทร์", HEALTH, "environment", "นายไพโรจน์ สมบัติทอง", None, "16450", (4, 4, 2)),
    ("นางสาวอรุณี แสงจันทร์", HEALTH, "clerk", "นายไพโรจน์ สมบัติทอง", None, "13640", (4, 5, 3)),
    ("นางกาญจนา รุ่งเรือง", AUDIT, "auditor", PALAD, "auditor", "27990", (5, 4, 1)),
    ("นางสาวปวีณา สายทอง", AUDIT, "auditor_junior", "นางกาญจนา รุ่งเรือง", None, "16270", (3, 3, 2)),
]
COMMENTS = {
    "outstanding": "ผลงานโดดเด่น บรรลุเป้าหมายทุกตัวชี้วัด เป็นแบบอย่างที่ดีแก่เพื่อนร่วมงาน",
    "very_good": "ปฏิบัติงานได้ผลดีมาก บรรลุเป้าหมายเกือบทุกตัวชี้วัด",
    "good": "ปฏิบัติงานได้ตามเป้าหมายส่วนใหญ่ ควรวางแผนงานให้แล้วเสร็จตามกำหนดมากขึ้น",
    "fair": "ผลงานต่ำกว่าเป้าหมายหลายตัวชี้วัด ให้จัดทำแผนพัฒนารายบุคคลและติดตามใกล้ชิดในรอบถัดไป",
}
# The reviewer's adjustment and the employee who disagreed, of round 2/2569 (each text under 100 characters:
# the services also keep it as the history's change reason, a column of 100).
ADJUSTED = ("นางสาวศิริพร แก้วประเสริฐ", Decimal(90), "ปฏิบัติงานศูนย์ช่วยเหลือผู้ประสบอุทกภัยเดือนกันยายน 2569 นอกเหนือข้อตกลง")
DISAGREES = ("นายเอกชัย ปานทอง", "ผลพ่นหมอกควันต่ำกว่าเป้าเพราะสารเคมีส่งมอบล่าช้า ไม่ใช่ผลการปฏิบัติงานของข้าพเจ้า")
# Round 1/2570: agreements still drafts (the first also signed by the employee), and the check-ins so far:
# (person, on, value, progress, problem, advice) on the person's own KPI of the position.
DRAFTS = ("นายกิตติศักดิ์ บุญเรือง", "นางสาวณัฐธิดา เกิดผล", "นายวิชัย ดวงแก้ว", "นางสาวอรุณี แสงจันทร์")
CHECKINS = [
    ("นายประเสริฐ มั่นคง", date(2026, 10, 30), 80, "ตรวจรับงานงวดที่ 1 ตามกำหนด 4 ใน 5 สัญญา", "", ""),
    (
        "นายประเสริฐ มั่นคง",
        date(2026, 11, 16),
        75,
        "ตรวจรับงานงวดที่ 2 ตามกำหนด 6 ใน 8 สัญญา",
        "ฝนตกต่อเนื่อง งานล่าช้า",
        "วางแผนงานสำรองช่วงฝนตก",
    ),
    ("นางวิภาวรรณ ศรีสุข", date(2026, 11, 10), 55, "ติดตามรายงานไตรมาส 1 ของทุกกองแล้ว", "", ""),
    ("นางสาวจันทร์เพ็ญ ศรีวงศ์", date(2026, 11, 5), 25, "ส่งบุคลากรอบรมการจัดทำข้อตกลงการปฏิบัติราชการ", "", ""),
    ("นางกาญจนา รุ่งเรือง", date(2026, 11, 12), 3, "ตรวจสอบการเบิกจ่ายเงินไตรมาส 1 แล้วเสร็จ", "", ""),
    ("นายสมพงษ์ ทองคำ", date(2026, 11, 3), 9, "ออกเหตุอุทกภัย 6 ครั้ง", "รถบรรทุกน้ำเข้าซ่อม", "ประสานขอรถจากอำเภอ"),
    ("นางบุษบา วงศ์สวัสดิ์", date(2026, 10, 30), 92, "เบิกจ่ายฎีกาเดือนตุลาคมครบ", "", ""),
    (
        "นางสาวอัมพร ศรีเมือง",
        date(2026, 11, 13),
        35,
        "ส่งหนังสือแจ้งเตือนลูกหนี้ครบทุกราย",
        "ลูกหนี้บางรายย้ายภูมิลำเนา",
        "ประสานผู้ใหญ่บ้านช่วยติดตาม",
    ),
    ("นางสาวเบญจวรรณ ทองสุข", date(2026, 11, 13), 82, "ประเมินพัฒนาการเด็กกลางภาคเรียน", "", ""),
    (
        "นายธนพล รักษ์ดี",
        date(2026, 11, 9),
        70,
        "สำรวจลูกน้ำยุงลายครบ 12 หมู่บ้าน",
        "พบลูกน้ำยุงลายสูงในหมู่ที่ 4 หลังน้ำลด",
        "รณรงค์ Big Cleaning ร่วมกับ อสม.",
    ),
]
# Beyond the core ones: (kind, name, the positions that expect it)
MANAGERS = ("palad", "deputy", "head", "director_finance", "director_works", "director_education", "director_health")
MORE_COMPETENCIES = [
    ("managerial", "การเป็นผู้นำในการเปลี่ยนแปลง", MANAGERS),
    ("managerial", "การวางแผนเชิงกลยุทธ์", MANAGERS),
    (
        "functional",
        "การตรวจสอบความถูกต้องตามกระบวนงาน",
        (
            "engineer",
            "engineer_junior",
            "civil_engineer",
            "electrician",
            "plumber",
            "accountant",
            "finance_officer",
            "supplies",
            "revenue",
            "revenue_officer",
            "clerk_senior",
            "clerk",
            "legal",
            "auditor",
            "auditor_junior",
        ),
    ),
    (
        "functional",
        "การคิดวิเคราะห์",
        (
            "analyst",
            "hr_officer",
            "general",
            "community",
            "disaster_senior",
            "disaster",
            "educator",
            "teacher_senior",
            "teacher",
            "teacher_assistant",
            "carer",
            "health",
            "sanitation",
            "health_officer",
            "environment",
            "auditor",
            "auditor_junior",
        ),
    ),
]
SENIOR = set(MANAGERS)  # expect level 3 of the core competencies; everyone else level 2
HISTORIES = (Round, Agreement, AgreementKPI, AgreementCompetency, CheckIn, Evaluation, RaiseProposal, RaiseLine)


def moment(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=BANGKOK)


def workday(first: date, n: int) -> date:
    """The ``n``-th working day (Monday to Friday) from ``first`` (itself a working day) on."""
    day = first
    while n:
        day += timedelta(days=1)
        n -= day.weekday() < 5
    return day


def plan_levels(target: Decimal) -> list[Decimal]:
    """The five levels of a KPI of the plan in an agreement: 80, 85, 90, 95 and 100 percent of its annual
    target (level 5: the plan's target)."""
    unit = Decimal(1) if target >= 20 else Decimal("0.1")
    return [(target * share / 100).quantize(unit, rounding=ROUND_HALF_UP) for share in (80, 85, 90, 95, 100)]


class PeopleSeeder:
    def __init__(self, org):
        self.org = org
        self.created = Counter()

    def summary(self) -> str:
        return ", ".join(f"{n} {name}" for name, n in sorted(self.created.items())) or "nothing new"

    # -- dating what the services write ------------------------------------------------------------------

    @contextmanager
    def dated(self, when: datetime, user=None, stamps=(), models=HISTORIES):
        """What the block writes is dated ``when`` in the story: its history rows (by ``user`` where no author
        is recorded yet) and the ``stamps`` (model, field), which the services set to the real time, on the
        rows and in their history."""
        marks = {model: model.history.aggregate(last=Max("history_id"))["last"] or 0 for model in models}
        yield
        fields = defaultdict(list)
        for model, field in stamps:
            fields[model].append(field)
        for model, mark in marks.items():
            new = model.history.filter(history_id__gt=mark)
            values = dict.fromkeys(fields[model], when)
            if values:
                model.objects.filter(pk__in=new.values("id")).update(**values)
            new.update(history_date=when, **values)
            if user is not None:
                new.filter(history_user__isnull=True).update(history_user=user)

    def count(self, model, n: int = 1) -> None:
        self.created[model.__name__] += n

    # -- the staff and the rules ---------------------------------------------------------------------

    def rules(self):
        rule_set(self.org, name="เกณฑ์การประเมิน ก.อบต.จังหวัด (ค่าเริ่มต้น)")
        RaiseRules.objects.create(
            organization=self.org,
            name="การเลื่อนขั้นเงินเดือน (หนึ่งขั้น ครึ่งขั้น)",
            valid_from=date(2020, 10, 1),
            method=RaiseRules.Method.STEPS,
            rate_outstanding=Decimal(1),
            rate_very_good=Decimal("0.5"),
            rate_good=Decimal("0.5"),
            rate_fair=Decimal("0.5"),
            rate_needs_improvement=Decimal(0),
        )
        RaiseRules.objects.create(
            organization=self.org,
            name="การเลื่อนเงินเดือนร้อยละของฐานในการคำนวณ (ประกาศ ก.ถ. ฉบับที่ 21)",
            valid_from=date(2026, 1, 10),
            method=RaiseRules.Method.PERCENT,
            rate_outstanding=Decimal("4.2"),
            rate_very_good=Decimal("3.2"),
            rate_good=Decimal("2.2"),
            rate_fair=Decimal("1.2"),
            rate_needs_improvement=Decimal(0),
        )
        self.count(RaiseRules, 2)

    def positions(self) -> dict:
        positions = {
            key: Position.objects.create(
                organization=self.org,
                name=name,
                line=line,
                level=level,
                calculation_base=Decimal(BASES[level]) if level in BASES else None,
            )
            for key, (name, line, level, _kpi) in POSITIONS.items()
        }
        self.count(Position, len(positions))
        return positions

    def competencies(self, positions):
        """The organization's competencies and the level each position expects."""
        org = self.org
        core = [
            Competency.objects.create(organization=org, name=n, order=i)
            for i, n in enumerate(DEFAULT_CORE_COMPETENCIES)
        ]
        expected = [
            PositionCompetency(
                organization=org, position=position, competency=competency, expected_level=3 if key in SENIOR else 2
            )
            for key, position in positions.items()
            for competency in core
        ]
        for order, (kind, name, keys) in enumerate(MORE_COMPETENCIES):
            competency = Competency.objects.create(organization=org, kind=kind, name=name, order=order)
            expected += [
                PositionCompetency(organization=org, position=positions[key], competency=competency, expected_level=3)
                for key in keys
            ]
        bulk_create_with_history(expected, PositionCompetency)
        self.count(Competency, len(core) + len(MORE_COMPETENCIES))

    def staff(self, positions) -> dict:
        departments = {d.name: d for d in Department.objects.for_org(self.org)}
        accounts = {u.username: u for u in User.objects.filter(username__in=[row[4] for row in STAFF if row[4]])}
        people = {}
        for name, department, position, supervisor, account, salary, _result in STAFF:
            people[name] = make_person(
                self.org,
                name,
                department=departments[department],
                supervisor=people.get(supervisor),
                user=accounts.get(account),
                salary=Decimal(salary),
                position=positions[position],
            )
        self.count(Person, len(people))
        return people

    def run(self):
        if Person.objects.for_org(self.org).exists():
            return self
        self.hr, self.admin = User.objects.get(username="hr"), User.objects.get(username="admin")
        self.access = access_for(self.hr, self.org.slug)
        self.positions_of = {row[0]: row[2] for row in STAFF}
        self.rules()
        positions = self.positions()
        self.competencies(positions)
        self.staff(positions)
        self.finished_round()
        self.current_round()
        return self

    # -- both rounds: the agreements ------------------------------------------------------------------

    def plan_kpi(self, department, year):
        """The department's KPI of the plan for its staff: the first numeric higher-is-better KPI of its
        projects in the year's action plan with an annual target (None: the department has none)."""
        scheduled = ActionPlanItem.objects.for_org(self.org).filter(action_plan__fiscal_year=year)
        targets = Target.objects.for_org(self.org).filter(fiscal_year=year, period=0, value__gt=0)
        return (
            Indicator.objects.for_org(self.org)
            .filter(project__department=department, project__in=scheduled.values("project"))
            .filter(measure_type__in=("number", "percentage"), direction="higher", pk__in=targets.values("indicator"))
            .order_by("project__order", "pk")
            .first()
        )

    def open_round(self, year, number, created: date, opened: date) -> tuple[Round, dict]:
        """HR creates the round and opens everyone's agreement (the competencies of their position copied),
        copies each department's KPI of the plan to its staff, then adds everyone's own KPIs (as on the KPI
        form: before the plan's); the weights make 100 with the plan's KPI or without it. Returns the round
        and its agreements by the person's name."""
        with self.dated(moment(created), self.hr):
            round_ = services.round_create(org=self.org, fiscal_year=year, number=number, access=self.access)
        with self.dated(moment(opened), self.hr):
            services.agreements_open_all(round_=round_, access=self.access)
        linked = set()
        for department in Department.objects.for_org(self.org).order_by("order", "name"):
            indicator = self.plan_kpi(department, year)
            if indicator is None:
                continue
            target = Target.objects.for_org(self.org).get(indicator=indicator, fiscal_year=year, period=0).value
            with self.dated(moment(opened, 14), self.hr):
                services.kpis_cascade(
                    round_=round_,
                    department=department,
                    indicator=indicator,
                    name=indicator.name,
                    weight=WEIGHTS[0],
                    levels=plan_levels(target),
                    direction="higher",
                    user=self.hr,
                    access=self.access,
                )
            linked.add(department.pk)
        agreements = {
            a.person.name: a
            for a in Agreement.objects.for_org(self.org)
            .filter(round=round_)
            .select_related("round__rules", "person__department", "person__supervisor__user", "person__user")
        }
        own = []
        for agreement in agreements.values():
            person = agreement.person
            key = self.positions_of[person.name]
            first, second = WEIGHTS[1:] if person.department_id in linked else (Decimal(60), Decimal(40))
            kpis = [(OWN_KPIS[POSITIONS[key][3]], first), (MANAGERS_KPI if key in SENIOR else STAFF_KPI, second)]
            for (name, unit, direction, levels), weight in kpis:
                kpi = AgreementKPI(
                    organization=self.org,
                    agreement=agreement,
                    name=name,
                    unit=unit,
                    weight=weight,
                    direction=direction,
                    **{f"level_{n}": Decimal(v) for n, v in enumerate(levels, start=1)},
                )
                kpi._history_date, kpi._history_user = moment(opened, 15), self.hr
                own.append(kpi)
        bulk_create_with_history(own, AgreementKPI, batch_size=500)
        made = AgreementKPI.objects.for_org(self.org).filter(agreement__round=round_).count()
        copied = AgreementCompetency.objects.for_org(self.org).filter(agreement__round=round_).count()
        self.count(Round)
        self.count(Agreement, len(agreements))
        self.count(AgreementKPI, made)
        self.count(AgreementCompetency, copied)
        return round_, agreements

    def sign(self, agreements, first_day: date, *, employee_only=()):
        """Both sign each agreement, a department a working day after the other: the employee in the morning,
        the supervisor the next day (on paper where the signer has no account: most supervisors do not);
        ``employee_only``: agreements the supervisor has not signed yet."""
        orders = sorted({a.person.department.order for a in agreements})
        for agreement in agreements:
            if services.agreement_problems(agreement):
                raise ValueError(f"{agreement} cannot be signed: {services.agreement_problems(agreement)}")
            person = agreement.person
            day = workday(first_day, orders.index(person.department.order))
            agreement.employee_signed_at, agreement.employee_signed_by = moment(day, 9), person.user
            agreement._history_date, agreement._history_user = agreement.employee_signed_at, person.user
            if person.name not in employee_only:
                agreement.supervisor_signed_at = moment(workday(day, 1), 14)
                agreement.supervisor_signed_by = person.supervisor.user if person.supervisor else None
                agreement.state = Agreement.State.AGREED
                agreement._history_date = agreement.supervisor_signed_at
                agreement._history_user = agreement.supervisor_signed_by
        fields = ["state", "employee_signed_at", "employee_signed_by", "supervisor_signed_at", "supervisor_signed_by"]
        bulk_update_with_history(agreements, Agreement, fields, batch_size=500)

    # -- round 2 of 2569: done -------------------------------------------------------------------------

    def finished_round(self):
        """Round 2 of 2569 from its agreements to its raise proposal; each department rated, reviewed and
        acknowledged a working day after the other."""
        round_, agreements = self.open_round(DONE_YEAR, 2, date(2026, 3, 25), date(2026, 4, 1))
        self.sign(list(agreements.values()), date(2026, 4, 6))
        results = {row[0]: row[6] for row in STAFF}
        self.check_in_results(agreements, results)
        for n, department in enumerate(Department.objects.for_org(self.org).order_by("order", "name")):
            staff = [a for a in agreements.values() if a.person.department_id == department.pk]
            rated = moment(workday(date(2026, 10, 1), n), 13)
            with self.dated(rated, stamps=[(Evaluation, "evaluated_at")]):
                on_paper = [self.rate(agreement, results[agreement.person.name][2], rated) for agreement in staff]
                on_paper = [rating for rating in on_paper if rating is not None]
                kpis = [kpi for rating in on_paper for kpi in rating[0]]
                bulk_update_with_history(kpis, AgreementKPI, ["rated_level", "rated_actual"], batch_size=500)
                competencies = [c for rating in on_paper for c in rating[1]]
                bulk_update_with_history(competencies, AgreementCompetency, ["rated_level"], batch_size=500)
                bulk_create_with_history([rating[2] for rating in on_paper], Evaluation, batch_size=500)
            reviewed = moment(workday(date(2026, 10, 12), n), 11)
            with self.dated(reviewed, self.hr, stamps=[(Evaluation, "reviewed_at")], models=(Evaluation,)):
                for agreement in staff:
                    self.review(agreement, reviewed)
            acknowledged = moment(workday(date(2026, 10, 19), n), 15)
            with self.dated(acknowledged, self.hr, stamps=[(Evaluation, "acknowledged_at")], models=(Evaluation,)):
                for agreement in staff:
                    self.acknowledge(agreement, acknowledged)
        self.count(Evaluation, len(agreements))
        with self.dated(moment(date(2026, 10, 27), 16), self.hr, stamps=[(Round, "finalized_at")]):
            round_ = services.round_finalize(round_=round_, user=self.hr, access=self.access)
        with self.dated(moment(date(2026, 10, 29)), self.hr, stamps=[(RaiseProposal, "made_at")]):
            proposal = services.raise_proposal_make(round_=round_, user=self.hr, access=self.access)
        self.count(RaiseProposal)
        self.count(RaiseLine, proposal.lines.count())
        if not services.raise_problems(proposal):
            with self.dated(moment(date(2026, 11, 5), 14), self.hr, stamps=[(RaiseProposal, "finalized_at")]):
                services.raise_proposal_finalize(proposal=proposal, user=self.hr, access=self.access)

    def check_in_results(self, agreements, results):
        """The values of the own KPIs checked in: at the end of June (the position's KPI, a level behind) and
        at the end of September (both), at the level of the person's result."""
        rows = []
        for agreement in agreements.values():
            own = [k for k in agreement.kpis.all() if k.indicator_id is None]  # the position's, then the second
            user = agreement.person.user
            for kpi, level in zip(own, results[agreement.person.name][:2], strict=True):
                checks = [(date(2026, 9, 25), level, "สรุปผลการดำเนินงานรอบการประเมิน")]
                if kpi is own[0]:
                    checks.insert(0, (date(2026, 6, 30), max(level - 1, 1), "ความก้าวหน้า ณ สิ้นไตรมาสที่ 3"))
                for on, reached, note in checks:
                    row = CheckIn(
                        organization=self.org,
                        kpi=kpi,
                        on=on,
                        value=kpi.levels[reached - 1],
                        note=note,
                        recorded_by=user,
                    )
                    row._history_date, row._history_user = moment(on, 16), user
                    rows.append(row)
        bulk_create_with_history(rows, CheckIn, batch_size=500)
        self.count(CheckIn, len(rows))

    def rate(self, agreement, short: int, when: datetime):
        """The supervisor rates the result: the plan's KPI at the level its approved data reach, the own KPIs
        at the levels their check-ins reach; ``short`` competencies one level below the expected one (which
        ones turns with the person), the others at it. Through ``evaluation_rate`` when the supervisor has an
        account (None is returned); otherwise the rating on paper, scored by ``people.scoring`` as the service
        scores it, to write: (the KPIs and the competencies rated, the evaluation)."""
        person = agreement.person
        results, _score = agreement_results(agreement)
        competencies = list(agreement.competencies.all())
        turn = person.pk % len(competencies)
        shown = {c.pk: c.expected_level - ((i - turn) % len(competencies) < short) for i, c in enumerate(competencies)}
        rules = agreement.round.rules
        achievement = scoring.achievement_score(((r.level, r.kpi.weight) for r in results), scale=rules.scale)
        competency = scoring.competency_score(
            ((shown[c.pk], c.expected_level) for c in competencies), rules.competency_point_values
        )
        total = scoring.total_score(achievement, competency, rules)
        comment = COMMENTS.get(scoring.band(total, rules), "")
        supervisor = person.supervisor
        if supervisor is not None and supervisor.user is not None:
            with self.dated(when, supervisor.user, models=(AgreementKPI, AgreementCompetency, Evaluation)):
                services.evaluation_rate(
                    agreement=agreement,
                    kpi_levels={r.kpi.pk: r.level for r in results},
                    competency_levels=shown,
                    comment=comment,
                    user=supervisor.user,
                    access=access_for(supervisor.user, self.org.slug),
                )
            return None
        places = Decimal("0.0001")  # those of the scores and of an actual: a bulk update does not round (SQLite)
        for result in results:
            actual = None if result.actual is None else result.actual.quantize(places, rounding=ROUND_HALF_UP)
            result.kpi.rated_level, result.kpi.rated_actual = result.level, actual
        for c in competencies:
            c.rated_level = shown[c.pk]
        evaluation = Evaluation(
            organization=self.org,
            agreement=agreement,
            state=Evaluation.State.EVALUATED,
            achievement_score=achievement.quantize(places, rounding=ROUND_HALF_UP),
            competency_score=competency.quantize(places, rounding=ROUND_HALF_UP),
            total=total,
            band=scoring.band(total, rules),
            comment=comment,
        )
        return [r.kpi for r in results], competencies, evaluation

    def acting(self, when: datetime, user):
        """The history of the evaluation written in the block is by ``user``; HR's is HR's already (the
        department's block says so)."""
        return nullcontext() if user == self.hr else self.dated(when, user, models=(Evaluation,))

    def review(self, agreement, when: datetime):
        """HR reviews where the reviewer has no account (everyone's here), confirming the supervisor's total
        or, once, raising it with a reason; HR's own result is reviewed by the administrator."""
        name, total, reason = ADJUSTED
        adjust = agreement.person.name == name
        user = self.admin if agreement.person.user_id == self.hr.pk else self.hr
        with self.acting(when, user):
            services.evaluation_review(
                evaluation=Evaluation.objects.get(agreement=agreement),
                adjusted_total=total if adjust else None,
                reason=reason if adjust else "",
                user=user,
                access=access_for(user, self.org.slug),
            )

    def acknowledge(self, agreement, when: datetime):
        """The employee acknowledges with their account; HR records it for those without one."""
        person = agreement.person
        user = person.user or self.hr
        name, note = DISAGREES
        with self.acting(when, user):
            services.evaluation_acknowledge(
                evaluation=Evaluation.objects.get(agreement=agreement),
                agrees=person.name != name,
                note=note if person.name == name else "",
                user=user,
                access=self.access if user == self.hr else access_for(user, self.org.slug),
            )

    # -- round 1 of 2570: in progress -------------------------------------------------------------------

    def current_round(self):
        """Round 1 of 2570: signed in October but for ``DRAFTS``, and the ``CHECKINS`` so far."""
        _round, agreements = self.open_round(YEAR, 1, date(2026, 9, 28), date(2026, 10, 1))
        signed = [a for name, a in agreements.items() if name not in DRAFTS[1:]]
        self.sign(signed, date(2026, 10, 8), employee_only=DRAFTS[:1])
        rows = []
        for name, on, value, note, problem, advice in CHECKINS:
            agreement = agreements[name]
            kpi = next(k for k in agreement.kpis.all() if k.indicator_id is None)  # the position's own KPI
            user = agreement.person.user
            row = CheckIn(
                organization=self.org,
                kpi=kpi,
                on=on,
                value=Decimal(value),
                note=note,
                problem=problem,
                advice=advice,
                recorded_by=user,
            )
            row._history_date, row._history_user = moment(on, 16), user
            rows.append(row)
        bulk_create_with_history(rows, CheckIn)
        self.count(CheckIn, len(rows))


def seed_people(org) -> PeopleSeeder:
    """บ้านแพน's staff, rules, round 2 of 2569 (done, with its raise proposal) and round 1 of 2570 (in
    progress), inside a transaction, after the plans and the monitoring data."""
    return PeopleSeeder(org).run()
