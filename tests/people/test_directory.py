"""/users/: writers with a signed public summary, by reputation, name or newest, paginated from stored counts."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Profile
from people.models import Writer
from people.views import WRITERS_PER_PAGE
from summaries import services
from tests.builders import make_paper, make_summary

pytestmark = pytest.mark.django_db


def listed_names(html):
    return re.findall(r'<th scope="row"><a href="/users/[^/]+/"><img[^>]*> <bdi>([^<]+)</bdi>', html)


@pytest.fixture
def writers(make_user):
    now = timezone.now()
    made = {}
    for name, joined_days_ago, votes in [("carol", 30, 0), ("alice", 20, 2), ("bob", 10, 1)]:
        user = make_user(name)
        user.date_joined = now - timedelta(days=joined_days_ago)
        user.save()
        summary = make_summary(make_paper(), author=user)
        for _ in range(votes):
            services.summary_vote(summary=summary, user=make_user(), value=1)
        made[name] = user
    Profile.objects.create(user=made["carol"], display_name="Aaron Carol")
    make_summary(make_paper(), author=make_user("hermit"), is_private=True)
    make_summary(make_paper(), author=make_user("masked"), is_anonymous=True)
    return made


def test_sorted_by_reputation_by_default_then_by_name_and_newest(client, writers):
    assert listed_names(client.get("/users/").content.decode()) == ["alice", "bob", "Aaron Carol"]
    assert listed_names(client.get("/users/?sort=name").content.decode()) == ["Aaron Carol", "alice", "bob"]
    assert listed_names(client.get("/users/?sort=newest").content.decode()) == ["bob", "alice", "Aaron Carol"]
    assert listed_names(client.get("/users/?sort=nonsense").content.decode()) == ["alice", "bob", "Aaron Carol"]


def test_it_shows_reputation_and_the_number_of_public_summaries(client, writers):
    make_summary(make_paper(), author=writers["alice"])
    html = client.get("/users/").content.decode()
    row = re.search(r"<bdi>alice</bdi></a></th>\s*<td class=\"reputation\">(\d+)</td>\s*<td>(\d+)</td>", html)
    assert row.groups() == ("2", "2")
    assert "hermit" not in html and "masked" not in html  # no public summary under their name


def test_pages_are_paginated_and_a_bad_page_is_a_404_not_a_500(client, writers, make_user):
    for number in range(WRITERS_PER_PAGE):
        make_summary(make_paper(), author=make_user(f"many{number:03}"))
    first = client.get("/users/?sort=name").content.decode()
    assert len(listed_names(first)) == WRITERS_PER_PAGE and 'rel="next" href="?sort=name&amp;page=2"' in first
    assert len(listed_names(client.get("/users/?sort=name&page=2").content.decode())) == 3
    assert client.get("/users/?page=99").status_code == 404
    assert client.get("/users/?page=x").status_code == 404


def test_the_number_of_queries_does_not_grow_with_the_writers(client, writers, make_user):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/users/", HTTP_CACHE_CONTROL="no-cache").status_code == 200
        return len(captured)

    from django.core.cache import cache

    cache.clear()
    few = queries()
    for number in range(10):
        make_summary(make_paper(), author=make_user(f"more{number}"))
    cache.clear()
    assert queries() == few and Writer.objects.listed().count() == 13
