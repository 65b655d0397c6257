"""Personal API tokens: made, named and revoked by their owner on their own page; stored as a hash;
refused (401) when revoked, expired or unknown."""

import hashlib
import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api import tokens
from api.models import ApiToken

ORGS = "/api/v1/orgs/"


def bearer(raw, keyword="Bearer"):
    return APIClient(HTTP_AUTHORIZATION=f"{keyword} {raw}")


def test_a_person_makes_a_token_sees_it_once_and_revokes_it(world, client_for):
    client = client_for("planner")
    page = client.post(reverse("api:tokens"), {"name": "แดชบอร์ดจังหวัด"})
    assert page.status_code == 200
    raw = re.search(r'value="(tt_[A-Za-z0-9_-]{43})"', page.content.decode()).group(1)

    token = ApiToken.objects.get(user=world.users["planner"])
    assert token.name == "แดชบอร์ดจังหวัด"
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert token.prefix == raw[:10] and raw not in {token.name, token.prefix, token.key_hash}
    assert raw not in client.get(reverse("api:tokens")).content.decode()  # shown once, never again

    assert token.last_used_at is None
    answer = bearer(raw).get(ORGS)
    assert answer.status_code == 200 and answer.json()["results"][0]["slug"] == "banphaen"
    assert bearer(raw, "Token").get(ORGS).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None

    assert client.post(reverse("api:tokens"), {"revoke": token.pk}).status_code == 302
    refused = bearer(raw).get(ORGS)
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"].startswith("Bearer")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_expired_tokens_are_refused_and_expiry_is_inclusive(world):
    today = timezone.localdate()
    _old, expired = tokens.create(user=world.users["planner"], name="old", expires_on=today - timedelta(days=1))
    _new, valid = tokens.create(user=world.users["planner"], name="today", expires_on=today)
    assert bearer(expired).get(ORGS).status_code == 401
    assert bearer(valid).get(ORGS).status_code == 200


def test_unknown_malformed_and_deactivated_tokens_are_refused(world):
    _token, raw = tokens.create(user=world.users["executive"], name="x")
    for header in ("Bearer", f"Bearer {raw} extra", "Bearer tt_unknown", "Bearer " + raw[:-1]):
        assert APIClient(HTTP_AUTHORIZATION=header).get(ORGS).status_code == 401, header
    assert APIClient(HTTP_AUTHORIZATION="Bearer ทดสอบ".encode().decode("latin-1")).get(ORGS).status_code == 401
    user = world.users["executive"]
    user.is_active = False
    user.save()
    assert bearer(raw).get(ORGS).status_code == 401


def test_nobody_revokes_someone_elses_token(world, client_for):
    token, raw = tokens.create(user=world.users["planner"], name="mine")
    client_for("executive").post(reverse("api:tokens"), {"revoke": token.pk})
    token.refresh_from_db()
    assert token.revoked_at is None
    assert bearer(raw).get(ORGS).status_code == 200


def test_the_token_form_refuses_a_past_date_and_a_missing_name(world, client_for):
    client = client_for("planner")
    yesterday = timezone.localdate() - timedelta(days=1)
    page = client.post(reverse("api:tokens"), {"name": "x", "expires_on": yesterday.isoformat()})
    assert page.status_code == 200 and "tt_" not in page.content.decode()
    assert client.post(reverse("api:tokens"), {"name": ""}).status_code == 200
    assert not ApiToken.objects.exists()


def test_the_profile_page_links_to_the_token_page(world, client_for):
    page = client_for("reporter").get(reverse("orgs:profile")).content.decode()
    assert reverse("api:tokens") in page and reverse("api:docs") in page


def test_session_writes_need_the_csrf_token(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.users["planner"])
    url = reverse("api:plans", args=["banphaen"])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"name": "x", "first_year": 2571, "last_year": 2575}, format="json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
