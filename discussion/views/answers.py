"""Answers to a question: writing, editing, deleting, voting, accepting, reporting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from discussion import qa
from discussion.forms import AnswerForm
from discussion.models import Answer
from discussion.views.common import report_page, require_changeable
from discussion.views.questions import open_question
from infra.ratelimit import ratelimit
from summaries.forms import VoteForm


def _open_answer(request, pk):
    answer = get_object_or_404(Answer.objects.select_related("question__paper", "author__profile"), pk=pk)
    open_question(request, answer.question_id)
    if answer.is_hidden and not answer.can_be_changed_by(request.user):
        raise Http404("No such answer.")
    return answer


@ratelimit("answer")
@login_required
def answer_create(request, pk):
    question = open_question(request, pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        answer = qa.answer_create(question=question, author=request.user, body=form.cleaned_data["body"])
        messages.success(request, "Your answer is published.")
        return redirect(answer)
    context = {"form": form, "question": question, "paper": question.paper}
    return render(request, "discussion/answer_form.html", context, status=400 if request.method == "POST" else 200)


@ratelimit("answer")
@login_required
def answer_edit(request, pk):
    answer = require_changeable(_open_answer(request, pk), request.user, "answer")
    form = AnswerForm(request.POST or None, initial={"body": answer.body})
    if request.method == "POST" and form.is_valid():
        qa.answer_update(answer=answer, body=form.cleaned_data["body"])
        messages.success(request, "Your changes are saved.")
        return redirect(answer)
    context = {"form": form, "question": answer.question, "paper": answer.question.paper, "answer": answer}
    return render(request, "discussion/answer_form.html", context, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def answer_delete(request, pk):
    answer = require_changeable(_open_answer(request, pk), request.user, "answer")
    if request.method == "POST":
        question = answer.question
        qa.answer_delete(answer=answer)
        messages.success(request, "The answer is deleted.")
        return redirect(question if question.pk else question.paper)
    return render(request, "discussion/confirm_delete.html", {"item": answer, "what": "answer"})


@require_POST
@ratelimit("vote")
def answer_vote(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(get_object_or_404(Answer.objects.public(), pk=pk).get_absolute_url())
    answer = _open_answer(request, pk)
    form = VoteForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("A vote is +1 or -1.")
    qa.answer_vote(answer=answer, user=request.user, value=form.cleaned_data["value"])
    return redirect(answer)


@require_POST
@login_required
def answer_accept(request, pk):
    answer = qa.answer_accept(answer=_open_answer(request, pk), user=request.user)
    messages.success(request, "The answer is marked as accepted." if answer.is_accepted else "Accepted mark removed.")
    return redirect(answer)


@ratelimit("report")
@login_required
def answer_report(request, pk):
    answer = _open_answer(request, pk)
    return report_page(request, item=answer, what="answer", back_url=answer.get_absolute_url())
