"""Steps of Python-Markdown and pymdownx whose time grew with the square of their input, made linear.

Each was found by the worst cases of bench/render.py at the 100 KB body limit:

- superfences rebuilt the whole list of lines once per fenced block (12,800 empty fences: 2 s);
- the raw HTML block finder (the standard library's HTML parser, before Python 3.11.13) read a start tag that never
  closes to the end of the text, once for each (1,900 "<a b " before 90 KB of prose: 11.5 s);
- links and images found the closing "]" of every "[" again, in a Python loop over the whole paragraph, after each
  link (50 links in a 100 KB paragraph: 1.7 s).
"""

from __future__ import annotations

import re

import markdown
from markdown.htmlparser import HTMLExtractor
from markdown.preprocessors import HtmlBlockPreprocessor
from pymdownx.superfences import SuperFencesBlockPreprocessor

from summaries.rendering.math_spans import HTML_TAG_PATTERN

_MAX_FENCES = 1000
_FENCE_RE = re.compile(r"[ \t>]*(?:```|~~~)")  # a line that may open or close a fenced code block
_RAW_TAG_RE = re.compile(f"<(?:{HTML_TAG_PATTERN})>", re.DOTALL)
_BRACKET_RE = re.compile(r"[\[\]]")
_LINK_PATTERNS = ("reference", "link", "image_link", "image_reference", "short_reference", "short_image_ref")


def make_linear(md: markdown.Markdown) -> None:
    """Swap the quadratic steps of ``md`` (superfences and the core extensions loaded) for linear ones."""
    fences = md.preprocessors["fenced_code_block"]
    if type(fences) is SuperFencesBlockPreprocessor:
        fences.__class__ = _LinearSuperFences
    md.preprocessors.register(_LinearHtmlBlockPreprocessor(md), "html_block", 20)
    for name in _LINK_PATTERNS:
        pattern = md.inlinePatterns[name]
        pattern.__class__ = _with_linear_brackets(type(pattern))


class _LinearSuperFences(SuperFencesBlockPreprocessor):
    """Superfences, with its fenced blocks put in place in one pass over the lines, and at most _MAX_FENCES of them
    (each still costs about 15 µs before the guards can count it: the lines past the 1,000th are left to them)."""

    def run(self, lines: list[str]) -> list[str]:
        delimiters = [i for i, line in enumerate(lines) if ("```" in line or "~~~" in line) and _FENCE_RE.match(line)]
        if not delimiters:
            return lines
        if len(delimiters) > 2 * _MAX_FENCES:
            end = delimiters[2 * _MAX_FENCES]
            return super().run(lines[:end]) + lines[end:]
        return super().run(lines)

    def reassemble(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        position = 0
        for fenced, start, end in sorted(self.stack, key=lambda entry: entry[1]):
            out.extend(lines[position:start])
            out.append(fenced)
            position = end
        out.extend(lines[position:])
        self.stack = []
        return out


class _LinearHTMLExtractor(HTMLExtractor):
    """The raw HTML block finder, taking a "<" that opens no tag closed before the next "<" (a formula's "$a<b$",
    "<a b <a b …") for text, as the inline "html" pattern does, instead of reading on to the end of the text."""

    def check_for_whole_start_tag(self, i: int) -> int:
        if _RAW_TAG_RE.match(self.rawdata, i) is None:
            return -1  # what the HTML parser answers for a tag still open at the end of the text
        return super().check_for_whole_start_tag(i)


class _LinearHtmlBlockPreprocessor(HtmlBlockPreprocessor):
    def run(self, lines: list[str]) -> list[str]:
        parser = _LinearHTMLExtractor(self.md)
        parser.feed("\n".join(lines))
        parser.close()
        return "".join(parser.cleandoc).split("\n")


class _LinearBrackets:
    """For a link or image pattern: the closing "]" of each "[" found once per paragraph, over its brackets only.

    A "[" is closed by what follows it alone, so the ends are kept by distance from the end of the text: they stay
    right while the pattern replaces what lies before, as it does from left to right.
    """

    _linear_text = ""
    _linear_ends: dict[int, int] = {}
    _linear_valid = 0  # the ends hold for the last _linear_valid characters of _linear_text

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802 (Python-Markdown's API)
        rest = len(data) - index
        if data is not self._linear_text or rest > self._linear_valid:
            if rest <= self._linear_valid and self._linear_text.endswith(data[index:]):
                self._linear_valid = rest  # only what lies before index has changed
            else:
                self._linear_ends = _bracket_ends(data)
                self._linear_valid = len(data)
            self._linear_text = data
        end = self._linear_ends.get(rest)
        if end is None:
            return data[index:], len(data), False
        end = len(data) - end
        return data[index : end - 1], end, True


def _bracket_ends(text: str) -> dict[int, int]:
    """For each "[" of ``text`` that closes, by the distance from the end of the text to the character after it: the
    distance from the end to the character after its "]"."""
    ends: dict[int, int] = {}
    opened: list[int] = []
    size = len(text)
    for m in _BRACKET_RE.finditer(text):
        if m.group() == "[":
            opened.append(m.end())
        elif opened:
            ends[size - opened.pop()] = size - m.end()
    return ends


_LINEAR_CLASSES: dict[type, type] = {}


def _with_linear_brackets(cls: type) -> type:
    linear = _LINEAR_CLASSES.get(cls)
    if linear is None:
        linear = _LINEAR_CLASSES[cls] = type(f"Linear{cls.__name__}", (_LinearBrackets, cls), {})
    return linear
