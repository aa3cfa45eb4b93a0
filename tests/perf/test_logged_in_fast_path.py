"""The logged-in fast path: the parts of a page that are the same for everyone come from the cache, under the page's
versions; what is the reader's own (header, votes, edit links, follow buttons) is rendered per request."""

import re
from unittest import mock

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from papers.models import Paper
from summaries.services import summary_vote
from tests.builders import csrf_client, make_comment, make_paper, make_question, make_summary, make_venue

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


# The paper page's summaries, comments and questions are shared fragments too; what only their writers see stays theirs.
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def discussed(paper, make_user):
    """The paper's summary with a comment by `writer` and a hidden one by `hider`, a hidden question by `asker`."""
    summary = paper.summaries.get()
    people = {name: make_user(username=name) for name in ("writer", "hider", "asker", "bystander", "other")}
    make_comment(summary, "Step two needs $\\nabla f$.", author=people["writer"])
    make_comment(summary, "Rude remark.", author=people["hider"], is_hidden=True)
    make_question(paper, "Why a hidden question?", author=people["asker"], is_hidden=True)
    return summary, people


def page_for(client, user, url):
    client.force_login(user)
    return client.get(url).content.decode()


@pytest.mark.parametrize("first", ["bystander", "writer"])
def test_a_shared_comment_section_never_gives_one_readers_links_or_hidden_comments_to_another(
    client, paper, discussed, first
):
    summary, people = discussed
    url = paper.get_absolute_url()
    order = ["bystander", "writer", "hider", "asker"] if first == "bystander" else ["writer", "hider", "asker",
                                                                                      "bystander"]
    pages = {name: page_for(client, people[name], url) for name in order}
    page_for(client, people["other"], url)  # served from the fragments now
    pages["other"] = page_for(client, people["other"], url)
    edit_link = reverse("comment_edit", args=[summary.comments.get(author=people["writer"]).pk])
    assert edit_link in pages["writer"]
    assert all(edit_link not in pages[name] for name in ("bystander", "other", "hider", "asker"))
    assert "Rude remark." in pages["hider"]
    assert all("Rude remark." not in pages[name] for name in ("bystander", "other", "writer", "asker"))
    assert "Why a hidden question?" in pages["asker"]
    assert all("Why a hidden question?" not in pages[name] for name in ("bystander", "other", "writer", "hider"))


@pytest.mark.parametrize("first", ["bystander", "owner"])
def test_a_private_summary_is_on_its_writers_page_only_whoever_filled_the_shared_parts(
    client, paper, make_user, first
):
    owner, bystander = make_user(username="owner"), make_user(username="bystander")
    make_summary(paper, "My private notes on the adjoint.", author=owner, is_private=True)
    url = paper.get_absolute_url()
    readers = [bystander, owner] if first == "bystander" else [owner, bystander]
    pages = {user.username: page_for(client, user, url) for user in readers}
    pages["bystander again"] = page_for(client, bystander, url)
    assert "My private notes" in pages["owner"] and "only you can see it" in pages["owner"]
    assert "My private notes" not in pages["bystander"] + pages["bystander again"]


def test_staff_get_the_shared_parts_rendered_for_them_with_what_only_moderators_see(
    client, paper, discussed, make_user
):
    url = paper.get_absolute_url()
    page_for(client, discussed[1]["bystander"], url)
    moderator = make_user(username="moderator", is_staff=True)
    html = page_for(client, moderator, url)
    assert "Rude remark." in html and "Why a hidden question?" in html
    assert "Rude remark." not in page_for(client, discussed[1]["bystander"], url)


def test_a_form_inside_a_shared_fragment_carries_each_readers_own_csrf_token(paper, discussed):
    summary, people = discussed
    url = paper.get_absolute_url()
    csrf_client(people["bystander"]).get(url)  # fills the comment section's fragment
    reader = csrf_client(people["other"])
    html = reader.get(url).content.decode()
    tokens = set(CSRF_INPUT.findall(html))
    assert len(tokens) == 1 and "csrf-" not in html  # the placeholder never reaches a page
    response = reader.post(reverse("comment_create", args=[summary.pk]),
                           {"body": "A comment through the shared form.", "csrfmiddlewaretoken": tokens.pop()})
    assert response.status_code == 302
    assert summary.comments.filter(body="A comment through the shared form.").exists()


def test_a_shared_comment_section_costs_no_comment_query_once_filled(client, paper, discussed, make_user):
    url = paper.get_absolute_url()
    page_for(client, discussed[1]["bystander"], url)
    client.force_login(discussed[1]["other"])
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    read_from = " ".join(query["sql"].split(" WHERE ")[0] for query in queries.captured_queries)
    assert 'FROM "discussion_comment"' not in read_from and 'FROM "discussion_question"' not in read_from


@pytest.mark.parametrize("page", range(5))
def test_an_anonymous_first_visit_stores_its_page_and_no_fragment(client, paper, page):
    from pagecache import fragments

    url = pages(paper)[page]
    with mock.patch.object(fragments.cache, "get", wraps=fragments.cache.get) as gets, \
            mock.patch.object(fragments.cache, "set", wraps=fragments.cache.set) as sets:
        assert client.get(url)["X-Page-Cache"] == "miss"
    keys = [call.args[0] for call in gets.call_args_list + sets.call_args_list]
    assert keys and not [key for key in keys if key.startswith("fragment:")]  # the page only: its fragments in it
    assert client.get(url)["X-Page-Cache"] == "hit"
