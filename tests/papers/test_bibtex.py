"""BibTeX export: valid for bibtexparser 2 and pybtex, titles that keep their capitals in any style, special
characters escaped, addresses as written, Unicode kept."""

import bibtexparser
import pybtex
import pybtex.database
import pytest

from papers.bibtex import latex_escape
from tests.builders import make_paper, make_venue

pytestmark = pytest.mark.django_db


def parse(text):
    """[{field: value, "ID": key, "ENTRYTYPE": type}] as bibtexparser 2 reads `text`, checked against pybtex."""
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, library.failed_blocks[0].error
    entries = [{"ID": e.key, "ENTRYTYPE": e.entry_type, **{f.key: f.value for f in e.fields}} for e in library.entries]
    read_by_pybtex = pybtex.database.parse_string(text, "bibtex").entries
    assert list(read_by_pybtex) == [entry["ID"] for entry in entries]
    for entry in entries:
        other = read_by_pybtex[entry["ID"]]
        assert (other.type, other.fields["title"], other.fields["year"]) == (
            entry["ENTRYTYPE"], entry["title"], entry["year"])
        assert {name: other.fields[name] for name in ("url", "doi") if name in other.fields} == {
            name: entry[name] for name in ("url", "doi") if name in entry}
        names = [" ".join(person.first_names + person.middle_names + person.prelast_names + person.last_names)
                 for person in other.persons.get("author", [])]
        assert " and ".join(names) == entry.get("author", "")
    return entries


def formatted(text, style="unsrt"):
    """The bibliography as a standard BibTeX style prints it (pybtex, plain text)."""
    return pybtex.format_from_string(text, style, output_backend="plaintext")


def test_paper_bibtex_round_trips_through_bibtexparser(client):
    paper = make_paper("Neural Ordinary Differential Equations", authors=["Ricky T. Q. Chen", "David Duvenaud"],
                       venue=make_venue("NIPS"), year=2018, arxiv_id="1806.07366")
    response = client.get(f"/papers/{paper.pk}/{paper.slug}/bibtex")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="chen2018neural.bib"'
    [entry] = parse(response.content.decode())
    assert entry["ENTRYTYPE"] == "inproceedings" and entry["ID"] == "chen2018neural"
    assert entry["title"] == "{Neural Ordinary Differential Equations}"  # protected: see the test of capitals below
    assert entry["author"] == "Ricky T. Q. Chen and David Duvenaud"
    assert entry["booktitle"] == "NIPS" and entry["year"] == "2018"
    assert entry["eprint"] == "1806.07366" and entry["url"] == "https://arxiv.org/abs/1806.07366"


def test_latex_special_characters_are_escaped_and_unicode_is_kept(client):
    title = r"Costs & 100% of $5 #1 a_b {x} ~y ^z \w, by Jürgen Schmidhuber’s 中文"
    paper = make_paper(title, authors=["Jürgen Schmidhuber", "Ann O'Neil & Co"])
    text = client.get(f"/papers/{paper.pk}/{paper.slug}/bibtex").content.decode("utf-8")
    [entry] = parse(text)
    assert entry["ENTRYTYPE"] == "misc"
    assert entry["title"] == (
        r"{Costs \& 100\% of \$5 \#1 a\_b \{x\} \textasciitilde{}y \textasciicircum{}z \textbackslash{}w, "
        "by Jürgen Schmidhuber’s 中文}"
    )
    assert entry["author"] == r"Jürgen Schmidhuber and Ann O'Neil \& Co"
    assert entry["ID"] == "schmidhuber2018costs"


def test_escaping_leaves_no_unescaped_special_character():
    escaped = latex_escape("&%$#_{}~^\\")
    assert escaped == (
        r"\&\%\$\#\_\{\}\textasciitilde{}\textasciicircum{}\textbackslash{}"
    )


def test_venue_year_bibtex_has_every_paper_with_unique_keys(client):
    nips = make_venue("NIPS")
    for _ in range(3):
        make_paper("Attention Is All You Need", authors=["Ashish Vaswani"], venue=nips, year=2017)
    make_paper("Other year", venue=nips, year=2016)
    response = client.get("/venues/nips/2017/bibtex")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'inline; filename="nips-2017.bib"'
    entries = parse(response.content.decode())
    assert [e["ID"] for e in entries] == ["vaswani2017attention", "vaswani2017attentionb", "vaswani2017attentionc"]
    assert client.get("/venues/nips/1999/bibtex").status_code == 404
    assert client.get("/venues/nope/2017/bibtex").status_code == 404


def test_paper_page_has_a_cite_box_with_the_bibtex_and_a_download_link(client):
    paper = make_paper("Deep Residual Learning", authors=["Kaiming He"], year=2016)
    html = client.get(paper.get_absolute_url()).content.decode()
    assert '<h2 id="cite-heading">Cite</h2>' in html
    assert "@misc{he2016deep," in html and "title = {{Deep Residual Learning}}," in html
    assert f'href="/papers/{paper.pk}/{paper.slug}/bibtex" download>Download BibTeX</a>' in html


def test_venue_year_page_links_to_its_bibtex(client):
    make_paper("A paper", venue=make_venue("NIPS"), year=2018)
    assert 'href="/venues/nips/2018/bibtex"' in client.get("/venues/nips/2018/").content.decode()


def test_titles_keep_their_capitals_in_a_standard_style(client, nips2018):
    text = client.get("/venues/nips/2018/bibtex").content.decode()
    printed = " ".join(formatted(text).split())
    for title in [
        "BRUNO: A Deep Recurrent Model for Exchangeable Data",
        "An Intriguing Failing of Convolutional Neural Networks and the CoordConv Solution",
        "Learning Plannable Representations with Causal InfoGAN",
        "Discovery of Latent 3D Keypoints via End-to-end Geometric Reasoning",
    ]:
        assert title in printed
    assert len(parse(text)) == nips2018.papers.count()


def test_an_unprotected_title_would_lose_them():
    # What the test above guards against: unsrt lowercases an unprotected title after its first letter.
    printed = formatted("@misc{k, title = {BRUNO: Latent 3D Keypoints with InfoGAN}, year = {2018}}")
    assert "Bruno: latent 3d keypoints with infogan" in printed


def test_addresses_are_written_as_they_are_and_read_back_the_same(client):
    url = "https://example.org/~ada/a_b%20c?x=1&y=2#top"
    paper = make_paper("Addresses", authors=["李飞飞"], year=2020, url=url, doi="10.1000/a_b%c")
    text = client.get(f"/papers/{paper.pk}/{paper.slug}/bibtex").content.decode()
    assert f"  url = {{{url}}},\n" in text
    [entry] = parse(text)
    assert (entry["url"], entry["doi"]) == (url, "10.1000/a_b%c")
    assert entry["ID"] == "lifeifei2020addresses"  # keys in ASCII for every script, as BibTeX needs
