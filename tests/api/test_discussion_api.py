"""The discussion in the JSON API: a summary's comments and a paper's questions with answers, public ones only,
validated against the OpenAPI description."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.test_api import get
from tests.builders import make_answer, make_comment, make_paper, make_question, make_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussed(make_user):
    ada, grace = make_user("ada"), make_user("grace")
    paper = make_paper("Neural ODEs")
    summary = make_summary(paper, "A summary", author=ada)
    top = make_comment(summary, "Is $x$ real?", author=grace)
    make_comment(summary, "Yes", author=ada, reply_to=top)
    make_comment(summary, "Spam", author=grace, is_hidden=True)
    question = make_question(paper, author=grace)
    make_answer(question, "Low", author=ada)
    make_answer(question, "Accepted", author=make_user(), is_accepted=True)
    make_answer(question, "Hidden", author=ada, is_hidden=True)
    make_question(paper, "Hidden question", author=grace, is_hidden=True)
    return {"paper": paper, "summary": summary, "question": question}


def test_a_summarys_public_comments_oldest_first_with_their_threads(client, discussed):
    data = get(client, f"/api/summaries/{discussed['summary'].pk}/comments/", "/summaries/{id}/comments/")
    assert [c["markdown"] for c in data["results"]] == ["Is $x$ real?", "Yes"]
    top, reply = data["results"]
    assert reply["thread"] == reply["reply_to"] == top["id"] and "<math" in top["html"]


def test_comments_of_a_private_summary_are_a_404(client, discussed, make_user):
    private = make_summary(make_paper(), author=make_user(), is_private=True)
    make_comment(private, "Secret", author=private.author)
    get(client, f"/api/summaries/{private.pk}/comments/", "/summaries/{id}/comments/", status=404)


def test_a_papers_public_questions_with_answers_accepted_first(client, discussed):
    data = get(client, f"/api/papers/{discussed['paper'].pk}/questions/", "/papers/{id}/questions/")
    [question] = data["results"]
    assert [a["markdown"] for a in question["answers"]] == ["Accepted", "Low"]
    assert question["answer_count"] == 2 and question["category"] == "clarification"
    one = get(client, f"/api/questions/{question['id']}/", "/questions/{id}/")
    assert one == question


def test_the_question_list_costs_the_same_queries_for_one_or_many(client, discussed, make_user):
    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/api/papers/{discussed['paper'].pk}/questions/", {"page_size": 100})
        return len(queries)

    before = count()
    for n in range(10):
        make_answer(make_question(discussed["paper"], f"Q{n}", author=make_user()), author=make_user())
    assert count() == before
