"""Links that lists repeat for every paper (bylines, keywords), built in Python: as template loops they were most
of a 50-paper page's rendering time (see README, Performance)."""

from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.filter
def author_links(paper):
    """The paper's authors in byline order, each a link to their page, separated by commas."""
    links = ((author.get_absolute_url(), author.name) for author in paper.ordered_authors)
    return format_html_join(", ", '<a href="{}">{}</a>', links)


@register.filter
def keyword_items(keywords):
    """<li> links to the keywords' pages, for a <ul class="keywords">."""
    return format_html_join("", '<li><a href="{}">{}</a></li>', ((k.get_absolute_url(), k.name) for k in keywords))
