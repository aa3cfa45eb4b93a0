"""Comments under summaries: writing one or a reply, editing, deleting, reporting. Plain forms, no script needed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from discussion import services
from discussion.forms import CommentForm
from discussion.models import Comment, comments_url
from discussion.views.common import report_page, require_changeable
from infra.ratelimit import ratelimit
from summaries.models import Summary
from summaries.sharing import shared_tokens


def _open_summary(request, pk):
    """The summary, if this reader may open it, also by its share link (404 otherwise: a private or hidden one does not
    leak)."""
    summaries = Summary.objects.with_listing_data().openable_by(request.user, shared_tokens(request))
    return get_object_or_404(summaries, pk=pk)


def _open_comment(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("summary__paper", "author__profile"), pk=pk)
    _open_summary(request, comment.summary_id)
    if comment.is_hidden and not comment.can_be_changed_by(request.user):
        raise Http404("No such comment.")
    return comment


def _form_page(request, form, *, summary, reply_to=None, comment=None):
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "summary": summary, "paper": summary.paper, "reply_to": reply_to, "comment": comment,
               "back_url": comments_url(summary)}
    return render(request, "discussion/comment_form.html", context, status=status)


@ratelimit("comment")
@login_required
def comment_create(request, pk):
    summary = _open_summary(request, pk)
    reply_to_id = request.POST.get("reply_to") or request.GET.get("reply_to") or ""
    reply_to = get_object_or_404(summary.comments, pk=reply_to_id) if reply_to_id.isdigit() else None
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        comment = services.comment_create(
            summary=summary, author=request.user, body=form.cleaned_data["body"], reply_to=reply_to
        )
        messages.success(request, "Your comment is published.")
        return redirect(comment)
    return _form_page(request, form, summary=summary, reply_to=reply_to)


@ratelimit("comment")
@login_required
def comment_edit(request, pk):
    comment = require_changeable(_open_comment(request, pk), request.user, "comment")
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        services.comment_update(comment=comment, body=form.cleaned_data["body"])
        messages.success(request, "Your changes are saved.")
        return redirect(comment)
    return _form_page(request, form, summary=comment.summary, comment=comment)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def comment_delete(request, pk):
    comment = require_changeable(_open_comment(request, pk), request.user, "comment")
    if request.method == "POST":
        back = comments_url(comment.summary)
        kept = services.comment_delete(comment=comment)
        messages.success(request, "The comment is deleted." + (" Its replies stay." if kept else ""))
        return redirect(back)
    return render(request, "discussion/comment_confirm_delete.html", {"comment": comment})


@ratelimit("report")
@login_required
def comment_report(request, pk):
    comment = _open_comment(request, pk)
    return report_page(request, item=comment, what="comment", back_url=comment.get_absolute_url())
