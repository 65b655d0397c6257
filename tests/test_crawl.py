"""Every page a person can reach from the menus answers without a server error, for every role.

The demo (``seeded``) is arranged so that both an open period (FY2570 Q1, "today" in the demo's story)
and a locked one (FY2569 Q4) hold reports in every state — none, draft, submitted, returned and
approved — also in the demo reporter's own department. Then, signed in as each demo account, the test
follows breadth-first every ``<a href>`` and htmx ``hx-get`` of the pages of its organization (and the
pages that belong to no organization: profile, notifications, …), fetching downloads without reading
them, and fails listing every URL that answered 5xx with the role and the state of its report and
period. URLs are grouped by their URL pattern (with its words, such as a report's type, and the filter of a list,
such as the data entry's ``?show=``) and, for a progress report
or a period, by that object's states:
only the first few of each group are fetched, so the crawl stays short.

Every date the crawl sees on a page (its text and the values of its inputs) must be in the Buddhist Era:
a page showing "2026-07-03", "3/7/2026" or "3 ก.ค. 2026" fails, listed with the role and the URL.
"""

import re
import time
from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qs, urldefrag, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from core.calendar import THAI_MONTHS, THAI_MONTHS_SHORT
from demo.monitoring import NOW
from jobs.models import Job
from monitoring import selectors, workflow
from monitoring.forms import report_input
from monitoring.models import ProgressReport, ReportingPeriod, ReportState
from monitoring.views import bind
from orgs.access import access_for
from orgs.models import Organization, User

PER_GROUP = 2  # URLs fetched per URL pattern (and report/period state) per role
KIND_PARAMS = ("show",)  # query-string parameters whose value is another kind of list (the data entry's filter)
SKIPPED_VIEWS = {"logout"}
SKIPPED_NAMESPACES = {"admin", "api"}  # Django's own administration; the API has its own tests
ROLES = {  # demo account → the organization it works in
    "admin": "banphaen",
    "planner": "banphaen",
    "reporter": "banphaen",
    "auditor": "banphaen",
    "executive": "banphaen",
    "hr": "banphaen",
    "other": "banklang",
}
WORKS = "กองช่าง"  # the demo reporter's department


class Links(HTMLParser):
    """The ``<a href>`` and ``hx-get`` addresses of a page, in document order (``(url, is_htmx)``).

    ``shown`` collects what a person reads: the text outside scripts and styles, and the inputs' values.
    """

    def __init__(self):
        super().__init__()
        self.found, self.shown, self.hidden = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.found.append((attrs["href"], False))
        if attrs.get("hx-get"):
            self.found.append((attrs["hx-get"], True))
        if tag in ("script", "style"):
            self.hidden += 1
        if tag in ("input", "textarea") and attrs.get("type") != "hidden" and attrs.get("value"):
            self.shown.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden = max(self.hidden - 1, 0)

    def handle_data(self, data):
        if not self.hidden:
            self.shown.append(data)


def links_of(html):
    parser = Links()
    parser.feed(html)
    return parser.found


THAI_MONTH = "|".join(re.escape(m) for m in (*THAI_MONTHS, *THAI_MONTHS_SHORT))
GREGORIAN_DATE = re.compile(
    r"(?<!\d)(?:"
    r"(?:19|20)\d\d-[01]\d-[0-3]\d"  # 2026-07-03
    r"|[0-3]?\d/[01]?\d/(?:19|20)\d\d(?!\d)"  # 3/7/2026
    rf"|[0-3]?\d\s*(?:{THAI_MONTH})\s*(?:19|20)\d\d(?!\d)"  # 3 ก.ค. 2026
    r")"
)


def gregorian_dates_in(html):
    """The Gregorian-year dates a page shows a person (text and input values; not scripts or attributes)."""
    parser = Links()
    parser.feed(html)
    return sorted({match.group(0) for text in parser.shown for match in GREGORIAN_DATE.finditer(text)})


# The demo arranged: every report state in an open and in a locked period -----------------------------


def _access(username, org):
    user = User.objects.get(username=username)
    return user, access_for(user, org.slug)


