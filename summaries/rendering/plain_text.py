"""The plain text of a rendered summary: its stored excerpt, and the text search snippets quote."""

import re
from html import unescape

EXCERPT_WORDS = 40

_MATH_ELEMENT_RE = re.compile(r"<math\b[^>]*>.*?</math>", re.DOTALL)
_TEX_ANNOTATION_RE = re.compile(r'<annotation encoding="application/x-tex">(.*?)</annotation>', re.DOTALL)
# An image with alt text, whichever attribute comes first (the sanitizer writes each as name="value").
_IMAGE_ALT_RE = re.compile(r'<img(?:\s+[^\s=>]+="[^"]*")*?\s+alt="([^"]+)"[^>]*>')
_BLOCK_TAG_RE = re.compile(r"</?(?:p|h[1-6]|li|ul|ol|div|blockquote|pre|table|tr|td|th|br|hr|img|figure)\b[^>]*>")
_TAG_RE = re.compile(r"<[^>]+>")


def plain_text(body_html: str) -> str:
    """A rendered summary as it reads, unescaped (templates escape it again), on one line.

    Blocks are separated by a space; inline markup (<strong>, <a>…) joins its text to the words around it; an
    image reads as its alt text. Each formula is its TeX between dollars: MathML has no plain-text form, and its
    tags stripped leave "xn+1x_{n+1}".
    """
    text = _IMAGE_ALT_RE.sub(r"\1", _MATH_ELEMENT_RE.sub(_as_tex, body_html))
    return " ".join(unescape(_TAG_RE.sub("", _BLOCK_TAG_RE.sub(" ", text))).split())


def excerpt_of(body_html: str, words: int = EXCERPT_WORDS) -> str:
    """The first ``words`` words of a rendered summary's plain text, with "…" when there are more."""
    kept = plain_text(body_html).split()
    return " ".join(kept[:words]) + ("…" if len(kept) > words else "")


def _as_tex(math: re.Match[str]) -> str:
    tex = _TEX_ANNOTATION_RE.search(math[0])
    return f"${tex[1].strip()}$" if tex else ""
