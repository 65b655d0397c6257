"""Superusers set up overseers on a page of the site (no need for /admin/): an account and the area it
reads, shown with the organizations that area covers; everyone else is refused and nothing is written."""

import pytest
from django.urls import reverse

from orgs.models import Oversight, User

URL = reverse("orgs:overseers")


@pytest.fixture
def root(client, world):
    client.force_login(User.objects.create_superuser("root", password="pw-for-tests-only"))
    return client  # the same client as client_for's: a test signs in as the superuser first


def test_the_page_lists_each_overseer_with_the_organizations_of_their_area(world, root):
    page = root.get(URL).content.decode()
    assert "overseer" in page
    assert "จังหวัดพระนครศรีอยุธยา" in page
    assert world.org.name in page and world.other_org.name not in page  # ลพบุรี is not overseen


def test_a_superuser_gives_an_existing_account_a_province_and_it_then_reads_that_province(world, root, client_for):
    response = root.post(URL, {"username": "outsider", "province": "ลพบุรี"})
    assert response.status_code == 302
    assert Oversight.objects.filter(user=world.users["outsider"], province="ลพบุรี", district="").exists()
    outsider = client_for("outsider")
    assert outsider.get(reverse("oversight")).status_code == 200
    assert world.other_org.name in outsider.get(reverse("oversight")).content.decode()


def test_a_superuser_creates_a_new_account_overseeing_one_district(world, root):
    data = {"username": "amphoe", "first_name": "อำเภอ", "password": "Sena-District-2570!"}
    root.post(URL, {**data, "province": "พระนครศรีอยุธยา", "district": "เสนา"})
    user = User.objects.get(username="amphoe")
    assert user.check_password("Sena-District-2570!")
    assert [o.organizations().get() for o in user.oversights.all()] == [world.org]


def test_a_district_of_another_province_and_a_new_account_without_a_password_are_refused_in_thai(world, root):
    page = root.post(URL, {"username": "nobody", "province": "ลพบุรี", "district": "เสนา"}).content.decode()
    assert "อำเภอนี้ไม่อยู่ในจังหวัดที่เลือก" in page
    assert "บัญชีใหม่ต้องกำหนดรหัสผ่านเริ่มต้น" in page
    assert not User.objects.filter(username="nobody").exists()
    assert Oversight.objects.count() == 1


def test_the_same_area_twice_is_refused(world, root):
    page = root.post(URL, {"username": "overseer", "province": "พระนครศรีอยุธยา"}).content.decode()
    assert "ผู้นี้กำกับดูแลพื้นที่นี้อยู่แล้ว" in page
    assert Oversight.objects.count() == 1


def test_removing_the_area_takes_the_overseers_reading_away(world, root, client_for):
    oversight = world.users["overseer"].oversights.get()
    assert root.post(reverse("orgs:overseer_remove", args=[oversight.pk])).status_code == 302
    assert not Oversight.objects.exists()
    assert User.objects.filter(username="overseer").exists()  # the account stays
    assert client_for("overseer").get(reverse("oversight")).status_code == 404


@pytest.mark.parametrize("persona", ["admin", "overseer", "planner"])
def test_anyone_but_a_superuser_is_refused_and_nothing_is_written(world, client_for, persona):
    client = client_for(persona)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"username": "planner", "province": "ลพบุรี"}).status_code == 403
    oversight = world.users["overseer"].oversights.get()
    assert client.post(reverse("orgs:overseer_remove", args=[oversight.pk])).status_code == 403
    assert list(Oversight.objects.values_list("province", flat=True)) == ["พระนครศรีอยุธยา"]


def test_superusers_find_the_page_in_their_menu(world, root, client_for):
    assert URL in root.get(reverse("orgs:profile")).content.decode()
    assert URL not in client_for("admin").get(reverse("orgs:profile")).content.decode()
