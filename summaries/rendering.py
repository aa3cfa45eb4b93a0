"""Render a summary's Markdown, with TeX math, to sanitized HTML.

The pipeline, in the order it runs on one summary:

1. Python-Markdown parses the blocks (lists get CommonMark-like indentation first, see ``_ListPreprocessor``).
2. Before inline parsing, every math span (``$…$``, ``\\(…\\)``, ``$$…$$``, ``\\[…\\]``, pandoc's rules) is
   swapped for an opaque token so that Markdown cannot eat its ``_``, ``*``, ``\\`` or ``|``; table rows are
   protected the same way before they are split into cells.
3. After inline parsing, tokens that ended up in attributes (``alt``, ``href``) get their TeX source back,
   bare image URLs become images, ``![](url =600x)`` sizes become ``width``/``height``.
4. Each formula is normalized (Unicode minus, combining accents, ``\\arg\\max``…) and converted to MathML
   with latex2mathml, whose tree is polished (limits, fences, math alphanumerics) and wrapped in
   ``<semantics>`` with the TeX kept as an ``<annotation>``. A formula latex2mathml cannot convert is shown
   as ``<code class="math-error">`` with its source.
5. nh3 sanitizes the whole fragment with explicit allowlists: latex2mathml's own output is not safe
   (``\\text{<script>}``, ``\\href{javascript:…}``), so nothing is trusted before this step.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from html import escape, unescape
from xml.etree.ElementTree import Element, SubElement

import markdown
import nh3
from latex2mathml.converter import convert_to_element
from markdown.extensions import Extension
from markdown.extensions.tables import TableProcessor
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

__all__ = ["render_summary"]


def render_summary(markdown_text: str) -> str:
    """Return the summary ``markdown_text`` as sanitized HTML, safe to mark safe."""
    if not markdown_text or not markdown_text.strip():
        return ""
    md = _thread_markdown()
    try:
        html = md.convert(markdown_text)
    except RecursionError:
        # Last resort for structures nested deeper than _defuse foresees: the text, escaped, never a 500.
        html = "".join(f"<p>{escape(block)}</p>" for block in re.split(r"\n\s*\n", markdown_text) if block.strip())
    finally:
        md.reset()
    return _CLEANER.clean(html)


# ----------------------------------------------------------------------------------------------------
# Hostile structure: Python-Markdown recurses once per nesting level and scans ahead from every "[",
# so "- - - - …" or ">>>>…" thousands deep overflows the stack and 5,000 "[" take seconds. No summary a
# person writes nests 16 levels deep or opens hundreds of brackets in one paragraph: beyond that, the
# extra markers are escaped and shown as text.

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
        kept, count = [], 0

        def escape_beyond_limit(match):
            nonlocal count
            count += 1
            return match.group() if count <= _MAX_NESTING else "\\" + match.group()

        kept = _MARKER_RE.sub(escape_beyond_limit, prefix.group())
        line = kept + line[prefix.end():]
    return line


def _defuse_nesting(block: str) -> str:
    lines = block.split("\n")
    if any(len(line) - len(line.lstrip(" \t")) > _MAX_INDENT or _BLOCK_MARKERS_RE.match(line) for line in lines):
        block = "\n".join(_defuse_line(line) for line in lines)
    return block


# ----------------------------------------------------------------------------------------------------
# Math spans: finding them in Markdown text (pandoc's rules) and swapping them for tokens.

# Tokens use STX/ETX, which Python-Markdown strips from its input, so a user cannot forge one.
_TOKEN_RE = re.compile("\x02M(\\d+)\x03")
_SCAN_RE = re.compile(r"[\\`$<]")
# What Python-Markdown would take as an autolink, a raw HTML tag or a comment: math never starts inside one.
_HTML_OR_AUTOLINK_RE = re.compile(
    r"<(?:(?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>]*|[^<> !]+@[^@<> ]+|/?[a-zA-Z][^<>@ ]*(?: [^<>]*)?"
    r"|!--(?:(?!<!--|-->).)*--)>",
    re.DOTALL,
)
_BACKTICK_CLOSERS: dict[int, re.Pattern[str]] = {}
# The longest formula: scans give up beyond it, which keeps a hostile paragraph from taking quadratic time.
_MAX_TEX_LENGTH = 5000
# Math delimiters, with pandoc's rules. A formula never contains a blank line or a stash placeholder
# (STX/ETX); a backslash always takes the next character with it, so \$ and \) do not close (and \( inside
# \(…\) is no formula). Atomic groups keep the regex engine from backtracking through the ways of splitting
# the content; the bounded repetition keeps a failing scan short.
_NEWLINE = r"\n(?![ \t\r]*(?:\n|$))"
_UP_TO_MAX = f"{{1,{_MAX_TEX_LENGTH}}}?"
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


def _backtick_closer(length: int) -> re.Pattern[str]:
    pattern = _BACKTICK_CLOSERS.get(length)
    if pattern is None:
        pattern = _BACKTICK_CLOSERS[length] = re.compile(f"(?<!`)`{{{length}}}(?!`)")
    return pattern


class _MathSpan:
    __slots__ = ("source", "tex", "display")

    def __init__(self, source: str, tex: str, display: bool) -> None:
        self.source = source
        self.tex = tex
        self.display = display


def _tokenize_math(text: str, spans: list[_MathSpan]) -> str:
    """Replace each math span of ``text`` by a token indexing ``spans``, skipping code spans and HTML tags."""
    if "$" not in text and "\\" not in text:
        return text
    out: list[str] = []
    emitted = 0
    pos = 0
    n = len(text)
    while True:
        m = _SCAN_RE.search(text, pos)
        if m is None:
            break
        pos = m.start()
        c = text[pos]
        match = None
        display = False
        if c == "\\":
            follower = text[pos + 1 : pos + 2]
            if follower == "(":
                match = _PARENTHESIS_MATH_RE.match(text, pos)
            elif follower == "[":
                match = _BRACKET_MATH_RE.match(text, pos)
                display = True
            if match is None:
                pos += 2  # an escaped character
                continue
        elif c == "`":
            run_end = pos
            while run_end < n and text[run_end] == "`":
                run_end += 1
            closing = _backtick_closer(run_end - pos).search(text, run_end)
            pos = closing.end() if closing else run_end
            continue
        elif c == "<":
            tag = _HTML_OR_AUTOLINK_RE.match(text, pos)
            pos = tag.end() if tag else pos + 1
            continue
        elif text.startswith("$$", pos):
            match = _DISPLAY_DOLLARS_RE.match(text, pos)
            if match is None or not match.group()[2:-2].strip():
                pos += 2
                continue
            display = True
        else:
            match = _INLINE_DOLLAR_RE.match(text, pos)
            if match is None:
                pos += 1
                continue
        end = match.end()
        delimiter = 2 if display or c == "\\" else 1
        source = text[pos:end]
        spans.append(_MathSpan(source, source[delimiter:-delimiter].strip(), display))
        out.append(text[emitted:pos])
        out.append(f"\x02M{len(spans) - 1}\x03")
        emitted = pos = end
    if not out:
        return text
    out.append(text[emitted:])
    return "".join(out)


# ----------------------------------------------------------------------------------------------------
# TeX normalization: what latex2mathml 3.81 gets wrong, rewritten into TeX it gets right.

_FORBIDDEN_TEX_RE = re.compile(
    r"\\(?:def|edef|gdef|xdef|let|newcommand|renewcommand|providecommand|newenvironment|renewenvironment"
    r"|DeclareMathOperator)(?![A-Za-z])"
)
_NEEDS_NORMALIZING_RE = re.compile(
    r"[^\x00-\x7f]|\|\||\\(?:arg|operatorname|mathrm|mathop|begin|end|label|mathds|mathbbm)(?![A-Za-z])"
)
# \text-like groups keep their content verbatim (a "–" or "’" there is prose, not math).
_TEXT_GROUP_RE = re.compile(r"(\\(?:text(?:bf|it|md|normal|rm|sf|tt|up)?|mbox|hbox|emph)\s*\{[^{}]*\})")
_SPACING = r"(?:\s|\\[,;:! ]|~|\\quad|\\qquad)"
_ARG_MAX_RE = re.compile(  # \arg\max, \mathop{\mathrm{arg\,max}}, \mathrm{arg\,max} and the min forms
    rf"\\arg{_SPACING}*\\(max|min)(?![A-Za-z])"
    rf"|\\mathop\s*\{{\s*\\(?:mathrm|operatorname)\s*\{{{_SPACING}*arg{_SPACING}*(max|min)\s*\}}\s*\}}"
    rf"|\\mathrm\s*\{{{_SPACING}*arg{_SPACING}*(max|min)\s*\}}"
)
_OPERATORNAME_RE = re.compile(r"\\operatorname(\*?)\s*\{((?:[^{}]|\{[^{}]*\})*)\}")
_SPACING_COMMAND_RE = re.compile(r"\\[,;:! ]|~|\\quad|\\qquad")
_LETTERS_RE = re.compile(r"[A-Za-z ]+")
_BARE_ARG_RE = re.compile(r"\\arg(?![A-Za-z])")
_MATHRM_LETTER_RE = re.compile(r"\\mathrm\s*\{([A-Za-z])\}")
_BLACKBOARD_RE = re.compile(r"\\(?:mathds|mathbbm)(?![A-Za-z])")
_LABEL_RE = re.compile(r"\\label\s*\{[^{}]*\}")
_ENVIRONMENT_RE = re.compile(
    r"\\(begin|end)\s*\{(aligned|align|gathered|gather\*?|multline\*?|equation\*?|dcases)\}"
)
_DOUBLE_BAR_RE = re.compile(r"(\\(?:left|right|middle|[bB]igg?[lrm]?)\s*)?(?<!\\)\|\|")
_LATIN_ACCENTED_RE = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")
_COMBINING_RE = re.compile(  # a base (command, command with argument, or character) and its accent
    "(\\\\[A-Za-z]+(?:\\{[^{}]*\\})?|[^\\s\\\\{}_^&$])\\s*([\u0300-\u036f\u20d0-\u20ff])"
)
_COMBINING_ACCENTS = {
    "\u0300": r"\grave",
    "\u0301": r"\acute",
    "\u0302": r"\hat",
    "\u0303": r"\tilde",
    "\u0304": r"\bar",
    "\u0305": r"\bar",
    "\u0306": r"\breve",
    "\u0307": r"\dot",
    "\u0308": r"\ddot",
    "\u030a": r"\mathring",
    "\u030c": r"\check",
    "\u0332": r"\underline",
    "\u20d7": r"\vec",
}
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ"
_SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓᵢⱼₖₙₜ"
_SCRIPT_PLAIN = str.maketrans(_SUPERSCRIPTS + _SUBSCRIPTS, "0123456789+-=()ni" + "0123456789+-=()aeoxijknt")
_SUPERSCRIPT_RUN_RE = re.compile(f"[{_SUPERSCRIPTS}]+")
_SUBSCRIPT_RUN_RE = re.compile(f"[{_SUBSCRIPTS}]+")
_UNICODE_TO_TEX = str.maketrans(
    {
        "\u2212": "-",  # minus sign
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",  # en dash, typed for a minus
        "\u2014": "-",
        "\u2018": "'",
        "\u2019": "'",  # right single quote, typed for a prime
        "\u2032": "'",
        "\u2033": "''",
        "\u2034": "'''",
        "\u2026": r"\dots ",
        "\u22ef": r"\cdots ",
        "\u00b7": r"\cdot ",
        "\u22c5": r"\cdot ",
        "\u2211": r"\sum ",
        "\u220f": r"\prod ",
        "\u222b": r"\int ",
        "\u222c": r"\iint ",
        "\u222e": r"\oint ",
        "\u22c3": r"\bigcup ",
        "\u22c2": r"\bigcap ",
        "\u00a0": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u202f": " ",
        "\u200b": "",
        "\ufeff": "",
    }
)
_ENVIRONMENT_REWRITES = {
    ("begin", "aligned"): r"\begin{align*}",
    ("end", "aligned"): r"\end{align*}",
    # Each formula is converted on its own: numbering every align from (1) would mislead.
    ("begin", "align"): r"\begin{align*}",
    ("end", "align"): r"\end{align*}",
    ("begin", "dcases"): r"\begin{cases}",
    ("end", "dcases"): r"\end{cases}",
}


def _rewrite_environment(m: re.Match[str]) -> str:
    kind, name = m.group(1), m.group(2)
    rewrite = _ENVIRONMENT_REWRITES.get((kind, name))
    if rewrite is not None:
        return rewrite
    if name.startswith("equation"):
        return ""
    # gather, gathered, multline: centred rows.
    return r"\begin{array}{c}" if kind == "begin" else r"\end{array}"


def _rewrite_operatorname(m: re.Match[str]) -> str:
    star, content = m.group(1), m.group(2)
    plain = _SPACING_COMMAND_RE.sub(" ", content).strip()
    if _LETTERS_RE.fullmatch(plain):
        compact = plain.replace(" ", "")
        if compact.lower() in ("argmax", "argmin"):
            return "\\arg" + compact[3:].lower() + " "
        return f"\\operatorname{star}{{{plain}}}"
    # latex2mathml only understands letters here; anything else would come out italic or broken.
    return f"{{\\mathrm{{{content}}}}}"


def _rewrite_arg_max(m: re.Match[str]) -> str:
    return "\\arg" + (m.group(1) or m.group(2) or m.group(3)) + " "


def _rewrite_double_bar(m: re.Match[str]) -> str:
    if m.group(1):  # \left|| is a delimiter followed by a bar, not a norm
        return m.group(0)
    return r"\|"


def _rewrite_combining(m: re.Match[str]) -> str:
    accent = _COMBINING_ACCENTS.get(m.group(2))
    if accent is None:
        return m.group(1)
    return f"{accent}{{{m.group(1)}}}"


def _normalize_math_segment(segment: str) -> str:
    if not segment.isascii():
        segment = _LATIN_ACCENTED_RE.sub(lambda m: unicodedata.normalize("NFD", m.group()), segment)
        for _ in range(3):  # stacked accents: x̃̂
            segment, count = _COMBINING_RE.subn(_rewrite_combining, segment)
            if not count:
                break
        segment = _SUPERSCRIPT_RUN_RE.sub(lambda m: "^{" + m.group().translate(_SCRIPT_PLAIN) + "}", segment)
        segment = _SUBSCRIPT_RUN_RE.sub(lambda m: "_{" + m.group().translate(_SCRIPT_PLAIN) + "}", segment)
        segment = segment.translate(_UNICODE_TO_TEX)
    if "\\" in segment:
        segment = _ARG_MAX_RE.sub(_rewrite_arg_max, segment)
        segment = _OPERATORNAME_RE.sub(_rewrite_operatorname, segment)
        segment = _BARE_ARG_RE.sub(r"\\operatorname{arg}", segment)
        segment = _MATHRM_LETTER_RE.sub(r"\\mathrm{ \1}", segment)  # else the letter comes out italic
        segment = _BLACKBOARD_RE.sub(r"\\mathbb", segment)
        segment = _LABEL_RE.sub("", segment)
        segment = _ENVIRONMENT_RE.sub(_rewrite_environment, segment)
    if "||" in segment:
        segment = _DOUBLE_BAR_RE.sub(_rewrite_double_bar, segment)
    return segment


def _normalize_tex(tex: str) -> str:
    if _NEEDS_NORMALIZING_RE.search(tex) is None:
        return tex
    parts = _TEXT_GROUP_RE.split(tex)
    for i in range(0, len(parts), 2):  # odd indices are \text{…} groups
        if parts[i]:
            parts[i] = _normalize_math_segment(parts[i])
    return "".join(parts)


# ----------------------------------------------------------------------------------------------------
# MathML: conversion, polishing of latex2mathml's tree, serialization.

_MATHML_NS = "http://www.w3.org/1998/Math/MathML"
_ENTITY_RE = re.compile(r"&#x([0-9A-Fa-f]{1,6});")
# Operators written as \lim, \max… that take limits underneath in display style, like \sum.
_LIMIT_OPERATORS = frozenset({"lim", "max", "min", "sup", "inf"})
_SCRIPT_TO_LIMITS = {"msub": "munder", "msup": "mover", "msubsup": "munderover"}
# latex2mathml emits these as <mi>; they are fences that must not stretch.
_FENCE_CHARACTERS = frozenset("|‖⟨⟩⌊⌋⌈⌉{}[]()")
# ... and these as <mo>: they are ordinary symbols (TeX's \mathord), without operator spacing. (∇ is upright.)
_ORDINARY_SYMBOLS = {"∞": None, "∅": None, "∂": None, "∇": "normal"}
# The marks of \tilde, \bar, \dot, \vec… (latex2mathml's DIACRITICS, decoded).
_ACCENTS = frozenset("~^\u00af\u00b4`\u02d8\u02c7\u02d9\u00a8\u20db\u20dc\u02da\u2192\u2190\u2194\u2015")


def _character(code: int) -> str:
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF or (code < 0x20 and code not in (9, 10, 13)):
        return "\ufffd"
    return chr(code)


def _decode_entities(text: str) -> str:
    """Resolve the ``&#x…;`` references latex2mathml writes in its element text (it unescapes them later)."""
    if text[:3] == "&#x" and text.find(";") == len(text) - 1 and 4 < len(text) <= 10:  # the usual: one symbol
        try:
            return _character(int(text[3:-1], 16))
        except ValueError:
            pass
    return _ENTITY_RE.sub(lambda m: _character(int(m.group(1), 16)), text)


