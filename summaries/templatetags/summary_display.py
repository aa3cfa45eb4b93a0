"""How pages show a summary: its headings nested under the page's own, and when it was written."""

import re
from datetime import UTC

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# The start or end tag of a heading. In the stored HTML every "<" starts a tag: the sanitizer (nh3) writes "<" and
# ">" in text and attribute values as &lt; and &gt;, so "<h2" written by a user, even in an image's alt text, is
# never matched.
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)


@register.filter
def nest_headings(body_html, section_level):
    """The stored (sanitized) HTML of a summary, its headings moved under a page heading of level `section_level`.

    The outline is kept and its levels renumbered from `section_level + 1`: a summary's first heading, whatever
    its "#"s, sits just under the section, a heading under it one level deeper and its siblings at its level, so
    no level is skipped (a jump from "#" to "###" becomes one step); nothing goes past <h6>. Screen readers and
    axe's `heading-order` then find one outline for the page with the summary in it.
    """
    if "<h" not in body_html and "<H" not in body_html:
        return mark_safe(body_html)
    section_level = int(section_level)
    open_headings = []  # (level in the stored HTML, level on the page), from the outermost to the latest
    current = section_level + 1

    def retag(heading):
        nonlocal current
        if heading.group(1):  # the end of the heading just opened: headings do not nest
            return f"</h{current}"
        stored = int(heading.group(2))
        while open_headings and open_headings[-1][0] > stored:
            open_headings.pop()
        if open_headings and open_headings[-1][0] == stored:
            current = open_headings.pop()[1]  # a sibling of the one before
        else:
            current = min(open_headings[-1][1] + 1 if open_headings else section_level + 1, 6)
        open_headings.append((stored, current))
        return f"<h{current}"

    return mark_safe(_HEADING_TAG.sub(retag, body_html))


@register.filter
def html_datetime(value):
    """A datetime as HTML's <time datetime> wants it: UTC, to the second ("2026-11-29T16:32:56Z")."""
    if value is None:
        return ""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
