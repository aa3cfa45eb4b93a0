"""Reading a search box: web-search syntax, arXiv ids, and highlighting the words found."""

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

from papers.identifiers import parse_arxiv_id

MAX_TERMS = 16
EDGE_PUNCTUATION = "\"'`.,;:!?()[]{}<>*+=|\\/&%$#@^~"

TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def arxiv_id_in(text):
    """The arXiv id (without version) if the whole query is an arXiv id or arXiv URL, else None."""
    return parse_arxiv_id(text)


@dataclass
class ParsedQuery:
    """`groups` must all match (each is a list of alternatives joined by OR); `excluded` must not."""

    groups: list[list[str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    @property
    def terms(self):
        return [term for group in self.groups for term in group]

    def __bool__(self):
        return bool(self.groups)


def parse_query(text):
    """Web-search syntax as people type it: "a phrase", -excluded, this OR that; everything else is ANDed."""
    parsed = ParsedQuery()
    join_next = False
    for negated, phrase, word in TOKEN.findall(text):
        if word == "OR":
            join_next = bool(parsed.groups)
            continue
        if word:
            negated = "-" if word.startswith("-") and len(word) > 1 else ""
            term = word.lstrip("-") if negated else word
            term = term.strip(EDGE_PUNCTUATION)
        else:
            term = " ".join(phrase.split())
        if not any(character.isalnum() for character in term):  # "-", "_", "…": not a word to look for
            continue
        if negated:
            parsed.excluded.append(term)
        elif join_next:
            parsed.groups[-1].append(term)
        else:
            parsed.groups.append([term])
        join_next = False
        if len(parsed.groups) + len(parsed.excluded) >= MAX_TERMS:
            break
    return parsed


def term_pattern(terms):
    """Matches any of the terms at a word start, with any ending (so "network" finds "networks")."""
    if not terms:
        return None
    alternatives = sorted({re.escape(term) for term in terms}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")\w*", re.IGNORECASE)


def highlight(text, pattern):
    """`text` escaped, with the matches of `pattern` in <mark>."""
    if pattern is None:
        return escape(text)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))


def snippet(texts, pattern, *, width=240):
    """A highlighted extract around the first match in the first text that has one (else the first text's start).

    `texts` is read lazily: a text after the one that matched is never prepared."""
    first = None
    for text in texts:
        if not text or not text.strip():
            continue
        text = " ".join(text.split())
        first = first or text
        match = pattern.search(text) if pattern else None
        if match:
            start = max(0, match.start() - width // 3)
            if start:
                space = text.find(" ", start)
                start = space + 1 if 0 <= space < match.start() else start
            end = min(len(text), start + width)
            if end < len(text):
                space = text.rfind(" ", match.end(), end)
                end = space if space > match.end() else end
            extract = highlight(text[start:end], pattern)
            return mark_safe(("… " if start else "") + extract + (" …" if end < len(text) else ""))
    if first is None:
        return ""
    text = first
    if len(text) <= width:
        return escape(text)
    return mark_safe(escape(text[:width].rsplit(" ", 1)[0]) + " …")
