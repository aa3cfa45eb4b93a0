"""Votes: one per user per summary, changeable, never on one's own; scores order the summaries; concurrency."""

import re
import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django.test import override_settings

from summaries.models import Summary, Vote
from summaries.services import summary_vote
from tests.builders import csrf_client, csrf_post, make_paper, make_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def summary(make_user):
    return make_summary(make_paper(), author=make_user("author"))


def vote(client, summary, value):
    # Anonymous pages carry no form, so an anonymous client takes its CSRF cookie from the login page.
    form_page = summary.paper.get_absolute_url() if "_auth_user_id" in client.session else "/accounts/login/"
    return csrf_post(client, f"/summaries/{summary.pk}/vote/", {"value": value}, form_page=form_page)


def score_on_page(client, summary):
    html = client.get(summary.paper.get_absolute_url()).content.decode()
    block = html[html.index(f'id="summary-{summary.pk}"'):]
    return int(re.search(r'score <strong>(-?\d+)</strong>', block).group(1))


def test_vote_is_counted_changeable_and_withdrawable(summary, make_user):
    client = csrf_client(make_user())
    response = vote(client, summary, 1)
    # Back to the buttons just used, not to the top of the summary (which may be a long scroll above them).
    assert response.status_code == 302 and response["Location"] == summary.get_actions_url()
    assert response["Location"].endswith(f"#summary-{summary.pk}-actions")
    assert f'id="summary-{summary.pk}-actions"' in client.get(summary.paper.get_absolute_url()).content.decode()
    assert score_on_page(client, summary) == 1
    assert 'value="0" class="vote-button secondary" aria-pressed="true"' in client.get(
        summary.paper.get_absolute_url()).content.decode()
    vote(client, summary, -1)
    assert score_on_page(client, summary) == -1
    assert Vote.objects.get().value == -1
    vote(client, summary, 0)
    assert score_on_page(client, summary) == 0
    assert not Vote.objects.exists()


def test_votes_of_several_users_add_up(summary, make_user):
    for value in (1, 1, 1, -1):
        vote(csrf_client(make_user()), summary, value)
    summary.refresh_from_db()
    assert summary.score == 2 == sum(Vote.objects.values_list("value", flat=True))


def test_nobody_votes_on_their_own_summary(summary):
    client = csrf_client(summary.author)
    assert "vote-form" not in client.get(summary.paper.get_absolute_url()).content.decode()
    response = vote(client, summary, 1)
    assert response.status_code == 403
    assert not Vote.objects.exists() and Summary.objects.get().score == 0


def test_a_moderator_cannot_vote_on_a_hidden_or_private_summary(summary, make_user):
    moderator = make_user("moderator", is_staff=True)
    client = csrf_client(moderator)
    private = make_summary(make_paper("Another"), author=make_user(), is_private=True)
    summary.is_hidden = True
    summary.save(update_fields=["is_hidden"])
    for refused in (summary, private):
        response = vote(client, refused, 1)
        assert response.status_code == 403 and "Votes are for public summaries only." in response.content.decode()
        with pytest.raises(ValidationError):
            summary_vote(summary=refused, user=moderator, value=1)
    assert not Vote.objects.exists() and set(Summary.objects.values_list("score", flat=True)) == {0}


def test_anonymous_voter_is_sent_to_log_in_and_back_to_the_summary(summary):
    client = csrf_client()
    assert "Log in to vote" in client.get(summary.paper.get_absolute_url()).content.decode()
    response = vote(client, summary, 1)
    assert response.status_code == 302
    paper = summary.paper
    assert response["Location"] == f"/accounts/login/?next=/papers/{paper.pk}/{paper.slug}/%23summary-{summary.pk}"
    assert not Vote.objects.exists()


def test_bad_votes_are_refused(summary, make_user):
    client = csrf_client(make_user())
    assert vote(client, summary, 5).status_code == 400
    assert client.get(f"/summaries/{summary.pk}/vote/").status_code == 405
    assert client.post(f"/summaries/{summary.pk}/vote/", {"value": 1}).status_code == 403  # no CSRF token
    private = make_summary(make_paper("Another"), author=make_user(), is_private=True)
    assert vote(client, private, 1).status_code == 404
    assert not Vote.objects.exists()


