"""Anonymous summaries: no public output names the writer; the writer and the moderators still see who wrote it."""

import json
import re

import pytest

from accounts.models import Profile
from notifications.models import Follow, Notification
from summaries.models import Summary
from tests.builders import csrf_client, csrf_post, make_paper, make_summary, make_venue

pytestmark = pytest.mark.django_db

NAMES = ("zelda", "Zelda Quasimodo")


def names_nobody(text: str) -> bool:
    return not any(name in text for name in NAMES)


@pytest.fixture
def writer(make_user):
    user = make_user("zelda")
    Profile.objects.create(user=user, display_name="Zelda Quasimodo")
    return user


@pytest.fixture
def anonymous_summary(writer, django_capture_on_commit_callbacks):
    paper = make_paper("Deep Sets of Secrets", venue=make_venue("NIPS"), keywords=["cs.LG"], arxiv_id="1703.06114")
    with django_capture_on_commit_callbacks(execute=True):  # the search index follows on commit
        return make_summary(paper, "Permutation **invariant** pooling of sets.", author=writer, is_anonymous=True)


def test_the_form_has_an_anonymous_checkbox_that_publishes_and_can_be_changed_when_editing(writer):
    paper = make_paper("Attention Is All You Need")
    client = csrf_client(writer)
    new = f"/papers/{paper.pk}/{paper.slug}/summaries/new/"
    assert 'name="anonymous"' in client.get(new).content.decode()
    csrf_post(client, new, {"body": "Self-attention everywhere.", "anonymous": "on"})
    summary = Summary.objects.get(paper=paper)
    assert summary.is_anonymous and summary.author == writer and summary.byline == "Anonymous"
    edit = f"/summaries/{summary.pk}/edit/"
    assert re.search(r'<input type="checkbox" name="anonymous"[^>]* checked>', client.get(edit).content.decode())
    csrf_post(client, edit, {"body": "Self-attention everywhere."})
    summary.refresh_from_db()
    assert not summary.is_anonymous and summary.byline == "Zelda Quasimodo"


def test_the_paper_page_home_and_feeds_say_anonymous_and_never_name_the_writer(client, anonymous_summary):
    paper = anonymous_summary.paper
    for url in [paper.get_absolute_url(), "/", "/?tab=top", "/feeds/latest/", f"/venues/{paper.venue.slug}/feed/",
                f"/papers/{paper.pk}/{paper.slug}/feed/", f"/authors/{paper.authors.get().slug}/feed/"]:
        text = client.get(url).content.decode()
        assert "Permutation" in text and "Anonymous" in text, url
        assert names_nobody(text) and f"/avatars/{anonymous_summary.author_id}.svg" not in text, url
    assert "/avatars/anonymous.svg" in client.get(paper.get_absolute_url()).content.decode()


def test_the_api_its_description_search_and_bibtex_never_name_the_writer(client, anonymous_summary):
    paper = anonymous_summary.paper
    listed = client.get("/api/summaries/").json()
    assert [item["byline"] for item in listed["results"]] == ["Anonymous"]
    detail = client.get(f"/api/summaries/{anonymous_summary.pk}/")
    assert detail.json()["byline"] == "Anonymous" and names_nobody(detail.content.decode())
    description = client.get("/api/openapi.json").json()
    assert "Anonymous" in json.dumps(description["components"]["schemas"]["Summary"])
    for url in ["/search/?q=permutation", "/search/?q=secrets", f"/papers/{paper.pk}/{paper.slug}/bibtex",
                f"/api/papers/{paper.pk}/"]:
        response = client.get(url)
        assert response.status_code == 200 and names_nobody(response.content.decode()), url
    assert paper.get_absolute_url() in client.get("/search/?q=permutation").content.decode()


def test_profiles_and_the_directory_never_show_it_to_others_but_the_writer_sees_it_marked(
    client, anonymous_summary, writer, make_user
):
    make_summary(make_paper("A signed one"), author=writer)
    others_view = client.get("/users/zelda/").content.decode()
    assert "A signed one" in others_view and "Deep Sets of Secrets" not in others_view
    own_view = csrf_client(writer).get("/users/zelda/").content.decode()
    assert "Deep Sets of Secrets" in own_view and "published as Anonymous: only you see it here" in own_view
    directory = client.get("/users/").content.decode()
    assert "Zelda Quasimodo" in directory and "Deep Sets" not in directory
    assert csrf_client(writer).get(anonymous_summary.paper.get_absolute_url()).content.decode().count(
        'Published as "Anonymous": readers do not see that you wrote it.') == 1


def test_the_writer_still_edits_and_deletes_it_and_others_cannot(anonymous_summary, writer, make_user):
    page = anonymous_summary.paper.get_absolute_url()
    own = csrf_client(writer).get(page).content.decode()
    assert f"/summaries/{anonymous_summary.pk}/edit/" in own and f"/summaries/{anonymous_summary.pk}/delete/" in own
    stranger = csrf_client(make_user())
    assert f"/summaries/{anonymous_summary.pk}/edit/" not in stranger.get(page).content.decode()
    assert stranger.get(f"/summaries/{anonymous_summary.pk}/edit/").status_code == 403
    response = csrf_post(csrf_client(writer), f"/summaries/{anonymous_summary.pk}/delete/")
    assert response.status_code == 302 and not Summary.objects.filter(pk=anonymous_summary.pk).exists()


def test_followers_of_the_writer_are_not_told_and_followers_of_the_paper_hear_of_someone(writer, make_user):
    paper = make_paper("Followed paper")
    user_follower, paper_follower = make_user(), make_user()
    Follow.objects.create(follower=user_follower, user=writer)
    Follow.objects.create(follower=paper_follower, paper=paper)
    make_summary(paper, author=writer, is_anonymous=True)
    assert not Notification.objects.filter(recipient=user_follower).exists()
    told = Notification.objects.get(recipient=paper_follower)
    assert told.actor is None and told.sentence() == "New summary of “Followed paper” by Anonymous"
    page = csrf_client(paper_follower).get("/notifications/").content.decode()
    assert "Followed paper" in page and names_nobody(page)


def test_the_admin_shows_moderators_the_writer(anonymous_summary, make_user):
    admin = make_user("moderator", is_staff=True, is_superuser=True)
    client = csrf_client(admin)
    listing = client.get("/admin/summaries/summary/").content.decode()
    assert "zelda (published as Anonymous)" in listing
    change = client.get(f"/admin/summaries/summary/{anonymous_summary.pk}/change/").content.decode()
    assert "zelda" in change and 'name="is_anonymous"' in change
