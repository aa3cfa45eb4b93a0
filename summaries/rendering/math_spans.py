"""Math spans: finding them in Markdown text (pandoc's rules) and swapping them for tokens.

A token stands for the span while Markdown parses the text around it, so that Markdown cannot eat the ``_``, ``*``,
``\\`` or ``|`` of a formula; the extension puts the formula's MathML (or its source, in attributes and code) back.
"""

from __future__ import annotations

import re

# Tokens use STX/ETX, which Python-Markdown strips from its input, so a user cannot forge one.
TOKEN_RE = re.compile("\x02M(\\d+)\x03")
# The longest formula: scans give up beyond it, which keeps a hostile paragraph from taking quadratic time.
MAX_TEX_LENGTH = 5000
# How much math one summary converts to MathML: each formula costs its length plus FORMULA_COST (a repeated one too,
# for its MathML still has to be sanitized). latex2mathml takes up to 14 µs a character, and MathML is 10 to 100
# times longer than its TeX. The benchmark's generated summary, dense in math, costs 1,000 per 3 KB; the formulas
# past the budget are shown as their source.
MAX_MATH_COST = 12_000
FORMULA_COST = 10

_SCAN_RE = re.compile(r"[\\`$<]")
_BACKTICK_RUN_RE = re.compile("`+")
# A raw HTML tag or comment, as Python-Markdown takes it (the extension gives its inline "html" pattern this one), and
# as close to a browser's reading as matters: a quoted attribute value may hold ">" ('<a title=">" href="$x$">' is
# one tag, so its "$x$" is no formula). No "<" outside a comment: a tag that holds one is text to both, which keeps
# every scan from a "<" short of the next "<".
HTML_TAG_PATTERN = (
    r"/?[a-zA-Z][^\t\n\f\r />@<]*+"
    r"(?>[\t\n\f\r /]++[^\t\n\f\r /><][^\t\n\f\r /=><]*+"
    r"(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:\"[^\"<]*+\"|'[^'<]*+'|[^\t\n\f\r >\"'<][^\t\n\f\r ><]*+))?)*+"
    r"[\t\n\f\r /]*+"
    r"|!--(?:(?!<!--|-->).)*--"
)
# What Python-Markdown would take as an autolink, a raw HTML tag or a comment: math never starts inside one.
_HTML_OR_AUTOLINK_RE = re.compile(
    r"<(?:(?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>]*|[^<> !]+@[^@<> ]+|" + HTML_TAG_PATTERN + ")>",
    re.DOTALL,
)
_BACKTICK_CLOSERS: dict[int, re.Pattern[str]] = {}
# Math delimiters, with pandoc's rules. A formula never contains a blank line or a stash placeholder
# (STX/ETX); a backslash always takes the next character with it, so \$ and \) do not close (and \( inside
# \(…\) is no formula). Atomic groups keep the regex engine from backtracking through the ways of splitting
# the content; the bounded repetition keeps a failing scan short.
_NEWLINE = r"\n(?![ \t\r]*(?:\n|$))"
_UP_TO_MAX = f"{{1,{MAX_TEX_LENGTH}}}?"
_INLINE_DOLLAR_RE = re.compile(  # $…$: no space after the opening or before the closing $, no digit after it
    r"\$(?!\s)(?:(?>\\(?:text[a-z]*|mbox|hbox)\s*\{[^{}\x02\x03]*\}|\\[^\n\x02\x03]|[^$\\\n\x02\x03]|"
    + _NEWLINE
    + "))"
    + _UP_TO_MAX
    + r"(?<!\s)\$(?!\d)"
)
_DISPLAY_DOLLARS_RE = re.compile(
    r"\$\$(?:(?>\\[^\n\x02\x03]|[^$\\\n\x02\x03]|\$(?!\$)|" + _NEWLINE + "))" + _UP_TO_MAX + r"\$\$"
)
_PARENTHESIS_MATH_RE = re.compile(
    r"\\\((?:(?>\\[^()\n\x02\x03]|[^\\\n\x02\x03]|" + _NEWLINE + "))" + _UP_TO_MAX + r"\\\)"
)
_BRACKET_MATH_RE = re.compile(
    r"\\\[(?:(?>\\[^][\n\x02\x03]|[^\\\n\x02\x03]|" + _NEWLINE + "))" + _UP_TO_MAX + r"\\\]"
)
# What follows a backslash to open a formula: its pattern, and whether it is display math.
_BACKSLASH_MATH = {"(": (_PARENTHESIS_MATH_RE, False), "[": (_BRACKET_MATH_RE, True)}


class MathSpan:
    """One formula of the text: its source with delimiters, its TeX without them, and whether it is display math."""

    __slots__ = ("source", "tex", "display")

    def __init__(self, source: str, tex: str, display: bool) -> None:
        self.source = source
        self.tex = tex
        self.display = display


def tokenize_math(text: str, spans: list[MathSpan]) -> str:
    """Replace each math span of ``text`` by a token indexing ``spans``, skipping code spans and HTML tags."""
    if "$" not in text and "\\" not in text:
        return text
    out: list[str] = []
    emitted = pos = 0
    while (found := _SCAN_RE.search(text, pos)) is not None:
        pos = found.start()
        span, end = _span_at(text, pos)
        if span is not None:
            spans.append(span)
            out.append(text[emitted:pos])
            out.append(f"\x02M{len(spans) - 1}\x03")
            emitted = end
        pos = end
    if not out:
        return text
    out.append(text[emitted:])
    return "".join(out)


def _span_at(text: str, pos: int) -> tuple[MathSpan | None, int]:
    """The formula that starts at ``text[pos]`` (a character _SCAN_RE found) and where it ends; or no formula and
    where to scan on: past a code span, an HTML tag, an escaped character or a dollar that opens nothing."""
    c = text[pos]
    if c == "`":
        return None, _code_span_end(text, pos)
    if c == "<":
        tag = _HTML_OR_AUTOLINK_RE.match(text, pos)
        return None, tag.end() if tag else pos + 1
    if c == "\\":
        pattern, display = _BACKSLASH_MATH.get(text[pos + 1 : pos + 2], (None, False))
        match = pattern.match(text, pos) if pattern else None
        if match is None:
            return None, pos + 2  # an escaped character
        return _span(match, 2, display), match.end()
    if text.startswith("$$", pos):
        match = _DISPLAY_DOLLARS_RE.match(text, pos)
        if match is None or not match.group()[2:-2].strip():
            return None, pos + 2
        return _span(match, 2, True), match.end()
    match = _INLINE_DOLLAR_RE.match(text, pos)
    if match is None:
        return None, pos + 1
    return _span(match, 1, False), match.end()


def _span(match: re.Match[str], delimiter: int, display: bool) -> MathSpan:
    source = match.group()
    return MathSpan(source, source[delimiter:-delimiter].strip(), display)


def _code_span_end(text: str, pos: int) -> int:
    """Past the code span whose backticks start at ``pos``; past the backticks alone if nothing closes them."""
    run_end = _BACKTICK_RUN_RE.match(text, pos).end()
    closing = _backtick_closer(run_end - pos).search(text, run_end)
    return closing.end() if closing else run_end


def _backtick_closer(length: int) -> re.Pattern[str]:
    pattern = _BACKTICK_CLOSERS.get(length)
    if pattern is None:
        pattern = _BACKTICK_CLOSERS[length] = re.compile(f"(?<!`)`{{{length}}}(?!`)")
    return pattern
