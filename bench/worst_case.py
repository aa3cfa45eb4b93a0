"""The costliest summaries a user can save: each fills the 100 KB body limit with one structure, repeated.

Every structure that costs a render more than its bytes (a code fence, a table row or cell, a list item, a
heading, a paragraph, a formula, an HTML block) is here, in its cheapest spelling, so that the renderer's caps
are measured where an attacker would push them. bench/render.py times each against WORST_CASE_TARGET_MS.
"""

BODY_LIMIT = 100 * 1024  # summaries.forms.MAX_BODY_BYTES (a test keeps them equal)
WORST_CASE_TARGET_MS = 500.0


def _fill(unit: str, head: str = "", tail: str = "") -> str:
    """``unit`` repeated between ``head`` and ``tail`` up to the body limit."""
    return head + unit * ((BODY_LIMIT - len(head) - len(tail)) // len(unit)) + tail


def _numbered(template: str, separator: str) -> str:
    """``template`` formatted with 0, 1, 2… and joined by ``separator`` up to the body limit."""
    parts: list[str] = []
    size = 0
    for i in range(BODY_LIMIT):
        part = template.format(i)
        size += len(part) + len(separator)
        if size > BODY_LIMIT:
            break
        parts.append(part)
    return separator.join(parts)


WORST_CASES: dict[str, str] = {
    # pymdownx.superfences rebuilt the list of lines once per fence: quadratic.
    "5,000 code fences (10,000 fence lines)": _fill("```\nx = 1 + 2;\n```\n"),
    "25,000 fence lines": _fill("```\n"),
    "one fence of 25,000 lines": _fill("x=1\n", "```\n", "```\n"),
    "table of 5,000 rows": _fill("| 1 | 2 | 3 | 4 |\n", "| a | b | c | d |\n|---|---|---|---|\n"),
    "table of 17,000 rows": _fill("|1|2|\n", "|a|b|\n|-|-|\n"),
    "table of 50,000 cells": _fill("|a" * 100 + "\n", "|a" * 100 + "\n" + "|-" * 100 + "\n"),
    "table rows with formulas": _fill("| $x$ | 2 |\n", "| a | b |\n|---|---|\n"),
    "list of 25,000 items": _fill("- a\n"),
    "deep lists": "\n".join(" " * (2 * (i % 16)) + "- a" for i in range(BODY_LIMIT // 20)),
    "deep loose lists": "\n\n".join(" " * (2 * (i % 16)) + "- a" for i in range(BODY_LIMIT // 21)),
    "quotes 16 deep": _fill("> " * 16 + "a\n\n"),
    "34,000 paragraphs": _fill("a\n\n"),
    "20,000 emphasized paragraphs": _fill("*a*\n\n")[: BODY_LIMIT - 2],
    # Links looked for the "]" of every position of the paragraph again after each link: quadratic.
    "1,900 links, then prose": _fill("word ", "[a](b)" * 1_900),
    "100 KB of ampersands": _fill("&"),
    "headings and paragraphs": _fill("# h\n\na\n\n"),
    "HTML blocks": _fill("<div>x</div>\n\n"),
    # The standard library's HTML parser read each tag that never closes to the end of the text: quadratic.
    "1,900 unclosed tags, then prose": _fill("word ", "<a b " * 1_900),
    "20,000 unclosed tags": _fill("<a b " * 1_000 + "\n\n"),
    # Each <b> left open makes the sanitizer's parser walk a deeper stack for every element after it.
    "unclosed <b> in 20,000 paragraphs": _fill("<b>\n\n"),
    "12,000 distinct formulas": _numbered("$x{}$", " "),
    "distinct formulas, one per paragraph": _numbered("$x{}$", "\n\n"),
    "distinct display formulas": _numbered("$$\\frac{{a}}{{{}}}$$", "\n\n"),
    "20 formulas of 5,000 characters": "\n\n".join(f"${i} " + "a" * 4990 + "$" for i in range(20)),
    "bare links": _fill("https://x.org/a "),
}
