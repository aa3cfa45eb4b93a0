"""Adding a paper from BibTeX as people paste it: names in every BibTeX form, TeX markup, addresses, mistakes."""

import pytest
from django.core.cache import cache

from importers.forms import BibtexPaperForm
from papers.models import Paper
from tests.builders import csrf_client, csrf_post

pytestmark = pytest.mark.django_db


def paper_data(bibtex):
    form = BibtexPaperForm({"bibtex-bibtex": bibtex}, prefix="bibtex")
    assert form.is_valid(), form.errors
    return form.paper_data()


def errors(bibtex):
    form = BibtexPaperForm({"bibtex-bibtex": bibtex}, prefix="bibtex")
    assert not form.is_valid()
    return form.errors["bibtex"]


def test_names_are_split_as_bibtex_splits_them():
    data = paper_data(r"""@article{k, title={T}, year={2018}, author={Smith, Jr., John and de la Fontaine, Jean
        and Ludwig van Beethoven and {Barnes and Noble} and Chen, Ricky T. Q. and G{\"u}l{\c{c}}ehre, {\c{C}}a{\u{g}}lar
        and {\L}ukasz Kaiser and others}}""")
    assert data["authors"] == [
        "John Smith Jr.", "Jean de la Fontaine", "Ludwig van Beethoven", "Barnes and Noble", "Ricky T. Q. Chen",
        "Çağlar Gülçehre", "Łukasz Kaiser",
    ]


def test_tex_markup_is_decoded_in_the_prose_fields():
    data = paper_data(r"""@inproceedings{k,
        Title = {{\textbf{Bold}} {BRUNO}: Sch{\"o}n~und 100\% {N}eural --- with $\ell_1$ \emph{priors}},
        author = {Ada Lovelace}, year = 2019, booktitle = {Proc.\ of {ICML} \& Co},
        abstract = {We {\em show}   that \ldots},
        keywords = {d{\'e}j{\`a} vu; ode}}""")
    assert data["title"] == "Bold BRUNO: Schön und 100% Neural — with $\\ell_1$ priors"
    assert data["source"] == "Proc. of ICML & Co"
    assert data["abstract"] == "We show that …"
    assert data["keywords"] == ["déjà vu", "ode"]
    assert data["year"] == 2019


def test_addresses_are_taken_as_written():
    data = paper_data(r"""@misc{k, title={T}, author={A B}, year={2018}, archivePrefix={arXiv}, eprint={1806.07366},
        url={https://example.org/~ada/a_b%20c}, doi={10.1000/a_b}}""")
    assert (data["url"], data["doi"], data["arxiv_id"]) == ("https://example.org/~ada/a_b%20c", "10.1000/a_b",
                                                            "1806.07366")


@pytest.mark.parametrize(
    ("bibtex", "message"),
    [
        ("@article{x, title={Cut short}, author={A B}", "This is not valid BibTeX (line 1: an entry is not closed"),
        ("@article{x, title={T}, title={U}, author={A B}, year=2018}", "(line 1: title given twice)."),
        ("@article{x, title={T}, year=2018,\n author={Smith, Jr., John, III}}", "Too many commas"),
        ("@article{x, title={T}, author={A B}, year=2018}\n@article{x, title={U}}", "Paste one entry at a time."),
        ("@article{x, title={T}, author={others}, year=2018}", "The entry needs author."),
    ],
    ids=["unclosed", "field-twice", "bad-name", "key-twice", "only-others"],
)
def test_mistakes_say_what_is_wrong(bibtex, message):
    assert any(message in error for error in errors(bibtex)), errors(bibtex)


def test_a_pasted_entry_with_a_jr_and_tex_becomes_a_paper_with_readable_addresses(make_user):
    cache.clear()  # the add page's rate limit
    client = csrf_client(make_user("adder"))
    bibtex = r"""@inproceedings{k, title={{\L}ukasz's {InfoGAN}}, author={Smith, Jr., John and {\L}ukasz Kaiser},
        year={2018}}"""
    response = csrf_post(client, "/papers/add/", {"method": "bibtex", "bibtex-bibtex": bibtex})
    paper = Paper.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/papers/{paper.pk}/lukaszs-infogan/"
    assert [(author.name, author.slug) for author in paper.byline] == [
        ("John Smith Jr.", "john-smith-jr"), ("Łukasz Kaiser", "lukasz-kaiser")]
