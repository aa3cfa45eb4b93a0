"""Deleting one's account: summaries deleted or left as "Anonymous", votes and follows gone, counts right, and
nothing left that names the user (pages, feeds, API, search)."""

import re

import pytest
from django.contrib.auth import get_user_model

from accounts.models import Profile
from discussion import qa
from notifications.models import Follow
from people.models import Writer
from summaries import services
from summaries.models import Summary, Vote
from tests.builders import csrf_client, csrf_post, make_answer, make_paper, make_question, make_summary

pytestmark = pytest.mark.django_db
NAMES = ("leaver", "Lena Leaver")


@pytest.fixture
def leaver(make_user, django_capture_on_commit_callbacks):
    user = make_user("leaver")
    Profile.objects.create(user=user, display_name="Lena Leaver")
    friend, other = make_user("friend"), make_user("other")
    with django_capture_on_commit_callbacks(execute=True):
        mine = make_summary(make_paper("Paper of the departed", keywords=["cs.LG"]), "Quixotic adjoints.", author=user)
    theirs = make_summary(make_paper("Paper of the friend"), author=friend)
    services.summary_vote(summary=mine, user=friend, value=1)
    services.summary_vote(summary=theirs, user=user, value=1)
    services.summary_vote(summary=theirs, user=other, value=1)
    answer = make_answer(make_question(make_paper(), author=other), author=friend)
    qa.answer_vote(answer=answer, user=user, value=-1)
    Follow.objects.create(follower=user, user=friend)
    Follow.objects.create(follower=friend, user=user)
    Follow.objects.create(follower=user, paper=theirs.paper)
    return user, friend, mine, theirs


def delete(user, choice, password="correct horse battery staple"):
    return csrf_post(csrf_client(user), "/accounts/delete/", {"summaries": choice, "password": password})


def assert_nothing_names(client, paper):
    for url in [paper.get_absolute_url(), "/", "/users/", "/feeds/latest/", f"/papers/{paper.pk}/{paper.slug}/feed/",
                "/api/summaries/", "/search/?q=quixotic", "/search/?q=leaver"]:
        text = client.get(url).content.decode()
        if url.startswith("/search/"):  # the page repeats the query: in its title, search box and result count
            text = text.rsplit("</form>", 1)[1].replace("No results for “leaver”", "")
        assert not any(name in text for name in NAMES), url
    assert 'class="paper-item search-result"' not in client.get("/search/?q=leaver").content.decode()
    assert client.get("/users/leaver/").status_code == 404


def test_keeping_summaries_leaves_them_as_anonymous_and_removes_votes_follows_and_the_name(client, leaver):
    user, friend, mine, theirs = leaver
    response = delete(user, "anonymous")
    assert response.status_code == 302 and not get_user_model().objects.filter(username="leaver").exists()
    mine.refresh_from_db()
    assert mine.author is None and mine.is_anonymous and mine.byline == "Anonymous" and mine.score == 1
    theirs.refresh_from_db()
    assert theirs.score == 1 == Vote.objects.filter(summary=theirs).count()
    assert Writer.objects.get(user=friend).reputation == 1 + 0  # the withdrawn -1 on the answer no longer counts
    assert not Follow.objects.filter(user_id=user.pk).exists() and not Follow.objects.filter(follower_id=user.pk)
    paper = mine.paper
    paper.refresh_from_db()
    assert paper.summary_count == 1
    assert_nothing_names(client, paper)
    assert "Quixotic adjoints." in client.get(paper.get_absolute_url()).content.decode()
    assert client.get(f"/api/summaries/{mine.pk}/").json()["byline"] == "Anonymous"


def test_deleting_summaries_takes_them_and_the_counts_along(client, leaver):
    user, _, mine, _ = leaver
    assert delete(user, "delete").status_code == 302
    assert not Summary.objects.filter(pk=mine.pk).exists()
    paper = mine.paper
    paper.refresh_from_db()
    assert paper.summary_count == 0
    assert_nothing_names(client, paper)


def test_a_wrong_password_or_no_choice_changes_nothing_and_keeps_the_choice(leaver):
    user = leaver[0]
    page = csrf_client(user).get("/accounts/delete/").content.decode()
    assert 'name="password"' in page and 'value="anonymous"' in page and 'value="delete"' in page
    wrong = delete(user, "delete", password="not it")
    assert wrong.status_code == 400 and "That is not your password" in wrong.content.decode()
    assert re.search(r'<input type="radio" name="summaries" value="delete"[^>]* checked>', wrong.content.decode())
    assert delete(user, "").status_code == 400
    assert get_user_model().objects.filter(pk=user.pk).exists() and Summary.objects.filter(author=user).count() == 1


def test_the_profile_links_to_it_and_it_needs_a_login(client, leaver):
    user = leaver[0]
    assert ">Delete my account</a>" in csrf_client(user).get("/users/leaver/").content.decode()
    assert client.get("/accounts/delete/").status_code == 302
