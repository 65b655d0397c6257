"""The wording of the DLA's satisfaction forms, as data: แบบที่ 3/2 (overall, 3 levels) and แบบที่ 3/3
(per strategy, scored 0–10), and the scales of the rating kinds.

The DLA's wording differs from year to year: these are the commonly published items, copied into a new
survey where every word stays editable. Change the wording here (or in the survey after copying), never
in a view. ``survey_from_template`` in ``surveys/design.py`` builds a survey from one of them.
"""

from decimal import Decimal

# The answers a rating kind offers, in the order shown, each with its score.
RATING_SCALES: dict[str, list[tuple[str, Decimal]]] = {
    "rating3": [("พอใจมาก", Decimal(3)), ("พอใจ", Decimal(2)), ("ไม่พอใจ", Decimal(1))],
    "rating5": [
        ("พอใจมากที่สุด", Decimal(5)),
        ("พอใจมาก", Decimal(4)),
        ("พอใจปานกลาง", Decimal(3)),
        ("พอใจน้อย", Decimal(2)),
        ("พอใจน้อยที่สุด", Decimal(1)),
    ],
    "rating10": [(str(score), Decimal(score)) for score in range(11)],
}

PROFILE_TITLE = "ข้อมูลทั่วไปของผู้ตอบแบบสอบถาม"

PROFILE = [
    ("เพศ", ["ชาย", "หญิง"]),
    ("อายุ", ["ต่ำกว่า 20 ปี", "20–30 ปี", "31–40 ปี", "41–50 ปี", "51–60 ปี", "มากกว่า 60 ปี"]),
    (
        "การศึกษา",
        [
            "ประถมศึกษา",
            "มัธยมศึกษาหรือเทียบเท่า",
            "อนุปริญญาหรือเทียบเท่า",
            "ปริญญาตรี",
            "สูงกว่าปริญญาตรี",
            "อื่น ๆ",
        ],
    ),
    (
        "อาชีพหลัก",
        [
            "รับราชการ",
            "เอกชน/รัฐวิสาหกิจ",
            "ค้าขาย ธุรกิจส่วนตัว",
            "รับจ้าง",
            "นักเรียน นักศึกษา",
            "เกษตรกร",
            "อื่น ๆ",
        ],
    ),
]

# The nine satisfaction items of แบบที่ 3/2 as commonly published (verify the year's wording).
ITEMS = [
    "มีการเปิดโอกาสให้ประชาชนมีส่วนร่วมในโครงการ/กิจกรรม",
    "มีการประชาสัมพันธ์ให้ประชาชนรับรู้ข้อมูลของโครงการ/กิจกรรม",
    "มีการเปิดโอกาสให้ประชาชนแสดงความคิดเห็นในโครงการ/กิจกรรม",
    "มีการรายงานผลการดำเนินงานของโครงการ/กิจกรรมให้ประชาชนทราบ",
    "มีความโปร่งใสในการดำเนินโครงการ/กิจกรรม",
    "การดำเนินงานเป็นไปตามระยะเวลาที่กำหนด",
    "ผลการดำเนินโครงการ/กิจกรรมนำไปสู่การแก้ไขปัญหาของประชาชนในท้องถิ่น",
    "การแก้ไขปัญหาและการตอบสนองความต้องการของประชาชน",
    "ประโยชน์ที่ประชาชนได้รับจากการดำเนินโครงการ/กิจกรรม",
]

SUGGESTIONS = "ข้อเสนอแนะเพิ่มเติม"

TEMPLATES = {
    "3/2": {
        "title": "แบบที่ 3/2 แบบประเมินความพึงพอใจต่อผลการดำเนินงานขององค์กรปกครองส่วนท้องถิ่นในภาพรวม",
        "introduction": (
            "แบบสอบถามนี้ใช้สำรวจความพึงพอใจของประชาชนต่อการดำเนินงานขององค์กรปกครองส่วนท้องถิ่น "
            "ไม่ต้องระบุชื่อผู้ตอบ คำตอบของท่านจะนำไปใช้ปรับปรุงการทำงาน"
        ),
        "items_title": "ความพึงพอใจต่อผลการดำเนินงานขององค์กรปกครองส่วนท้องถิ่นในภาพรวม",
        "items_kind": "rating3",
        "per_strategy": False,
    },
    "3/3": {
        "title": "แบบที่ 3/3 แบบประเมินความพึงพอใจต่อผลการดำเนินงานขององค์กรปกครองส่วนท้องถิ่นในแต่ละยุทธศาสตร์",
        "introduction": (
            "โปรดให้คะแนนความพึงพอใจต่อการดำเนินงานในแต่ละยุทธศาสตร์ ตั้งแต่ 0 (ไม่พอใจเลย) ถึง 10 (พอใจมากที่สุด) ไม่ต้องระบุชื่อผู้ตอบ"
        ),
        "items_title": "ยุทธศาสตร์ที่ {number} {name}",
        "items_kind": "rating10",
        "per_strategy": True,
    },
}