# Unicode Mathematical Alphanumeric Symbols, because Chromium ignores mathvariant other than "normal".
# variant: (A, a, 0, Greek capital Alpha, Greek small alpha); None where Unicode has no such range.
_ALPHANUMERIC_STARTS: dict[str, tuple[int | None, ...]] = {
    "bold": (0x1D400, 0x1D41A, 0x1D7CE, 0x1D6A8, 0x1D6C2),
    "italic": (0x1D434, 0x1D44E, None, 0x1D6E2, 0x1D6FC),
    "bold-italic": (0x1D468, 0x1D482, None, 0x1D71C, 0x1D736),
    "script": (0x1D49C, 0x1D4B6, None, None, None),
    "bold-script": (0x1D4D0, 0x1D4EA, None, None, None),
    "fraktur": (0x1D504, 0x1D51E, None, None, None),
    "double-struck": (0x1D538, 0x1D552, 0x1D7D8, None, None),
    "bold-fraktur": (0x1D56C, 0x1D586, None, None, None),
    "sans-serif": (0x1D5A0, 0x1D5BA, 0x1D7E2, None, None),
    "bold-sans-serif": (0x1D5D4, 0x1D5EE, 0x1D7EC, 0x1D756, 0x1D770),
    "sans-serif-italic": (0x1D608, 0x1D622, None, None, None),
    "sans-serif-bold-italic": (0x1D63C, 0x1D656, None, 0x1D790, 0x1D7AA),
    "monospace": (0x1D670, 0x1D68A, 0x1D7F6, None, None),
}
# Letters that were in Unicode before the block, which has holes where they would be.
_ALPHANUMERIC_HOLES = {
    ("italic", "h"): "ℎ",
    **{("script", c): u for c, u in zip("BEFHILMRego", "ℬℰℱℋℐℒℳℛℯℊℴ", strict=True)},
    **{("fraktur", c): u for c, u in zip("CHIRZ", "ℭℌℑℜℨ", strict=True)},
    **{("double-struck", c): u for c, u in zip("CHNPQRZ", "ℂℍℕℙℚℝℤ", strict=True)},
}


