"""How pages show a summary: its headings nested under the page's own, and when it was written."""

import re
from datetime import UTC

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# Every tag of the stored HTML, quoted attribute values included: the sanitizer's serializer escapes "<" in text,
# so a scan from the start meets real tags only, never "<h2>" written inside an attribute.
_TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)


@register.filter
def nest_headings(body_html, section_level):
    """The stored HTML of a summary with its headings moved under a page heading of level `section_level`.

    The summary's highest heading becomes `section_level + 1`; deeper ones keep their distance below it, but never
    more than one level below the heading before them (a skip from "#" to "###" becomes one step), and never past
    <h6>. Screen readers and axe's `heading-order` then find one outline for the page and the summary in it.
    """
    section_level = int(section_level)
    if "<h" not in body_html and "<H" not in body_html:
        return mark_safe(body_html)
    levels = [int(m.group(2)) for m in map(_HEADING_TAG.match, _TAG.findall(body_html)) if m and not m.group(1)]
    if not levels:
        return mark_safe(body_html)
    top = min(levels)
    previous = section_level
    current = section_level + 1

    def retag(tag_match):
        nonlocal previous, current
        tag = tag_match.group(0)
        heading = _HEADING_TAG.match(tag)
        if heading is None:
            return tag
        if heading.group(1):  # the closing tag of the heading just opened: headings do not nest
            return f"</h{current}" + tag[heading.end():]
        wanted = section_level + 1 + int(heading.group(2)) - top
        current = min(wanted, previous + 1, 6)
        previous = current
        return f"<h{current}" + tag[heading.end():]

    return mark_safe(_TAG.sub(retag, body_html))


@register.filter
def html_datetime(value):
    """A datetime as HTML's <time datetime> wants it: UTC, to the second ("2026-11-29T16:32:56Z")."""
    if value is None:
        return ""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
