"""{% sharedfragment "name" %}…{% endsharedfragment %}: the part of a cached view's page that is the same for every
reader, rendered once per version of the page and then reused, for logged-in readers too.

The fragment is keyed by the page's digest (its URL and the versions of the objects it declares, computed by
cache_public_page before the view runs), so a write that bumps one of those versions re-renders it, as it does the
whole page for anonymous readers. Logged-in and anonymous readers get a copy each (a list may invite the first
to write: "No summary yet — write the first"); beyond that, only what is the same for every reader may go inside:
no CSRF token, no vote state, no "your summary" link, no follow button. With the page cache off, or outside a
cached view, it renders as is.
"""

from django import template
from django.core.cache import cache

from pagecache.lookup import PAGE_CACHE_SECONDS

register = template.Library()


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        digest = getattr(context.get("request"), "page_cache_digest", None)
        if digest is None:
            return self.nodelist.render(context)
        request = context["request"]
        audience = "in" if request.user.is_authenticated else "out"
        key = f"fragment:{digest}:{self.name.resolve(context)}:{audience}"
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(key, html, PAGE_CACHE_SECONDS)
        return html


@register.tag
def sharedfragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% sharedfragment %} takes one argument: the fragment's name")
    nodelist = parser.parse(("endsharedfragment",))
    parser.delete_first_token()
    return SharedFragmentNode(nodelist, parser.compile_filter(bits[1]))