def _styled_character(c: str, variant: str, starts: tuple[int | None, ...]) -> str | None:
    hole = _ALPHANUMERIC_HOLES.get((variant, c))
    if hole is not None:
        return hole
    code = ord(c)
    if 0x41 <= code <= 0x5A:
        start, offset = starts[0], code - 0x41
    elif 0x61 <= code <= 0x7A:
        start, offset = starts[1], code - 0x61
    elif 0x30 <= code <= 0x39:
        start, offset = starts[2], code - 0x30
    elif 0x391 <= code <= 0x3A9:
        start, offset = starts[3], code - 0x391
    elif 0x3B1 <= code <= 0x3C9:
        start, offset = starts[4], code - 0x3B1
    else:
        return None
    return None if start is None else chr(start + offset)


def _apply_mathvariant(node: Element) -> None:
    variant = node.get("mathvariant")
    text = node.text
    if not variant or variant == "normal" or not text:
        return
    starts = _ALPHANUMERIC_STARTS.get(variant)
    if starts is None:
        return
    styled = []
    for c in text:
        s = _styled_character(c, variant, starts)
        if s is None:
            return  # keep the attribute: browsers that support it still style the text
        styled.append(s)
    node.text = "".join(styled)
    del node.attrib["mathvariant"]


def _polish(math: Element) -> None:
    """Fix latex2mathml's tree in place (see the module docstring)."""
    for node in reversed(list(math.iter())):  # children first: a parent's checks see decoded text
        text = node.text
        if text and "&#x" in text:
            node.text = text = _decode_entities(text)
        tag = node.tag
        if tag == "mi":
            if text and len(text) == 1:
                if text in _FENCE_CHARACTERS:
                    node.tag = "mo"
                    node.set("stretchy", "false")
                elif text == "~":  # \sim comes out as a tilde identifier
                    node.tag = "mo"
                    node.text = "∼"
                elif text == ":" or (unicodedata.category(text) == "Sm" and text not in _ORDINARY_SYMBOLS):
                    node.tag = "mo"
                else:
                    _apply_mathvariant(node)
            elif text and text[0] == "\\" and len(text) > 1:
                # An unknown command: show it as an error in place instead of as a plausible identifier.
                node.tag = "merror"
                node.text = None
                SubElement(node, "mtext").text = text
            else:
                _apply_mathvariant(node)
        elif tag == "mn":
            _apply_mathvariant(node)
        elif tag == "mo":
            if text in _FENCE_CHARACTERS and "stretchy" not in node.attrib:
                # \lVert, \rvert…: TeX's fixed-size delimiters. Without the attribute the browser stretches them
                # over the whole row (norm bars taller than the sum beside them); \left…\right and \bigl set it.
                node.set("stretchy", "false")
            elif text in _ORDINARY_SYMBOLS:
                node.tag = "mi"
                variant = _ORDINARY_SYMBOLS[text]
                if variant:
                    node.set("mathvariant", variant)
        elif tag == "mover" and len(node) == 2 and node[1].tag == "mo" and node[1].text in _ACCENTS:
            node.set("accent", "true")  # latex2mathml only marks \hat: others sit too high
        elif tag in _SCRIPT_TO_LIMITS and len(node):
            base = node[0]
            if base.tag == "mo" and (base.get("movablelimits") == "true" or base.text in _LIMIT_OPERATORS):
                # munder + movablelimits: limits underneath in display style, as scripts inline (as TeX does).
                node.tag = _SCRIPT_TO_LIMITS[tag]
                base.set("movablelimits", "true")


