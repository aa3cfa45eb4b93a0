"""The discussion on pages owned by other apps (a paper's page is summaries'): the templates load it from here, so
summaries and papers import nothing of the discussion."""

from django import template

from discussion.forms import MAX_COMMENT_CHARS
from discussion.threads import questions_for_paper, threads_by_summary

register = template.Library()


@register.simple_tag(takes_context=True)
def attach_comment_threads(context, summaries):
    """Give each summary (or the one summary of a share page) `comment_threads` and `comment_total` (one query for
    all of them). Renders nothing."""
    user = context["request"].user
    summaries = [summaries] if hasattr(summaries, "pk") else list(summaries)
    threads = threads_by_summary([s.pk for s in summaries], user)
    for summary in summaries:
        summary.comment_threads = threads[summary.pk]
        summary.comment_total = sum(1 + len(t.replies) for t in threads[summary.pk])
    return ""


@register.simple_tag(takes_context=True)
def paper_questions(context, paper):
    return questions_for_paper(paper, context["request"].user)


@register.simple_tag
def comment_limit():
    return MAX_COMMENT_CHARS
