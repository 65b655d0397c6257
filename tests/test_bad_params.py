"""Query-string and URL values that make no sense get 400 with a message (404 for what cannot exist), never
500, on every page and API list that reads them; good values still work. Query strings are read by
core/params.py, years in paths by the ``fy`` converter, JSON bodies by api/parsers.py."""

import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core import params
from core.converters import FiscalYearConverter
from tests.test_access import _evidence, _publications, api_url_table, plan_url_table  # noqa: F401

HUGE = "9" * 20  # beyond any 64-bit id
YEAR, ID, NUMBER, CHOICE, TEXT = "year", "id", "number", "choice", "text"
BAD = {
    YEAR: {"-1": 400, HUGE: 400, "1": 400, "2701": 400, "25x9": 400, "9" * 5000: 400},
    ID: {HUGE: 404, "-1": 400, "0": 400, "abc": 400},
    NUMBER: {"0": 400, "5": 400, "-1": 400, HUGE: 400},
    CHOICE: {"no-such-value": 400},
    TEXT: {"a\x00b": 400, "x" * 201: 400},
}
FILTERS = {"upto": NUMBER, "department": ID, "perspective": CHOICE}


def pages(w):
    """(url name, kwargs, persona, good query, {parameter: kind}) of every page that reads its query string."""
    plan, strategy, project, kpi = w.plan.plan.pk, w.plan.strategy.pk, w.plan.projects[0].pk, w.plan.indicator.pk
    y, dept = {"year": 2569}, w.works.pk
    return [
        ("plans:plan_detail", {"pk": plan}, "planner", {"department": dept}, {"department": ID}),
        (
            "plans:project_list",
            {},
            "planner",
            {"year": 2569, "department": dept, "strategy": strategy, "q": "ถนน"},
            {"year": YEAR, "department": ID, "strategy": ID, "q": TEXT},
        ),
        ("plans:indicator_list", {}, "reporter", {"perspective": "citizen"}, {"perspective": CHOICE}),
        ("plans:indicator_create", {}, "planner", {}, {"project": ID, "goal": ID, "strategy": ID}),
        ("plans:kpi_export", {"pk": plan}, "planner", {"year": 2569}, {"year": YEAR}),
        ("evaluation:evaluation_list", {}, "auditor", {"year": 2569}, {"year": YEAR}),
        (
            "evaluation:evaluation_create",
            {},
            "auditor",
            {"project": project, "year": 2569, "round": "half"},
            {"project": ID, "strategy": ID, "year": YEAR, "round": CHOICE},
        ),
        ("evaluation:compare", {}, "reporter", {"years": "2569", "indicator": kpi}, {"years": YEAR, "indicator": ID}),
        (
            "evaluation:results",
            y,
            "planner",
            {"upto": 2, "department": dept, "status": "no_report"},
            {**FILTERS, "status": CHOICE, "kpi_status": CHOICE},
        ),
        ("evaluation:strategy_results", {**y, "pk": strategy}, "reporter", {"upto": 4}, FILTERS),
        ("evaluation:program_results", {**y, "pk": w.plan.program.pk}, "planner", {"upto": 1}, FILTERS),
        ("evaluation:project_results", {**y, "pk": project}, "planner", {"upto": 2, "preview": 1}, {"upto": NUMBER}),
        (
            "evaluation:finding_list",
            {},
            "auditor",
            {"year": 2569, "owner": dept, "status": "open", "priority": "high", "used": "no"},
            {"year": YEAR, "owner": ID, "status": CHOICE, "priority": CHOICE, "used": CHOICE},
        ),
        ("monitoring:index", {}, "reporter", {"year": 2569}, {"year": YEAR}),
        (
            "reports:page",
            {"slug": "form2"},
            "planner",
            {"year": 2569, "upto": 2, "department": dept, "group": "department", "digits": "thai"},
            {"year": YEAR, "upto": NUMBER, "department": ID, "project": ID, "group": CHOICE, "digits": CHOICE},
        ),
        (
            "reports:download",
            {"slug": "form2", "fmt": "xlsx"},
            "executive",
            {"year": 2569},
            {"year": YEAR, "upto": NUMBER},
        ),
        ("dashboard:index", {}, "executive", {"year": 2569, "upto": 2}, {"year": YEAR, **FILTERS}),
        ("oversight", None, "overseer", {"year": 2569, "sort": "-kpis"}, {"year": YEAR, "sort": CHOICE}),
    ]


