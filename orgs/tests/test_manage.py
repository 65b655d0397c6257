from django.urls import reverse

from orgs.models import Department, Membership, Role, User


def url(world, name, *args):
    return reverse(name, args=[world.org.slug, *args])


def test_an_admin_adds_a_new_reporter_bound_to_a_department(world, client_for):
    data = {
        "username": "somchai",
        "first_name": "สมชาย",
        "password": "Banphaen-2570!",
        "role": "reporter",
        "department": world.works.pk,
    }
    response = client_for("admin").post(url(world, "orgs:member_add"), data)
    assert response.status_code == 302
    user = User.objects.get(username="somchai")
    assert user.check_password("Banphaen-2570!")
    assert Membership.objects.get(user=user).department == world.works


def test_a_reporter_without_a_department_is_refused_and_nothing_is_created(world, client_for):
    data = {"username": "somsri", "password": "Banphaen-2570!", "role": "reporter"}
    page = client_for("admin").post(url(world, "orgs:member_add"), data).content.decode()
    assert "is-invalid" in page and 'value="somsri"' in page
    assert not User.objects.filter(username="somsri").exists()


def test_an_existing_account_gets_a_role_in_a_second_organization(world, client_for):
    data = {"username": "outsider", "role": "executive"}
    client_for("admin").post(url(world, "orgs:member_add"), data)
    outsider = world.users["outsider"]
    assert set(outsider.memberships.values_list("organization__slug", flat=True)) == {"banphaen", "banklang"}


def test_the_last_administrator_cannot_be_removed(world, client_for):
    only_admin = Membership.objects.get(organization=world.org, role=Role.ADMIN)
    client_for("admin").post(url(world, "orgs:member_remove", only_admin.pk), follow=True)
    assert Membership.objects.filter(pk=only_admin.pk).exists()


def test_an_admin_cannot_remove_a_membership_of_another_organization(world, client_for):
    theirs = world.users["outsider"].memberships.get()
    assert client_for("admin").post(url(world, "orgs:member_remove", theirs.pk)).status_code == 404
    assert Membership.objects.filter(pk=theirs.pk).exists()


def test_department_names_are_unique_within_an_organization(world, client_for):
    client = client_for("admin")
    page = client.post(url(world, "orgs:department_create"), {"name": "กองช่าง", "order": 1}).content.decode()
    assert "is-invalid" in page
    client.post(url(world, "orgs:department_create"), {"name": "กองสวัสดิการสังคม", "order": 7})
    assert Department.objects.filter(organization=world.org, name="กองสวัสดิการสังคม").exists()
