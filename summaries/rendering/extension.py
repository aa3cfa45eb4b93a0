"""The Python-Markdown extension that renders a summary: math, bare links and images, tables, heading levels.

Before inline parsing, math spans become tokens (see math_spans); after it, tokens that ended up in attributes
(``alt``, ``href``) or code get their TeX source back, bare image URLs become images and ``![](url =600x)`` sizes
become ``width``/``height``; once the HTML is serialized, the remaining tokens become MathML.
"""

from __future__ import annotations

import re
import threading
from html import escape
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.extensions.tables import TableProcessor
from markdown.inlinepatterns import HtmlInlineProcessor, InlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from summaries.rendering.guards import PlainTextBlockPreprocessor
from summaries.rendering.linear import make_linear
from summaries.rendering.lists import ListPreprocessor
from summaries.rendering.math_spans import (
    FORMULA_COST,
    HTML_TAG_PATTERN,
    MAX_MATH_COST,
    TOKEN_RE,
    MathSpan,
    tokenize_math,
)
from summaries.rendering.mathml import math_html

_IMAGE_URL_RE = re.compile(
    r"https?://[^\s<>\"'`]+\.(?:png|jpe?g|gif|webp|svg)(?:[?#][^\s<>\"'`]*)?", re.IGNORECASE
)
_IMAGE_SIZE_RE = re.compile(r"(\S+)\s+=(\d{1,5})?x(\d{1,5})?")
_CODE_TAGS = frozenset({"pre", "code"})
# Bare URLs and e-mail addresses in prose, much as GitHub links them. A URL stops at a token or placeholder.
_AUTOLINK_PATTERN = (  # a string: Python-Markdown compiles its inline patterns itself
    r"(?P<url>(?<![\w/.@:+-])(?i:https?://|www\.)[^\s<>\"'`\x02\x03]+)"
    r"|(?P<email>(?<![\w.+-])[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
)
_URL_TRAILING_PUNCTUATION = "?!.,:;*_~'\""
# Where any inline pattern of the summary's Markdown could match: code, escapes, links and images, autolinks and raw
# HTML, entities, emphasis, ~~deletions~~, hard line breaks, bare URLs and e-mail addresses.
_INLINE_MARKUP_RE = re.compile(r"[`\\\[<&*_~@]|  \n|(?i:https?://|www\.)")
# A summary sits under the page's <h1> (the paper) and <h2> ("2 summaries"): its "# Heading" is an <h3>.
_HEADING_LEVELS = {f"h{level}": f"h{min(level + 2, 6)}" for level in range(1, 7)}

_local = threading.local()


def thread_markdown() -> markdown.Markdown:
    """One Markdown instance per thread: building one costs more than a render, and it is not thread-safe."""
    md = getattr(_local, "markdown", None)
    if md is None:
        md = _local.markdown = _build_markdown()
    return md


def _build_markdown() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[
            "pymdownx.highlight",
            "pymdownx.superfences",
            "pymdownx.tilde",
            "sane_lists",
            _SummaryExtension(),
        ],
        extension_configs={
            "pymdownx.highlight": {"use_pygments": False},
            "pymdownx.tilde": {"subscript": False},  # "~5% … ~10%" is prose, not H~2~O
        },
        output_format="html",
    )


class _SummaryExtension(Extension):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.spans: list[MathSpan] = []

    def reset(self) -> None:
        self.spans = []

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Python-Markdown's API)
        md.registerExtension(self)
        make_linear(md)  # pymdownx.superfences and the core extensions are loaded before this one
        md.ESCAPED_CHARS.extend(("$", "|"))  # \$ is a literal dollar; \| a literal bar in a table cell
        md.preprocessors.register(PlainTextBlockPreprocessor(md), "summary_plain_text_blocks", 25)
        md.preprocessors.register(ListPreprocessor(md), "summary_lists", 15)
        md.parser.blockprocessors.register(
            _MathTableProcessor(md.parser, {"use_align_attribute": True}, self), "table", 75
        )
        # Raw HTML tags as the math tokenizer skips them: a quoted attribute value may hold ">".
        md.inlinePatterns.register(HtmlInlineProcessor(f"(<(?:{HTML_TAG_PATTERN})>)", md), "html", 90)
        # After links, autolinks and raw HTML, before entities and emphasis (magiclink's place).
        md.inlinePatterns.register(_BareLinkInlineProcessor(_AUTOLINK_PATTERN, md), "summary_bare_links", 85)
        md.treeprocessors.register(_MathTokenizer(md, self), "summary_math_tokens", 25)
        md.treeprocessors.register(_SummaryTreeprocessor(md, self), "summary_tree", 15)
        md.postprocessors.register(_MathPostprocessor(md, self), "summary_math", 5)


