"""Many users writing summaries and voting at the same moment on PostgreSQL: nothing lost, nothing doubled."""

import threading
import traceback
from collections import Counter

import pytest
from django.core.cache import cache
from django.db import connections
from django.db.models import Count, Sum
from django.test import Client

from papers.services import paper_create
from search.models import PaperSearchDocument
from summaries.models import Summary, Vote
from summaries.services import summary_create

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

USERS = 20
PAPERS = 3
DUPLICATE_MESSAGE = "You have already written a summary of this paper."


def vote_value(user_index):
    return 1 if user_index % 2 == 0 else -1


def run_together(workers):
    """Run each worker in its own thread; every `step` starts together (a barrier), like a crowd of users.

    A worker is a list of steps (callables). Returns each step's result; fails on any exception in a thread.
    """
    barrier = threading.Barrier(len(workers))
    rounds = max(len(steps) for steps in workers)
    results, errors = [], []

    def run(steps):
        try:
            for index in range(rounds):
                barrier.wait(timeout=60)
                if index < len(steps):
                    results.append(steps[index]())
        except threading.BrokenBarrierError:
            pass
        except BaseException:  # noqa: BLE001 - reported below with the traceback
            errors.append(traceback.format_exc())
            barrier.abort()
        finally:
            connections.close_all()  # each thread has its own database connection

    threads = [threading.Thread(target=run, args=(steps,)) for steps in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    assert not errors, "a request raised instead of answering:\n" + "\n".join(errors[:3])
    return results


@pytest.fixture
def crowd(settings, make_user):
    """USERS users, each with two browser sessions (two tabs or a double click), and PAPERS papers."""
    settings.RATELIMITS = {scope: "100000/h" for scope in settings.RATELIMITS}
    cache.clear()
    users = [make_user(f"crowd{index:02d}") for index in range(USERS)]
    papers = [paper_create(title=f"Concurrency paper {n}", authors=[f"Author {n}"], year=2020) for n in range(PAPERS)]
    sessions = []
    for user in users:
        for _ in range(2):
            client = Client()
            client.force_login(user)
            sessions.append((user, client))
    return users, papers, sessions


def post_summary(user, client, paper):
    def step():
        url = f"/papers/{paper.pk}/{paper.slug}/summaries/new/"
        response = client.post(url, {"body": f"{user.username} on {paper.title}: $x^2$ **matters**."})
        return ("summary", user.pk, paper.pk, response.status_code, response.get("Location", ""),
                response.content.decode() if response.status_code != 302 else "")

    return step


def post_vote(user, client, summary_pk, value):
    def step():
        response = client.post(f"/summaries/{summary_pk}/vote/", {"value": str(value)})
        return ("vote", user.pk, summary_pk, response.status_code, response.get("Location", ""), "")

    return step


def test_simultaneous_posts_keep_one_summary_per_user_per_paper(crowd):
    users, papers, sessions = crowd
    results = run_together([[post_summary(user, client, paper) for paper in papers] for user, client in sessions])

    assert len(results) == len(sessions) * PAPERS
    rows = Counter(Summary.objects.values_list("author_id", "paper_id"))
    assert len(rows) == USERS * PAPERS and set(rows.values()) == {1}
    pk_of = {(author, paper): pk for pk, author, paper in Summary.objects.values_list("pk", "author_id", "paper_id")}

    published, refused_by_database = Counter(), 0
    for _, user_pk, paper_pk, status, location, content in results:
        if status == 302 and location.endswith(f"#summary-{pk_of[user_pk, paper_pk]}"):
            published[user_pk, paper_pk] += 1
        elif status == 302:  # the other tab came second: sent to edit the summary that exists
            assert location == f"/summaries/{pk_of[user_pk, paper_pk]}/edit/"
        else:  # both tabs passed the check together: the unique constraint refused one, with a message
            assert status == 400, content[:500]
            assert DUPLICATE_MESSAGE in content.replace("&#x27;", "'")
            refused_by_database += 1
    assert published == {pair: 1 for pair in pk_of}, "exactly one of the two posts said 'published'"
    print(f"\n{len(results)} posts, {refused_by_database} duplicates refused by the unique constraint")

    # The search index saw every summary, however the writes interleaved.
    for document in PaperSearchDocument.objects.filter(paper__in=papers):
        for user in users:
            assert f"{user.username} on " in document.summaries, f"{user} missing from {document.paper}'s index"


def test_simultaneous_votes_are_counted_exactly_once(crowd):
    users, papers, sessions = crowd
    paper = papers[0]
    summaries = [summary_create(paper=paper, author=user, body=f"By {user.username}") for user in users]
    index_of = {user.pk: index for index, user in enumerate(users)}

    # Round r: every session votes on summary r at once (each user twice, from both of their sessions).
    workers = [
        [post_vote(user, client, summary.pk, vote_value(index_of[user.pk]))
         for summary in summaries if summary.author_id != user.pk]
        for user, client in sessions
    ]
    results = run_together(workers)
    assert Counter(result[3] for result in results) == {302: len(sessions) * (USERS - 1)}

    expected_score = sum(vote_value(index) for index in range(USERS))
    for index, summary in enumerate(summaries):
        summary.refresh_from_db()
        assert summary.votes.count() == USERS - 1
        assert summary.score == expected_score - vote_value(index)

    # Everyone changes their mind on the first summary at once: one session withdraws while the other flips.
    target = summaries[0]
    flips = []
    for position, (user, client) in enumerate(sessions):  # a user's two sessions are next to each other
        if user != users[0]:
            value = 0 if position % 2 == 0 else -vote_value(index_of[user.pk])
            flips.append([post_vote(user, client, target.pk, value)])
    results = run_together(flips)
    assert {result[3] for result in results} == {302}
    target.refresh_from_db()
    totals = target.votes.aggregate(count=Count("pk"), total=Sum("value"))
    assert target.score == (totals["total"] or 0)
    assert Vote.objects.filter(summary=target).values("user").annotate(n=Count("pk")).filter(n__gt=1).count() == 0
    assert Summary.objects.filter(pk__in=[s.pk for s in summaries]).aggregate(total=Sum("score"))["total"] == (
        Vote.objects.filter(summary__in=summaries).aggregate(total=Sum("value"))["total"] or 0
    )
