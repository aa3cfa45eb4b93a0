r"""MathML: a formula's TeX converted by latex2mathml, its tree polished, serialized with the TeX as annotation.

latex2mathml's tree is fixed in place: entities decoded, limits under \sum-like operators, fences that do not
stretch, ordinary symbols that are not operators, accents marked as accents, and Unicode mathematical
alphanumerics for \mathbf, \mathcal… (Chromium ignores mathvariant). The result is wrapped in <semantics> with
the TeX kept as an <annotation>. A formula latex2mathml cannot convert is shown as <code class="math-error">
with its source.
"""

from __future__ import annotations

import re
import unicodedata
from html import escape
from xml.etree.ElementTree import Element, SubElement

from latex2mathml.converter import convert_to_element

from summaries.rendering.math_spans import MAX_TEX_LENGTH, MathSpan
from summaries.rendering.tex import FORBIDDEN_TEX_RE, normalize_tex

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
            _polish_identifier(node, text)
        elif tag == "mn":
            _apply_mathvariant(node)
        elif tag == "mo":
            _polish_operator(node, text)
        elif tag == "mover" and len(node) == 2 and node[1].tag == "mo" and node[1].text in _ACCENTS:
            node.set("accent", "true")  # latex2mathml only marks \hat: others sit too high
        elif tag in _SCRIPT_TO_LIMITS and len(node):
            base = node[0]
            if base.tag == "mo" and (base.get("movablelimits") == "true" or base.text in _LIMIT_OPERATORS):
                # munder + movablelimits: limits underneath in display style, as scripts inline (as TeX does).
                node.tag = _SCRIPT_TO_LIMITS[tag]
                base.set("movablelimits", "true")


def _polish_identifier(node: Element, text: str | None) -> None:
    """An <mi>: fences, \\sim and relations are operators; an unknown command is an error; the rest is styled."""
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


def _polish_operator(node: Element, text: str | None) -> None:
    """An <mo>: fixed-size fences, and ordinary symbols (∞, ∂, ∇…) turned into identifiers."""
    if text in _FENCE_CHARACTERS and "stretchy" not in node.attrib:
        # \lVert, \rvert…: TeX's fixed-size delimiters. Without the attribute the browser stretches them
        # over the whole row (norm bars taller than the sum beside them); \left…\right and \bigl set it.
        node.set("stretchy", "false")
    elif text in _ORDINARY_SYMBOLS:
        node.tag = "mi"
        variant = _ORDINARY_SYMBOLS[text]
        if variant:
            node.set("mathvariant", variant)


class _MathError(Exception):
    pass


def _tex_to_mathml(tex: str, display: bool) -> str:
    if len(tex) > MAX_TEX_LENGTH:
        raise _MathError("formula too long")
    if FORBIDDEN_TEX_RE.search(tex):
        raise _MathError("macro definitions are not supported")  # and could expand exponentially
    math = convert_to_element(normalize_tex(tex), display="block" if display else "inline")
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


def math_html(span: MathSpan) -> str:
    """The formula as MathML, or its source as <code class="math-error"> if it cannot be converted."""
    try:
        return _tex_to_mathml(span.tex, span.display)
    except Exception:  # latex2mathml raises its own types, IndexError, StopIteration, RecursionError…
        return f'<code class="math-error">{escape(span.source, quote=False)}</code>'