class _MathTableProcessor(TableProcessor):
    """Tables that do not split a row on the ``|`` of ``$|x|$``."""

    def __init__(self, parser, config, extension: _SummaryExtension) -> None:
        super().__init__(parser, config)
        self.extension = extension

    def _split(self, row: str) -> list[str]:
        return super()._split(tokenize_math(row, self.extension.spans))

    def test(self, parent, block: str) -> bool:
        # Upstream strips every line of the block before it looks at the first two; the parser asks again for the
        # rest of the block after each heading taken off its front, which made that quadratic. The first two
        # lines decide, except for a one-column table, whose every row must have a pipe.
        if not super().test(parent, "\n".join(block.split("\n", 2)[:2])):
            return False
        return len(self.separator) > 1 or super().test(parent, block)


class _BareLinkInlineProcessor(InlineProcessor):
    """Link the bare URLs and e-mail addresses of prose, before emphasis can eat a URL's ``_`` or ``*``.

    Instead of pymdownx.magiclink, which cuts ``https://en.wikipedia.org/wiki/Foo_(bar)`` before its ``)``
    and ``https://x.org/*a*b`` before its ``*``; this costs the same.
    """

    ANCESTOR_EXCLUDES = ("a",)  # a URL in a link's text stays text

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Element | None, int, int]:  # noqa: N802
        if m.group("url"):
            label = _trim_url(m.group())
            if label.lower().startswith("www."):
                href = "http://" + label
                if "." not in label[4:]:
                    return None, m.start(), m.end()
            else:
                href = label
                if not label.partition("://")[2]:
                    return None, m.start(), m.end()
        else:
            label = m.group()
            href = "mailto:" + label
        link = Element("a", href=href)
        link.text = AtomicString(label)
        return link, m.start(), m.start() + len(label)


def _trim_url(url: str) -> str:
    """Leave the sentence's punctuation and an unbalanced closing parenthesis out of a bare URL."""
    while True:
        trimmed = url.rstrip(_URL_TRAILING_PUNCTUATION)
        if trimmed.endswith(")") and trimmed.count(")") > trimmed.count("("):
            trimmed = trimmed[:-1]
        if trimmed == url:
            return url
        url = trimmed


class _MathTokenizer(Treeprocessor):
    """Before inline parsing: swap math spans in the text of every non-code element for tokens; mark the text that no
    inline pattern can match as atomic, so that Python-Markdown does not try its 17 patterns on it."""

    def __init__(self, md: markdown.Markdown, extension: _SummaryExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: Element) -> None:
        spans = self.extension.spans
        stack = [root]
        while stack:
            parent = stack.pop()
            if parent.tag in _CODE_TAGS:
                continue
            text = parent.text
            if text and not isinstance(text, AtomicString):
                parent.text = _prepare_inline(tokenize_math(text, spans))
            for child in parent:
                tail = child.tail
                if tail and not isinstance(tail, AtomicString):
                    child.tail = _prepare_inline(tokenize_math(tail, spans))
                stack.append(child)


def _prepare_inline(text: str) -> str:
    return text if _INLINE_MARKUP_RE.search(text) else AtomicString(text)


