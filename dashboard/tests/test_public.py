"""The public results page: anyone reads what the organization published, and nothing else — not an
unpublished document, not a withdrawn one, not live figures — at a fixed number of queries."""

import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import SHOTS, log_in
from dashboard import publishing
from dashboard.tests.test_publishing import PDF, access, approve_q1, make_publication
from orgs.models import Organization, User


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def page_url(org):
    return reverse("public:org", args=[org.slug])


def doc_url(publication):
    return reverse("public:document", args=[publication.organization.slug, publication.pk])


def chart_data(html: str) -> dict | None:
    match = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1)) if match else None


def test_an_organization_with_nothing_published_says_so(world):
    make_publication(world, title="ร่างที่ยังไม่เผยแพร่")  # a draft is not "something published"
    response = Client().get(page_url(world.org))
    assert response.status_code == 200
    assert 'id="nothing-published"' in response.text
    assert world.org.name in response.text and "ร่างที่ยังไม่เผยแพร่" not in response.text
    assert chart_data(response.text) is None


def test_an_unknown_organization_is_404(db):
    assert Client().get(reverse("public:org", args=["no-such-org"])).status_code == 404


def test_anyone_reads_the_published_documents_by_year_and_opens_the_pdf(world):
    plan = make_publication(world, kind="action_plan", year=2569, title="แผนการดำเนินงาน ๒๕๖๙", publish=True)
    annual = make_publication(world, kind="annual", year=2568, title="รายงานประจำปี ๒๕๖๘", publish=True)
    html = Client().get(page_url(world.org)).text
    assert html.index('id="fy-2569"') < html.index('id="fy-2568"') < html.index("รายงานประจำปี ๒๕๖๘")
    assert html.index("แผนการดำเนินงาน ๒๕๖๙") < html.index('id="fy-2568"')
    for publication in (plan, annual):
        assert doc_url(publication) in html
        response = Client().get(doc_url(publication))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("inline")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PDF
    assert "/media/" not in html and "publications/" not in html  # no raw file address anywhere


def test_unpublished_and_withdrawn_documents_and_their_figures_are_not_reachable(world):
    approve_q1(world.org, world.plan.projects[0], status="completed", disbursed="12345.67")
    withdrawn = make_publication(world, kind="annual", title="ฉบับถอนแล้ว", publish=True)
    assert publishing.read_snapshot(withdrawn).total.disbursed == Decimal("12345.67")
    publishing.publication_unpublish(publication=withdrawn, user=world.users["planner"], access=access(world))
    draft = make_publication(world, kind="six_month", title="ฉบับร่าง")
    draft.figures = withdrawn.figures  # even figures on an unpublished row stay private
    draft.save()
    shown = make_publication(world, kind="action_plan", title="แผนที่เผยแพร่", publish=True)

    html = Client().get(page_url(world.org)).text
    assert "แผนที่เผยแพร่" in html
    for hidden in ("ฉบับถอนแล้ว", "ฉบับร่าง", "12,345.67", doc_url(withdrawn), doc_url(draft)):
        assert hidden not in html, hidden
    assert 'id="figures-2569"' not in html and chart_data(html) is None  # the action plan carries no figures
    for publication in (withdrawn, draft):
        assert Client().get(doc_url(publication)).status_code == 404
    # another organization's slug with this organization's document: 404
    assert Client().get(reverse("public:document", args=[world.other_org.slug, shown.pk])).status_code == 404
    # a published row whose file is gone is not served either
    shown.file.storage.delete(shown.file.name)
    assert Client().get(doc_url(shown)).status_code == 404


def test_the_public_figures_are_the_snapshot_not_live_data(world):
    approve_q1(world.org, world.plan.projects[0], status="completed", disbursed="40000.00")
    annual = make_publication(world, kind="annual", title="รายงานประจำปี", publish=True)
    approve_q1(world.org, world.plan.projects[1], status="completed", disbursed="77777.77")  # after publication
    html = Client().get(page_url(world.org)).text
    figures = html[html.index('id="figures-2569"') :]
    assert "40,000.00" in figures and "190,001.00" in figures and "21.05%" in figures
    assert "77,777.77" not in html and "117,777.77" not in html
    data = chart_data(html)
    assert data["statuses"]["data"][2] == 1  # completed, as published (live data says 2)
    assert data["strategies"]["labels"] == ["1. โครงสร้างพื้นฐาน"]
    assert all(not links for key in ("strategies", "statuses") for links in [data[key]["links"]])
    # the newest year with only an action plan: the charts stay with the latest figures, 2569's
    make_publication(world, kind="action_plan", year=2570, publish=True)
    html = Client().get(page_url(world.org)).text
    assert html.index('id="fy-2570"') < html.index('id="fy-2569"') < html.index('id="chart-strategies"')
    # the annual report's figures win over the six-month report's for the same year
    make_publication(world, kind="six_month", title="หกเดือน", publish=True)
    years = {y.fiscal_year: y for y in publishing.public_years(world.org)}
    assert years[2569].snapshot.publication == annual and years[2569].charts is False  # set by the view


