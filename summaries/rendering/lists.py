"""Lists as CommonMark reads them, re-indented for Python-Markdown before it parses the blocks."""

from __future__ import annotations

import re

from markdown.preprocessors import Preprocessor

_ITEM_RE = re.compile(r"( *)([*+-]|\d{1,9}\.)( +|$)(.*)")
_HR_RE = re.compile(r" {0,3}([-*_])(?: *\1){2,} *")
_DISPLAY_DELIMITER_RE = re.compile(r"(?<!\\)\$\$|\\\[|\\\]")
_INTERRUPTER_RE = re.compile("(?: {0,3}(?:#{1,6}(?:[ \t]|$)|>)|\x02)")


class ListPreprocessor(Preprocessor):
    """Give lists the indentation Python-Markdown needs, so they read as CommonMark would.

    A nested item indented by 2 or 3 spaces (to its parent's text, as CommonMark and GitHub allow) is
    re-indented to 4 per level, and a bullet list (or one starting at 1.) may interrupt a paragraph without a
    blank line. Display math and code lines are never taken for items.
    """

    def run(self, lines: list[str]) -> list[str]:
        reindented = _ReindentedLines()
        for line in lines:
            reindented.add(line)
        return reindented.out


class _ReindentedLines:
    """The lines of one document, re-indented as they come, with the state of the lists they are in."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.stack: list[int] = []  # content column of each open list item, outermost first
        self.list_is_ordered = False
        self.previous_blank = True
        self.in_display_math = False

    def add(self, line: str) -> None:
        if not line.strip():
            self.out.append(line)
            self.previous_blank = True
            self.in_display_math = False
            return
        item = None if self.in_display_math else _list_item(line)
        if "$$" in line or "\\[" in line or "\\]" in line:
            if len(_DISPLAY_DELIMITER_RE.findall(line)) % 2:
                self.in_display_math = not self.in_display_math
        indent = len(line) - len(line.lstrip(" "))
        if item and not self.stack and not self._may_open_list(item.group(2), indent):
            item = None
        if item:
            if not self.stack and not self.previous_blank:
                self.out.append("")  # the list interrupts a paragraph
            self._add_item(item, indent)
        elif self.stack:
            self._add_continuation(line, indent)
        else:
            self.out.append(line)
        self.previous_blank = False

    def _may_open_list(self, marker: str, indent: int) -> bool:
        """Not indented code, nor a number that merely starts a line of prose."""
        return indent <= 3 and (self.previous_blank or not marker[0].isdigit() or marker == "1.")

    def _add_item(self, item: re.Match[str], indent: int) -> None:
        stack = self.stack
        while stack and indent < stack[-1]:
            stack.pop()
        marker = item.group(2)
        if not stack:
            if marker[0].isdigit() != self.list_is_ordered and self.out and self.out[-1].strip():
                self.out.append("")  # "- a" then "1. b": a new list, not a lazy line of the first
            self.list_is_ordered = marker[0].isdigit()
        spaces = len(item.group(3))
        stack.append(indent + len(marker) + (spaces if 0 < spaces <= 4 else 1))
        self.out.append(" " * (4 * (len(stack) - 1)) + marker + " " + item.group(4))

    def _add_continuation(self, line: str, indent: int) -> None:
        """A line inside a list that starts no item: more of an item, or what ends the list."""
        stack = self.stack
        if self.previous_blank and indent < stack[0]:
            self.stack = []  # the list has ended
            self.out.append(line)
        elif indent < stack[-1] and _INTERRUPTER_RE.match(line):
            self.stack = []  # a heading or quote right after an item ends the list
            self.out.extend(("", line))
        else:
            if self.previous_blank:
                while len(stack) > 1 and indent < stack[-1]:
                    stack.pop()
            extra = max(0, indent - stack[-1])
            self.out.append(" " * (4 * len(stack) + extra) + line.lstrip(" "))


def _list_item(line: str) -> re.Match[str] | None:
    """The marker, spacing and text of ``line`` if it reads as a list item (and not as a horizontal rule)."""
    item = _ITEM_RE.fullmatch(line)
    return None if item is None or _HR_RE.fullmatch(line) else item
