"""The schema and the documentation: served without a CDN and under the site's CSP (no inline scripts)."""

import re

from django.urls import reverse

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)


def test_the_schema_is_openapi_3_and_lists_every_operation(client):
    answer = client.get(reverse("api:schema"), {"format": "json"})
    assert answer.status_code == 200
    schema = answer.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/orgs/{org_slug}/projects/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["tokenAuth"]["scheme"] == "bearer"
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert len(operations) >= 40 and all({"401", "403", "404"} <= set(op["responses"]) for op in operations)
    summaries = {op["operationId"]: op.get("summary") for op in operations}
    assert summaries["reports_approve_create"] == "Approve a submitted progress report"
    in_thai = client.get(reverse("api:schema"), {"format": "json", "lang": "th"}).json()
    assert in_thai["paths"]["/api/v1/orgs/{org_slug}/projects/"]["get"]["summary"] == "โครงการ"
    assert client.get(reverse("api:schema"), {"lang": "xx"}).status_code == 200


def test_the_docs_page_works_offline_and_under_the_csp(client, world):
    answer = client.get(reverse("api:docs"), HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "script-src 'self'" in answer["Content-Security-Policy"]
    assert not INLINE_SCRIPT.search(page)
    assert "//cdn" not in page and "unpkg" not in page and "jsdelivr" not in page
    assert "/api/v1/orgs/{org_slug}/reports/{id}/approve/" in page
    assert "Approve a submitted progress report" in page or "อนุมัติ" in page


def test_the_browsable_api_renders_for_a_signed_in_person_without_inline_scripts(client_for, world):
    answer = client_for("planner").get(reverse("api:projects", args=["banphaen"]), HTTP_ACCEPT="text/html")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/html")
    page = answer.content.decode()
    assert world.plan.projects[0].code in page
    assert not INLINE_SCRIPT.search(page)
