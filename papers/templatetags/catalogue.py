"""Links that lists repeat for every paper (bylines, keywords), built in Python: as template loops they were most
of a 50-paper page's rendering time, and format_html() per link still a tenth of it (see README, Performance)."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


def _links(entries, item, separator=""):
    # html.escape() with quote=True escapes what django.utils.html.escape() does, without its lazy-string wrapper.
    return mark_safe(separator.join(item.format(url=escape(e.url), name=escape(e.name)) for e in entries))


@register.filter
def author_links(byline):
    """A paper's byline (paper.byline), each author a link to their page, separated by commas. Each name is
    isolated (<bdi>): a right-to-left name, or a direction override in one, does not reorder the rest of the line."""
    return _links(byline, '<a href="{url}"><bdi>{name}</bdi></a>', ", ")


@register.filter
def keyword_items(keywords):
    """<li> links to the keywords' pages (paper.keyword_list), for a <ul class="keywords">."""
    return _links(keywords, '<li><a href="{url}">{name}</a></li>')
