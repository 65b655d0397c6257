"""Evidence photos for the demo, drawn with Pillow: a sky, the ground and a simple scene with a caption.

Deterministic (the same arguments give the same bytes) and Latin-only text, so no Thai font is needed.
"""

import io
import random

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 800, 600
HORIZON = 330

# A project name containing the word draws that scene; anything else is a gathering of people.
SCENES = (
    (("ถนน", "ทาง"), "road"),
    (("สะพาน", "คลอง", "ระบายน้ำ", "ขุดลอก", "แหล่งน้ำ", "ท่อ"), "water"),
    (("ประปา", "ไฟฟ้า", "อาคาร", "ศูนย์", "ลาน", "ปรับปรุง", "ก่อสร้าง"), "building"),
    (("ต้นไม้", "ป่า", "ขยะ", "สิ่งแวดล้อม", "เกษตร", "ปลูก"), "trees"),
)


def scene_for(project_name: str) -> str:
    for words, scene in SCENES:
        if any(word in project_name for word in words):
            return scene
    return "people"


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # Pillow without FreeType: the small bitmap font
        return ImageFont.load_default()


def _jitter(rng: random.Random, color: tuple[int, int, int], spread: int = 12) -> tuple[int, int, int]:
    return tuple(max(0, min(255, c + rng.randint(-spread, spread))) for c in color)


