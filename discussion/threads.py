"""Comments as the paper page shows them: threads of a top-level comment and its replies, oldest first, loaded for
all the summaries of a page in one query whatever their number."""

from dataclasses import dataclass, field

from discussion.models import Comment, Question

# What a page of threads or a list of questions does not show: the Markdown source and the plain-text excerpt.
UNSHOWN = ("body", "excerpt")


@dataclass
class Thread:
    comment: Comment
    replies: list[Comment] = field(default_factory=list)


def shown_to(comment, user):
    """Whether this reader sees the comment's text: hidden ones only for moderators and their writer."""
    if comment.is_hidden:
        return user.is_staff or (comment.author_id is not None and comment.author_id == user.pk)
    return not comment.is_deleted


@dataclass
class SummaryComments:
    """One summary's threads as this reader sees them, their number, and who wrote any of its comments (shown or not:
    a shared fragment of the page is never reused for them, pagecache.fragments)."""

    threads: list[Thread] = field(default_factory=list)
    author_ids: set = field(default_factory=set)

    @property
    def total(self):
        return sum(1 + len(thread.replies) for thread in self.threads)


def comments_by_summary(summary_ids, user):
    """{summary id: SummaryComments} of the comments this reader may see. A top-level comment that is deleted, or
    hidden from this reader, stays as a placeholder while a reply under it is shown; otherwise it is left out."""
    result = {pk: SummaryComments() for pk in summary_ids}
    threads = {}
    comments = Comment.objects.filter(summary_id__in=summary_ids).for_display()
    for comment in comments.defer(*UNSHOWN, *(f"reply_to__{name}" for name in (*UNSHOWN, "body_html"))):
        result[comment.summary_id].author_ids.add(comment.author_id)
        comment.is_shown = shown_to(comment, user)
        if comment.thread_id is None:
            threads[comment.pk] = Thread(comment)
            result[comment.summary_id].threads.append(threads[comment.pk])
        elif comment.is_shown and comment.thread_id in threads:
            threads[comment.thread_id].replies.append(comment)
    for comments in result.values():
        comments.threads = [t for t in comments.threads if t.comment.is_shown or t.replies]
    return result


class PageComments:
    """The comments of all the summaries of a page, loaded in one query when the first of them is read: a page whose
    comment sections all come from shared fragments runs none, nor does the page of a paper without any comment or
    question (Paper.has_discussion, kept by discussion.counts)."""

    def __init__(self, summary_ids, user, paper):
        self.summary_ids, self.user, self._loaded = summary_ids, user, None
        if not paper.has_discussion:
            self._loaded = {pk: SummaryComments() for pk in summary_ids}

    def of(self, summary_id):
        if self._loaded is None:
            self._loaded = comments_by_summary(self.summary_ids, self.user)
        return self._loaded[summary_id]


def questions_for_paper(paper, user):
    """(the paper's questions this reader may see, newest first, each with its number of answers; the ids of everyone
    who asked one, shown or not): one query, none for a paper without any comment or question. Hidden questions:
    moderators and their writer see them."""
    if not paper.has_discussion:
        return [], set()
    questions = Question.objects.filter(paper=paper).with_answer_counts().defer(*UNSHOWN, "body_html")
    questions = list(questions.select_related("author__profile").order_by("-created", "-pk"))
    shown = [
        q for q in questions
        if (not q.is_hidden or user.is_staff or (q.author_id is not None and q.author_id == user.pk))
        and (not q.is_deleted or q.answer_total)
    ]
    return shown, {q.author_id for q in questions}
