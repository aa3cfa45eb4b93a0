r"""TeX normalization: what latex2mathml 3.81 gets wrong, rewritten into TeX it gets right.

Unicode that people paste into formulas (minus signs, dashes typed for minus, primes, combining accents,
superscript digits), \arg\max and its spellings, \operatorname with more than letters, environments latex2mathml
does not know (aligned, gather, equation, dcases), \mathds and \label. The content of \text-like groups is prose
and stays as written.
"""

from __future__ import annotations

import re
import unicodedata

# Macro definitions: refused, because latex2mathml does not support them and they could expand exponentially.
FORBIDDEN_TEX_RE = re.compile(
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


def normalize_tex(tex: str) -> str:
    """``tex`` as latex2mathml understands it; the text of \\text{…} groups untouched."""
    if _NEEDS_NORMALIZING_RE.search(tex) is None:
        return tex
    parts = _TEXT_GROUP_RE.split(tex)
    for i in range(0, len(parts), 2):  # odd indices are \text{…} groups
        if parts[i]:
            parts[i] = _normalize_math_segment(parts[i])
    return "".join(parts)
