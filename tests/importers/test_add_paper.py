"""Adding papers: BibTeX, arXiv (a recorded Atom answer, no network), or by hand; duplicates; author matching."""

import datetime
import urllib.error
from pathlib import Path
from unittest import mock

import pytest
from django.utils.html import escape

from importers import arxiv
from papers.models import Author, Paper, Venue
from tests.builders import csrf_client, csrf_post, make_paper

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
ATTENTION_ATOM = (DATA / "arxiv_1706.03762.atom.xml").read_bytes()
ERROR_ATOM = (DATA / "arxiv_error.atom.xml").read_bytes()

NODE_BIBTEX = """@inproceedings{chen2018neural,
  title     = {Neural {O}rdinary {D}ifferential {E}quations},
  author    = {Chen, Ricky T. Q. and Rubanova, Yulia and Bettencourt, Jesse and Duvenaud, David},
  booktitle = {Advances in Neural Information Processing Systems},
  year      = {2018},
  doi       = {10.5555/3327757.3327764},
  keywords  = {ode, deep learning}
}"""


@pytest.fixture
def client(make_user):
    return csrf_client(make_user("adder"))


def add(client, method, **fields):
    return csrf_post(client, "/papers/add/", {"method": method, **{f"{method}-{k}": v for k, v in fields.items()}})


