"""One DBLP record as the catalogue stores it: a readable title, display names apart from DBLP's homonym numbers,
and the identifiers its `ee` links carry."""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from papers.identifiers import ARXIV_REFERENCE_RE
from papers.models import doi_validator
from papers.services import normalize_doi

# The records that are papers; proceedings (a volume), www (a person's page) and data are read and counted only.
PAPER_TAGS = frozenset({"article", "inproceedings", "incollection", "book", "phdthesis", "mastersthesis"})
RECORD_TAGS = (*sorted(PAPER_TAGS), "proceedings", "www", "data")

HOMONYM_NUMBER = re.compile(r"\s+\d{4}$")  # "Wei Wang 0001": DBLP's number for one of several Wei Wangs
DOI_LINK = re.compile(r"^https?://(?:dx\.)?doi\.org/(10\.\S+)$", re.IGNORECASE)

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


def author_names(element):
    """(DBLP name, display name) of each author, in order, each person once."""
    names = {}
    for author in element.iterfind("author"):
        dblp_name = markup_text(author)[:NAME_MAX]
        if dblp_name:
            names.setdefault(dblp_name, HOMONYM_NUMBER.sub("", dblp_name))
    return list(names.items())


def identifiers(element):
    """(DOI, arXiv id, other link) from the record's <ee> links: the first of each kind."""
    doi = arxiv_id = url = ""
    for ee in element.iterfind("ee"):
        link = (ee.text or "").strip()
        if (match := DOI_LINK.match(link)) and not doi:
            candidate = normalize_doi(match.group(1))
            try:
                doi_validator(candidate)
                doi = candidate
            except ValidationError:  # a malformed DOI is left out, not fatal
                pass
            if candidate.startswith("10.48550/arxiv."):  # arXiv's own DOI names the arXiv id too
                arxiv_id = arxiv_id or candidate.removeprefix("10.48550/arxiv.")
        elif (match := ARXIV_REFERENCE_RE.search(link)) and not arxiv_id:
            arxiv_id = match.group("id")
        elif link.startswith(("https://", "http://")) and not url and len(link) <= URL_MAX:
            url = link
    return doi, arxiv_id, url


def record_from_element(element):
    """A DblpRecord, or None when the record has no title or no year (the caller counts it as skipped)."""
    title_element = element.find("title")
    title = clean_title(markup_text(title_element)) if title_element is not None else ""
    year_text = (element.findtext("year") or "").strip()
    key = (element.get("key") or "").strip()
    if not title or not year_text.isdigit() or not 1000 <= int(year_text) <= 2999 or not key or len(key) > KEY_MAX:
        return None
    doi, arxiv_id, url = identifiers(element)
    source = " ".join((element.findtext("booktitle") or element.findtext("journal") or "").split())[:SOURCE_MAX]
    return DblpRecord(
        key=key, title=title, year=int(year_text), line=element.sourceline or 0, authors=author_names(element),
        source=source, doi=doi, arxiv_id=arxiv_id, url=url,
    )
