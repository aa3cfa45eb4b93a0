"""Math, code spans and links swapped for opaque placeholders while a flattened summary is restored, then put back.

A placeholder is PH_OPEN, a kind letter (C code, D display math, M inline math, L link, I image), the index of the
original in the stash, and PH_CLOSE.
"""

import re

__all__ = ["PH_CLOSE", "PH_OPEN", "PLACEHOLDER", "placeholder_kind", "protect", "unprotect"]

PH_OPEN, PH_CLOSE = "\ue000", "\ue001"
PLACEHOLDER = re.compile(f"{PH_OPEN}([CDMLI])(\\d+){PH_CLOSE}")

_CODE_SPAN = re.compile(r"`[^`\n]+`")
_DISPLAY_MATH = re.compile(r"(?<!\\)\$\$.+?(?<!\\)\$\$", re.DOTALL)
# Pandoc's rule: no space just inside the dollars and no digit right after the closing one ("$5 - $10").
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?![\s$])(?:\\.|[^$\\])+?(?<![\s\\])\$(?!\d)")
_IMAGE_OR_LINK = re.compile(r"!?\[[^\]\n]*\](?:\([^)\s]*(?:\s+[^)]*)?\)|\[[^\]\n]*\])")


def protect(text: str, stash: list[str]) -> str:
    def swap(kind: str):
        def replace(match: re.Match) -> str:
            stash.append(match.group(0))
            return f"{PH_OPEN}{kind}{len(stash) - 1}{PH_CLOSE}"

        return replace

    text = _CODE_SPAN.sub(swap("C"), text)
    text = _DISPLAY_MATH.sub(swap("D"), text)
    text = _INLINE_MATH.sub(swap("M"), text)

    def swap_link(match: re.Match) -> str:
        return swap("I" if match.group(0).startswith("!") else "L")(match)

    return _IMAGE_OR_LINK.sub(swap_link, text)


def unprotect(text: str, stash: list[str]) -> str:
    while PLACEHOLDER.search(text):
        text = PLACEHOLDER.sub(lambda m: stash[int(m.group(2))], text)
    return text


def placeholder_kind(word: str) -> str | None:
    match = PLACEHOLDER.fullmatch(word)
    return match.group(1) if match else None