class _MathError(Exception):
    pass


def _tex_to_mathml(tex: str, display: bool) -> str:
    if len(tex) > _MAX_TEX_LENGTH:
        raise _MathError("formula too long")
    if _FORBIDDEN_TEX_RE.search(tex):
        raise _MathError("macro definitions are not supported")  # and could expand exponentially
    math = convert_to_element(_normalize_tex(tex), display="block" if display else "inline")
    _polish(math)
    semantics = Element("semantics")
    children = list(math)
    for child in children:
        math.remove(child)
    if len(children) == 1:
        semantics.append(children[0])
    else:
        SubElement(semantics, "mrow").extend(children)
    SubElement(semantics, "annotation", encoding="application/x-tex").text = tex
    math.append(semantics)
    out: list[str] = []
    _serialize(math, out)
    return "".join(out)


def _escape(text: str) -> str:
    if "&" in text or "<" in text or ">" in text or '"' in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return text


def _serialize(node: Element, out: list[str]) -> None:
    """ElementTree's tostring without its namespace bookkeeping, which took a third of the MathML time."""
    tag = node.tag
    if node.attrib:
        attributes = "".join([f' {name}="{_escape(value)}"' for name, value in node.attrib.items()])
        start = f"<{tag}{attributes}>"
    else:
        start = f"<{tag}>"
    text = _escape(node.text) if node.text else ""
    if len(node):
        out.append(start + text)
        for child in node:
            _serialize(child, out)
        out.append(f"</{tag}>")
    else:
        out.append(f"{start}{text}</{tag}>")
    if node.tail:
        out.append(_escape(node.tail))