def _resubmit_with_reason(report, org, today):
    """Change an approved report through its card's own forms (a reason given): it goes back to review."""
    planner, access = _access("planner", org)
    card = bind(selectors.cards(org, report.period, access, today, project_ids=[report.project_id])[0])
    data = {
        field.html_name: field.value()
        for form in (card.form, *card.result_forms)
        for field in form
        if field.value() not in (None, False)
    }
    data[card.form["change_reason"].html_name] = "แก้ไขตัวเลขการเบิกจ่ายตามหลักฐาน"
    card = bind(card, data)
    assert card.form.is_valid(), card.form.errors
    assert all(form.is_valid() for form in card.result_forms)
    return workflow.report_save(
        report=report, access=access, user=planner, values=report_input(card.form, card.result_forms), today=today
    )


def arrange_every_state(org, today):
    """Q1 of FY2570 stays open; Q4 of FY2569 is locked: each holds WORKS' reports in every state."""
    auditor, review = _access("auditor", org)
    reports = ProgressReport.objects.for_org(org).filter(department__name=WORKS).order_by("project__code")

    q1 = ReportingPeriod.objects.for_org(org).get(fiscal_year=2570, number=1)
    submitted = list(reports.filter(period=q1, state=ReportState.SUBMITTED)[:3])
    workflow.report_approve(report=submitted[0], access=review, user=auditor)
    workflow.report_return(report=submitted[1], access=review, user=auditor, reason="กรุณาแนบภาพถ่าย")

    q4 = ReportingPeriod.objects.for_org(org).get(fiscal_year=2569, number=4)
    workflow.period_set_state(period=q4, access=review, state=ReportingPeriod.State.OPEN, today=today)
    approved = list(reports.filter(period=q4, state=ReportState.APPROVED)[:4])
    _resubmit_with_reason(approved[0], org, today)  # submitted
    workflow.report_return(
        report=_resubmit_with_reason(approved[1], org, today), access=review, user=auditor, reason="ตัวเลขไม่ตรง"
    )
    never, empty = approved[2], approved[3]
    ProgressReport.objects.filter(pk__in=[never.pk, empty.pk]).delete()  # two projects that never reported…
    workflow.report_for(period=q4, project=empty.project)  # …one of them has begun a draft
    workflow.period_set_state(period=q4, access=review, state=ReportingPeriod.State.LOCKED, today=today)

    for period in (q1, q4):
        states = set(reports.filter(period=period).values_list("state", flat=True))
        assert states == set(ReportState.values), (period, states)
        planned = selectors.year_items(org, period.fiscal_year).filter(project__department__name=WORKS)
        assert planned.exclude(project__reports__period=period).exists(), period  # "none" too


def arrange_jobs(org, user):
    """A report being built and one built, for the person crawling: the job pages, their polling, the file."""
    Job.objects.create(organization=org, user=user, kind="reports.render", state=Job.State.RUNNING, done=1, total=3)
    built = Job(organization=org, user=user, kind="reports.render", state=Job.State.DONE)
    built.attach("form2.pdf", b"%PDF-1.4\n", "application/pdf")
    built.save()


# The crawl ----------------------------------------------------------------------------------------


