"""Paper.has_discussion: whether a paper has any comment or question, hidden and deleted ones included. Its page runs
no discussion query without one, and the flag follows every write, so that nobody's comment goes missing."""

import importlib
import types

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from papers.models import Paper
from tests.builders import csrf_client, make_comment, make_paper, make_question, make_summary

pytestmark = pytest.mark.django_db

DISCUSSION_TABLES = ('FROM "discussion_comment"', 'FROM "discussion_question"')


def flag(paper):
    return Paper.objects.values_list("has_discussion", flat=True).get(pk=paper.pk)


def discussion_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries.captured_queries if any(table in q["sql"] for table in DISCUSSION_TABLES)]


def test_the_page_of_a_paper_without_discussion_reads_none(client, make_user, settings):
    settings.CACHE_PAGES = False
    paper = make_paper("Quiet paper")
    make_summary(paper, "Nobody has commented on this.", author=make_user())
    assert not flag(paper)
    assert discussion_queries(client, paper.get_absolute_url()) == []  # two queries before
    make_comment(paper.summaries.get(), "Now somebody has.", author=make_user())
    assert flag(paper)
    assert discussion_queries(client, paper.get_absolute_url())
    assert "Now somebody has." in client.get(paper.get_absolute_url()).content.decode()


def test_a_hidden_comment_or_question_alone_keeps_the_flag_for_its_writer(make_user):
    writer = make_user()
    paper = make_paper("Paper with a hidden comment")
    summary = make_summary(paper, "A summary.", author=make_user())
    comment = make_comment(summary, "Hidden by a moderator.", author=writer)
    comment.is_hidden = True
    comment.save()  # as a moderator hides it
    assert flag(paper)
    assert "Hidden by a moderator." in csrf_client(writer).get(paper.get_absolute_url()).content.decode()

    other = make_paper("Paper with a question only")
    question = make_question(other, "Is it hidden?", author=writer)
    question.is_hidden = True
    question.save()
    assert flag(other)


def test_the_flag_goes_with_the_last_comment_and_comes_with_a_private_summarys(make_user):
    paper = make_paper("Paper")
    summary = make_summary(paper, "Public.", author=make_user())
    comment = make_comment(summary, "The only one.", author=make_user())
    comment.delete()
    assert not flag(paper)
    private = make_summary(paper, "Private.", author=make_user(), is_private=True)
    make_comment(private, "On the share page.", author=make_user())
    assert flag(paper)  # the share page shows it


def test_the_migration_fills_the_flag_of_existing_papers(make_user):
    discussed, quiet = make_paper("Discussed"), make_paper("Quiet")
    make_question(discussed, "A question?", author=make_user())
    Paper.objects.update(has_discussion=False)  # as the column is when added
    migration = importlib.import_module("discussion.migrations.0003_papers_has_discussion")
    migration.fill(apps, types.SimpleNamespace(connection=connection))
    assert flag(discussed) and not flag(quiet)