def _math_html(span: _MathSpan) -> str:
    try:
        return _tex_to_mathml(span.tex, span.display)
    except Exception:  # latex2mathml raises its own types, IndexError, StopIteration, RecursionError…
        return f'<code class="math-error">{escape(span.source, quote=False)}</code>'


# ----------------------------------------------------------------------------------------------------
# Markdown extension.

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


def _trim_url(url: str) -> str:
    """Leave the sentence's punctuation and an unbalanced closing parenthesis out of a bare URL."""
    while True:
        trimmed = url.rstrip(_URL_TRAILING_PUNCTUATION)
        if trimmed.endswith(")") and trimmed.count(")") > trimmed.count("("):
            trimmed = trimmed[:-1]
        if trimmed == url:
            return url
        url = trimmed


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


class _MathTokenizer(Treeprocessor):
    """Before inline parsing: swap math spans in the text of every non-code element for tokens."""

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
                parent.text = _tokenize_math(text, spans)
            for child in parent:
                tail = child.tail
                if tail and not isinstance(tail, AtomicString):
                    child.tail = _tokenize_math(tail, spans)
                stack.append(child)


class _MathTableProcessor(TableProcessor):
    """Tables that do not split a row on the ``|`` of ``$|x|$``."""

    def __init__(self, parser, config, extension: _SummaryExtension) -> None:
        super().__init__(parser, config)
        self.extension = extension

    def _split(self, row: str) -> list[str]:
        return super()._split(_tokenize_math(row, self.extension.spans))

    def test(self, parent, block: str) -> bool:
        # Upstream strips every line of the block before it looks at the first two; the parser asks again for the
        # rest of the block after each heading taken off its front, which made that quadratic. The first two
        # lines decide, except for a one-column table, whose every row must have a pipe.
        if not super().test(parent, "\n".join(block.split("\n", 2)[:2])):
            return False
        return len(self.separator) > 1 or super().test(parent, block)