class Crawl:
    """Breadth-first over one organization's pages as one person; ``failures`` lists every 5xx."""

    def __init__(self, client, role, org):
        self.client, self.role, self.org = client, role, org
        self.seen, self.groups, self.failures, self.fetched = set(), {}, [], 0
        self.gregorian = []  # pages showing a date with a Gregorian year
        self.periods = {(p.fiscal_year, p.number): p.state for p in ReportingPeriod.objects.for_org(org)}
        self.reports = {
            (r.period.fiscal_year, r.period.number, r.project_id): r.state
            for r in ProgressReport.objects.for_org(org).select_related("period")
        }

    def state_of(self, kwargs):
        """The period's and the report's state a URL shows (e.g. "locked/returned"), or "" for other pages."""
        year, number = kwargs.get("year"), kwargs.get("number")
        if year is None or number is None:
            return ""
        period = self.periods.get((year, number), "?")
        if "project_id" not in kwargs:
            return period
        return f"{period}/{self.reports.get((year, number, kwargs['project_id']), 'none')}"

    def admit(self, url):
        """The URL's group (pattern and state) if this crawl should fetch it, else None."""
        path = urlsplit(url).path
        try:
            match = resolve(path)
        except Resolver404:
            return None
        if match.url_name in SKIPPED_VIEWS or SKIPPED_NAMESPACES & set(match.namespaces):
            return None
        if match.kwargs.get("org_slug", self.org.slug) != self.org.slug:
            return None  # another organization's page
        kinds = [str(v) for k, v in sorted(match.kwargs.items()) if isinstance(v, str) and k != "org_slug"]
        query = parse_qs(urlsplit(url).query)
        kinds += [f"{name}={query[name][0]}" for name in KIND_PARAMS if name in query]
        group = (":".join([match.view_name, *kinds]), self.state_of(match.kwargs))  # e.g. a report's type
        if self.groups.get(group, 0) >= PER_GROUP:
            return None
        self.groups[group] = self.groups.get(group, 0) + 1
        return group

    def run(self, start):
        queue = deque((url, False) for url in start)
        while queue:
            url, htmx = queue.popleft()
            url = urldefrag(url).url
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not url.startswith("/") or (url, htmx) in self.seen:
                continue
            self.seen.add((url, htmx))
            group = self.admit(url)
            if group is None:
                continue
            headers = {"HX-Request": "true"} if htmx else {}
            response = self.client.get(url, headers=headers)
            self.fetched += 1
            if response.status_code >= 500:
                error = response.exc_info[1] if getattr(response, "exc_info", None) else ""
                self.failures.append(
                    f"{response.status_code} {self.role} [{group[1] or '-'}] {url}"
                    f"{' (htmx)' if htmx else ''}: {type(error).__name__ if error else ''} {error}"
                )
            if response.status_code in (301, 302, 303, 307, 308):
                queue.append((response["Location"], False))
            if response.streaming:  # a download: fetched to its end (which closes it), not read
                b"".join(response.streaming_content)
                continue
            if response.get("Content-Type", "").startswith("text/html"):
                html = response.content.decode()
                queue.extend(links_of(html))
                if found := gregorian_dates_in(html):
                    self.gregorian.append(f"{self.role} {url}{' (htmx)' if htmx else ''}: {', '.join(found[:5])}")
        return self


@pytest.fixture
def story_day(monkeypatch):
    """Every page sees the demo's "today" (20 Nov 2026, in Q1 of FY2570), whatever the real date is."""
    real = timezone.localdate
    monkeypatch.setattr(timezone, "localdate", lambda value=None, **kwargs: real(value or NOW, **kwargs))
    return NOW.date()


@pytest.mark.parametrize("role", list(ROLES))
def test_no_page_reachable_from_the_menus_answers_a_server_error_or_shows_a_gregorian_date(seeded, story_day, role):
    arrange_every_state(seeded, story_day)
    org = Organization.objects.get(slug=ROLES[role])
    user = User.objects.get(username=role)
    arrange_jobs(org, user)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    began = time.monotonic()
    crawl = Crawl(client, role, org).run([reverse("home"), reverse("org_home", args=[org.slug])])
    took = time.monotonic() - began
    print(f"crawl as {role}: {crawl.fetched} pages in {took:.1f} s")
    assert crawl.fetched > 30, crawl.fetched  # it did walk the site
    if role == "reporter":  # the reporter's own report pages in every state, in the open and the locked period
        visited = {state for (name, state) in crawl.groups if name.split(":")[:2] == ["monitoring", "report"]}
        assert {f"{p}/{s}" for p in ("open", "locked") for s in ["none", *ReportState.values]} <= visited, visited
    assert not crawl.failures, "\n".join([f"{len(crawl.failures)} server errors:", *crawl.failures])
    assert not crawl.gregorian, "\n".join([f"{len(crawl.gregorian)} pages show a Gregorian date:", *crawl.gregorian])


def test_the_crawl_tells_a_gregorian_date_from_a_buddhist_era_one_and_from_other_numbers():
    page = (
        "<p>12 พ.ย. 2569, 12/11/2569, 2569-11-12, งบประมาณ 2,026,000 บาท, โครงการ 2026-01, 12/2026</p>"
        "<script>const d = '2026-11-12';</script><input type='hidden' value='2026-11-12'>"
    )
    assert gregorian_dates_in(page) == []
    page = "<td>2026-07-03</td><td>3/7/2026</td><td>3 ก.ค. 2026</td><input name='d' value='12/11/2026'>"
    assert gregorian_dates_in(page) == ["12/11/2026", "2026-07-03", "3 ก.ค. 2026", "3/7/2026"]
