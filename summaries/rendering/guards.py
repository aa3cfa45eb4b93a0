"""Input guards: Markdown structures that would make Python-Markdown overflow its stack or take seconds.

Python-Markdown recurses once per nesting level and scans ahead from every "[", so "- - - - …" or ">>>>…"
thousands deep overflows the stack and 5,000 "[" take seconds. No summary a person writes nests 16 levels deep or
opens hundreds of brackets in one paragraph: beyond that, the extra markers are escaped and shown as text.
"""

from __future__ import annotations

import re
from html import escape

from markdown.preprocessors import Preprocessor

_MAX_NESTING = 16
# Python-Markdown's inline pass re-formats the rest of a paragraph after every match (link, tag, entity,
# emphasis…), so its cost grows with the square of the matches in one paragraph: 40,000 "[" took 9 s. A
# paragraph with more characters that start inline markup than any prose has is shown as plain text.
_MAX_INLINE_STARTS_PER_BLOCK = 2000
_INLINE_STARTS_RE = re.compile(r"[\[<&*_`\\!]")
# Python-Markdown takes a heading off the front of a block and queues the rest of the block again, and every
# block processor then reads that whole rest: 50,000 lines of "-" or "#" without a blank line took 89 s. A
# block with more heading lines (ATX "#", setext "===" / "---" underlines, also inside quotes) than a person
# writes without a blank line is shown as plain text.
_MAX_HEADING_LINES_PER_BLOCK = 100
_HEADING_LINE_RE = re.compile(r"^(?: {0,3}>)* {0,3}(?:#|[=-]+[ \t]*$)", re.MULTILINE)
_BLOCK_MARKERS_RE = re.compile(r"^(?:[ \t]*(?:[-*+>]|\d{1,9}[.)])(?=[ \t>]|$))+")
_MARKER_RE = re.compile(r"[-*+>]|\d{1,9}[.)]")
_MAX_INDENT = 4 * _MAX_NESTING


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
    lines = block.split("\n")
    if any(len(line) - len(line.lstrip(" \t")) > _MAX_INDENT or _BLOCK_MARKERS_RE.match(line) for line in lines):
        block = "\n".join(_defuse_line(line) for line in lines)
    return block


class PlainTextBlockPreprocessor(Preprocessor):
    """Cap block nesting; stash blocks with pathological amounts of inline markup or headings as escaped text."""

    def run(self, lines: list[str]) -> list[str]:
        blocks = re.split(r"\n[ \t]*\n", "\n".join(lines))
        for i, block in enumerate(blocks):
            defused = _defuse_nesting(block)
            if (
                len(_INLINE_STARTS_RE.findall(defused)) > _MAX_INLINE_STARTS_PER_BLOCK
                or len(_HEADING_LINE_RE.findall(defused)) > _MAX_HEADING_LINES_PER_BLOCK
            ):
                blocks[i] = self.md.htmlStash.store(f"<p>{escape(block)}</p>")
            else:
                blocks[i] = defused
        return "\n\n".join(blocks).split("\n")


def escaped_paragraphs(markdown_text: str) -> str:
    """The text as escaped paragraphs: the last resort for structures nested deeper than the guards foresee."""
    return "".join(f"<p>{escape(block)}</p>" for block in re.split(r"\n\s*\n", markdown_text) if block.strip())