def test_paper_page_orders_summaries_by_score_then_date(make_user):
    paper = make_paper()
    old, middle, new = (make_summary(paper, author=make_user(), body=f"Summary {name}") for name in "ABC")
    for offset, summary in [(3, old), (2, middle), (1, new)]:
        Summary.objects.filter(pk=summary.pk).update(created=summary.created - timedelta(days=offset))
    for voter in (make_user(), make_user()):
        summary_vote(summary=new, user=voter, value=1)
    summary_vote(summary=old, user=make_user(), value=-1)
    html = csrf_client().get(paper.get_absolute_url()).content.decode()
    assert re.findall(r"Summary ([ABC])", html) == ["C", "B", "A"]


def test_home_page_tabs_most_recent_and_highest_rated(make_user):
    paper = make_paper()
    liked = make_summary(paper, author=make_user(), body="Liked one")
    Summary.objects.filter(pk=liked.pk).update(created=liked.created - timedelta(days=1))
    make_summary(make_paper("Second paper"), author=make_user(), body="Recent one")
    summary_vote(summary=liked, user=make_user(), value=1)
    client = csrf_client()
    recent = client.get("/").content.decode()
    top = client.get("/?tab=top").content.decode()
    assert recent.index("Recent one") < recent.index("Liked one")
    assert top.index("Liked one") < top.index("Recent one")
    assert '<span aria-current="page">Highest rated</span>' in top and '<a href="?tab=recent">' in top
    assert client.get("/?tab=nonsense").status_code == 200


def test_paper_page_queries_do_not_grow_with_summaries(make_user):
    paper = make_paper()
    viewer = make_user()
    client = csrf_client(viewer)

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            assert client.get(paper.get_absolute_url()).status_code == 200
        return len(context)

    for _ in range(2):
        summary_vote(summary=make_summary(paper, author=make_user()), user=viewer, value=1)
    few = count_queries()
    for _ in range(6):
        summary_vote(summary=make_summary(paper, author=make_user()), user=viewer, value=-1)
    assert count_queries() == few


@override_settings(RATELIMITS={"vote": "3/m"})
def test_too_many_votes_get_a_429_page(summary, make_user):
    client = csrf_client(make_user())
    for value in (1, -1, 1):
        assert vote(client, summary, value).status_code == 302
    response = vote(client, summary, -1)
    assert response.status_code == 429 and "3 per minute" in response.content.decode()
    assert Summary.objects.get().score == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_keep_the_score_equal_to_the_votes(make_user):
    """Real threads, each with its own PostgreSQL connection, voting at the same moment."""
    summary = make_summary(make_paper(), author=make_user("author"))
    voters = [make_user() for _ in range(12)]
    barrier = threading.Barrier(len(voters) + 4)
    errors = []

    def cast(user, values):
        try:
            barrier.wait()
            for value in values:
                summary_vote(summary=summary, user=user, value=value)
        except Exception as exc:  # reported below: a thread's exception would otherwise vanish
            errors.append(exc)
        finally:
            connections.close_all()  # this thread's own connection (persistent: close_old_connections keeps it)

    # Twelve users vote +1 once; one more user flips their vote many times from four threads at once (as a
    # double-clicking browser would): still one row for them, and the score is exactly the sum of the rows.
    flipper = make_user("flipper")
    threads = [threading.Thread(target=cast, args=(user, [1])) for user in voters]
    threads += [threading.Thread(target=cast, args=(flipper, [1, -1, 1, -1, -1])) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    summary.refresh_from_db()
    assert Vote.objects.filter(summary=summary).count() == 13
    flipped = Vote.objects.get(user=flipper).value  # whichever thread wrote last
    assert summary.score == 12 + flipped == sum(Vote.objects.filter(summary=summary).values_list("value", flat=True))
