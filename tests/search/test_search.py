"""The search page as a visitor uses it, on SQLite and PostgreSQL alike (PostgreSQL-only behaviour is marked)."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from papers.models import Author, Keyword, Paper
from papers.services import paper_set_authors
from search.models import PaperSearchDocument
from summaries.models import Summary
from tests.builders import make_paper, make_summary, make_venue

pytestmark = pytest.mark.django_db


def result_titles(response):
    html = response.content.decode()
    titles = re.findall(r'<h3 class="paper-title"><a href="[^"]+">(.*?)</a>', html)
    return [re.sub(r"</?mark>", "", title) for title in titles]


@pytest.fixture
def catalogue():
    nips, icml = make_venue("NIPS"), make_venue("ICML")
    return {
        "odes": make_paper(
            "Neural Ordinary Differential Equations", authors=["Ricky Chen", "David Duvenaud"], keywords=["cs.LG"],
            venue=nips, year=2018, arxiv_id="1806.07366",
            abstract="We parameterize the derivative of the hidden state using a neural network.",
            summary="Continuous-depth residual networks solved with an adjoint method.",
        ),
        "world": make_paper(
            "Recurrent World Models Facilitate Policy Evolution", authors=["David Ha", "Jürgen Schmidhuber"],
            venue=nips, year=2018, abstract="A generative recurrent neural network learns a model of the world.",
        ),
        "abstract_only": make_paper(
            "Learning to Walk", authors=["Sergey Levine"], venue=icml, year=2016,
            abstract="Differential dynamic programming for legged robots.",
        ),
        "summary_only": make_paper(
            "Playing Atari", authors=["Volodymyr Mnih"], venue=icml, year=2013,
            summary="The policy network sees raw pixels; world model not needed.",
        ),
    }


def test_a_title_match_ranks_above_an_abstract_match(client, catalogue):
    response = client.get("/search/", {"q": "differential"})
    assert response.status_code == 200
    assert result_titles(response) == ["Neural Ordinary Differential Equations", "Learning to Walk"]
    assert "2 results." in response.content.decode()


def test_matches_are_highlighted_in_the_title_and_the_snippet(client, catalogue):
    html = client.get("/search/", {"q": "differential"}).content.decode()
    assert "Neural Ordinary <mark>Differential</mark> Equations" in html
    assert '<p class="snippet"><mark>Differential</mark> dynamic programming for legged robots.</p>' in html


def test_a_snippet_from_a_summary_reads_as_text_not_markdown(client):
    make_paper(
        "Hierarchical Control", abstract="Goals for a lower-level controller.",
        summary="## Method\n\n- The **manager** proposes subgoals, see [the paper](https://example.org/hiro) "
        "and ![a diagram](https://example.org/d.png).\n- Off-policy `relabeling` keeps old data useful: $g_t$.",
    )
    html = client.get("/search/", {"q": "subgoals"}).content.decode()
    extract = re.search(r'<p class="snippet">(.*?)</p>', html).group(1)
    assert extract == (
        "Method The manager proposes <mark>subgoals</mark>, see the paper and a diagram. Off-policy relabeling keeps "
        "old data useful: $g_t$."
    )


def test_authors_keywords_and_summary_text_are_searched(client, catalogue):
    assert result_titles(client.get("/search/", {"q": "Duvenaud"})) == ["Neural Ordinary Differential Equations"]
    assert result_titles(client.get("/search/", {"q": "adjoint"})) == ["Neural Ordinary Differential Equations"]
    assert result_titles(client.get("/search/", {"q": "pixels"})) == ["Playing Atari"]


def test_quoted_phrase_must_appear_as_written(client, catalogue):
    titles = result_titles(client.get("/search/", {"q": '"recurrent world models"'}))
    assert titles == ["Recurrent World Models Facilitate Policy Evolution"]
    reversed_phrase = client.get("/search/", {"q": '"models world recurrent"'})
    # No exact match; PostgreSQL may still offer the title as a "did you mean".
    assert result_titles(reversed_phrase) == [] or "Did you mean" in reversed_phrase.content.decode()


def test_minus_excludes_and_or_widens(client, catalogue):
    assert set(result_titles(client.get("/search/", {"q": "network"}))) == {
        "Neural Ordinary Differential Equations", "Recurrent World Models Facilitate Policy Evolution", "Playing Atari"
    }
    assert set(result_titles(client.get("/search/", {"q": "network -adjoint"}))) == {
        "Recurrent World Models Facilitate Policy Evolution", "Playing Atari"
    }
    titles = set(result_titles(client.get("/search/", {"q": "Duvenaud OR Schmidhuber"})))
    assert titles == {"Neural Ordinary Differential Equations", "Recurrent World Models Facilitate Policy Evolution"}


def test_filters_by_venue_and_years(client, catalogue):
    assert result_titles(client.get("/search/", {"q": "differential", "venue": "icml"})) == ["Learning to Walk"]
    in_2018 = client.get("/search/", {"q": "differential", "year": 2018})
    assert result_titles(in_2018) == ["Neural Ordinary Differential Equations"]
    older = client.get("/search/", {"q": "network", "year_from": 2010, "year_to": 2016})
    assert result_titles(older) == ["Playing Atari"]


def test_filters_without_words_list_the_papers_they_let_through_newest_first(client, catalogue):
    response = client.get("/search/", {"venue": "icml"})
    html = response.content.decode()
    assert response.status_code == 200
    assert result_titles(response) == ["Learning to Walk", "Playing Atari"]
    assert "2 papers in ICML, newest first. Type words above to search among them." in html
    assert "<title>Papers in ICML" in html
    assert '<option value="icml" selected>' in html  # the filter stays set for the words to come
    between = client.get("/search/", {"year_from": 2014, "year_to": 2018})
    assert result_titles(between) == [
        "Neural Ordinary Differential Equations", "Recurrent World Models Facilitate Policy Evolution",
        "Learning to Walk",
    ]
    assert "3 papers in all venues, 2014–2018, newest first." in between.content.decode()
    later = client.get("/search/", {"year_from": 2017}).content.decode()
    assert "2 papers in all venues, 2017 and later" in later
    none = client.get("/search/", {"venue": "nips", "year": 1999})
    assert result_titles(none) == [] and "No papers in NIPS, 1999." in none.content.decode()


def test_browsing_by_filters_is_paginated_with_the_filters_in_the_links(client):
    nips = make_venue("NIPS")
    for number in range(25):
        make_paper(f"Bandit paper {number:02}", venue=nips, year=2000 + number)
    first = client.get("/search/", {"venue": "nips"})
    html = first.content.decode()
    assert result_titles(first)[:2] == ["Bandit paper 24", "Bandit paper 23"]
    assert "25 papers in NIPS, newest first, page 1 of 2." in html
    assert 'href="?venue=nips&amp;page=2"' in html
    assert result_titles(client.get("/search/", {"venue": "nips", "page": 2}))[-1] == "Bandit paper 00"


def test_invalid_filters_give_a_400_page_that_keeps_the_query(client, catalogue):
    response = client.get("/search/", {"q": "differential", "venue": "no-such-venue"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="differential"' in html and "Select a valid choice" in html
    response = client.get("/search/", {"q": "x", "year_from": 2019, "year_to": 2010})
    assert response.status_code == 400 and "The last year comes before the first." in response.content.decode()


def test_results_are_paginated_with_the_query_and_filters_in_the_links(client):
    nips = make_venue("NIPS")
    for number in range(25):
        make_paper(f"Bandit paper {number:02}", venue=nips)
    first = client.get("/search/", {"q": "bandit", "venue": "nips"})
    html = first.content.decode()
    assert len(result_titles(first)) == 20 and "25 results, page 1 of 2." in html
    assert 'href="?q=bandit&amp;venue=nips&amp;page=2"' in html
    second = client.get("/search/", {"q": "bandit", "venue": "nips", "page": 2})
    assert len(result_titles(second)) == 5
    assert not set(result_titles(first)) & set(result_titles(second))


def test_an_arxiv_id_or_url_goes_straight_to_the_paper(client, catalogue):
    paper = catalogue["odes"]
    typed_forms = [
        "1806.07366", "arXiv:1806.07366v2", "https://arxiv.org/abs/1806.07366", "arxiv.org/pdf/1806.07366v1.pdf"
    ]
    for typed in typed_forms:
        response = client.get("/search/", {"q": typed})
        assert response.status_code == 302 and response["Location"] == paper.get_absolute_url(), typed


def test_an_unknown_arxiv_id_says_it_is_not_in_the_catalogue(client, catalogue):
    response = client.get("/search/", {"q": "2401.00001"})
    assert response.status_code == 200
    assert "arXiv 2401.00001 is not in the catalogue yet." in response.content.decode()


def test_the_header_of_every_page_has_the_search_box(client, catalogue):
    for url in ["/", "/venues/", catalogue["odes"].get_absolute_url(), "/search/?q=odes"]:
        html = client.get(url).content.decode()
        assert '<form class="header-search" role="search" action="/search/" method="get">' in html, url


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_240,
        "!!! ??? ... ((( )))",
        "\x00 NUL \x00 bytes",
        "'; DROP TABLE papers_paper; --",
        "(.*+?[a-z]{2,}\\d$^|",
        '"unbalanced quote',
        "-",
        "OR OR OR",
        "a & b | !c <-> d:*",
        "ünïcödé ∑ λ 中文",
    ],
)
def test_absurd_queries_give_a_page_not_an_error(client, catalogue, query):
    response = client.get("/search/", {"q": query, "venue": "nips"})
    assert response.status_code in {200, 400}
    html = response.content.decode()
    assert "<h1>Search</h1>" in html
    if response.status_code == 400:
        assert "Searches are limited to 500 characters; this one has 10,240." in html
        assert f'value="{query}"' in html  # the query is kept in the box


def test_an_empty_search_shows_the_form(client, catalogue):
    response = client.get("/search/")
    assert response.status_code == 200 and 'id="search-q"' in response.content.decode()
    assert 'class="result-count"' not in response.content.decode()


@pytest.mark.parametrize("query", ["-", "_", "…", "- _ --"])
def test_punctuation_alone_is_no_word_to_search_for(client, catalogue, query):
    response = client.get("/search/", {"q": query})
    html = response.content.decode()
    assert response.status_code == 200 and result_titles(response) == []
    assert "There is no word to search for" in html and "Did you mean" not in html


def test_a_search_that_only_excludes_says_to_add_a_word(client, catalogue):
    html = client.get("/search/", {"q": "-robust"}).content.decode()
    assert "“-robust” only leaves words out (a minus sign excludes the word after it). Add a word to search for" in html


def test_search_costs_a_fixed_number_of_queries(client):
    for number in range(30):
        make_paper(f"Kernel paper {number}", authors=[f"Author {number}", "Shared Author"], keywords=["cs.LG"],
                   summary="kernel methods")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": "kernel"})
    assert response.status_code == 200 and len(result_titles(response)) == 20
    assert len(queries) <= 8, [q["sql"][:120] for q in queries]


# The index follows every write, in the same transaction.


def test_a_new_summary_is_searchable_at_once(client, catalogue):
    make_summary(catalogue["world"], "Evolution strategies train the controller.")
    assert result_titles(client.get("/search/", {"q": "controller"})) == [catalogue["world"].title]


def test_hidden_and_private_summaries_are_not_searched(client, catalogue):
    summary = make_summary(catalogue["world"], "A secret word: zanzibar.", is_private=True)
    assert result_titles(client.get("/search/", {"q": "zanzibar"})) == []
    summary.is_private = False
    summary.save()
    assert result_titles(client.get("/search/", {"q": "zanzibar"})) == [catalogue["world"].title]
    summary.is_hidden = True
    summary.save()
    assert result_titles(client.get("/search/", {"q": "zanzibar"})) == []


def test_editing_and_deleting_keep_the_index_current(client, catalogue):
    paper = catalogue["odes"]
    paper.title = "Continuous Normalizing Flows"
    paper.save()
    assert result_titles(client.get("/search/", {"q": "normalizing"})) == ["Continuous Normalizing Flows"]
    Summary.objects.filter(paper=paper).delete()
    assert result_titles(client.get("/search/", {"q": "adjoint"})) == []
    author = Author.objects.get(name="David Duvenaud")
    author.name = "D. K. Duvenaud-Renamed"
    author.save()
    assert result_titles(client.get("/search/", {"q": "Duvenaud-Renamed"})) == ["Continuous Normalizing Flows"]
    paper.keywords.add(Keyword.objects.create(name="stat.ML"))
    assert "stat.ML" in PaperSearchDocument.objects.get(pk=paper.pk).people
    paper.delete()
    assert not PaperSearchDocument.objects.filter(pk=paper.pk).exists()
    assert result_titles(client.get("/search/", {"q": "normalizing"})) == []


def test_a_changed_byline_is_indexed_when_the_write_commits(client, catalogue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        paper_set_authors(paper=catalogue["world"], names=["Grace Hopper"])
    assert result_titles(client.get("/search/", {"q": "Hopper"})) == [catalogue["world"].title]
    assert result_titles(client.get("/search/", {"q": "Schmidhuber"})) == []


def test_loaddata_and_the_rebuild_command_leave_the_index_correct(client, catalogue, tmp_path):
    dump = tmp_path / "catalogue.json"
    call_command("dumpdata", "papers", "summaries.summary", output=str(dump), verbosity=0)
    Summary.objects.all().delete()
    Paper.objects.all().delete()
    assert PaperSearchDocument.objects.count() == 0
    call_command("loaddata", str(dump), verbosity=0)
    assert PaperSearchDocument.objects.count() == 4
    assert result_titles(client.get("/search/", {"q": "Duvenaud adjoint"})) == [catalogue["odes"].title]

    PaperSearchDocument.objects.all().delete()
    call_command("rebuild_search_index", verbosity=0)
    assert PaperSearchDocument.objects.count() == 4
    assert result_titles(client.get("/search/", {"q": "Schmidhuber"})) == [catalogue["world"].title]


# PostgreSQL: full-text search with stemming, the trigram fallback, and the indexes that keep it fast.


@pytest.mark.postgres
def test_postgres_matches_word_forms_and_ranks_by_weight(client, catalogue):
    assert result_titles(client.get("/search/", {"q": "equation"})) == ["Neural Ordinary Differential Equations"]
    assert result_titles(client.get("/search/", {"q": "policies evolution"})) == [catalogue["world"].title]


@pytest.mark.postgres
def test_postgres_misspelled_title_falls_back_to_similar_titles(client, catalogue):
    response = client.get("/search/", {"q": "Nueral Ordinary Diferential Equatons"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Did you mean one of these titles?" in html
    assert result_titles(response)[0] == "Neural Ordinary Differential Equations"
    assert result_titles(client.get("/search/", {"q": "Schmidhubr"})) == []  # names are not in the title index
    assert result_titles(client.get("/search/", {"q": "Recurent"})) == [catalogue["world"].title]


@pytest.mark.postgres
def test_postgres_search_uses_the_gin_indexes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'search_papersearchdocument'")
        indexes = dict(cursor.fetchall())
        assert "USING gin (vector)" in indexes["search_document_vector"]
        assert "gin_trgm_ops" in indexes["search_document_title_trgm"]
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT paper_id FROM search_papersearchdocument "
            "WHERE vector @@ websearch_to_tsquery('english', 'network')"
        )
        assert "search_document_vector" in " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("EXPLAIN SELECT paper_id FROM search_papersearchdocument WHERE title %> 'nueral'")
        assert "search_document_title_trgm" in " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")


def test_broad_searches_still_rank_title_matches_first(client, catalogue, monkeypatch):
    monkeypatch.setattr("search.engine.FULL_RANK_LIMIT", 0)  # as if "differential" matched 100,000 papers
    response = client.get("/search/", {"q": "differential"})
    assert result_titles(response) == ["Neural Ordinary Differential Equations", "Learning to Walk"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_rebuild_indexes_committed_papers_in_parallel_batches(client):
    nips = make_venue("NIPS")
    papers = [make_paper(f"Parallel paper {n}", venue=nips, abstract=f"Topic{n} study.") for n in range(7)]
    make_summary(papers[3], "Explains the gradient trick.")
    PaperSearchDocument.objects.all().delete()
    out = StringIO()
    call_command("rebuild_search_index", batch_size=2, jobs=2, stdout=out)
    assert "Search index rebuilt: 7 papers, 7 documents." in out.getvalue()
    assert result_titles(client.get("/search/", {"q": "topic5"})) == ["Parallel paper 5"]
    assert result_titles(client.get("/search/", {"q": "gradient trick"})) == ["Parallel paper 3"]
