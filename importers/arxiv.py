"""A small client for the arXiv Atom API: one paper's metadata by its arXiv id.

https://info.arxiv.org/help/api/user-manual.html — `http://export.arxiv.org/api/query?id_list=<id>`.
"""

import logging
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date

from papers.identifiers import ARXIV_ID_RE

logger = logging.getLogger(__name__)

API_URL = "http://export.arxiv.org/api/query"
TIMEOUT_SECONDS = 10
MAX_RESPONSE_BYTES = 2 * 1024 * 1024
USER_AGENT = "ShortScience/0.1 (+https://shortscience.org)"
NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}


class ArxivError(Exception):
    """arXiv could not be reached, or did not answer with a paper."""


class ArxivNotFound(ArxivError):
    pass


@dataclass
class ArxivEntry:
    arxiv_id: str
    title: str
    authors: list[str]
    abstract: str
    published: date | None
    categories: list[str] = field(default_factory=list)
    doi: str = ""
    journal_ref: str = ""

    @property
    def url(self):
        return f"https://arxiv.org/abs/{self.arxiv_id}"


def fetch_atom(arxiv_id: str, *, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The raw Atom answer for one id. Raises ArxivError when arXiv cannot be reached in time."""
    url = f"{API_URL}?{urllib.parse.urlencode({'id_list': arxiv_id, 'max_results': 1})}"
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read(MAX_RESPONSE_BYTES)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        logger.warning("arXiv did not answer for %s: %s", arxiv_id, exc)  # the reason is for the logs, not readers
        raise ArxivError("arXiv did not answer. Try again in a minute, or add the paper by hand.") from exc


def _text(element, path):
    found = element.find(path, NS)
    return " ".join((found.text or "").split()) if found is not None else ""


def parse_atom(xml: bytes) -> ArxivEntry:
    """The first paper in an arXiv Atom feed. Raises ArxivNotFound when the feed holds none (or an error entry)."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise ArxivError("arXiv answered with something that is not an Atom feed.") from exc
    entry = root.find("atom:entry", NS)
    if entry is None:
        raise ArxivNotFound("arXiv has no paper with this id.")
    entry_id = _text(entry, "atom:id")
    title = _text(entry, "atom:title")
    if "/api/errors" in entry_id or title == "Error" or not title:
        raise ArxivNotFound(f"arXiv has no paper with this id ({_text(entry, 'atom:summary') or 'unknown id'}).")
    match = ARXIV_ID_RE.search(entry_id.split("/abs/")[-1])
    if match is None:
        raise ArxivError(f"arXiv answered with an entry without an id ({entry_id!r}).")
    published = _text(entry, "atom:published")
    return ArxivEntry(
        arxiv_id=match.group("id"),
        title=title,
        authors=[_text(author, "atom:name") for author in entry.findall("atom:author", NS)],
        abstract=_text(entry, "atom:summary"),
        published=date.fromisoformat(published[:10]) if published else None,
        categories=[c.get("term") for c in entry.findall("atom:category", NS) if c.get("term")],
        doi=_text(entry, "arxiv:doi"),
        journal_ref=_text(entry, "arxiv:journal_ref"),
    )


def fetch_entry(arxiv_id: str) -> ArxivEntry:
    return parse_atom(fetch_atom(arxiv_id))
