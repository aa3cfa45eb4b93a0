"""Questions about a paper and their answers: asking, answering with math, votes, the accepted answer, counts."""

import pytest
from django.test import override_settings

from discussion.models import Answer, Question
from papers.models import Paper
from tests.builders import csrf_client, csrf_post, make_answer, make_paper, make_question, make_venue

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper():
    return make_paper("Neural Ordinary Differential Equations", venue=make_venue("NIPS"), year=2018)


def ask(client, paper, **data):
    fields = {"title": "Why O(1) memory?", "category": "clarification", "body": "In section 3, $\\lambda(t)$?"}
    return csrf_post(client, f"/papers/{paper.pk}/{paper.slug}/questions/new/", {**fields, **data},
                     form_page="/accounts/login/")


def test_a_reader_asks_a_question_with_a_category_and_it_shows_on_the_paper_page(paper, make_user):
    response = ask(csrf_client(make_user("ada")), paper, category="reproduction")
    question = Question.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/questions/{question.pk}/"
    assert question.category == "reproduction" and "<math" in question.body_html
    html = csrf_client().get(paper.get_absolute_url()).content.decode()
    assert "Why O(1) memory?" in html and "Reproduction" in html and "unanswered" in html
    assert "1 question" in html


def test_asking_needs_a_login_and_an_unknown_category_is_refused(paper, make_user):
    response = ask(csrf_client(), paper)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    refused = ask(csrf_client(make_user()), paper, category="gossip")
    assert refused.status_code == 400 and "Select a valid choice." in refused.content.decode()
    assert not Question.objects.exists()


def test_a_too_long_question_is_refused_with_its_text_kept(paper, make_user):
    response = ask(csrf_client(make_user()), paper, body="x" * 10_001)
    assert response.status_code == 400
    assert "A question can be at most 10,000 characters; this one has 10,001." in response.content.decode()
    assert "x" * 10_001 in response.content.decode()


@override_settings(RATELIMITS={"question": "1/h"})
def test_too_many_questions_get_the_429_page(paper, make_user):
    client = csrf_client(make_user())
    assert ask(client, paper).status_code == 302
    assert ask(client, paper, title="Again").status_code == 429


def test_answers_come_accepted_first_then_by_score(paper, make_user):
    asker, a, b, c = (make_user(n) for n in ("asker", "a", "b", "c"))
    question = make_question(paper, author=asker)
    make_answer(question, "Low answer", author=a)
    make_answer(question, "High answer", author=b, score=5)
    accepted = make_answer(question, "Accepted answer", author=c, score=-1)
    csrf_post(csrf_client(asker), f"/answers/{accepted.pk}/accept/", form_page=question.get_absolute_url())
    html = csrf_client().get(question.get_absolute_url()).content.decode()
    assert html.index("Accepted answer") < html.index("High answer") < html.index("Low answer")
    assert "✓ Accepted answer" in html


def test_a_reader_answers_with_math_and_the_asker_accepts_it(paper, make_user):
    asker = make_user("asker")
    question = make_question(paper, author=asker)
    helper = csrf_client(make_user("helper"))
    response = csrf_post(helper, f"/questions/{question.pk}/answers/new/", {"body": "Since $\\dot z = f(z)$."},
                         form_page=question.get_absolute_url())
    answer = Answer.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/questions/{question.pk}/#answer-{answer.pk}"
    assert "<math" in answer.body_html
    paper.refresh_from_db()
    assert (paper.question_count, paper.unanswered_count, paper.discussion_count) == (1, 0, 2)
    # Only the asker accepts.
    refused = csrf_post(helper, f"/answers/{answer.pk}/accept/", form_page=question.get_absolute_url())
    assert refused.status_code == 403 and "Only the person who asked can accept an answer." in refused.content.decode()
    csrf_post(csrf_client(asker), f"/answers/{answer.pk}/accept/", form_page=question.get_absolute_url())
    answer.refresh_from_db()
    assert answer.is_accepted
    assert "answered ✓" in csrf_client().get(paper.get_absolute_url()).content.decode()


def test_accepting_another_answer_moves_the_mark(paper, make_user):
    asker = make_user()
    question = make_question(paper, author=asker)
    first, second = make_answer(question, author=make_user()), make_answer(question, author=make_user())
    client = csrf_client(asker)
    csrf_post(client, f"/answers/{first.pk}/accept/", form_page=question.get_absolute_url())
    csrf_post(client, f"/answers/{second.pk}/accept/", form_page=question.get_absolute_url())
    assert list(Answer.objects.filter(is_accepted=True)) == [second]


