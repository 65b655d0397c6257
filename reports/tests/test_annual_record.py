"""The annual report's texts and dates page: saves, keeps the input on errors, never loses an update."""

import pytest
from django.urls import reverse

from reports.models import AnnualReport

YEAR = 2569


@pytest.fixture
def url(world):
    return reverse("reports:annual_record", args=[world.org.slug, YEAR])


def form_data(**changes):
    data = {
        "version": 1,
        "introduction": "",
        "method": "",
        "committee": "นายสมชาย ใจดี ประธานกรรมการ\nนางสาวสมหญิง รักงาน กรรมการและเลขานุการ",
        "conclusion": "",
        "reported_to_executive": "2026-11-25",
        "presented_to_council": "",
        "announced_on": "",
        "posted_until": "",
    }
    data.update(changes)
    return data


def test_the_auditor_records_the_dates_and_sees_the_deadlines(world, client_for, url):
    client = client_for("auditor")
    page = client.get(url)
    assert page.status_code == 200 and 'id="deadlines"' in page.content.decode()
    response = client.post(url, form_data())
    assert response.status_code == 302
    record = AnnualReport.objects.get(organization=world.org, fiscal_year=YEAR)
    assert record.reported_to_executive.isoformat() == "2026-11-25" and record.version == 1
    assert record.updated_by == world.users["auditor"]
    assert "25 พ.ย. 2569" in client.get(url).content.decode()  # 25 Nov 2026 in the Buddhist Era


def test_a_posting_ending_before_the_announcement_is_refused_and_the_input_kept(world, client_for, url):
    response = client_for("auditor").post(url, form_data(announced_on="2026-12-20", posted_until="2026-12-01"))
    assert response.status_code == 200
    assert not AnnualReport.objects.exists()
    assert "นายสมชาย ใจดี" in response.content.decode()


def test_two_people_editing_at_once_do_not_overwrite_each_other(world, client_for, url):
    client = client_for("auditor")
    client.post(url, form_data())
    first = form_data(version=1, conclusion="ฉบับของคนแรก")
    second = form_data(version=1, conclusion="ฉบับของคนที่สอง")
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 200  # refused: it was based on version 1, which is gone
    record = AnnualReport.objects.get()
    assert record.conclusion == "ฉบับของคนแรก" and record.version == 2
    assert "ฉบับของคนที่สอง" in response.content.decode()  # what they typed is still on the page


def test_a_year_without_an_action_plan_is_404_and_readers_cannot_edit(world, client_for):
    assert client_for("auditor").get(reverse("reports:annual_record", args=[world.org.slug, 2550])).status_code == 404
    url = reverse("reports:annual_record", args=[world.org.slug, YEAR])
    assert client_for("executive").post(url, form_data()).status_code == 403
    assert not AnnualReport.objects.exists()