def address(world, name, kwargs):
    return reverse(name) if kwargs is None else reverse(name, kwargs={"org_slug": world.org.slug, **kwargs})


def get(client, url, query):
    response = client.get(url, query)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def test_every_page_that_reads_its_query_string_answers_its_good_values(world, client_for):
    for name, kwargs, persona, good, _kinds in pages(world):
        status = get(client_for(persona), address(world, name, kwargs), good).status_code
        assert status == 200, (name, good, status)


@pytest.mark.parametrize("kind", sorted(BAD))
def test_every_page_refuses_bad_query_values_with_400_or_404_never_500(world, client_for, kind):
    checked = 0
    for name, kwargs, persona, good, kinds in pages(world):
        client, url = client_for(persona), address(world, name, kwargs)
        for parameter in (p for p, k in kinds.items() if k == kind):
            for value, expected in BAD[kind].items():
                response = get(client, url, {**good, parameter: value})
                assert response.status_code == expected, (name, parameter, value[:30], response.status_code)
                checked += 1
    assert checked >= len(BAD[kind])


def test_a_bad_value_is_explained_in_the_users_language(world, client_for):
    page = client_for("planner").get(reverse("plans:project_list", args=[world.org.slug]), {"year": "-1"})
    assert page.status_code == 400
    assert "ปีงบประมาณ" in page.content.decode() and "2500" in page.content.decode()


def test_an_id_beyond_any_row_or_a_year_nobody_has_is_not_found_but_an_id_in_range_just_finds_nothing(
    world, client_for
):
    client = client_for("planner")
    url = reverse("plans:project_list", args=[world.org.slug])
    assert client.get(url, {"department": str(params.MAX_ID)}).status_code == 200
    assert client.get(url, {"department": str(params.MAX_ID + 1)}).status_code == 404
    assert client.get(reverse("reports:page", args=[world.org.slug, "form2"]), {"year": 2600}).status_code == 404


def year_urls(world):
    """(url, method) of every page and API call named by a fiscal year, with the year left to fill in."""
    found = []
    for name, (kwargs, method, _capability) in plan_url_table(world).items():
        if "year" in kwargs:
            found.append((name, kwargs, method))
    for name, kwargs, method, _capability in api_url_table(world):
        if "year" in kwargs:
            found.append((name, kwargs, method))
    return found


def test_every_url_with_a_fiscal_year_reads_it_with_the_fiscal_year_converter(world):
    def walk(patterns, prefix_converters):
        for pattern in patterns:
            converters = {**prefix_converters, **pattern.pattern.converters}
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, converters)
            elif isinstance(pattern, URLPattern) and "year" in converters:
                yield pattern.name, converters["year"]

    found = dict(walk(get_resolver().url_patterns, {}))
    assert len(found) >= 20
    assert {name for name, c in found.items() if not isinstance(c, FiscalYearConverter)} == set()
    assert {name.split(":")[-1] for name, _kwargs, _method in year_urls(world)} <= set(found)


@pytest.mark.parametrize("year", ["9999999", "1", "2499", "2701", HUGE])
def test_a_year_out_of_range_in_the_path_is_not_found(world, client_for, year):
    client = client_for("admin")
    for name, kwargs, method in year_urls(world):
        url = reverse(name, kwargs={"org_slug": world.org.slug, **kwargs, "year": year})
        if method == "get":
            response = client.get(url)
        else:
            response = client.generic(method.upper(), url, "{}", content_type="application/json")
        assert response.status_code == 404, (url, method, response.status_code)
        if name.startswith("api:"):  # the API answers in JSON, as for an object that does not exist
            assert response.json() == {"detail": "ไม่พบ"}, url


