"""Nothing typed is lost in the browser: a refused file, an expired session."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from conftest import SHOTS, log_in


@pytest.fixture
def entry(world, q1, live_server, settings, tmp_path):
    """The data-entry page of กองช่าง's project (each project is entered on its own page)."""
    settings.MEDIA_ROOT = tmp_path
    project = world.plan.projects[0]
    return live_server.url + reverse("monitoring:report", args=[world.org.slug, 2570, 1, project.pk])


@pytest.mark.django_db(transaction=True)
def test_a_fake_photo_and_an_oversized_file_are_refused_in_thai_and_the_typing_stays(
    world, entry, live_server, new_page, tmp_path, today
):
    from monitoring.periods import policy_for

    policy = policy_for(world.org)
    policy.max_file_mb = 1
    policy.save()
    project = world.plan.projects[0]
    page = new_page()
    log_in(page, live_server, "reporter")
    page.goto(entry)
    card = page.locator(f"#project-{project.pk}")
    card.locator(f"textarea[name=r{project.pk}-narrative]").fill("ข้อความที่ยังไม่ได้บันทึก")

    fake = tmp_path / "ภาพถ่ายหน้างาน.jpg"
    fake.write_text("นี่ไม่ใช่รูปภาพ", encoding="utf-8")
    big = tmp_path / "big.png"
    Image.effect_noise((1200, 1200), 64).convert("RGB").save(big, "PNG")  # noise does not compress: > 1 MB
    assert big.stat().st_size > 1024 * 1024
    card.locator("input[type=file]").set_input_files([str(fake), str(big)])
    card.locator("form[enctype] button").click()
    errors = card.locator(f"#evidence-{project.pk} .alert-danger")
    errors.nth(1).wait_for()
    text = errors.all_inner_texts()
    assert any("ภาพถ่ายหน้างาน.jpg" in t and "ไม่ใช่" in t for t in text), text
    assert any("big.png" in t and "MB" in t for t in text), text
    assert card.locator(f"textarea[name=r{project.pk}-narrative]").input_value() == "ข้อความที่ยังไม่ได้บันทึก"
    page.screenshot(path=SHOTS / "m09-files-refused.png", full_page=True)

    photo = tmp_path / "รูปถนน.png"
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), "steelblue").save(buffer, "PNG")
    photo.write_bytes(buffer.getvalue())
    card.locator("input[type=file]").set_input_files(str(photo))
    card.locator("form[enctype] button").click()
    card.locator(f"#evidence-{project.pk} img").wait_for()
    assert card.locator(f"textarea[name=r{project.pk}-narrative]").input_value() == "ข้อความที่ยังไม่ได้บันทึก"


@pytest.mark.django_db(transaction=True)
def test_when_the_session_expires_the_typing_is_kept_and_restored_after_logging_in(
    world, entry, live_server, new_page, today
):
    project = world.plan.projects[0]
    page = new_page()
    log_in(page, live_server, "reporter")
    page.goto(entry)
    card = page.locator(f"#project-{project.pk}")
    card.locator(f"textarea[name=r{project.pk}-narrative]").fill("พิมพ์ไว้ก่อนหมดเวลา")
    page.context.clear_cookies(name="sessionid")  # the session expires (the CSRF cookie lives on)
    page.on("dialog", lambda dialog: dialog.accept())
    with page.expect_event("dialog") as alert:
        card.locator("button[name=action][value=save]").click()
    assert "หมดอายุ" in alert.value.message or "expired" in alert.value.message
    assert card.locator(f"textarea[name=r{project.pk}-narrative]").input_value() == "พิมพ์ไว้ก่อนหมดเวลา"

    log_in(page, live_server, "reporter")
    page.goto(entry)
    restored = page.locator(f"#project-{project.pk} textarea[name=r{project.pk}-narrative]")
    assert restored.input_value() == "พิมพ์ไว้ก่อนหมดเวลา"
    assert page.locator(f"#project-{project.pk} .autosave-note").count() == 1
    page.screenshot(path=SHOTS / "m10-restored-after-login.png", full_page=True)
