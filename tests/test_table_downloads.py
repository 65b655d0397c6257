"""Every table a person sees downloads as XLSX (``?format=xlsx``, core.tables) with the rows of the page:
the same scope (a department reporter sees only their department's) and the same filters, every row of a
paginated list, and never a row of another organization.

Each page's test compares the rows the page shows (from its context) with the rows of its workbook, for a
scoped reporter and for the planner, and looks for the other organization's rows in every file."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

YEAR = 2569


def xlsx_rows(client, url: str, query: dict | None = None) -> list[tuple]:
    """The rows under the header of the workbook's table (the header is the row above the frozen pane)."""
    response = client.get(url, {**(query or {}), "format": "xlsx"})
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Disposition"].startswith("attachment") and ".xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    ws = book.worksheets[0]
    first = ws[ws.freeze_panes].row
    return [row for row in ws.iter_rows(min_row=first, values_only=True) if any(v is not None for v in row)]


def everything(rows) -> str:
    return "\n".join(str(v) for row in rows for v in row if v is not None)


def other_org_marks(world) -> list[str]:
    return [p.code for p in world.other_plan.projects]


# Project list ----------------------------------------------------------------------------------------


def test_project_list_xlsx_has_the_pages_rows_in_its_scope_and_filters(world, client_for):
    url = reverse("plans:project_list", args=[world.org.slug])
    mine, theirs = world.plan.projects  # กองช่าง, กองคลัง
    for persona, query in (
        ("reporter", {"year": YEAR}),
        ("planner", {"year": YEAR}),
        ("planner", {"year": YEAR, "department": world.finance.pk}),
        ("planner", {"year": YEAR, "q": mine.code}),
    ):
        client = client_for(persona)
        page = client.get(url, query)
        shown = [p.code for p in page.context["page"].paginator.object_list]
        rows = xlsx_rows(client, url, query)
        assert [row[0] for row in rows] == shown, (persona, query)
        assert not any(mark in everything(rows) for mark in other_org_marks(world))
    reporter = xlsx_rows(client_for("reporter"), url, {"year": YEAR})
    assert [row[0] for row in reporter] == [mine.code]  # their department's only
    planner = xlsx_rows(client_for("planner"), url, {"year": YEAR})
    assert {row[0] for row in planner} == {mine.code, theirs.code}
    row = planner[0]
    assert row[6] == 100000 and row[7] in ("ใช่", "Yes")  # the year's budget as a number; in the action plan


def test_the_download_link_keeps_the_pages_filters(world, client_for):
    url = reverse("plans:project_list", args=[world.org.slug])
    page = client_for("planner").get(url, {"year": YEAR, "department": world.works.pk, "page": 1})
    assert f"?year={YEAR}&amp;department={world.works.pk}&amp;format=xlsx".encode() in page.content


# Indicator list --------------------------------------------------------------------------------------


def test_indicator_list_xlsx_has_the_pages_rows_in_its_scope_and_filter(world, client_for):
    url = reverse("plans:indicator_list", args=[world.org.slug])
    world.plan.org_indicator.perspective = "citizen"
    world.plan.org_indicator.save()
    for persona, query in (("reporter", {}), ("planner", {}), ("planner", {"perspective": "citizen"})):
        client = client_for(persona)
        page = client.get(url, query)
        shown = [k.name for k in page.context["page"].paginator.object_list]
        rows = xlsx_rows(client, url, query)
        assert [row[1] for row in rows] == shown, (persona, query)
        assert not any(mark in everything(rows) for mark in other_org_marks(world))
    theirs = world.plan.projects[1].code  # กองคลัง's project owns a KPI the reporter does not see
    assert theirs not in everything(xlsx_rows(client_for("reporter"), url))
    assert theirs in everything(xlsx_rows(client_for("planner"), url))
    assert len(xlsx_rows(client_for("planner"), url, {"perspective": "citizen"})) == 1


# Findings and recommendations --------------------------------------------------------------------------


def test_finding_list_xlsx_has_the_pages_rows_in_its_scope_and_filters(world, client_for):
    from evaluation.models import Finding

    def finding(org, title, owner, **fields):
        return Finding.objects.create(organization=org, fiscal_year=YEAR, title=title, owner=owner, **fields)

    finding(world.org, "ถนนของกองช่าง", world.works, priority="high")
    finding(world.org, "บัญชีของกองคลัง", world.finance)
    finding(world.other_org, "ข้อเสนอของบ้านกลาง", None)
    url = reverse("evaluation:finding_list", args=[world.org.slug])
    for persona, query in (("reporter", {}), ("planner", {}), ("planner", {"priority": "high"})):
        client = client_for(persona)
        page = client.get(url, query)
        shown = [f.title for f in page.context["page"].paginator.object_list]
        rows = xlsx_rows(client, url, query)
        assert [row[1] for row in rows] == shown, (persona, query)
        assert "ข้อเสนอของบ้านกลาง" not in everything(rows)
    assert [row[1] for row in xlsx_rows(client_for("reporter"), url)] == ["ถนนของกองช่าง"]
    assert len(xlsx_rows(client_for("planner"), url)) == 2
    assert [row[1] for row in xlsx_rows(client_for("planner"), url, {"priority": "high"})] == ["ถนนของกองช่าง"]


