"""The discussion's admin lists at scale: a fixed number of queries per page whatever the number of rows, and no
COUNT(*) over the whole table (a capped count; on PostgreSQL the planner's estimate past the cap)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from discussion import services
from infra.pagination import EstimatedCountPaginator
from notifications.models import Follow, Notification
from tests.builders import csrf_client, make_answer, make_comment, make_paper, make_question, make_summary

pytestmark = pytest.mark.django_db

LISTS = {  # changelist -> its queries for a page: session, user, the capped count, the rows (all joined), the
    # admin's own (Django's changelist asks whether any action applies: none here)
    "/admin/discussion/comment/": 4,
    "/admin/discussion/question/": 4,
    "/admin/discussion/answer/": 4,
    "/admin/discussion/discussionreport/": 4,
    "/admin/notifications/follow/": 4,
    "/admin/notifications/notification/": 4,
    "/admin/discussion/reportqueue/": 7,  # + the union's count and one query per reported kind (no summaries here)
}


def add_rows(make_user, n):
    writer, reader = make_user(), make_user()
    for i in range(n):
        paper = make_paper(f"Paper {i} of {n}")
        Follow.objects.create(follower=reader, paper=paper)
        summary = make_summary(paper, author=writer)
        comment = make_comment(summary, f"Comment {i}", author=reader)
        question = make_question(paper, f"Question {i}?", author=reader)
        answer = make_answer(question, f"Answer {i}", author=writer)
        for target in ({"comment": comment}, {"question": question}, {"answer": answer}):
            services.report_create(reporter=writer if "comment" in target else reader, reason="Bad", **target)
    assert Notification.objects.exists()


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_each_list_page_runs_the_same_few_queries_for_2_or_12_rows(make_user):
    moderator = csrf_client(make_user("mod", is_staff=True, is_superuser=True))
    add_rows(make_user, 2)
    few = {url: queries(moderator, url) for url in LISTS}
    add_rows(make_user, 10)
    for url, expected in LISTS.items():
        many = queries(moderator, url)
        assert len(many) == len(few[url]) == expected, (url, many)
        counts = [sql for sql in many if "COUNT(" in sql.upper()]
        if "reportqueue" not in url:  # the queue counts reports only, a small table
            assert all("LIMIT" in sql.upper() for sql in counts), (url, counts)  # never a count of the whole table


def test_the_paginator_caps_its_count_and_keeps_small_counts_exact(make_user, settings):
    reader = make_user()
    summary = make_summary(make_paper("Counted"), author=reader)
    for i in range(5):
        make_comment(summary, f"c{i}", author=reader)
    from discussion.models import Comment

    assert EstimatedCountPaginator(Comment.objects.all(), 2).count == 5

    class Capped(EstimatedCountPaginator):
        COUNT_CAP = 3

    assert Capped(Comment.objects.all(), 2).count in (4, 5)  # the cap, or PostgreSQL's estimate when larger
    assert Capped(Comment.objects.filter(body="c1"), 2).count == 1


@pytest.mark.postgres
def test_on_postgresql_an_unfiltered_list_past_the_cap_reads_the_planners_estimate(make_user):
    from discussion.models import Comment

    reader = make_user()
    summary = make_summary(make_paper("Estimated"), author=reader)
    for i in range(30):
        make_comment(summary, f"c{i}", author=reader)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE discussion_comment")

    class Capped(EstimatedCountPaginator):
        COUNT_CAP = 10

    with CaptureQueriesContext(connection) as captured:
        count = Capped(Comment.objects.all(), 5).count
    assert count == 30 and any("reltuples" in q["sql"] for q in captured.captured_queries)
    assert not any(q["sql"].upper().startswith("SELECT COUNT(*) AS") and "LIMIT" not in q["sql"].upper()
                   for q in captured.captured_queries)
