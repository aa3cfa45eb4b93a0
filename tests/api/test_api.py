"""The read-only JSON API: responses match the OpenAPI description, lists paginate, bad input is a 400."""

import jsonschema
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from api.openapi import openapi_description
from summaries.models import Summary
from tests.builders import make_paper, make_summary, make_venue

pytestmark = pytest.mark.django_db

SPEC = openapi_description()


def assert_matches(data, path, status="200"):
    """Validate against the schema the OpenAPI description gives for this path and status."""
    schema = SPEC["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]
    jsonschema.Draft202012Validator({**schema, "components": SPEC["components"]},
                                    format_checker=jsonschema.FormatChecker()).validate(data)


def get(client, url, path, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert_matches(response.json(), path, str(status))
    return response.json()


@pytest.fixture
def catalogue():
    nips = make_venue("NIPS", description="Neural Information Processing Systems.")
    odes = make_paper("Neural ODEs", authors=["Ricky Chen", "David Duvenaud"], keywords=["cs.LG"], venue=nips,
                      year=2018, arxiv_id="1806.07366", summary="Solve $\\dot h = f(h)$ with **ODE** solvers.")
    older = make_paper("Older paper", authors=["David Duvenaud"], venue=nips, year=2016)
    make_summary(older, "Private.", is_private=True)
    make_paper("No venue", year=2015)
    return {"nips": nips, "odes": odes, "older": older}


def test_openapi_description_is_a_valid_openapi_3_1_document(client):
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"] == "3.1.0" and spec["servers"] == [{"url": "http://testserver/api"}]
    assert set(spec["paths"]) == {"/venues/", "/venues/{slug}/", "/venues/{slug}/histogram/", "/papers/",
                                  "/papers/{id}/", "/summaries/", "/summaries/{id}/", "/summaries/{id}/comments/",
                                  "/papers/{id}/questions/", "/questions/{id}/"}
    for schema in spec["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)


def test_venues_list_detail_and_histogram(client, catalogue):
    page = get(client, "/api/venues/", "/venues/")
    assert page["count"] == 1
    venue = page["results"][0]
    assert venue["slug"] == "nips" and venue["paper_count"] == 2 and venue["summary_count"] == 1
    detail = get(client, "/api/venues/nips/", "/venues/{slug}/")
    assert detail["description"] == "Neural Information Processing Systems."
    histogram = get(client, "/api/venues/nips/histogram/", "/venues/{slug}/histogram/")
    assert [(y["year"], y["paper_count"]) for y in histogram["years"]] == [(2016, 1), (2018, 1)]
    assert get(client, "/api/venues/nope/", "/venues/{slug}/", status=404) == {"error": "No venue 'nope'."}


def test_papers_carry_authors_and_keywords_and_filter(client, catalogue):
    page = get(client, "/api/papers/", "/papers/")
    assert [p["title"] for p in page["results"]] == ["Neural ODEs", "Older paper", "No venue"]
    odes = page["results"][0]
    assert [a["name"] for a in odes["authors"]] == ["Ricky Chen", "David Duvenaud"]
    assert [k["name"] for k in odes["keywords"]] == ["cs.LG"]
    assert odes["summary_count"] == 1 and odes["arxiv_id"] == "1806.07366"
    assert odes["bibtex_url"].endswith("/bibtex")
    assert [p["title"] for p in get(client, "/api/papers/", "/papers/", venue="nips", year=2016)["results"]] == [
        "Older paper"
    ]
    by_author = get(client, "/api/papers/", "/papers/", author="ricky-chen")
    assert [p["title"] for p in by_author["results"]] == ["Neural ODEs"]
    assert get(client, f"/api/papers/{catalogue['odes'].pk}/", "/papers/{id}/")["venue"] == {
        "slug": "nips", "short_name": "NIPS"
    }
    get(client, "/api/papers/999999/", "/papers/{id}/", status=404)


def test_summaries_come_as_markdown_and_html_and_only_public_ones(client, catalogue):
    page = get(client, "/api/summaries/", "/summaries/")
    assert page["count"] == 1
    summary = page["results"][0]
    assert summary["markdown"] == "Solve $\\dot h = f(h)$ with **ODE** solvers."
    assert "<strong>ODE</strong>" in summary["html"] and "<math" in summary["html"]
    assert get(client, "/api/summaries/", "/summaries/", paper=catalogue["older"].pk)["count"] == 0
    assert get(client, f"/api/summaries/{summary['id']}/", "/summaries/{id}/")["id"] == summary["id"]
    private = catalogue["older"].summaries.get()
    get(client, f"/api/summaries/{private.pk}/", "/summaries/{id}/", status=404)


def test_lists_paginate_with_next_and_previous_links(client, catalogue):
    first = get(client, "/api/papers/", "/papers/", page_size=2)
    assert first["count"] == 3 and len(first["results"]) == 2 and first["previous"] is None
    assert first["next"] == "http://testserver/api/papers/?page_size=2&page=2"
    second = get(client, "/api/papers/", "/papers/", page_size=2, page=2)
    assert len(second["results"]) == 1 and second["next"] is None
    assert second["previous"] == "http://testserver/api/papers/?page_size=2&page=1"
    assert get(client, "/api/papers/", "/papers/", status=404, page=3)["error"].startswith("There is no page 3")


@pytest.mark.parametrize(
    "params",
    [{"page": "abc"}, {"page": "0"}, {"page_size": "1000"}, {"page_size": "-1"}, {"year": "twenty"},
     {"venue": "no-such-venue"}, {"page": "9" * 400}],
)
def test_bad_parameters_are_a_400_json_error(client, catalogue, params):
    assert "error" in get(client, "/api/papers/", "/papers/", status=400, **params)


def test_the_api_is_read_only(client, catalogue):
    assert client.post("/api/papers/", {}).status_code == 405
    assert client.delete(f"/api/papers/{catalogue['odes'].pk}/").status_code == 405


def test_paper_list_costs_the_same_queries_for_one_or_a_hundred_papers(client, catalogue):
    def queries_for_papers_page():
        with CaptureQueriesContext(connection) as queries:
            client.get("/api/papers/", {"page_size": 100})
        return len(queries)

    few = queries_for_papers_page()
    for number in range(30):
        make_paper(f"Filler {number}", authors=[f"Person {number}"], keywords=[f"kw{number}"], summary="Yes.")
    assert queries_for_papers_page() == few <= 5  # with the page-cache version (pagecache)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/api/summaries/", {"page_size": 100}).json()
    assert len(queries) == 3  # with the page-cache version
    # The total comes from the counts stored on papers, not from a COUNT over every summary (69 ms at 300k).
    assert page["count"] == Summary.objects.visible().count() == 31
    assert not any('COUNT(*) AS "__count" FROM "summaries_summary"' in query["sql"] for query in queries)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_the_api_is_read_only_and_says_so_in_json(method, catalogue):
    client = Client(enforce_csrf_checks=True)  # no CSRF token: the answer is still the API's own JSON
    response = getattr(client, method)("/api/papers/")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": f"The API is read-only: use GET, not {method.upper()}."}


def test_a_summary_imported_without_a_date_has_null_created_and_says_where_it_came_from(client, nips2018):
    written = make_summary(Summary.objects.order_by("pk").first().paper, "Written here.")
    page = get(client, "/api/summaries/", "/summaries/", page_size=100)  # validated against the description
    assert page["results"][0]["id"] == written.pk and page["results"][0]["created"] is not None
    assert page["results"][0]["imported_from"] is None
    imported = page["results"][1:]
    assert len(imported) == 22  # after every dated summary: they count as the oldest
    assert {(s["created"], s["imported_from"]) for s in imported} == {(None, "shortscience.org")}
    assert all(s["updated"] for s in imported)