def _gradient(draw: ImageDraw.ImageDraw, top, bottom, y0: int, y1: int) -> None:
    for y in range(y0, y1):
        t = (y - y0) / max(1, y1 - y0 - 1)
        draw.line([(0, y), (WIDTH, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))


def _tree(draw, rng, x: int, base: int, scale: float) -> None:
    trunk_w, trunk_h = int(10 * scale), int(45 * scale)
    draw.rectangle([x - trunk_w // 2, base - trunk_h, x + trunk_w // 2, base], fill=(101, 67, 33))
    radius = int(38 * scale)
    green = _jitter(rng, (46, 125, 50), 25)
    for dx, dy in ((0, -trunk_h - radius // 2), (-radius // 2, -trunk_h), (radius // 2, -trunk_h)):
        draw.ellipse([x + dx - radius, base + dy - radius, x + dx + radius, base + dy + radius], fill=green)


def _trees(draw, rng, count: int, y_range: tuple[int, int]) -> None:
    for _ in range(count):
        base = rng.randint(*y_range)
        scale = 0.5 + (base - HORIZON) / (HEIGHT - HORIZON)
        _tree(draw, rng, rng.randint(20, WIDTH - 20), base, scale)


def _road(draw, rng) -> None:
    near, far = rng.randint(520, 700), rng.randint(40, 90)
    centre = WIDTH // 2 + rng.randint(-60, 60)
    concrete = _jitter(rng, (178, 178, 172), 10)
    draw.polygon(
        [
            (centre - near // 2, HEIGHT),
            (centre + near // 2, HEIGHT),
            (centre + far // 2, HORIZON),
            (centre - far // 2, HORIZON),
        ],
        fill=concrete,
    )
    draw.line([(centre - near // 2, HEIGHT), (centre - far // 2, HORIZON)], fill=(120, 110, 90), width=4)
    draw.line([(centre + near // 2, HEIGHT), (centre + far // 2, HORIZON)], fill=(120, 110, 90), width=4)
    y = HEIGHT
    while y > HORIZON + 10:  # dashes, shorter towards the horizon
        length = max(4, (y - HORIZON) // 6)
        draw.line([(centre, y), (centre, y - length)], fill=(240, 200, 40), width=max(2, (y - HORIZON) // 40))
        y -= length * 2
    _trees(draw, rng, rng.randint(3, 6), (HORIZON + 10, HORIZON + 90))


def _water(draw, rng) -> None:
    top, bottom = HORIZON + 70, HORIZON + 170
    draw.rectangle([0, top, WIDTH, bottom], fill=_jitter(rng, (70, 120, 150), 15))
    for _ in range(25):
        x, y = rng.randint(0, WIDTH), rng.randint(top + 5, bottom - 5)
        draw.line([(x, y), (x + rng.randint(15, 40), y)], fill=(150, 190, 210), width=2)
    deck = top - 25
    draw.rectangle([120, deck, 680, deck + 22], fill=(190, 190, 185))
    for x in range(160, 680, 120):
        draw.rectangle([x, deck + 22, x + 16, bottom + 10], fill=(160, 160, 155))
    for x in range(120, 681, 28):
        draw.line([(x, deck), (x, deck - 22)], fill=(220, 220, 215), width=3)
    draw.line([(120, deck - 22), (680, deck - 22)], fill=(220, 220, 215), width=4)
    _trees(draw, rng, rng.randint(2, 4), (HORIZON + 5, HORIZON + 40))


def _building(draw, rng) -> None:
    x0 = rng.randint(140, 260)
    x1 = x0 + rng.randint(300, 420)
    base = HORIZON + rng.randint(120, 170)
    top = base - rng.randint(120, 170)
    wall = _jitter(rng, (235, 225, 200), 15)
    draw.rectangle([x0, top, x1, base], fill=wall, outline=(140, 130, 110), width=3)
    roof = _jitter(rng, (170, 60, 45), 20)
    draw.polygon([(x0 - 25, top), (x1 + 25, top), ((x0 + x1) // 2, top - rng.randint(60, 100))], fill=roof)
    for x in range(x0 + 25, x1 - 40, 70):
        draw.rectangle([x, top + 30, x + 40, top + 70], fill=(110, 150, 190), outline=(90, 90, 90), width=2)
    door = (x0 + x1) // 2
    draw.rectangle([door - 25, base - 70, door + 25, base], fill=(120, 80, 50))
    draw.rectangle([0, base, WIDTH, base + 40], fill=(200, 200, 195))  # the concrete yard
    _trees(draw, rng, rng.randint(1, 3), (HORIZON + 20, HORIZON + 60))


def _people(draw, rng) -> None:
    tent_x = rng.randint(180, 320)
    draw.polygon(
        [
            (tent_x, HORIZON + 40),
            (tent_x + 360, HORIZON + 40),
            (tent_x + 330, HORIZON - 10),
            (tent_x + 30, HORIZON - 10),
        ],
        fill=(245, 245, 245),
        outline=(180, 180, 180),
    )
    for x in (tent_x + 20, tent_x + 340):
        draw.line([(x, HORIZON + 40), (x, HORIZON + 140)], fill=(150, 150, 150), width=5)
    crowd = sorted(
        (rng.randint(HORIZON + 110, HEIGHT - 40), rng.randint(40, WIDTH - 40)) for _ in range(rng.randint(14, 24))
    )
    for base, x in crowd:  # back to front
        scale = 0.6 + (base - HORIZON) / (HEIGHT - HORIZON)
        body = _jitter(rng, rng.choice([(200, 60, 60), (60, 90, 170), (240, 180, 40), (90, 150, 90), (250, 250, 250)]))
        w, h, r = int(16 * scale), int(50 * scale), int(10 * scale)
        draw.rectangle([x - w, base - h, x + w, base], fill=body)
        draw.ellipse([x - r, base - h - 2 * r, x + r, base - h], fill=(120, 85, 60))


def _trees_scene(draw, rng) -> None:
    for row in range(3):
        for _ in range(rng.randint(4, 7)):
            base = HORIZON + 40 + row * 80 + rng.randint(-10, 10)
            _tree(draw, rng, rng.randint(30, WIDTH - 30), base, 0.6 + row * 0.35)


DRAW = {"road": _road, "water": _water, "building": _building, "people": _people, "trees": _trees_scene}


def demo_photo(*, scene: str, caption: str, seed: str) -> bytes:
    """An 800×600 JPEG of the scene ("road", "water", "building", "trees", "people") with a caption."""
    rng = random.Random(seed)
    img = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(img)
    _gradient(draw, _jitter(rng, (70, 130, 210)), _jitter(rng, (200, 225, 245)), 0, HORIZON)
    _gradient(draw, _jitter(rng, (120, 160, 80)), _jitter(rng, (80, 120, 50)), HORIZON, HEIGHT)
    sun = (rng.randint(60, WIDTH - 60), rng.randint(40, 120))
    draw.ellipse([sun[0] - 30, sun[1] - 30, sun[0] + 30, sun[1] + 30], fill=(255, 236, 150))
    for _ in range(rng.randint(1, 3)):  # clouds
        cx, cy = rng.randint(50, WIDTH - 50), rng.randint(40, 180)
        for dx in (-40, -10, 20, 45):
            draw.ellipse([cx + dx - 35, cy - 20, cx + dx + 35, cy + 20], fill=(250, 250, 250))
    DRAW[scene](draw, rng)
    draw.rectangle([0, HEIGHT - 44, WIDTH, HEIGHT], fill=(20, 20, 20))
    draw.text((16, HEIGHT - 38), caption, fill=(255, 255, 255), font=_font(26))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=88)
    return out.getvalue()