# A summary sits under the page's <h1> (the paper) and <h2> ("2 summaries"): its "# Heading" is an <h3>.
_HEADING_LEVELS = {f"h{level}": f"h{min(level + 2, 6)}" for level in range(1, 7)}


class _SummaryTreeprocessor(Treeprocessor):
    """After inline parsing: math back to TeX in attributes and code, bare image URLs, image sizes."""

    def __init__(self, md: markdown.Markdown, extension: _SummaryExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def _restore_source(self, value: str) -> str:
        spans = self.extension.spans
        return _TOKEN_RE.sub(lambda m: spans[int(m.group(1))].source, value)

    def run(self, root: Element) -> None:
        spans = self.extension.spans
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
                self._apply_size_suffix(node)
            elif node.tag in ("p", "li", "td", "th") and len(node):
                self._inline_bare_images(node)

    @staticmethod
    def _apply_size_suffix(img: Element) -> None:
        """``![alt](url =600x)`` and ``=600x400``, ShortScience's image size syntax."""
        m = _IMAGE_SIZE_RE.fullmatch(img.get("src", ""))
        if m:
            img.set("src", m.group(1))
            if m.group(2):
                img.set("width", m.group(2))
            if m.group(3):
                img.set("height", m.group(3))

    @staticmethod
    def _is_bare_image_link(node: Element) -> bool:
        href = node.get("href")
        return (
            node.tag == "a"
            and len(node) == 0
            and href is not None
            and node.text == href
            and _IMAGE_URL_RE.fullmatch(href) is not None
        )

    def _inline_bare_images(self, parent: Element) -> None:
        """Turn the autolinked image URLs that stand alone on their line into ``<img>``."""
        candidates: list[Element] = []
        other_content = False
        to_convert: list[Element] = []

        def end_line() -> None:
            nonlocal candidates, other_content
            if not other_content:
                to_convert.extend(candidates)
            candidates = []
            other_content = False

        def add_text(text: str | None) -> None:
            nonlocal other_content
            if not text:
                return
            lines = text.split("\n")
            for i, line in enumerate(lines):
                if i:
                    end_line()
                if line.strip():
                    other_content = True

        add_text(parent.text)
        for child in parent:
            if child.tag == "br":
                end_line()
            elif self._is_bare_image_link(child):
                candidates.append(child)
            else:
                other_content = True
            add_text(child.tail)
        end_line()
        for link in to_convert:
            src = link.get("href")
            link.tag = "img"
            link.attrib.clear()
            link.set("src", src)
            link.set("alt", "")
            link.text = None


class _MathPostprocessor(Postprocessor):
    """Replace the tokens left in the serialized HTML by MathML (or a math-error fallback)."""

    def __init__(self, md: markdown.Markdown, extension: _SummaryExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        spans = self.extension.spans
        if not spans:
            return text
        rendered: dict[tuple[str, bool], str] = {}  # one summary often repeats $g_t$

        def replace(m: re.Match[str]) -> str:
            span = spans[int(m.group(1))]
            key = (span.tex, span.display)
            html = rendered.get(key)
            if html is None:
                html = rendered[key] = _math_html(span)
            return html

        return _TOKEN_RE.sub(replace, text)


class _ListPreprocessor(Preprocessor):
    """Give lists the indentation Python-Markdown needs, so they read as CommonMark would.

    A nested item indented by 2 or 3 spaces (to its parent's text, as CommonMark and GitHub allow) is
    re-indented to 4 per level, and a bullet list (or one starting at 1.) may interrupt a paragraph without a
    blank line. Display math and code lines are never taken for items.
    """

    ITEM_RE = re.compile(r"( *)([*+-]|\d{1,9}\.)( +|$)(.*)")
    HR_RE = re.compile(r" {0,3}([-*_])(?: *\1){2,} *")
    DISPLAY_DELIMITER_RE = re.compile(r"(?<!\\)\$\$|\\\[|\\\]")
    INTERRUPTER_RE = re.compile("(?: {0,3}(?:#{1,6}(?:[ \t]|$)|>)|\x02)")

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        stack: list[int] = []  # content column of each open list item, outermost first
        list_is_ordered = False
        previous_blank = True
        in_display_math = False
        for line in lines:
            if not line.strip():
                out.append(line)
                previous_blank = True
                in_display_math = False
                continue
            item = None if in_display_math else self.ITEM_RE.fullmatch(line)
            if item and self.HR_RE.fullmatch(line):
                item = None
            if "$$" in line or "\\[" in line or "\\]" in line:
                if len(self.DISPLAY_DELIMITER_RE.findall(line)) % 2:
                    in_display_math = not in_display_math
            indent = len(line) - len(line.lstrip(" "))
            if item and not stack:
                marker = item.group(2)
                ordered = marker[0].isdigit()
                if indent > 3 or (not previous_blank and ordered and marker != "1."):
                    item = None  # indented code, or a number that merely starts a line of prose
                elif not previous_blank:
                    out.append("")  # the list interrupts a paragraph
            if item:
                while stack and indent < stack[-1]:
                    stack.pop()
                marker = item.group(2)
                if not stack:
                    if marker[0].isdigit() != list_is_ordered and out and out[-1].strip():
                        out.append("")  # "- a" then "1. b": a new list, not a lazy line of the first
                    list_is_ordered = marker[0].isdigit()
                spaces = len(item.group(3))
                stack.append(indent + len(marker) + (spaces if 0 < spaces <= 4 else 1))
                out.append(" " * (4 * (len(stack) - 1)) + marker + " " + item.group(4))
            elif stack:
                if previous_blank and indent < stack[0]:
                    stack = []  # the list has ended
                    out.append(line)
                elif indent < stack[-1] and self.INTERRUPTER_RE.match(line):
                    stack = []  # a heading or quote right after an item ends the list
                    out.extend(("", line))
                else:
                    if previous_blank:
                        while len(stack) > 1 and indent < stack[-1]:
                            stack.pop()
                    extra = max(0, indent - stack[-1])
                    out.append(" " * (4 * len(stack) + extra) + line.lstrip(" "))
            else:
                out.append(line)
            previous_blank = False
        return out


class _PlainTextBlockPreprocessor(Preprocessor):
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


class _SummaryExtension(Extension):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.spans: list[_MathSpan] = []

    def reset(self) -> None:
        self.spans = []

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Python-Markdown's API)
        md.registerExtension(self)
        md.ESCAPED_CHARS.extend(("$", "|"))  # \$ is a literal dollar; \| a literal bar in a table cell
        md.preprocessors.register(_PlainTextBlockPreprocessor(md), "summary_plain_text_blocks", 25)
        md.preprocessors.register(_ListPreprocessor(md), "summary_lists", 15)
        md.parser.blockprocessors.register(
            _MathTableProcessor(md.parser, {"use_align_attribute": True}, self), "table", 75
        )
        # After links, autolinks and raw HTML, before entities and emphasis (magiclink's place).
        md.inlinePatterns.register(_BareLinkInlineProcessor(_AUTOLINK_PATTERN, md), "summary_bare_links", 85)
        md.treeprocessors.register(_MathTokenizer(md, self), "summary_math_tokens", 25)
        md.treeprocessors.register(_SummaryTreeprocessor(md, self), "summary_tree", 15)
        md.postprocessors.register(_MathPostprocessor(md, self), "summary_math", 5)


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


_local = threading.local()


def _thread_markdown() -> markdown.Markdown:
    """One Markdown instance per thread: building one costs more than a render, and it is not thread-safe."""
    md = getattr(_local, "markdown", None)
    if md is None:
        md = _local.markdown = _build_markdown()
    return md


# ----------------------------------------------------------------------------------------------------
# Sanitizing.

_HTML_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "kbd",
    "ul", "ol", "li", "dl", "dt", "dd",
    "em", "strong", "b", "i", "del", "s", "sup", "sub", "a", "img",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip
# Exactly what latex2mathml 3.81 emits (plus <semantics>/<annotation>, <merror> added here). Not
# <annotation-xml>, <maction> or <mglyph>: HTML integration points and oddities with no use here.
_MATHML_TAGS = {
    "math", "semantics", "annotation", "merror",
    "mrow", "mi", "mn", "mo", "mtext", "mspace", "mstyle", "mpadded", "mphantom", "menclose",
    "msub", "msup", "msubsup", "munder", "mover", "munderover", "mfrac", "msqrt", "mroot",
    "mtable", "mtr", "mtd",
}  # fmt: skip
_TOKEN_ATTRIBUTES = {"mathvariant"}
_OPERATOR_ATTRIBUTES = {"stretchy", "fence", "form", "movablelimits", "largeop", "lspace", "rspace",
                        "minsize", "maxsize", "separator", "accent", "symmetric"}  # fmt: skip
_ATTRIBUTES = {
    "*": set(),  # nh3 would otherwise allow lang and title everywhere
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    "code": {"class"},
    "math": {"xmlns", "display"},
    "annotation": {"encoding"},
    "mi": _TOKEN_ATTRIBUTES,
    "mn": _TOKEN_ATTRIBUTES,
    "mtext": _TOKEN_ATTRIBUTES,
    "mo": _TOKEN_ATTRIBUTES | _OPERATOR_ATTRIBUTES,
    "mspace": {"width", "height", "depth", "linebreak", "mathbackground"},
    "mstyle": {"displaystyle", "scriptlevel", "mathsize", "mathcolor", "mathbackground"},
    "mpadded": {"width", "height", "depth", "lspace", "voffset", "mathbackground"},
    "mfrac": {"linethickness"},
    "mover": {"accent"},
    "munder": {"accentunder"},
    "munderover": {"accent", "accentunder"},
    "mtable": {"rowspacing", "columnspacing", "columnalign", "rowlines", "columnlines", "displaystyle"},
    "mtr": {"columnalign"},
    "mtd": {"columnalign"},
    "menclose": {"notation"},
}
_LENGTH_RE = re.compile(
    r"[+-]?(\d{1,4}(?:\.\d*)?|\.\d+)\s*(em|ex|mu|pt|px|mm|cm|in|%|width|height|depth)?"
    r"|(?:negative)?(?:very)*(?:thin|medium|thick)mathspace"
)
# Bounds that keep a formula from covering the page (think \rule{100em}{100em} on a black background).
_LENGTH_LIMITS = {None: 20, "em": 20, "ex": 40, "mu": 360, "width": 5, "height": 5, "depth": 5,
                  "pt": 200, "px": 300, "mm": 70, "cm": 7, "in": 3, "%": 500}  # fmt: skip
_LENGTH_ATTRIBUTES = {"width", "height", "depth", "lspace", "rspace", "voffset", "minsize", "maxsize",
                      "mathsize"}  # fmt: skip
_COLOR_RE = re.compile(r"#[0-9A-Fa-f]{3,8}|[A-Za-z]{1,20}")
_WORDS_RE = re.compile(r"[A-Za-z0-9 .+-]{0,80}")
_CODE_CLASS_RE = re.compile(r"math-error|language-[A-Za-z0-9_+#.-]{1,40}")
_ENUMERATED = {
    ("math", "display"): {"block", "inline"},
    ("math", "xmlns"): {_MATHML_NS},
    ("annotation", "encoding"): {"application/x-tex"},
    ("th", "align"): {"left", "center", "right"},
    ("td", "align"): {"left", "center", "right"},
}
_FREE_TEXT_ATTRIBUTES = {"alt", "title"}
_URL_ATTRIBUTES = {"href", "src"}
_URL_SCHEMES = {"http", "https", "mailto"}
_URL_IGNORED_RE = re.compile(r"[\x00-\x20\x7f]")
_URL_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Value-level checks on top of the per-tag allowlist."""
    if attribute in _URL_ATTRIBUTES:
        # nh3 checks the scheme too; this also refuses the ones hidden behind control characters.
        scheme = _URL_SCHEME_RE.match(_URL_IGNORED_RE.sub("", value))
        return None if scheme and scheme.group(1).lower() not in _URL_SCHEMES else value
    if attribute in _FREE_TEXT_ATTRIBUTES:
        return value
    allowed = _ENUMERATED.get((tag, attribute))
    if allowed is not None:
        return value if value in allowed else None
    if tag == "code":
        return value if _CODE_CLASS_RE.fullmatch(value) else None
    if tag == "img" or tag == "ol":
        if attribute == "loading":
            return "lazy"
        return value if value.isdigit() and len(value) <= 5 else None  # width, height, start
    if attribute in ("mathcolor", "mathbackground"):
        return value if _COLOR_RE.fullmatch(value) else None
    if attribute in _LENGTH_ATTRIBUTES:
        m = _LENGTH_RE.fullmatch(value.strip())
        if m is None:
            return None
        if m.group(1) is not None and float(m.group(1)) > _LENGTH_LIMITS[m.group(2)]:
            return None
        return value
    return value if _WORDS_RE.fullmatch(value) else None


_CLEANER = nh3.Cleaner(
    tags=_HTML_TAGS | _MATHML_TAGS,
    clean_content_tags={"script", "style"},
    attributes=_ATTRIBUTES,
    attribute_filter=_filter_attribute,
    strip_comments=True,
    link_rel="nofollow noopener",
    url_schemes=_URL_SCHEMES,
    set_tag_attribute_values={"img": {"loading": "lazy"}},
)


_MATH_ELEMENT = re.compile(r"<math\b[^>]*>.*?</math>", re.DOTALL)
_TEX_ANNOTATION = re.compile(r'<annotation encoding="application/x-tex">(.*?)</annotation>', re.DOTALL)
_BLOCK_TAG = re.compile(r"</?(?:p|h[1-6]|li|ul|ol|div|blockquote|pre|table|tr|td|th|br|hr|img|figure)\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")


def summary_excerpt(body_html: str, words: int) -> str:
    """The first `words` words of a rendered summary as plain text (unescaped: templates escape it again), each
    formula as its TeX between dollars: MathML has no plain-text form, and its tags stripped leave "xn+1x_{n+1}"."""

    def as_tex(math: re.Match[str]) -> str:
        tex = _TEX_ANNOTATION.search(math[0])
        return f"${tex[1].strip()}$" if tex else ""

    # Blocks are separated by a space; inline markup (<strong>, <a>, ...) joins its text to the words around it.
    text = unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", _MATH_ELEMENT.sub(as_tex, body_html))))
    kept = text.split()
    return " ".join(kept[:words]) + ("…" if len(kept) > words else "")