def test_the_page_issues_a_fixed_number_of_queries(world):
    def queries() -> int:
        client = Client()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page_url(world.org)).status_code == 200
        return len(captured)

    make_publication(world, kind="annual", publish=True)
    few = queries()
    for year in (2566, 2567, 2568):
        for kind in ("annual", "six_month", "action_plan"):
            make_publication(world, kind=kind, year=year, publish=True)
    assert queries() == few == 2  # the organization, its published documents (figures inside)


def test_the_page_runs_no_inline_script_and_works_without_javascript(world):
    make_publication(world, kind="annual", publish=True)
    html = Client().get(page_url(world.org)).text
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "<table" in html and 'class="table table-sm align-middle small public-strategies"' in html
    assert "navbar-nav" not in html  # no organization menu on the public page


def test_signed_in_people_of_any_organization_see_the_same_public_page(world, client_for):
    make_publication(world, kind="annual", title="รายงานสาธารณะ", publish=True)
    for persona in ("outsider", "executive"):
        response = client_for(persona).get(page_url(world.org))
        assert response.status_code == 200 and "รายงานสาธารณะ" in response.text


# In a real browser -------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_public_page_in_a_browser_on_a_phone_and_a_desktop(world, live_server, new_page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    User.objects.update(language="th")
    approve_q1(world.org, world.plan.projects[0], status="completed", disbursed="40000.00")
    make_publication(world, kind="annual", title="รายงานผลการติดตามและประเมินผล ประจำปี 2569", publish=True)
    make_publication(world, kind="action_plan", title="แผนการดำเนินงาน ประจำปี 2569", publish=True)
    make_publication(world, kind="annual", year=2568, title="รายงานผลการติดตามและประเมินผล ประจำปี 2568", publish=True)
    draft = make_publication(world, kind="six_month", title="ร่างรายงานหกเดือน")
    url = live_server.url + page_url(world.org)

    phone = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone.goto(url)
    assert phone.locator("h1").is_visible()
    assert "ร่างรายงานหกเดือน" not in phone.content()
    assert phone.locator(".public-strategies").first.is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    phone.screenshot(path=SHOTS / "public-01-phone.png", full_page=True)

    desktop = new_page()
    desktop.goto(url)
    desktop.wait_for_function("document.querySelector('#chart-strategies') && Chart.getChart('chart-strategies')")
    assert desktop.evaluate("Chart.getChart('chart-status').data.datasets[0].data[2]") == 1
    desktop.screenshot(path=SHOTS / "public-02-desktop.png", full_page=True)
    response = desktop.goto(live_server.url + doc_url(draft))
    assert response.status == 404
    assert Organization.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_planner_uploads_and_publishes_and_a_citizen_reads_it(world, live_server, new_page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = tmp_path / "signed.pdf"
    pdf.write_bytes(PDF)
    page = new_page()
    log_in(page, live_server, "planner")
    page.goto(live_server.url + reverse("dashboard:publications", args=[world.org.slug]))
    page.locator(f"a[href='{reverse('dashboard:publication_create', args=[world.org.slug])}']").click()
    page.locator("#id_kind").select_option("action_plan")
    page.locator("#id_fiscal_year").select_option("2569")
    page.locator("#id_title").fill("แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2569 (ลงนามแล้ว)")
    page.locator("#id_source_1").check()
    page.locator("#id_file").set_input_files(str(pdf))
    page.screenshot(path=SHOTS / "public-03-new-publication.png", full_page=True)
    page.locator("#publication-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#publication-actions").is_visible()
    page.locator("#publication-actions button.btn-success").click()
    page.wait_for_load_state()
    page.screenshot(path=SHOTS / "public-04-published.png", full_page=True)
    assert "publications/" not in page.locator("main").inner_text()  # no storage name, even for staff
    citizen = new_page()
    citizen.goto(live_server.url + page_url(world.org))
    assert "(ลงนามแล้ว)" in citizen.content()