# Year over year (comparison) ---------------------------------------------------------------------------


def test_comparison_xlsx_has_the_pages_rows_in_its_scope(world, client_for):
    world.other_plan.strategy.name = "ยุทธศาสตร์ของบ้านกลาง"
    world.other_plan.strategy.save()
    url = reverse("evaluation:compare", args=[world.org.slug])
    planned = {}
    for persona in ("reporter", "planner"):
        client = client_for(persona)
        comparison = client.get(url).context["comparison"]
        shown = [(cell.fiscal_year, cell.group.planned) for cell in comparison.totals]
        shown += [(cell.fiscal_year, cell.group.planned) for row in comparison.strategies for cell in row.cells]
        rows = xlsx_rows(client, url)
        assert [(row[1], row[2]) for row in rows] == shown, persona
        assert "ยุทธศาสตร์ของบ้านกลาง" not in everything(rows)
        planned[persona] = rows[0][2]
    assert planned == {"reporter": 1, "planner": 2}  # the whole plan of 2569: their department's project only


# Results of a year ------------------------------------------------------------------------------------


def test_results_xlsx_has_the_pages_projects_in_its_scope_and_filters(world, client_for):
    url = reverse("evaluation:results", args=[world.org.slug, YEAR])
    mine, theirs = world.plan.projects
    for persona, query in (
        ("reporter", {}),
        ("planner", {}),
        ("planner", {"department": world.finance.pk}),
        ("planner", {"upto": 2}),
    ):
        client = client_for(persona)
        shown = [p.project.code for p in client.get(url, query).context["figures"].projects]
        rows = xlsx_rows(client, url, query)
        assert [row[0] for row in rows] == shown, (persona, query)
        assert not any(mark in everything(rows) for mark in other_org_marks(world))
    assert [row[0] for row in xlsx_rows(client_for("reporter"), url)] == [mine.code]
    assert [row[0] for row in xlsx_rows(client_for("planner"), url, {"department": world.finance.pk})] == [theirs.code]
    assert xlsx_rows(client_for("planner"), url)[0][5] == 95000.5  # the action plan's budget, a number


# Completeness of a reporting period -------------------------------------------------------------------


def test_completeness_xlsx_has_the_pages_rows(world, client_for):
    from monitoring.periods import ensure_periods

    period = ensure_periods(world.org, YEAR)[0]
    ensure_periods(world.other_org, YEAR)
    url = reverse("monitoring:period", args=[world.org.slug, YEAR, period.number])
    for persona in ("reporter", "auditor", "planner"):
        client = client_for(persona)
        shown = [(r["department"].name, r["planned"], r["missing"]) for r in client.get(url).context["rows"]]
        rows = xlsx_rows(client, url)
        assert [(row[0], row[1], row[7]) for row in rows] == shown, persona
        assert "สำนักปลัด" not in everything(rows)  # the other organization's department
    assert sorted(row[0] for row in rows) == sorted(["กองช่าง", "กองคลัง"])


# Dashboard tables -------------------------------------------------------------------------------------


def test_dashboard_tables_xlsx_have_the_pages_rows_in_its_scope(world, client_for):
    url = reverse("dashboard:index", args=[world.org.slug])
    query = {"year": YEAR}
    for persona in ("reporter", "planner"):
        client = client_for(persona)
        page = client.get(url, query)
        c = page.context
        for table in ("strategies", "quarters", "status", "perspectives", "departments", "trend"):
            assert f"table={table}".encode() in page.content
            rows = xlsx_rows(client, url, {**query, "table": table})
            assert rows, (persona, table)
            assert "สำนักปลัด" not in everything(rows) and "ทต.บ้านกลาง" not in everything(rows)
        strategies = xlsx_rows(client, url, {**query, "table": "strategies"})
        assert [row[-1] for row in strategies] == [r["g"].planned for r in c["strategy_rows"]], persona
        departments = xlsx_rows(client, url, {**query, "table": "departments"})
        assert [row[0] for row in departments] == [g.obj.name for g, _link in c["department_rows"]], persona
        status = xlsx_rows(client, url, {**query, "table": "status"})
        assert status[-1][1] == c["total"].planned
    assert sorted(row[0] for row in departments) == sorted(["กองช่าง", "กองคลัง"])  # the planner sees both
    reporter = xlsx_rows(client_for("reporter"), url, {**query, "table": "departments"})
    assert [row[0] for row in reporter] == ["กองช่าง"]
    assert client_for("planner").get(url, {**query, "format": "xlsx", "table": "nothing"}).status_code == 404
