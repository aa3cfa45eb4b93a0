"""Broad searches stay cheap: the count stops at a cap and only a bounded set of candidates is ranked."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.builders import make_paper, make_venue

pytestmark = pytest.mark.django_db


def result_titles(response):
    return re.findall(r'<h3 class="paper-title"><a href="[^"]+">(.*?)</a>', response.content.decode())


@pytest.fixture
def bandits():
    nips = make_venue("NIPS")
    for number in range(25):
        make_paper(f"Bandit paper {number:02}", venue=nips, abstract="Regret bounds.")
    make_paper("Regret of contextual policies", venue=nips, abstract="Bandit feedback only.")


def test_the_count_stops_at_the_cap_and_says_so(client, bandits, monkeypatch):
    monkeypatch.setattr("search.engine.COUNT_CAP", 10)
    response = client.get("/search/", {"q": "bandit"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "10+ results, the best 10 listed" in html
    assert len(result_titles(response)) == 10


@pytest.mark.postgres
def test_postgres_broad_search_ranks_a_bounded_candidate_set_title_matches_first(client, bandits, monkeypatch):
    monkeypatch.setattr("search.engine.FULL_RANK_LIMIT", 0)
    monkeypatch.setattr("search.engine.BROAD_CANDIDATES", 5)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": "bandit"})
    html = response.content.decode()
    assert "26 results, the best 5 listed" in html
    titles = [re.sub(r"</?mark>", "", title) for title in result_titles(response)]
    # The five newest title matches; the abstract-only match, newer still, ranks below every one of them.
    assert titles[:5] == [f"Bandit paper {number:02}" for number in range(24, 19, -1)]
    assert "Regret of contextual policies" not in titles[:5]
    assert len(queries) <= 8  # the candidates are a subquery, not ids sent back from Python
    assert client.get("/search/", {"q": "bandit", "page": 2}).status_code == 200


@pytest.mark.postgres
def test_postgres_rare_terms_are_still_ranked_on_every_field(client, bandits):
    response = client.get("/search/", {"q": "contextual"})
    assert [re.sub(r"</?mark>", "", t) for t in result_titles(response)] == ["Regret of contextual policies"]
    assert "1 result." in response.content.decode()


@pytest.mark.postgres
def test_postgres_the_typo_fallback_is_counted_and_paged_up_to_the_cap(client, bandits, monkeypatch):
    monkeypatch.setattr("search.engine.COUNT_CAP", 10)
    response = client.get("/search/", {"q": "Bandit papr"})
    html = response.content.decode()
    assert "Did you mean one of these titles?" in html
    assert "10+ results, the best 10 listed" in html
    assert len(result_titles(response)) == 10 and 'rel="next"' not in html