def api(world, name, **kwargs):
    return reverse(f"api:{name}", kwargs={"org_slug": world.org.slug, **kwargs})


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("projects", {"fiscal_year": "-1"}),
        ("projects", {"fiscal_year": HUGE}),
        ("projects", {"department": HUGE}),
        ("indicators", {"department": "-1"}),
        ("periods", {"fiscal_year": "99999"}),
        ("reports", {"period": HUGE}),
        ("results", {"indicator": "9" * 5000}),
        ("targets", {"fiscal_year": "abc"}),
    ],
)
def test_the_api_refuses_bad_filters_with_400(world, client_for, name, query):
    response = client_for("planner").get(api(world, name), query)
    assert response.status_code == 400, response.content[:300]
    assert set(response.json()) <= set(query) | {"detail"}


def test_the_api_lists_answer_good_filters(world, client_for):
    client = client_for("planner")
    for name, query in (
        ("projects", {"fiscal_year": 2569, "department": world.works.pk}),
        ("periods", {"fiscal_year": 2569}),
        ("reports", {"fiscal_year": 2569}),
    ):
        assert client.get(api(world, name), query).status_code == 200, name


@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_the_api_refuses_a_json_body_nested_too_deep_with_400(world, client_for, opening):
    closing = "]" if opening == "[" else "}"
    body = opening * 100_000 + "1" + closing * 100_000
    client = client_for("planner")
    for url, method in ((api(world, "plans"), "POST"), (api(world, "project", pk=world.plan.projects[0].pk), "PATCH")):
        response = client.generic(method, url, body, content_type="application/json")
        assert response.status_code == 400, (url, response.status_code)
        assert "JSON" in response.json()["detail"]


@pytest.mark.parametrize(
    ("name", "method", "body"),
    [
        ("projects", "post", {"program": 10**30, "department": 10**30, "code": "x-1", "name": "ถนน"}),
        ("project", "patch", {"department": 2**63}),
        ("strategies", "post", {"plan": 10**30, "number": 10**30, "name": "ยุทธศาสตร์"}),
        ("reports", "post", {"period": 10**30, "project": 10**30}),
        ("results", "post", {"indicator": 2**63, "period": 2**63, "value": "1"}),
        ("year_targets", "put", {"annual": 10**30, "q1": -(10**30)}),
        ("plans", "post", {"name": "แผน", "first_year": 10**30, "last_year": -(10**30)}),
    ],
)
def test_the_api_refuses_huge_numbers_in_a_json_body_with_400(world, client_for, name, method, body):
    kwargs = {}
    if name == "project":
        kwargs = {"pk": world.plan.projects[0].pk}
    if name == "year_targets":
        kwargs = {"pk": world.plan.indicator.pk, "year": 2569}
    response = client_for("admin").generic(
        method.upper(), api(world, name, **kwargs), json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400, (name, response.status_code, response.content[:300])


def test_the_query_helpers_read_what_makes_sense_and_refuse_the_rest():
    assert params.fiscal_year({"year": " 2569 "}) == 2569
    assert params.fiscal_year({"year": ""}, default=2570) == 2570
    assert params.fiscal_years({"years": "2570,2568"}) == [2568, 2570]
    assert params.object_id({"owner": "12"}, "owner") == 12
    assert params.number({"upto": "4"}, "upto", low=1, high=4) == 4
    assert params.choice({"used": "no"}, "used", ("yes", "no")) == "no"
    assert params.text({"q": "  ถนน "}, "q") == "ถนน"
    for call in (
        lambda: params.fiscal_year({"year": "2499"}),
        lambda: params.fiscal_years({"years": "2569,x"}),
        lambda: params.object_id({"owner": "1.5"}, "owner"),
        lambda: params.number({"upto": "٣"}, "upto", low=1, high=4),  # digits of another script
        lambda: params.choice({"used": "maybe"}, "used", ("yes", "no")),
    ):
        with pytest.raises(params.InvalidParameter):
            call()
