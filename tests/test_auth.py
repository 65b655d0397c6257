from django.urls import reverse

from conftest import make_user


def log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_a_member_logs_in_with_the_form_and_lands_in_their_organization(world, client):
    response = log_in(client, "planner", "pw-for-tests-only")
    assert response.status_code == 302
    assert client.get(response.url).url == reverse("org_home", args=[world.org.slug])


def test_a_wrong_password_is_explained_in_thai_and_keeps_the_username(world, client):
    page = log_in(client, "planner", "wrong").content.decode()
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in page
    assert 'value="planner"' in page


def test_repeated_failures_lock_the_account_for_that_address(world, client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        log_in(client, "planner", "wrong")
    response = log_in(client, "planner", "pw-for-tests-only")
    assert response.status_code == 429
    assert "หลายครั้งเกินไป" in response.content.decode()


def test_a_user_changes_their_password(world, client_for):
    client = client_for("planner")
    response = client.post(
        reverse("password_change"),
        {"old_password": "pw-for-tests-only", "new_password1": "แผนพัฒนา-2570-xyz", "new_password2": "แผนพัฒนา-2570-xyz"},
    )
    assert response.status_code == 302
    world.users["planner"].refresh_from_db()
    assert world.users["planner"].check_password("แผนพัฒนา-2570-xyz")


def test_the_password_change_pages_speak_thai_in_the_sites_layout(world, client_for):
    client = client_for("planner")
    page = client.get(reverse("password_change")).content.decode()
    assert 'id="main"' in page  # the site's layout, with its menu
    assert "รหัสผ่านต้องมีอย่างน้อย 8 ตัวอักษร" in page
    assert "กรอกรหัสผ่านใหม่อีกครั้งเพื่อยืนยัน" in page
    assert "Your password" not in page and "Enter the same password" not in page
    data = {"old_password": "wrong", "new_password1": "12345678", "new_password2": "87654321"}
    page = client.post(reverse("password_change"), data).content.decode()
    assert "ใส่รหัสผ่านเก่าผิด" in page
    assert "รหัสผ่านทั้งสองช่องไม่ตรงกัน" in page
    page = client.get(reverse("password_change_done")).content.decode()
    assert "เปลี่ยนรหัสผ่านของคุณเรียบร้อยแล้ว" in page and 'id="main"' in page


def test_a_weak_new_password_is_refused_in_thai(world, client_for):
    data = {"old_password": "pw-for-tests-only", "new_password1": "12345678", "new_password2": "12345678"}
    page = client_for("planner").post(reverse("password_change"), data).content.decode()
    assert "รหัสผ่านนี้ใช้กันทั่วไปเกินไป" in page
    assert "รหัสผ่านนี้เป็นตัวเลขทั้งหมด" in page


def test_english_is_switched_per_user_and_remembered_in_the_profile(world, client_for):
    client = client_for("auditor")
    client.post(reverse("orgs:language"), {"language": "en", "next": reverse("orgs:profile")})
    world.users["auditor"].refresh_from_db()
    assert world.users["auditor"].language == "en"
    client.cookies.clear()
    client.force_login(world.users["auditor"])
    assert "Plans" in client.get(reverse("plans:index", args=[world.org.slug])).content.decode()


def test_the_language_switch_never_redirects_off_site(client, db):
    response = client.post(reverse("orgs:language"), {"language": "en", "next": "https://evil.example/"})
    assert response.url == "/"


def test_a_user_without_any_organization_is_told_so(client, db):
    client.force_login(make_user("lonely"))
    page = client.get(reverse("home"), follow=True).content.decode()
    assert "ยังไม่ได้เป็นสมาชิก" in page