class _SummaryTreeprocessor(Treeprocessor):
    """After inline parsing: math back to TeX in attributes, code and raw HTML, bare image URLs, image sizes, heading
    levels."""

    def __init__(self, md: markdown.Markdown, extension: _SummaryExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def _restore_source(self, value: str) -> str:
        spans = self.extension.spans
        return TOKEN_RE.sub(lambda m: spans[int(m.group(1))].source, value)

    def run(self, root: Element) -> None:
        spans = self.extension.spans
        if spans:
            # The tokenizer skips raw HTML tags as the inline "html" pattern finds them, so no token should be in one;
            # if one is, it is in a tag the browser reads as such: a formula there would be spliced into it.
            stash = self.md.htmlStash.rawHtmlBlocks
            for i, raw in enumerate(stash):
                if isinstance(raw, str) and "\x02" in raw:
                    stash[i] = self._restore_source(raw)
        for node in root.iter():
            if node.tag in _HEADING_LEVELS:
                node.tag = _HEADING_LEVELS[node.tag]
            if spans:
                for name, value in node.attrib.items():
                    if "\x02" in value:
                        node.set(name, self._restore_source(value))
                if node.tag == "code" and node.text and "\x02" in node.text:
                    node.text = AtomicString(self._restore_source(node.text))
            if node.tag == "img":
                _apply_size_suffix(node)
            elif node.tag in ("p", "li", "td", "th") and len(node):
                _inline_bare_images(node)


def _apply_size_suffix(img: Element) -> None:
    """``![alt](url =600x)`` and ``=600x400``, ShortScience's image size syntax."""
    m = _IMAGE_SIZE_RE.fullmatch(img.get("src", ""))
    if m:
        img.set("src", m.group(1))
        if m.group(2):
            img.set("width", m.group(2))
        if m.group(3):
            img.set("height", m.group(3))


def _inline_bare_images(parent: Element) -> None:
    """Turn the autolinked image URLs that stand alone on their line into ``<img>``."""
    for link in _standalone_image_links(parent):
        src = link.get("href")
        link.tag = "img"
        link.attrib.clear()
        link.set("src", src)
        link.set("alt", "")
        link.text = None


def _standalone_image_links(parent: Element) -> list[Element]:
    """The bare image links among ``parent``'s children with nothing else on their line (lines end at a newline
    or a <br>)."""
    candidates: list[Element] = []
    other_content = False
    standalone: list[Element] = []

    def end_line() -> None:
        nonlocal candidates, other_content
        if not other_content:
            standalone.extend(candidates)
        candidates = []
        other_content = False

    def add_text(text: str | None) -> None:
        nonlocal other_content
        if not text:
            return
        for i, line in enumerate(text.split("\n")):
            if i:
                end_line()
            if line.strip():
                other_content = True

    add_text(parent.text)
    for child in parent:
        if child.tag == "br":
            end_line()
        elif _is_bare_image_link(child):
            candidates.append(child)
        else:
            other_content = True
        add_text(child.tail)
    end_line()
    return standalone


def _is_bare_image_link(node: Element) -> bool:
    href = node.get("href")
    return (
        node.tag == "a"
        and len(node) == 0
        and href is not None
        and node.text == href
        and _IMAGE_URL_RE.fullmatch(href) is not None
    )


class _MathPostprocessor(Postprocessor):
    """Replace the tokens left in the serialized HTML by MathML (or a math-error fallback); past MAX_MATH_COST, by
    their source."""

    def __init__(self, md: markdown.Markdown, extension: _SummaryExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        spans = self.extension.spans
        if not spans:
            return text
        rendered: dict[tuple[str, bool], str] = {}  # one summary often repeats $g_t$
        budget = MAX_MATH_COST

        def replace(m: re.Match[str]) -> str:
            nonlocal budget
            span = spans[int(m.group(1))]
            budget -= FORMULA_COST + len(span.tex)
            if budget < 0:
                return escape(span.source, quote=False)
            key = (span.tex, span.display)
            html = rendered.get(key)
            if html is None:
                html = rendered[key] = math_html(span)
            return html

        return TOKEN_RE.sub(replace, text)
