"""Input guards: Markdown structures that would make Python-Markdown overflow its stack or take seconds.

Python-Markdown recurses once per nesting level and scans ahead from every "[", so "- - - - …" or ">>>>…"
thousands deep overflows the stack and 5,000 "[" take seconds. No summary a person writes nests 16 levels deep or
opens hundreds of brackets in one paragraph: beyond that, the extra markers are escaped and shown as text.

Even linear work adds up: each paragraph, list item, table cell or emphasis costs Python-Markdown 10 to 30 µs, and
100 KB of "a" and blank lines is 34,000 paragraphs (1.2 s). A document gets a budget of such structures, more than
a long summary uses; what lies past it is shown as one paragraph of plain text.
"""

from __future__ import annotations

import re
from html import escape

from markdown.preprocessors import Preprocessor

from summaries.rendering.math_spans import HTML_TAG_PATTERN

_MAX_NESTING = 16
# Python-Markdown's inline pass re-formats the rest of a paragraph after every match (link, tag, entity,
# emphasis, ~~deletion~~…), so its cost grows with the square of the matches in one paragraph: 40,000 "[" took 9 s.
# A paragraph with more characters that start inline markup than any prose has is shown as plain text.
_MAX_INLINE_STARTS_PER_BLOCK = 2000
_INLINE_STARTS_RE = re.compile(r"[\[<&*_`\\!~]")
# Python-Markdown takes a heading, a rule or a reference definition off the front of a block and queues the rest of
# the block again, and every block processor then reads that whole rest: 50,000 lines of "-" or "#" without a
# blank line took 89 s, 1,900 reference definitions before 90 KB of prose 0.8 s. A block whose splitting lines (ATX
# "#", setext "===" / "---" underlines, "- - -" rules, "[id]: url", also inside quotes) would make it read more than
# _MAX_SPLIT_READING characters is shown as plain text: a person's 40 headings in a 2 KB block read 80,000.
_MAX_SPLIT_READING = 4_000_000
_SPLITTING_LINE_RE = re.compile(
    r"^(?: {0,3}>)* {0,3}(?:#|[=-]+[ \t]*$|(?:[-*_][ \t]*){3,}$|\[[^\]\n]*\]:)", re.MULTILINE
)
# What Python-Markdown's work on a block grows with, counted cheaply, in units of about 20 µs: the block (2), each
# line, list item, table cell, quote marker (1.5: quotes are parsed once per level) and start of inline markup, each
# bare link, every 256 characters, and indentation (nested lists are parsed once per level too). A raw HTML start
# tag costs _RAW_TAG_COST: left open, it makes the sanitizer's parser walk a deeper stack for every element after it.
# A 100 KB summary as dense in markup as the benchmark's generated one costs about 5,000.
_MAX_DOCUMENT_COST = 6000
_RAW_TAG_COST = 20
_RAW_START_TAG_RE = re.compile(f"<(?=[a-zA-Z])(?:{HTML_TAG_PATTERN})>", re.DOTALL)
_LIST_ITEM_RE = re.compile(r"^[ \t>]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)", re.MULTILINE)
_BLANK_LINES_RE = re.compile(r"\n\s*\n")
_INDENT_RE = re.compile(r"^[ \t]{2,}", re.MULTILINE)
_BLOCK_MARKERS_RE = re.compile(r"^(?:[ \t]*(?:[-*+>]|\d{1,9}[.)])(?=[ \t>]|$))+")
_MARKER_RE = re.compile(r"[-*+>]|\d{1,9}[.)]")
_MAX_INDENT = 4 * _MAX_NESTING
# A line that _defuse_line changes: indented too far, or opening more than _MAX_NESTING blocks.
_TOO_DEEP_RE = re.compile(
    rf"^(?:[ \t]{{{_MAX_INDENT + 1}}}|(?:[ \t]*(?:[-*+>]|\d{{1,9}}[.)])(?=[ \t>]|$)){{{_MAX_NESTING + 1}}})",
    re.MULTILINE,
)


