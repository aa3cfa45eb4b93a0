"""Never stale, proven: after any sequence of writes, every page served from the cache is the page rendered without it.

Hypothesis draws sequences of writes (post, edit, hide, vote, delete, rename, comment) on a small catalogue; after
each write, every page is read through the cache (stored by earlier steps, so a version a write forgot to bump
serves the old copy) and compared with the same page rendered with the cache off, for an anonymous reader and
two logged-in ones: a bystander who never writes (reading first, so the shared fragments are theirs) and a
reader who writes, whose own summaries and comments must show as theirs.
Bounded: a few dozen write sequences, in well under a minute.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client, override_settings
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from discussion.services import comment_create
from papers.models import Paper
from summaries.models import Summary
from summaries.services import summary_create, summary_delete, summary_set_hidden, summary_update, summary_vote
from tests.builders import make_paper, make_summary, make_venue

pytestmark = pytest.mark.django_db(transaction=False)

WRITES = ["post", "edit", "hide", "unhide", "vote", "delete", "rename", "comment"]
# A write: what, on which paper, by which user, with which vote.
write_steps = st.tuples(st.sampled_from(WRITES), st.integers(0, 2), st.integers(0, 2), st.sampled_from([1, -1, 0]))
CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
# A feed without entries is dated when it is rendered (Atom requires a date): not a version of anything.
EMPTY_FEED_DATE = re.compile(rb"<updated>[^<]*</updated></feed>$")


class Rollback(Exception):
    pass


def build_catalogue():
    nips, icml = make_venue("NIPS"), make_venue("ICML")
    papers = [
        make_paper("Neural Ordinary Differential Equations", venue=nips, authors=["Ricky Chen"], keywords=["ODE"]),
        make_paper("Latent ODEs for Irregular Time Series", venue=nips, authors=["Ricky Chen", "Yulia Rubanova"]),
        make_paper("Deep Residual Learning", venue=icml, year=2016, authors=["Kaiming He"]),
    ]
    make_summary(papers[0], "Continuous-depth residual networks.")
    users = [get_user_model().objects.create_user(f"reader{number}", password="x") for number in range(3)]
    return papers, users


def pages(papers):
    lists = ["/?tab=top", "/venues/nips/2018/?sort=summaries", "/venues/icml/2016/", "/authors/ricky-chen/"]
    anonymous = [*lists, "/", "/venues/", "/keywords/ode/", "/search/?q=ode", "/feeds/latest/", "/api/papers/"]
    paper_urls = [paper.get_absolute_url() for paper in Paper.objects.filter(pk__in=[p.pk for p in papers])]
    anonymous += [*paper_urls, f"{paper_urls[0]}feed/"]
    logged_in = [*lists, *paper_urls]
    return anonymous, logged_in


def apply(step, papers, users):
    """Perform one write; a write the rules refuse (a second summary, a vote on one's own) changes nothing."""
    what, paper_index, user_index, value = step
    paper, user = Paper.objects.get(pk=papers[paper_index].pk), users[user_index]
    summary = Summary.objects.filter(paper=paper).order_by("pk").first()
    try:
        if what == "post":
            summary_create(paper=paper, author=user, body=f"Summary by {user.username}: $x^{value + 2}$.")
        elif what == "rename":
            paper.title = f"{paper.title.split(' (')[0]} ({value + 2}nd revision)"
            paper.save()
        elif summary is None:
            return
        elif what == "edit":
            summary_update(summary=summary, body=f"Edited {value}: **better**.", is_private=False)
        elif what in ("hide", "unhide"):
            summary_set_hidden(summary=summary, hidden=what == "hide")
        elif what == "vote":
            summary_vote(summary=summary, user=user, value=value)
        elif what == "delete":
            summary_delete(summary=summary)
        elif what == "comment" and not summary.is_hidden:
            comment_create(summary=summary, author=user, body=f"Comment {value}.")
    except ValidationError:
        pass


def read(client, url):
    response = client.get(url)
    return response.status_code, EMPTY_FEED_DATE.sub(b"", CSRF_TOKEN.sub(b"", response.content))


def assert_cached_pages_are_current(readers, urls):
    for who, client in readers.items():
        for url in urls[0] if who == "anonymous" else urls[1]:
            cached = read(client, url)
            with override_settings(CACHE_PAGES=False):
                fresh = read(client, url)
            assert cached == fresh, f"stale {url} for the {who} reader"


# Bounded: no shrinking (a failure prints the whole sequence of writes, at most four), no example database.
@settings(max_examples=10, deadline=None, derandomize=True, database=None,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(write_steps, min_size=1, max_size=4))
# Every kind of write at least once, whatever the draws: on the summarized paper, by a reader who may vote on it.
@example(steps=[("vote", 0, 1, 1), ("post", 1, 1, 1), ("edit", 0, 2, 0), ("comment", 0, 2, 0), ("comment", 0, 0, 1),
                ("rename", 2, 0, 0),
                ("hide", 0, 0, 0), ("unhide", 0, 0, 0), ("vote", 1, 2, -1), ("delete", 0, 0, 0)])
def test_after_any_writes_every_cached_page_is_the_page_rendered_without_the_cache(db, steps):
    cache.clear()
    try:
        with transaction.atomic():
            papers, users = build_catalogue()
            readers = {"anonymous": Client(), "bystander": Client(), "writing": Client()}
            readers["bystander"].force_login(get_user_model().objects.create_user("bystander", password="x"))
            readers["writing"].force_login(users[0])
            assert_cached_pages_are_current(readers, pages(papers))  # fills the cache
            for step in steps:
                apply(step, papers, users)
                assert_cached_pages_are_current(readers, pages(papers))
            raise Rollback
    except Rollback:
        pass