def test_votes_on_answers_move_the_score_but_not_on_ones_own(paper, make_user):
    writer = make_user()
    answer = make_answer(make_question(paper, author=make_user()), author=writer)
    voter = csrf_client(make_user())
    page = answer.question.get_absolute_url()
    assert csrf_post(voter, f"/answers/{answer.pk}/vote/", {"value": "1"}, form_page=page).status_code == 302
    assert csrf_post(voter, f"/answers/{answer.pk}/vote/", {"value": "1"}, form_page=page).status_code == 302
    answer.refresh_from_db()
    assert answer.score == 1  # one vote per reader
    own = csrf_post(csrf_client(writer), f"/answers/{answer.pk}/vote/", {"value": "1"}, form_page=page)
    assert own.status_code == 403 and "You cannot vote on your own answer." in own.content.decode()
    csrf_post(voter, f"/answers/{answer.pk}/vote/", {"value": "-1"}, form_page=page)
    answer.refresh_from_db()
    assert answer.score == -1


def test_a_deleted_question_with_answers_stays_as_a_placeholder(paper, make_user):
    asker = make_user()
    question = make_question(paper, "Original title", author=asker)
    answer = make_answer(question, "Still useful", author=make_user())
    csrf_post(csrf_client(asker), f"/questions/{question.pk}/delete/")
    question.refresh_from_db()
    assert question.is_deleted and question.title == ""
    html = csrf_client().get(question.get_absolute_url()).content.decode()
    assert "Question deleted" in html and "Still useful" in html and "Original title" not in html
    paper.refresh_from_db()
    assert paper.question_count == 0
    csrf_post(csrf_client(answer.author), f"/answers/{answer.pk}/delete/")
    assert not Question.objects.exists()


def test_nobody_else_edits_a_question_or_an_answer(paper, make_user):
    question = make_question(paper, author=make_user())
    answer = make_answer(question, author=make_user())
    other = csrf_client(make_user())
    edit_q = csrf_post(other, f"/questions/{question.pk}/edit/", {"title": "x", "category": "other", "body": "x"},
                       form_page="/")
    edit_a = csrf_post(other, f"/answers/{answer.pk}/edit/", {"body": "x"}, form_page="/")
    assert edit_q.status_code == edit_a.status_code == 403
    assert "Only the writer of this answer, or a moderator, can change it." in edit_a.content.decode()


def test_a_hidden_question_is_a_404_for_readers_and_closed_to_answers(paper, make_user):
    asker = make_user()
    question = make_question(paper, "Spammy", author=asker, is_hidden=True)
    assert csrf_client().get(question.get_absolute_url()).status_code == 404
    assert "Spammy" not in csrf_client().get(paper.get_absolute_url()).content.decode()
    assert csrf_client(asker).get(question.get_absolute_url()).status_code == 200
    response = csrf_post(csrf_client(asker), f"/questions/{question.pk}/answers/new/", {"body": "self"}, form_page="/")
    assert response.status_code == 403 and "This question is closed to answers." in response.content.decode()


def test_the_paper_lists_count_questions_and_sort_by_most_discussed(paper, make_user):
    quiet = make_paper("A quiet paper", venue=paper.venue, year=2018)
    question = make_question(paper, author=make_user())
    make_question(paper, "Second", author=make_user())
    make_answer(question, author=make_user())
    assert Paper.objects.filter(pk=paper.pk).values_list("question_count", "unanswered_count").get() == (2, 1)
    html = csrf_client().get("/venues/nips/2018/?sort=discussed").content.decode()
    assert "2 questions" in html and "1 unanswered" in html and "Most discussed" in html
    assert html.index(paper.title) < html.index(quiet.title)


def test_a_new_answer_shows_at_once_on_the_cached_question_page(paper, make_user):
    question = make_question(paper, author=make_user())
    reader = csrf_client()
    reader.get(question.get_absolute_url())
    assert "Fresh answer" not in reader.get(question.get_absolute_url()).content.decode()
    csrf_post(csrf_client(make_user()), f"/questions/{question.pk}/answers/new/", {"body": "Fresh answer"},
              form_page="/")
    assert "Fresh answer" in reader.get(question.get_absolute_url()).content.decode()
