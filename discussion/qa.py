"""Writes on questions and answers: asking, answering, voting, accepting, editing, deleting, moderating."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from discussion.models import Answer, AnswerVote, Question
from discussion.signals import answer_accepted, answer_posted, answer_voted
from pagecache.models import versions_changed
from papers.pagekeys import paper_page_keys


@transaction.atomic
def question_create(*, paper, author, title: str, category: str, body: str) -> Question:
    question = Question(paper=paper, author=author, title=title, category=category, body=body)
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_update(*, question: Question, title: str, category: str, body: str) -> Question:
    if question.is_deleted:
        raise PermissionDenied("A deleted question cannot be edited.")
    question.title, question.category, question.body = title, category, body
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: Question) -> bool:
    """Delete a question; one with answers stays as "question deleted" with its answers. Returns whether it stayed."""
    if question.answers.exists():
        question.title, question.body, question.is_deleted = "", "", True
        question.save(update_fields=["title", "body", "is_deleted", "updated"])
        return True
    question.delete()
    return False


@transaction.atomic
def answer_create(*, question: Question, author, body: str) -> Answer:
    if (question.is_hidden or question.is_deleted) and not author.is_staff:
        raise PermissionDenied("This question is closed to answers.")
    answer = Answer(question=question, author=author, body=body)
    answer.full_clean()
    answer.save()
    answer_posted.send(sender=Answer, answer=answer)
    return answer


@transaction.atomic
def answer_update(*, answer: Answer, body: str) -> Answer:
    answer.body = body
    answer.full_clean()
    answer.save(update_fields=["body", "updated"])
    return answer


@transaction.atomic
def answer_delete(*, answer: Answer) -> None:
    question = answer.question
    answer.delete()
    if question.is_deleted and not question.answers.exists():
        question.delete()  # nothing left to read under the placeholder


@transaction.atomic
def answer_accept(*, answer: Answer, user) -> Answer:
    """The asker marks `answer` as the accepted one (another accepted answer is unmarked); again, it is unmarked."""
    question = Question.objects.select_for_update().get(pk=answer.question_id)
    if question.author_id is None or question.author_id != user.pk:
        raise PermissionDenied("Only the person who asked can accept an answer.")
    if answer.is_hidden:
        raise PermissionDenied("A hidden answer cannot be accepted.")
    accept = not answer.is_accepted
    question.answers.filter(is_accepted=True).exclude(pk=answer.pk).update(is_accepted=False)
    answer.is_accepted = accept
    answer.save(update_fields=["is_accepted"])
    if accept:
        answer_accepted.send(sender=Answer, answer=answer)
    return answer


@transaction.atomic
def answer_vote(*, answer: Answer, user, value: int) -> int:
    """`user`'s +1 or -1 on an answer (0 withdraws it); returns the new score. As summaries.services.summary_vote."""
    if value not in (1, -1, 0):
        raise ValidationError("A vote is +1 or -1.")
    if answer.author_id is not None and answer.author_id == user.pk:
        raise PermissionDenied("You cannot vote on your own answer.")
    if answer.is_hidden:
        raise PermissionDenied("Votes are for public answers only.")
    vote = AnswerVote.objects.select_for_update().filter(user=user, answer=answer).first()
    if vote is None and value:
        try:
            with transaction.atomic():
                AnswerVote.objects.create(user=user, answer=answer, value=value)
        except IntegrityError:
            vote = AnswerVote.objects.select_for_update().get(user=user, answer=answer)
    delta = value if vote is None else value - vote.value
    if vote is not None:
        if value:
            vote.value = value
            vote.save(update_fields=["value"])
        else:
            vote.delete()
    if delta:
        Answer.objects.filter(pk=answer.pk).update(score=F("score") + delta)
        versions_changed(paper_page_keys([answer.question.paper_id]))  # the question page shows the score
        answer_voted.send(sender=Answer, answer=answer, delta=delta)
    return Answer.objects.values_list("score", flat=True).get(pk=answer.pk)


@transaction.atomic
def set_hidden(*, item: Question | Answer, hidden: bool) -> bool:
    """Hide or restore a question or answer (moderators); its open reports are resolved."""
    changed = item.is_hidden != hidden
    if changed:
        item.is_hidden = hidden
        item.save(update_fields=["is_hidden"])
    item.reports.filter(resolved=False).update(resolved=True)
    return changed
