"""The one arXiv id pattern that adding a paper, importing a venue page and searching share."""

import pytest

from papers.identifiers import ARXIV_REFERENCE_RE, parse_arxiv_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1806.07366", "1806.07366"), ("1806.07366v5", "1806.07366"), ("arxiv.org/abs/2101.00001", "2101.00001"),
     ("hep-th/9901001v2", "hep-th/9901001"), ("https://arxiv.org/abs/math.GT/0309136", "math.GT/0309136"),
     ("1806.07366 and more", None), ("javascript:alert(1)", None), ("", None)],
)
def test_arxiv_ids_are_read_from_ids_and_links(text, expected):
    assert parse_arxiv_id(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("[link](https://arxiv.org/abs/1805.08296v4)", "1805.08296"), ("see arXiv: hep-th/9901001 too", "hep-th/9901001"),
     ("Keywords: 1805.08296, learning", None), ("http://notarxiv:1805.08296", None)],
)
def test_an_arxiv_id_is_found_in_text_only_where_it_is_named_as_one(text, expected):
    match = ARXIV_REFERENCE_RE.search(text)
    assert (match.group("id") if match else None) == expected
