"""One DBLP record as the catalogue stores it: a readable title, display names apart from DBLP's homonym numbers,
and the identifiers its `ee` links carry."""

import re
from dataclasses import dataclass, field

from papers.identifiers import ARXIV_REFERENCE_RE
from papers.models import doi_validator
from papers.services import normalize_doi

# The records that are papers; proceedings (a volume), www (a person's page) and data are read and counted only.
PAPER_TAGS = frozenset({"article", "inproceedings", "incollection", "book", "phdthesis", "mastersthesis"})
RECORD_TAGS = (*sorted(PAPER_TAGS), "proceedings", "www", "data")

HOMONYM_NUMBER = re.compile(r"\s+\d{4}$")  # "Wei Wang 0001": DBLP's number for one of several Wei Wangs
DOI_LINK = re.compile(r"^https?://(?:dx\.)?doi\.org/(10\.\S+)$", re.IGNORECASE)
DOI_RE = re.compile(doi_validator.regex.pattern)

SUPERSCRIPTS = dict(
    zip("0123456789+-=()niabcdefghjklmoprstuvwxyz", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵃᵇᶜᵈᵉᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻ", strict=True)
)
SUBSCRIPTS = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))

TITLE_MAX, SOURCE_MAX, URL_MAX, KEY_MAX, NAME_MAX = 500, 200, 500, 200, 200


@dataclass
class DblpRecord:
    key: str
    title: str
    year: int
    line: int
    authors: list[tuple[str, str]] = field(default_factory=list)  # (DBLP name, display name), in byline order
    source: str = ""
    doi: str = ""
    arxiv_id: str = ""
    url: str = ""

    @property
    def key_prefix(self):
        """conf/nips/ for conf/nips/VaswaniSPUJGKP17."""
        return self.key.rpartition("/")[0] + "/"


def _scripted(text, table, mark):
    """x<sup>2</sup> reads x², H<sub>2</sub>O reads H₂O; what Unicode cannot raise or lower reads x^(n+k)."""
    if text and all(ch in table for ch in text):
        return "".join(table[ch] for ch in text)
    return f"{mark}{text}" if len(text) == 1 else f"{mark}({text})"


def markup_text(element):
    """The text of a DBLP title or name, its <i>, <sub>, <sup>, <tt> markup turned into text that reads right."""
    if not len(element):  # most names and titles: no markup
        return " ".join((element.text or "").split())
    parts = [element.text or ""]
    for child in element:
        inner = "".join(child.itertext())
        if child.tag == "sup":
            inner = _scripted(inner.strip(), SUPERSCRIPTS, "^")
        elif child.tag == "sub":
            inner = _scripted(inner.strip(), SUBSCRIPTS, "_")
        parts += [inner, child.tail or ""]
    return " ".join("".join(parts).split())


def clean_title(text):
    """DBLP ends every title with a period that is not part of it ("Attention is All you Need.")."""
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()
    return text[:TITLE_MAX]


def identifiers(links):
    """(DOI, arXiv id, other link) from the record's <ee> links: the first of each kind."""
    doi = arxiv_id = url = ""
    for link in links:
        if (match := DOI_LINK.match(link)) and not doi:
            candidate = normalize_doi(match.group(1))
            if DOI_RE.match(candidate):  # a malformed DOI is left out, not fatal
                doi = candidate
            if candidate.startswith("10.48550/arxiv."):  # arXiv's own DOI names the arXiv id too
                arxiv_id = arxiv_id or candidate.removeprefix("10.48550/arxiv.")
        elif (match := ARXIV_REFERENCE_RE.search(link)) and not arxiv_id:
            arxiv_id = match.group("id")
        elif link.startswith(("https://", "http://")) and not url and len(link) <= URL_MAX:
            url = link
    return doi, arxiv_id, url


def record_from_element(element):
    """A DblpRecord, or None when the record has no title or no year (the caller counts it as skipped).

    One pass over the record's children: the importer reads millions of them."""
    title = year_text = source = ""
    names, links = {}, []
    for child in element:
        tag = child.tag
        if tag == "author":
            if dblp_name := markup_text(child)[:NAME_MAX]:
                names.setdefault(dblp_name, HOMONYM_NUMBER.sub("", dblp_name))  # each person once, in order
        elif tag == "title":
            title = clean_title(markup_text(child))
        elif tag == "year":
            year_text = (child.text or "").strip()
        elif tag == "ee":
            links.append((child.text or "").strip())
        elif tag in ("booktitle", "journal") and not source:
            source = " ".join((child.text or "").split())[:SOURCE_MAX]
    key = (element.get("key") or "").strip()
    if not title or not year_text.isdigit() or not 1000 <= int(year_text) <= 2999 or not key or len(key) > KEY_MAX:
        return None
    doi, arxiv_id, url = identifiers(links)
    return DblpRecord(
        key=key, title=title, year=int(year_text), line=element.sourceline or 0, authors=list(names.items()),
        source=source, doi=doi, arxiv_id=arxiv_id, url=url,
    )