def test_anonymous_user_is_sent_to_log_in_first():
    response = csrf_client().get("/papers/add/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/papers/add/"


def test_add_page_offers_the_three_ways(client):
    html = client.get("/papers/add/").content.decode()
    for heading in ("From arXiv", "From a BibTeX entry", "By hand"):
        assert heading in html
    assert "Add a paper</a>" in html  # the header link


def test_bibtex_entry_adds_the_paper_and_matches_existing_authors(client):
    duvenaud = Author.objects.create(name="David Duvenaud")
    response = add(client, "bibtex", bibtex=NODE_BIBTEX)
    paper = Paper.objects.get()
    assert response.status_code == 302 and response["Location"] == paper.get_absolute_url()
    assert paper.title == "Neural Ordinary Differential Equations"
    assert (paper.year, paper.provenance, paper.doi) == (2018, Paper.Provenance.BIBTEX, "10.5555/3327757.3327764")
    assert paper.source == "Advances in Neural Information Processing Systems"
    assert [a.name for a in paper.byline] == [
        "Ricky T. Q. Chen", "Yulia Rubanova", "Jesse Bettencourt", "David Duvenaud"]
    assert paper.byline[3].slug == duvenaud.slug and Author.objects.count() == 4
    assert sorted(paper.keywords.values_list("name", flat=True)) == ["deep learning", "ode"]
    page = client.get(paper.get_absolute_url()).content.decode()
    assert "Would you write the first summary?" in page and "Write a summary</a>" in page


@pytest.mark.parametrize(
    ("existing", "why"),
    [
        ({"title": "Neural ordinary differential equations."}, "normalized title"),
        ({"title": "Another title", "doi": "10.5555/3327757.3327764"}, "DOI"),
    ],
    ids=["title", "doi"],
)
def test_bibtex_duplicate_leads_to_the_existing_paper(client, existing, why):
    paper = make_paper(**existing)
    response = add(client, "bibtex", bibtex=NODE_BIBTEX)
    assert response.status_code == 302 and response["Location"] == paper.get_absolute_url(), why
    assert Paper.objects.count() == 1
    assert "This paper is already in the catalogue" in client.get(paper.get_absolute_url()).content.decode()


def test_a_paper_added_by_someone_else_at_the_same_moment_leads_to_that_paper(client):
    # The other request commits the same DOI after this one looked for duplicates and before it saves.
    from papers import services

    find_duplicate = services.paper_find_duplicate
    other = {}

    def added_meanwhile(**kwargs):
        if not other:
            other["paper"] = make_paper(title="Same paper, other title", doi="10.5555/3327757.3327764")
            return None
        return find_duplicate(**kwargs)

    with mock.patch.object(services, "paper_find_duplicate", added_meanwhile):
        response = add(client, "bibtex", bibtex=NODE_BIBTEX)
    assert response.status_code == 302 and response["Location"] == other["paper"].get_absolute_url()
    # (Here the other paper was written on this request's connection, so the request's rollback took it too.)
    assert not Paper.objects.filter(title__contains="Ordinary").exists()


@pytest.mark.parametrize(
    ("bibtex", "message"),
    [
        ("not bibtex at all", "No BibTeX entry found."),
        ("@article{x, title={Only a title}}", "The entry needs author, year."),
        ("@article{x, title={T}, author={A B}, year={next year}}", "is not a year."),
    ],
    ids=["garbage", "missing-fields", "bad-year"],
)
def test_bad_bibtex_is_refused_and_kept(client, bibtex, message):
    response = add(client, "bibtex", bibtex=bibtex)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f">\n{escape(bibtex)}</textarea>" in html  # the entry stays in the form
    assert not Paper.objects.exists()


@pytest.mark.parametrize("typed", ["1706.03762", "arXiv:1706.03762v7", "https://arxiv.org/abs/1706.03762v7",
                                   "http://arxiv.org/pdf/1706.03762.pdf"])
def test_arxiv_id_or_url_adds_the_paper_from_the_api(client, typed):
    with mock.patch("importers.arxiv.fetch_atom", return_value=ATTENTION_ATOM) as fetch:
        response = add(client, "arxiv", arxiv=typed)
    fetch.assert_called_once_with("1706.03762")
    paper = Paper.objects.get()
    assert response["Location"] == paper.get_absolute_url()
    assert (paper.title, paper.arxiv_id, paper.year) == ("Attention Is All You Need", "1706.03762", 2017)
    assert paper.provenance == Paper.Provenance.ARXIV and paper.first_published == datetime.date(2017, 6, 12)
    assert paper.abstract.startswith("The dominant sequence transduction models")
    assert len(paper.byline) == 8 and paper.byline[0].name == "Ashish Vaswani"
    assert sorted(paper.keywords.values_list("name", flat=True)) == ["cs.CL", "cs.LG"]
    assert "https://arxiv.org/abs/1706.03762" in client.get(paper.get_absolute_url()).content.decode()


def test_arxiv_duplicate_goes_to_the_existing_paper_without_asking_arxiv(client):
    paper = make_paper("Attention Is All You Need", arxiv_id="1706.03762")
    with mock.patch("importers.arxiv.fetch_atom", side_effect=AssertionError("no network call expected")):
        response = add(client, "arxiv", arxiv="https://arxiv.org/abs/1706.03762v2")
    assert response["Location"] == paper.get_absolute_url()


def test_arxiv_answer_matching_an_existing_title_is_a_duplicate(client):
    paper = make_paper("Attention is all you need!")
    with mock.patch("importers.arxiv.fetch_atom", return_value=ATTENTION_ATOM):
        response = add(client, "arxiv", arxiv="1706.03762")
    assert response["Location"] == paper.get_absolute_url() and Paper.objects.count() == 1


def test_unknown_arxiv_id_or_unreachable_arxiv_is_a_clear_error(client):
    with mock.patch("importers.arxiv.fetch_atom", return_value=ERROR_ATOM):
        response = add(client, "arxiv", arxiv="9999.99999")
    assert response.status_code == 400 and "arXiv has no paper with this id" in response.content.decode()
    with mock.patch("importers.arxiv.fetch_atom", side_effect=arxiv.ArxivError("arXiv did not answer (timed out).")):
        response = add(client, "arxiv", arxiv="1706.03762")
    assert response.status_code == 502
    assert "arXiv did not answer" in response.content.decode() and 'value="1706.03762"' in response.content.decode()
    unreachable = urllib.error.URLError("[Errno -2] Name or service not known")
    with mock.patch("urllib.request.urlopen", side_effect=unreachable):
        response = add(client, "arxiv", arxiv="1706.03762")
    assert response.status_code == 502
    assert "arXiv did not answer. Try again in a minute" in response.content.decode()
    assert "Errno" not in response.content.decode()  # the reason goes to the logs, not to the reader
    response = add(client, "arxiv", arxiv="not an id")
    assert response.status_code == 400 and "This is not an arXiv id" in response.content.decode()
    assert not Paper.objects.exists()


def test_arxiv_client_asks_the_api_with_a_timeout():
    response = mock.MagicMock()
    response.__enter__.return_value.read.return_value = ATTENTION_ATOM
    with mock.patch("urllib.request.urlopen", return_value=response) as urlopen:
        entry = arxiv.fetch_entry("1706.03762")
    request = urlopen.call_args.args[0]
    assert request.full_url == "http://export.arxiv.org/api/query?id_list=1706.03762&max_results=1"
    assert urlopen.call_args.kwargs["timeout"] == arxiv.TIMEOUT_SECONDS
    assert entry.title == "Attention Is All You Need"
    with mock.patch("urllib.request.urlopen", side_effect=TimeoutError("timed out")):
        with pytest.raises(arxiv.ArxivError, match="arXiv did not answer"):
            arxiv.fetch_entry("1706.03762")


def test_manual_form_adds_a_paper_at_a_venue(client):
    venue = Venue.objects.create(short_name="ICML")
    Author.objects.create(name="Yoshua Bengio")
    response = add(client, "manual", title="A  Hand-Entered Paper", authors="yoshua  bengio\nAda Lovelace\n",
                   year="2019", venue=str(venue.pk), source="ICML 2019", url="https://example.org/paper.pdf",
                   doi="", arxiv_id="", abstract="We did things.")
    paper = Paper.objects.get()
    assert response["Location"] == paper.get_absolute_url()
    assert (paper.title, paper.venue, paper.provenance) == ("A Hand-Entered Paper", venue, Paper.Provenance.MANUAL)
    assert [a.name for a in paper.byline] == ["Yoshua Bengio", "Ada Lovelace"]
    assert Author.objects.count() == 2


def test_a_paper_added_by_hand_without_a_source_says_so_plainly(client):
    add(client, "manual", title="No Source Paper", authors="Ada Lovelace", year="2019")
    paper = Paper.objects.get()
    assert paper.source_line == "2019 via Added by hand"
    assert "2019 via Added by hand" in client.get(paper.get_absolute_url()).content.decode()
    assert "Unknown source" not in client.get("/search/", {"year": 2019}).content.decode()


def test_manual_form_errors_keep_what_was_typed(client):
    response = add(client, "manual", title="Kept title", authors="Ada Lovelace", year="20199")
    assert response.status_code == 400
    html = response.content.decode()
    assert "20199 is not a year a paper can have been published in: enter one from 1600 to " in html
    # The error is tied to the field, inside the field's block, and the page opens at the form that was sent.
    assert '<div role="alert"><ul class="errorlist" id="id_manual-year_error">' in html
    assert 'aria-describedby="id_manual-year_error"' in html
    assert 'action="/papers/add/#add-manual"' in html and 'id="add-manual"' in html
    assert 'value="Kept title"' in html and "Ada Lovelace</textarea>" in html
    assert not Paper.objects.exists()


def test_manual_duplicate_title_goes_to_the_existing_paper(client):
    paper = make_paper("Deep Residual Learning")
    response = add(client, "manual", title="deep residual learning", authors="Kaiming He", year="2016")
    assert response["Location"] == paper.get_absolute_url() and Paper.objects.count() == 1


def test_a_paper_with_the_same_title_but_another_arxiv_id_or_doi_is_another_paper(client):
    first = make_paper("Attention", arxiv_id="1111.00001", doi="10.1000/first")
    with mock.patch("importers.arxiv.fetch_atom", return_value=ATTENTION_ATOM.replace(
        b"Attention Is All You Need", b"Attention"
    )):
        response = add(client, "arxiv", arxiv="1706.03762")
    second = Paper.objects.get(arxiv_id="1706.03762")
    assert second != first and second.title == "Attention"
    assert response.status_code == 302 and response["Location"] == second.get_absolute_url()
    response = add(
        client, "manual", title="attention", authors="Ada Lovelace", year="2020", arxiv_id="2001.00001",
        doi="10.1000/third",
    )
    third = Paper.objects.get(doi="10.1000/third")
    assert response["Location"] == third.get_absolute_url() and Paper.objects.count() == 3
    # Without an identifier to tell them apart, the same title is still the same paper.
    response = add(client, "manual", title="Attention!", authors="Ada Lovelace", year="2020")
    assert response["Location"] == first.get_absolute_url() and Paper.objects.count() == 3


def test_adding_without_csrf_token_is_refused(client):
    response = client.post("/papers/add/", {"method": "bibtex", "bibtex-bibtex": NODE_BIBTEX})
    assert response.status_code == 403 and not Paper.objects.exists()


def test_a_doi_must_look_like_one_and_a_doi_link_is_accepted(client):
    # With another error in the form, the DOI's is shown at the same time.
    response = add(client, "manual", title="A Paper", authors="Ada Lovelace", year="20199", doi="not a doi <script>")
    html = response.content.decode()
    assert response.status_code == 400 and not Paper.objects.exists()
    assert '<ul class="errorlist" id="id_manual-doi_error"><li>Enter a DOI such as 10.5555/3327757.3327764' in html
    assert 'id="id_manual-year_error"' in html
    assert 'value="not a doi &lt;script&gt;"' in html
    response = add(client, "manual", title="A Paper", authors="Ada Lovelace", year="2019",
                   doi="https://doi.org/10.1145/3292500.3330701")
    assert response.status_code == 302 and Paper.objects.get().doi == "10.1145/3292500.3330701"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "T" * 600, "Title: Ensure this value has at most 500 characters"),
        ("author", "A" * 300, "Author “AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA…”: Ensure this value has at most 200"),
        ("doi", "10/x", "DOI: Enter a DOI such as 10.5555/3327757.3327764"),
    ],
    ids=["title", "author", "doi"],
)
def test_a_bibtex_entry_refused_by_the_paper_checks_says_which_field(client, field, value, message):
    fields = {"title": "A title", "author": "Ada Lovelace", "year": "2019", field: value}
    bibtex = "@article{x, " + ", ".join(f"{name}={{{text}}}" for name, text in fields.items()) + "}"
    response = add(client, "bibtex", bibtex=bibtex)
    assert response.status_code == 400 and not Paper.objects.exists()
    assert message in response.content.decode()
