"""Page shells (pagecache.shells): a logged-in reader of the paper, venue-year or home page gets the page stored once
for every logged-in reader, with their own parts (reader slots: the account menu, votes, follows, CSRF token) filled
in for them; the page's owners, staff and readers with a message waiting get it rendered for them."""

import re

import pytest
from django.contrib.messages import constants
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Follow, Notification
from papers.models import Paper
from summaries.models import Summary
from summaries.services import summary_vote
from tests.builders import csrf_client, make_comment, make_paper, make_summary, make_venue

pytestmark = pytest.mark.django_db
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def paper():
    venue = make_venue("NIPS")
    paper = make_paper("Neural Ordinary Differential Equations", venue=venue, authors=["Ricky Chen"])
    make_summary(paper, "Continuous-depth residual networks.")
    make_summary(paper, "The adjoint method, step by step.")
    return Paper.objects.get(pk=paper.pk)


def read(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response


def pressed(html, summary, sign):
    form = html[html.index(f'action="/summaries/{summary.pk}/vote/"'):]
    button = re.search(rf'value="(?:0|{sign}1)"[^>]*aria-pressed="(true|false)"[^>]*>{"▲" if sign == "" else "▼"}',
                       form)
    return button.group(1) == "true"


@pytest.mark.parametrize("url", ["paper", "/", "/venues/nips/2018/", "/venues/nips/", "/venues/"])
def test_the_second_reader_gets_the_shell_filled_with_their_own_menu(client, paper, make_user, url):
    url = paper.get_absolute_url() if url == "paper" else url
    first = read(client, make_user(username="adalovelace"), url)
    second = read(client, make_user(username="gracehopper"), url)
    assert first["X-Page-Cache"] == "shell-miss" and second["X-Page-Cache"] == "shell"
    html = second.content.decode()
    assert "/users/gracehopper/" in html and "adalovelace" not in html
    assert "<!--slot-" not in html and "csrf-" not in html  # markers and placeholders never reach a page
    assert normalized(second, "gracehopper") == normalized(first, "adalovelace")


def normalized(response, username):
    html = response.content.decode()
    return html.replace(CSRF_INPUT.search(html).group(1), "TOKEN").replace(username, "NAME")


def test_each_reader_sees_their_own_votes_on_a_shared_shell(client, paper, make_user):
    first_summary, second_summary = paper.summaries.order_by("pk")
    voter, other = make_user(username="voter"), make_user(username="other")
    summary_vote(summary=first_summary, user=voter, value=1)
    summary_vote(summary=second_summary, user=other, value=-1)
    url = paper.get_absolute_url()
    read(client, make_user(username="bystander"), url)  # stores the shell
    mine, theirs = read(client, voter, url), read(client, other, url)
    assert mine["X-Page-Cache"] == theirs["X-Page-Cache"] == "shell"
    mine, theirs = mine.content.decode(), theirs.content.decode()
    assert pressed(mine, first_summary, "") and not pressed(mine, second_summary, "-")
    assert not pressed(theirs, first_summary, "") and pressed(theirs, second_summary, "-")


def test_each_reader_sees_their_own_follow_and_unread_count(client, paper, make_user):
    follower, other = make_user(username="follower"), make_user(username="other")
    Follow.objects.create(follower=follower, paper=paper)
    comment = make_comment(paper.summaries.first(), "A comment.", author=other)
    Notification.objects.create(recipient=follower, kind=Notification.Kind.COMMENT, comment=comment)
    url = paper.get_absolute_url()
    read(client, make_user(username="bystander"), url)
    mine, theirs = read(client, follower, url).content.decode(), read(client, other, url).content.decode()
    assert 'aria-pressed="true">Unfollow' in mine and "(1 unread)" in mine
    assert 'aria-pressed="false">Follow' in theirs and "unread)" not in theirs


def test_a_vote_through_the_shells_form_counts_with_the_readers_own_token(paper, make_user):
    summary = paper.summaries.order_by("pk").first()
    csrf_client(make_user(username="bystander")).get(paper.get_absolute_url())
    reader = csrf_client(make_user(username="reader"))
    response = reader.get(paper.get_absolute_url())
    assert response["X-Page-Cache"] == "shell"
    tokens = set(CSRF_INPUT.findall(response.content.decode()))
    assert len(tokens) == 1
    posted = reader.post(reverse("summary_vote", args=[summary.pk]), {"value": 1, "csrfmiddlewaretoken": tokens.pop()})
    assert posted.status_code == 302 and Summary.objects.get(pk=summary.pk).score == 1


def test_a_shell_hit_costs_no_query_of_the_page_only_the_readers_own(client, paper, make_user):
    url = paper.get_absolute_url()
    read(client, make_user(username="bystander"), url)
    client.force_login(make_user(username="reader"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url)["X-Page-Cache"] == "shell"
    tables = re.findall(r'FROM "(\w+)"', " ".join(query["sql"] for query in queries.captured_queries))
    assert "papers_paper" not in tables and "papers_author" not in tables
    assert tables.count("summaries_summary") == 0
    # session, user, and one statement for the page's versions with the reader's own: unread, follow and votes
    assert len(queries) == 3, [query["sql"] for query in queries.captured_queries]
    assert "pagecache_objectversion" in queries.captured_queries[-1]["sql"]


@pytest.mark.parametrize("hidden", [False, True])
def test_a_writer_whose_summary_others_cannot_see_gets_their_own_page_after_the_shell_was_stored(
    client, paper, make_user, hidden
):
    writer = make_user(username="writer")
    make_summary(paper, "Only mine to see.", author=writer, is_private=not hidden, is_hidden=hidden)
    url = paper.get_absolute_url()
    read(client, make_user(username="bystander"), url)
    response = read(client, writer, url)
    assert response.get("X-Page-Cache") != "shell" and "Only mine to see." in response.content.decode()
    assert "Only mine to see." not in read(client, make_user(username="other"), url).content.decode()


def test_staff_and_readers_with_a_message_never_get_or_leave_a_shared_shell(client, paper, make_user):
    url = paper.get_absolute_url()
    read(client, make_user(username="bystander"), url)
    moderator = make_user(username="moderator", is_staff=True)
    assert read(client, moderator, url).get("X-Page-Cache") != "shell"
    client.force_login(make_user(username="told"))
    session = client.session
    session["_messages"] = f'[["__json_message",0,{constants.SUCCESS},"Your summary was saved."]]'
    session.save()
    with override_settings(MESSAGE_STORAGE="django.contrib.messages.storage.session.SessionStorage"):
        told = client.get(url)
        assert "Your summary was saved." in told.content.decode() and told.get("X-Page-Cache") != "shell"
        later = read(client, make_user(username="later"), url)
    assert "Your summary was saved." not in later.content.decode() and later["X-Page-Cache"] == "shell"


def test_an_error_page_for_a_logged_in_reader_carries_a_real_token(paper, make_user):
    reader = csrf_client(make_user(username="reader"))
    missing = reader.get(f"/papers/{paper.pk + 1000}/nothing-here/")
    html = missing.content.decode()
    assert missing.status_code == 404 and "<!--slot-" not in html and "csrf-" not in html
    assert CSRF_INPUT.search(html)  # the log-out form


def test_with_the_page_cache_off_the_page_is_the_same_and_nothing_is_stored(client, paper, make_user):
    url = paper.get_absolute_url()
    reader = make_user(username="reader")
    cached = read(client, reader, url)
    with override_settings(CACHE_PAGES=False):
        first, second = read(client, reader, url), read(client, reader, url)
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    assert normalized(first, "reader") == normalized(second, "reader") == normalized(cached, "reader")


def test_a_marker_written_into_a_title_or_summary_is_never_filled(client, make_user):
    from pagecache.slots import placeholder

    marker = placeholder("account", "menu")
    paper = make_paper(f"A title with {marker} inside", venue=make_venue("NIPS"), authors=["Ricky Chen"])
    make_summary(paper, f"A body with {marker} and `{marker}` inside.")
    read(client, make_user(username="bystander"), paper.get_absolute_url())
    html = read(client, make_user(username="reader"), paper.get_absolute_url()).content.decode()
    assert html.count("/users/reader/") == 1  # the header's menu, once
    assert "&lt;!--slot-" in html  # the writers' markers shown as the text they wrote


def test_a_renamed_reader_sees_their_new_name_and_count_in_the_menu_of_a_shell(client, paper, make_user):
    url = paper.get_absolute_url()
    read(client, make_user(username="bystander"), url)
    reader = make_user(username="oldname")
    assert "/users/oldname/" in read(client, reader, url).content.decode()
    reader.username = "newname"
    reader.save()
    Notification.objects.create(recipient=reader, kind=Notification.Kind.SUMMARY, summary=paper.summaries.first())
    response = read(client, reader, url)
    html = response.content.decode()
    assert response["X-Page-Cache"] == "shell"
    assert "/users/newname/" in html and "oldname" not in html and "(1 unread)" in html


def test_following_an_author_and_a_paper_are_read_in_the_same_statement(client, paper, make_user):
    from notifications.slots import followed
    from pagecache.slots import reader_states

    reader = make_user(username="reader")
    author = paper.authors.get()
    Follow.objects.create(follower=reader, author=author)
    request = client.get("/").wsgi_request
    request.user = reader
    keys = [f"paper-{paper.pk}", f"author-{author.pk}", "author-999999"]
    with CaptureQueriesContext(connection) as queries:
        states = reader_states(request, {"follow": keys})["follow"]
    assert len(queries) == 1
    assert {key: bool(state) for key, state in states.items()} == {keys[0]: False, keys[1]: True, keys[2]: False}
    with pytest.raises(ValueError):
        followed(reader.pk, ["nonsense-1"])


def test_each_reader_sees_their_own_follow_of_a_venue_on_its_shell(client, paper, make_user):
    follower, other = make_user(username="follower"), make_user(username="other")
    Follow.objects.create(follower=follower, venue=paper.venue)
    url = reverse("venue_detail", args=[paper.venue.slug])
    read(client, make_user(username="bystander"), url)
    mine, theirs = read(client, follower, url), read(client, other, url)
    assert mine["X-Page-Cache"] == theirs["X-Page-Cache"] == "shell"
    assert 'aria-pressed="true">Unfollow' in mine.content.decode()
    assert 'aria-pressed="false">Follow' in theirs.content.decode()
