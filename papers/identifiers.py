"""Identifiers of papers outside the catalogue: the one arXiv id pattern that importing and searching share.

New-style ids (1806.07366, 2101.00001v2) and old-style ones (hep-th/9901001, math.GT/0309136v1); a version
("v2") may follow but is not part of the id. https://info.arxiv.org/help/arxiv_identifier.html
"""

import re

__all__ = ["ARXIV_ID", "ARXIV_ID_RE", "ARXIV_REFERENCE_RE", "ARXIV_SOURCE", "parse_arxiv_id"]

# The id (group "id") and its optional version, as a pattern to build others with; match with re.IGNORECASE.
ARXIV_ID = r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z.\-]*/\d{7})(?:v\d+)?"
# "arXiv:" or an arxiv.org abstract or PDF address in front of an id.
_ARXIV_PREFIX = r"(?:\barxiv:\s*|(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/)"

ARXIV_ID_RE = re.compile(ARXIV_ID, re.IGNORECASE)
# An id that text names as an arXiv id ("see arXiv:1806.07366", "https://arxiv.org/abs/1806.07366v5"): .search() it.
ARXIV_REFERENCE_RE = re.compile(_ARXIV_PREFIX + ARXIV_ID, re.IGNORECASE)
# What a reader types or pastes: an id, "arXiv:<id>", or an arxiv.org link, nothing else.
_ARXIV_TYPED_RE = re.compile(rf"\s*{_ARXIV_PREFIX}?{ARXIV_ID}(?:\.pdf)?/?\s*", re.IGNORECASE)

ARXIV_SOURCE = "arXiv e-Print archive"  # the source line ShortScience shows for arXiv papers


def parse_arxiv_id(text: str) -> str | None:
    """The arXiv id (without version) in an id or an arxiv.org URL the user pasted, or None."""
    match = _ARXIV_TYPED_RE.fullmatch(text or "")
    return match.group("id") if match else None