def _defuse_line(line: str) -> str:
    indent = len(line) - len(line.lstrip(" \t"))
    if indent > _MAX_INDENT:
        line = line[indent - _MAX_INDENT:]
    prefix = _BLOCK_MARKERS_RE.match(line)
    if prefix and len(_MARKER_RE.findall(prefix.group())) > _MAX_NESTING:
        count = 0

        def escape_beyond_limit(match):
            nonlocal count
            count += 1
            return match.group() if count <= _MAX_NESTING else "\\" + match.group()

        line = _MARKER_RE.sub(escape_beyond_limit, prefix.group()) + line[prefix.end():]
    return line


def _defuse_nesting(block: str) -> str:
    if _TOO_DEEP_RE.search(block):
        block = "\n".join(_defuse_line(line) for line in block.split("\n"))
    return block


def _cost(text: str, inline_starts: int) -> int:
    """What parsing ``text`` (a block, or the first lines of one) costs Python-Markdown, in _MAX_DOCUMENT_COST's
    units."""
    cost = 2 + text.count("\n") + text.count("|") + text.count(">") * 3 // 2 + inline_starts + len(text) // 256
    cost += text.count("://") + text.count("www.") + text.count("@") + len(_LIST_ITEM_RE.findall(text))
    if "<" in text:
        cost += _RAW_TAG_COST * len(_RAW_START_TAG_RE.findall(text))
    if text[:1] in (" ", "\t") or "\n " in text or "\n\t" in text:
        cost += sum(map(len, _INDENT_RE.findall(text))) // 3
    return cost


def _affordable_lines(block: str, budget: int) -> int:
    """How many of the first lines of ``block`` Python-Markdown can parse within ``budget`` (a binary search)."""
    ends = [m.start() for m in re.finditer("\n", block)]
    low, high = 0, len(ends)  # the whole block is known to cost more than the budget
    while low < high:
        middle = (low + high + 1) // 2
        head = block[: ends[middle - 1]]
        if _cost(head, len(_INLINE_STARTS_RE.findall(head))) <= budget:
            low = middle
        else:
            high = middle - 1
    return low


class PlainTextBlockPreprocessor(Preprocessor):
    """Cap block nesting; stash as escaped text the blocks with pathological amounts of inline markup or headings,
    and what lies past the document's budget."""

    def run(self, lines: list[str]) -> list[str]:
        blocks = re.split(r"\n[ \t]*\n", "\n".join(lines))
        budget = _MAX_DOCUMENT_COST
        for i, block in enumerate(blocks):
            defused = _defuse_nesting(block)
            inline_starts = len(_INLINE_STARTS_RE.findall(defused))
            if (
                inline_starts > _MAX_INLINE_STARTS_PER_BLOCK
                or len(_SPLITTING_LINE_RE.findall(defused)) * len(defused) > _MAX_SPLIT_READING
            ):
                blocks[i] = self.md.htmlStash.store(f"<p>{escape(block)}</p>")
                budget -= 1
                continue
            cost = _cost(defused, inline_starts)
            if cost > budget:
                head = _affordable_lines(defused, budget)
                rest = "\n\n".join(["\n".join(block.split("\n")[head:]), *blocks[i + 1 :]])
                # One paragraph: thousands would each make the sanitizer's parser walk the elements a summary's raw
                # HTML left open. Stashed code blocks in it stay code blocks: their placeholders are replaced last.
                blocks[i:] = [
                    *(["\n".join(defused.split("\n")[:head])] if head else []),
                    self.md.htmlStash.store(f"<p>{escape(rest.strip())}</p>"),
                ]
                break
            budget -= cost
            blocks[i] = defused
        return "\n\n".join(blocks).split("\n")


def escaped_paragraphs(markdown_text: str) -> str:
    """The text as escaped paragraphs: the last resort for structures nested deeper than the guards foresee."""
    paragraphs = "</p><p>".join(filter(str.strip, _BLANK_LINES_RE.split(escape(markdown_text))))
    return f"<p>{paragraphs}</p>" if paragraphs else ""
