"""Writes on comments: posting, replying, editing, deleting, reporting and moderating (questions and answers: qa.py).

The page cache follows through its write hooks (the models are in settings.PAGE_CACHE_WATCHED_MODELS) and the
paper's discussion counts through receivers.py, both in the writing transaction.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from discussion.models import Comment, DiscussionReport
from discussion.signals import comment_posted

NOT_OPEN_MESSAGE = "Comments are closed on this summary."


@transaction.atomic
def comment_create(*, summary, author, body: str, reply_to: Comment | None = None) -> Comment:
    """A comment under `summary`; with `reply_to`, a reply in that comment's thread (one level: a reply to a reply
    joins the same thread and names whom it answers)."""
    if summary.is_hidden and not author.is_staff:
        raise PermissionDenied(NOT_OPEN_MESSAGE)
    thread = None
    if reply_to is not None:
        if reply_to.summary_id != summary.pk:
            raise ValidationError("That comment is under another summary.")
        if reply_to.is_hidden or (reply_to.is_deleted and reply_to.thread_id is not None):
            raise PermissionDenied("That comment can no longer be answered.")
        thread = reply_to if reply_to.thread_id is None else reply_to.thread
    comment = Comment(summary=summary, author=author, body=body, thread=thread, reply_to=reply_to)
    comment.full_clean()
    comment.save()
    comment_posted.send(sender=Comment, comment=comment)
    return comment


@transaction.atomic
def comment_update(*, comment: Comment, body: str) -> Comment:
    if comment.is_deleted:
        raise PermissionDenied("A deleted comment cannot be edited.")
    comment.body = body
    comment.full_clean()
    comment.save(update_fields=["body", "updated"])
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment) -> bool:
    """Delete a comment; one that others replied to stays as "comment deleted" (its text gone) so the thread reads.
    Returns whether a placeholder was kept. A placeholder whose last reply goes is removed with it."""
    thread = comment.thread
    if comment.has_replies():
        comment.body = ""
        comment.is_deleted = True
        comment.save(update_fields=["body", "is_deleted", "updated"])
        return True
    comment.delete()
    if thread is not None and thread.is_deleted and not thread.has_replies():
        thread.delete()
    return False


@transaction.atomic
def comment_set_hidden(*, comment: Comment, hidden: bool) -> bool:
    """Hide or restore a comment (moderators); its open reports are resolved. Returns whether it changed."""
    changed = comment.is_hidden != hidden
    if changed:
        comment.is_hidden = hidden
        comment.save(update_fields=["is_hidden"])
    comment.reports.filter(resolved=False).update(resolved=True)
    return changed


@transaction.atomic
def report_create(*, reporter, reason: str, comment=None, question=None, answer=None) -> DiscussionReport:
    """A reader's report on a comment, question or answer; a second open one by the same reader updates the first."""
    target = {"comment": comment, "question": question, "answer": answer}
    report = (
        DiscussionReport.objects.select_for_update().filter(reporter=reporter, resolved=False, **target).first()
        or DiscussionReport(reporter=reporter, **target)
    )
    report.reason = reason
    report.full_clean()
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:  # pragma: no cover - the check constraint: exactly one target
        raise ValidationError("A report is about one comment, question or answer.") from None
    return report
