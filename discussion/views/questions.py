"""Questions about a paper: its own page with the answers, asking, editing, deleting, reporting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from discussion import qa
from discussion.forms import AnswerForm, QuestionForm
from discussion.models import AnswerVote, Question
from discussion.views.common import report_page, require_changeable
from infra.ratelimit import ratelimit
from pagecache.decorators import cache_public_page
from papers.models import Paper


def open_question(request, pk):
    """The question if this reader may see it: hidden ones only for moderators and the asker; a deleted one only
    while it has answers (then as a placeholder)."""
    question = get_object_or_404(
        Question.objects.visible_to(request.user).select_related("paper__venue", "author__profile"), pk=pk
    )
    if question.is_deleted and not question.answers.exists():
        raise Http404("This question was deleted.")
    return question


def answers_for(question, user):
    answers = question.answers.select_related("author__profile").ranked()
    if not user.is_staff:
        answers = answers.filter(Q(is_hidden=False) | Q(author_id=user.pk or 0))
    if user.is_authenticated:
        answers = answers.annotate(
            my_vote=Subquery(AnswerVote.objects.filter(answer=OuterRef("pk"), user=user).values("value")[:1])
        )
    return answers


@cache_public_page
def question_detail(request, pk):
    question = open_question(request, pk)
    context = {
        "question": question, "paper": question.paper, "answers": list(answers_for(question, request.user)),
        "form": AnswerForm() if request.user.is_authenticated else None,
    }
    return render(request, "discussion/question_detail.html", context)


@ratelimit("question")
@login_required
def question_create(request, pk, slug):
    paper = get_object_or_404(Paper, pk=pk)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        question = qa.question_create(paper=paper, author=request.user, **form.cleaned_data)
        messages.success(request, "Your question is published.")
        return redirect(question)
    status = 400 if request.method == "POST" else 200
    return render(request, "discussion/question_form.html", {"form": form, "paper": paper}, status=status)


@ratelimit("question")
@login_required
def question_edit(request, pk):
    question = require_changeable(open_question(request, pk), request.user, "question")
    initial = {"title": question.title, "category": question.category, "body": question.body}
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        qa.question_update(question=question, **form.cleaned_data)
        messages.success(request, "Your changes are saved.")
        return redirect(question)
    context = {"form": form, "paper": question.paper, "question": question}
    return render(request, "discussion/question_form.html", context, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def question_delete(request, pk):
    question = require_changeable(open_question(request, pk), request.user, "question")
    if request.method == "POST":
        kept = qa.question_delete(question=question)
        messages.success(request, "The question is deleted." + (" Its answers stay." if kept else ""))
        return redirect(question if kept else f"{question.paper.get_absolute_url()}#questions")
    return render(request, "discussion/confirm_delete.html", {"item": question, "what": "question"})


@ratelimit("report")
@login_required
def question_report(request, pk):
    question = open_question(request, pk)
    return report_page(request, item=question, what="question", back_url=question.get_absolute_url())
