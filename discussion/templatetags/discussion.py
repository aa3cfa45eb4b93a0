"""The discussion on pages owned by other apps (a paper's page is summaries'): the templates load it from here, so
summaries and papers import nothing of the discussion."""

from functools import partial

from django import template
from django.utils.functional import SimpleLazyObject

from discussion.forms import MAX_COMMENT_CHARS
from discussion.threads import PageComments, questions_for_paper
from pagecache.fragments import note_owners

register = template.Library()


@register.simple_tag(takes_context=True)
def attach_comment_threads(context, summaries, paper):
    """Give each summary of `paper` (or the one summary of a share page) `comment_section` (threads.SummaryComments),
    read in one query for all of them the first time one is used. Renders nothing."""
    summaries = [summaries] if hasattr(summaries, "pk") else list(summaries)
    page = PageComments([s.pk for s in summaries], context["request"].user, paper)
    for summary in summaries:
        summary.comment_section = SimpleLazyObject(partial(page.of, summary.pk))
    return ""


@register.simple_tag(takes_context=True)
def paper_questions(context, paper):
    """The questions of the paper this reader may see; their askers own the shared fragment that shows them."""
    questions, askers = questions_for_paper(paper, context["request"].user)
    note_owners(context, askers)
    return questions


@register.simple_tag
def comment_limit():
    return MAX_COMMENT_CHARS
