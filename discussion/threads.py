"""Comments as the paper page shows them: threads of a top-level comment and its replies, oldest first, loaded for
all the summaries of a page in one query whatever their number."""

from dataclasses import dataclass, field

from discussion.models import Comment, Question


@dataclass
class Thread:
    comment: Comment
    replies: list[Comment] = field(default_factory=list)


def shown_to(comment, user):
    """Whether this reader sees the comment's text: hidden ones only for moderators and their writer."""
    if comment.is_hidden:
        return user.is_staff or (comment.author_id is not None and comment.author_id == user.pk)
    return not comment.is_deleted


def threads_by_summary(summary_ids, user):
    """{summary id: [Thread, ...]} of the comments this reader may see. A top-level comment that is deleted, or hidden
    from this reader, stays as a placeholder while a reply under it is shown; otherwise it is left out."""
    result = {pk: [] for pk in summary_ids}
    threads = {}
    for comment in Comment.objects.filter(summary_id__in=summary_ids).for_display():
        comment.is_shown = shown_to(comment, user)
        if comment.thread_id is None:
            threads[comment.pk] = Thread(comment)
            result[comment.summary_id].append(threads[comment.pk])
        elif comment.is_shown and comment.thread_id in threads:
            threads[comment.thread_id].replies.append(comment)
    for pk, summary_threads in result.items():
        result[pk] = [t for t in summary_threads if t.comment.is_shown or t.replies]
    return result


def questions_for_paper(paper, user):
    """The paper's questions this reader may see, newest first, each with its number of answers: one query."""
    questions = Question.objects.filter(paper=paper).visible_to(user).with_answer_counts()
    return [q for q in questions.select_related("author__profile").order_by("-created", "-pk")
            if not q.is_deleted or q.answer_total]
