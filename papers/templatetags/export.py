"""Template helpers for taking data out of a page: its BibTeX and the image for link previews."""

import re

from django import template

from papers.bibtex import paper_bibtex

register = template.Library()

IMAGE_SRC = re.compile(r"<img\b[^>]*?\bsrc=\"([^\"]+)\"", re.IGNORECASE)

register.filter("bibtex", paper_bibtex)


@register.filter
def first_image_src(html):
    """The src of the first <img> in stored, sanitized summary HTML ("" if none)."""
    match = IMAGE_SRC.search(html or "")
    return match.group(1) if match else ""


@register.filter
def absolute_uri(url, request):
    """`url` made absolute against the current request (link previews need absolute image URLs)."""
    if not url or request is None:
        return url or ""
    return request.build_absolute_uri(url)
