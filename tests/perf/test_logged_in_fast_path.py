"""The logged-in fast path: the parts of a page that are the same for everyone come from the cache, under the page's
versions; what is the reader's own (header, votes, edit links, follow buttons) is rendered per request."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from papers.models import Paper
from summaries.services import summary_vote
from tests.builders import make_paper, make_summary, make_venue

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper():
    venue = make_venue("NIPS")
    for number in range(5):
        make_paper(f"Paper {number}", venue=venue, authors=["Ricky Chen"], keywords=["ODE"])
    paper = make_paper("Neural Ordinary Differential Equations", venue=venue, authors=["Ricky Chen"],
                       keywords=["ODE"], abstract="We parameterize the derivative of the hidden state. " * 8)
    make_summary(paper, "Continuous-depth residual networks.")
    return Paper.objects.get(pk=paper.pk)


def pages(paper):
    return [paper.get_absolute_url(), "/", "/venues/nips/2018/", "/authors/ricky-chen/", "/keywords/ode/"]


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.parametrize("page", range(5))
def test_a_logged_in_page_reuses_the_shared_parts_and_costs_fewer_queries(client, paper, make_user, page):
    url = pages(paper)[page]
    client.force_login(make_user(username="grace"))
    first, rendered = queries_for(client, url)
    second, reused = queries_for(client, url)
    assert reused < rendered
    assert second.content.decode().count("grace") == first.content.decode().count("grace") > 0  # their header
    with override_settings(CACHE_PAGES=False):  # off, nothing is reused
        assert queries_for(client, url)[1] == queries_for(client, url)[1] == rendered - 1  # no versions to read


def test_the_shared_parts_follow_a_write_and_the_readers_own_parts_stay_theirs(client, paper, make_user):
    summary = paper.summaries.get()
    voter = make_user(username="voter")
    client.force_login(make_user(username="grace"))
    assert "score 0" in client.get("/?tab=top").content.decode()
    summary_vote(summary=summary, user=voter, value=1)
    assert "score 1" in client.get("/?tab=top").content.decode()
    client.force_login(voter)
    html = client.get(paper.get_absolute_url()).content.decode()
    assert "voter" in html and "grace" not in html


def test_the_number_of_queries_of_a_logged_in_page_does_not_grow_with_the_catalogue(client, paper, make_user):
    client.force_login(make_user())
    counts = []
    for extra in (0, 20):
        for number in range(extra):
            make_paper(f"More {extra}-{number}", venue=paper.venue, authors=["Ricky Chen"], keywords=["ODE"])
        counts.append([queries_for(client, url)[1] for url in pages(paper) for _ in range(2)])
    assert counts[0] == counts[1]


@pytest.mark.parametrize("first_reader", ["logged-in", "anonymous"])
def test_a_list_invites_only_logged_in_readers_to_write_the_first_summary_whoever_came_first(
    client, paper, make_user, first_reader
):
    """Lists say "No summary yet — write the first" to logged-in readers only: the shared copy of the list is kept
    apart for the two kinds of reader, so neither gets the other's from the cache."""
    url, invitation = "/venues/nips/2018/", "write the first"
    reader = make_user(username="grace")
    order = [True, False] if first_reader == "logged-in" else [False, True]
    for logged_in in order:
        if logged_in:
            client.force_login(reader)
        else:
            client.logout()
        html = client.get(url).content.decode()
        assert (invitation in html) is logged_in, (first_reader, logged_in)
