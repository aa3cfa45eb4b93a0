"""Where sentences end in prose that lost its line breaks, and how its words are capitalized."""

import re

__all__ = ["ends_sentence", "is_acronym", "is_capitalized", "is_lowercase", "sentence_breaks"]

_ABBREVIATIONS = frozenset("e.g. i.e. al. cf. vs. fig. figs. eq. eqs. sec. dr. mr. ms. st. approx.".split())
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*$")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(]?[A-Z])")


def _first_letter(word: str) -> str:
    for char in word:
        if char.isalpha():
            return char
        if char not in "\"“‘'(":
            return ""
    return ""


def is_capitalized(word: str) -> bool:
    return _first_letter(word).isupper()


def is_lowercase(word: str) -> bool:
    return _first_letter(word).islower()


def is_acronym(word: str) -> bool:
    letters = [char for char in word if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


def ends_sentence(text: str) -> bool:
    """Whether `text` ends with a sentence (not with "e.g." or an initial like "J.")."""
    text = text[-200:].rstrip()  # only the last words matter; long prefixes are checked word by word
    if not _SENTENCE_END.search(text):
        return False
    words = text.split()
    last = words[-1].rstrip("\"”’')]")
    if last.lower() in _ABBREVIATIONS:
        return False
    # An initial ("Ian J. Goodfellow") follows a capitalized name; "the output of M." ends a sentence.
    return not (re.fullmatch(r"[A-Z]\.", last) and len(words) > 1 and is_capitalized(words[-2]))


def sentence_breaks(text: str) -> list[int]:
    """Positions where a new sentence starts inside `text`."""
    return [m.end() for m in _SENTENCE_BREAK.finditer(text) if ends_sentence(text[: m.start() + 1])]
