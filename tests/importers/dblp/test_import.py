"""import_dblp on small DBLP-format files: faithful records, re-imports and merges, bad input, resuming."""

import re

import pytest
from django.core.management import CommandError, call_command

from importers.models import DblpImport
from papers.models import Author, Paper, Venue
from search.models import PaperSearchDocument
from search.services import search_documents_update
from tests.importers.dblp.files import inproceedings, write_dblp

pytestmark = pytest.mark.django_db


def run(path, *args, **options):
    options.setdefault("verbosity", 0)
    call_command("import_dblp", str(path), *args, **options)


def byline(paper):
    return list(paper.authorships.order_by("position").values_list("author__name", flat=True))


def test_entities_markup_trailing_period_and_author_order(tmp_path):
    path = write_dblp(
        tmp_path,
        inproceedings(
            "conf/nips/SchmidhuberX17", "Learning H<sub>2</sub>O Bonds in O(n<sup>2</sup>) with <i>Deep</i> Nets.",
            authors=["J&uuml;rgen Schmidhuber", "Zoe Adams", "Bj&ouml;rn Zeta"],
        ),
    )
    run(path)
    paper = Paper.objects.get(dblp_key="conf/nips/SchmidhuberX17")
    assert paper.title == "Learning H₂O Bonds in O(n²) with Deep Nets"
    assert byline(paper) == ["Jürgen Schmidhuber", "Zoe Adams", "Björn Zeta"]
    assert paper.venue.short_name == "NIPS" and paper.year == 2017 and paper.provenance == "DBLP"
    assert paper.source == "NIPS"


def test_a_gzipped_dump_is_read_with_the_dtd_beside_it(tmp_path):
    path = write_dblp(tmp_path, inproceedings("conf/nips/Gross17", "Stra&szlig;en und Caf&eacute;s"), compress=True)
    assert path.name == "dblp.xml.gz"
    run(path)
    assert Paper.objects.get(dblp_key="conf/nips/Gross17").title == "Straßen und Cafés"


def test_homonym_numbers_keep_people_apart_without_showing_the_number(tmp_path, client):
    catalogued = Author.objects.create(name="Wei Wang")  # already in the catalogue, with no DBLP name
    path = write_dblp(
        tmp_path,
        inproceedings("conf/nips/A17", "First paper", authors=["Wei Wang 0001", "Ada Lovelace"]),
        inproceedings("conf/nips/B17", "Second paper", authors=["Wei Wang 0002"]),
        inproceedings("conf/nips/C17", "Third paper", authors=["Wei Wang 0001"]),
    )
    run(path)
    first, second, third = (Paper.objects.get(dblp_key=f"conf/nips/{k}17") for k in "ABC")
    assert byline(first) == ["Wei Wang", "Ada Lovelace"] and byline(second) == ["Wei Wang"]
    one = first.authorships.get(position=0).author
    two = second.authorships.get(position=0).author
    assert one != two and one.name == two.name == "Wei Wang"
    assert third.authorships.get().author == one
    assert one == catalogued  # the catalogue's Wei Wang had no conflicting number: the first one met is them
    assert {one.dblp_name, two.dblp_name} == {"Wei Wang 0001", "Wei Wang 0002"} and one.slug != two.slug
    html = client.get(second.get_absolute_url()).content.decode()
    assert "Wei Wang" in html and "0002" not in html and "0001" not in html


def test_an_author_already_catalogued_under_the_same_name_is_the_same_author(tmp_path):
    ada = Author.objects.create(name="Ada Lovelace")
    run(write_dblp(tmp_path, inproceedings("conf/nips/L17", "Notes on the engine", authors=["Ada Lovelace"])))
    assert Paper.objects.get(dblp_key="conf/nips/L17").authorships.get().author == ada
    assert Author.objects.filter(name="Ada Lovelace").count() == 1


def test_ee_links_fill_doi_arxiv_id_and_link(tmp_path):
    path = write_dblp(
        tmp_path,
        inproceedings("conf/nips/D17", "With a DOI", ee=["https://doi.org/10.5555/3295222.3295349",
                                                         "http://papers.nips.cc/paper/7181"]),
        inproceedings("conf/nips/E17", "With arXiv", ee=["https://arxiv.org/abs/1706.03762v5"]),
    )
    run(path)
    doi = Paper.objects.get(dblp_key="conf/nips/D17")
    assert doi.doi == "10.5555/3295222.3295349" and doi.url == "http://papers.nips.cc/paper/7181"
    assert Paper.objects.get(dblp_key="conf/nips/E17").arxiv_id == "1706.03762"


def test_importing_again_updates_instead_of_duplicating(tmp_path):
    run(write_dblp(tmp_path, inproceedings("conf/nips/R17", "A first title.", authors=["Ann Bee", "Cy Dee"])))
    paper = Paper.objects.get(dblp_key="conf/nips/R17")
    run(write_dblp(tmp_path, inproceedings("conf/nips/R17", "A corrected title.", authors=["Cy Dee", "Ann Bee"],
                                           ee=["https://doi.org/10.1000/xyz"]), name="dblp-2.xml"))
    assert Paper.objects.filter(dblp_key="conf/nips/R17").count() == 1 == Paper.objects.count()
    paper.refresh_from_db()
    assert paper.title == "A corrected title" and paper.doi == "10.1000/xyz"
    assert byline(paper) == ["Cy Dee", "Ann Bee"]
    assert Author.objects.count() == 2


def test_a_record_of_a_seed_paper_updates_it_and_its_summaries_stay(tmp_path, nips2018):
    hiro = Paper.objects.get(title="Data-Efficient Hierarchical Reinforcement Learning")
    summaries = list(hiro.summaries.values_list("pk", flat=True))
    path = write_dblp(
        tmp_path,
        inproceedings("conf/nips/NachumGLL18", "Data-Efficient Hierarchical Reinforcement Learning.", year=2018,
                      authors=["Ofir Nachum", "Shixiang Gu", "Honglak Lee", "Sergey Levine"], venue="NeurIPS",
                      ee=["http://papers.nips.cc/paper/7591"]),
        inproceedings("conf/nips/New18", "A paper nobody summarized yet", year=2018),
    )
    run(path)
    hiro.refresh_from_db()
    assert hiro.dblp_key == "conf/nips/NachumGLL18" and hiro.url == "http://papers.nips.cc/paper/7591"
    assert hiro.title == "Data-Efficient Hierarchical Reinforcement Learning" and hiro.provenance == "arXiv"
    assert list(hiro.summaries.values_list("pk", flat=True)) == summaries and hiro.summary_count == 1
    assert Paper.objects.filter(venue=nips2018, year=2018).count() == 23
    nips2018.refresh_from_db()
    assert nips2018.paper_count == 23 and nips2018.summary_count == 22
    assert Author.objects.filter(name="Ofir Nachum").count() == 1


def test_a_paper_met_by_its_arxiv_id_is_updated_not_duplicated(tmp_path):
    venue = Venue.objects.create(short_name="NIPS")
    paper = Paper.objects.create(title="Attention Is All You Need", slug="attention", venue=None, year=2017,
                                 arxiv_id="1706.03762")
    run(write_dblp(tmp_path, inproceedings("conf/nips/VaswaniSPUJGKP17", "Attention is All you Need.",
                                           ee=["https://arxiv.org/abs/1706.03762"])))
    paper.refresh_from_db()
    assert Paper.objects.count() == 1 and paper.dblp_key == "conf/nips/VaswaniSPUJGKP17" and paper.venue == venue


def test_the_preprint_and_the_conference_paper_stay_two_papers(tmp_path):
    path = write_dblp(
        tmp_path,
        '<article key="journals/corr/VaswaniSPUJGKP17"><author>Ashish Vaswani</author><title>Attention Is All You '
        "Need.</title><journal>CoRR</journal><year>2017</year><ee>http://arxiv.org/abs/1706.03762</ee></article>\n",
        inproceedings("conf/nips/VaswaniSPUJGKP17", "Attention is All you Need.", authors=["Ashish Vaswani"],
                      ee=["http://arxiv.org/abs/1706.03762"]),
    )
    run(path, "--key-prefix", "journals/corr/", "--venue", "CoRR")
    run(path, "--venue", "NIPS")
    corr, nips = Paper.objects.get(venue__short_name="CoRR"), Paper.objects.get(venue__short_name="NIPS")
    assert corr.arxiv_id == "1706.03762" and nips.arxiv_id == "" and corr.pk != nips.pk


def test_venue_key_prefix_and_years_select_the_records(tmp_path):
    path = write_dblp(
        tmp_path,
        inproceedings("conf/nips/Old88", "Old one", year=1988),
        inproceedings("conf/nips/Mid17", "Mid one", year=2017),
        inproceedings("conf/nips/New19", "NeurIPS one", year=2019, venue="NeurIPS"),
        inproceedings("conf/icml/Other17", "ICML one", year=2017, venue="ICML"),
        '<proceedings key="conf/nips/2017"><title>NIPS 2017 Proceedings</title><year>2017</year></proceedings>\n',
    )
    out = __import__("io").StringIO()
    call_command("import_dblp", str(path), "--venue", "NIPS", "--years", "1987-2018", stdout=out)
    assert sorted(Paper.objects.values_list("title", flat=True)) == ["Mid one", "Old one"]
    assert "2 papers created" in out.getvalue() and "3 outside the selection" in out.getvalue()
    run(path, "--key-prefix", "conf/nips/", "--years", "2019")
    assert Paper.objects.get(dblp_key="conf/nips/New19").venue.short_name == "NIPS"
    run(path, "--venue", "ICML")
    assert Paper.objects.get(dblp_key="conf/icml/Other17").venue.short_name == "ICML"


def test_records_without_title_or_year_are_skipped_and_counted(tmp_path):
    path = write_dblp(
        tmp_path,
        inproceedings("conf/nips/NoTitle17", None),
        inproceedings("conf/nips/NoYear17", "No year", year=None),
        inproceedings("conf/nips/Fine17", "Fine"),
    )
    out = __import__("io").StringIO()
    call_command("import_dblp", str(path), stdout=out)
    assert list(Paper.objects.values_list("title", flat=True)) == ["Fine"]
    assert "2 skipped without a title or year" in out.getvalue()
    assert DblpImport.objects.get().skipped == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not XML at all", "line 1: not well-formed XML"),
        (b'<?xml version="1.0"?>\n<bibliography><article key="a/b/c"><title>T</title></article></bibliography>',
         "not a DBLP file: its root element is <bibliography>, not <dblp>"),
        (b"", "not well-formed XML"),
    ],
)
def test_a_file_that_is_not_dblp_xml_is_refused_with_a_clear_message(tmp_path, content, message):
    path = tmp_path / "x.xml"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(path)
    assert not Paper.objects.exists()


def test_entities_without_the_dtd_say_where_the_dtd_belongs(tmp_path):
    path = write_dblp(tmp_path, inproceedings("conf/nips/J17", "J&uuml;rgen"), dtd=False)
    with pytest.raises(CommandError, match="line 4: .*Entity 'uuml' not defined.*put it beside the file"):
        run(path)


def test_unknown_venue_key_prefix_years_or_path_are_refused(tmp_path):
    path = write_dblp(tmp_path, inproceedings("conf/nips/A17", "A"))
    with pytest.raises(CommandError, match="unknown venue 'NOSUCH': no DBLP key prefix maps to it"):
        run(path, "--venue", "NOSUCH")
    with pytest.raises(CommandError, match="unknown venue: no DBLP venue maps conf/nosuch/"):
        run(path, "--key-prefix", "conf/nosuch")
    with pytest.raises(CommandError, match="--years 'soon'"):
        run(path, "--years", "soon")
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path / "missing.xml")
    assert not Paper.objects.exists() and not Venue.objects.exists()


def test_a_malformed_file_names_the_line_keeps_committed_batches_and_resumes(tmp_path):
    # Enough records before the broken one that the parser (which reads ahead ~32 KB) commits batches first.
    good = [inproceedings(f"conf/nips/P{i}", f"Paper number {i}") for i in range(600)]
    broken = '<inproceedings key="conf/nips/Broken"><title>Unclosed</inproceedings>\n'
    path = write_dblp(tmp_path, *good, broken, inproceedings("conf/nips/After", "After"))
    with pytest.raises(CommandError, match=r"line 604: not well-formed XML.* records read up to the last committed"):
        run(path, "--batch-size", "100")
    committed = DblpImport.objects.get().records_done
    assert 0 < committed < 600 and committed % 100 == 0
    assert Paper.objects.count() == committed  # the batch being read when the parser stopped was not committed
    write_dblp(tmp_path, *good, inproceedings("conf/nips/Broken", "Closed"), inproceedings("conf/nips/After", "After"))
    out = __import__("io").StringIO()
    call_command("import_dblp", str(path), "--batch-size", "100", stdout=out)
    assert f"resumed after {committed}" in out.getvalue()
    assert f"{602 - committed} papers created" in out.getvalue()
    assert Paper.objects.count() == 602
    checkpoint = DblpImport.objects.get()
    assert checkpoint.finished and checkpoint.records_done == 602 and checkpoint.papers_created == 602
    run(path)  # a finished import starts again from the top: it updates
    assert Paper.objects.count() == 602 and DblpImport.objects.count() == 2


def test_a_broken_file_that_fails_before_the_first_batch_imports_nothing(tmp_path):
    path = write_dblp(tmp_path, inproceedings("conf/nips/A", "A"), "<inproceedings key='conf/nips/B'><title>B")
    with pytest.raises(CommandError, match=r"line 5: not well-formed XML.*Nothing was imported"):
        run(path)
    assert not Paper.objects.exists()


def test_imported_papers_are_searchable_by_title_and_author(tmp_path, client):
    run(write_dblp(tmp_path, inproceedings("conf/nips/Q17", "Quixotic Gradient Flows", authors=["Zebulon Quark"])))
    paper = Paper.objects.get(dblp_key="conf/nips/Q17")
    document = PaperSearchDocument.objects.get(paper=paper)
    assert document.title == "Quixotic Gradient Flows" and "Zebulon Quark" in document.people
    for query in ["quixotic", "Zebulon Quark"]:
        html = re.sub(r"</?mark>", "", client.get("/search/", {"q": query}).content.decode())
        assert f'<a href="{paper.get_absolute_url()}">Quixotic Gradient Flows</a>' in html


def test_counts_and_page_cache_version_are_current_after_an_import(tmp_path, client):
    from pagecache.models import CatalogueVersion

    before = CatalogueVersion.objects.values_list("token", flat=True).first()
    run(write_dblp(tmp_path, *(inproceedings(f"conf/nips/C{i}", f"Counted {i}", year=2010 + i % 3)
                               for i in range(7))), "--batch-size", "3")
    venue = Venue.objects.get(short_name="NIPS")
    assert venue.paper_count == 7 and venue.summary_count == 0
    assert CatalogueVersion.objects.values_list("token", flat=True).first() != before
    assert venue.venue_year_histogram() == [(2010, 3), (2011, 2), (2012, 2)]
    html = client.get("/venues/nips/").content.decode()
    for year in (2010, 2011, 2012):
        assert f'href="/venues/nips/{year}/"' in html


def test_counts_stay_exact_when_a_reimport_moves_papers_to_another_venue(tmp_path):
    # New papers are added to their venue's count without counting it again; a paper that changes venue makes both
    # venues count again.
    path = write_dblp(tmp_path, *(inproceedings(f"conf/nips/M{i}", f"Moved {i}") for i in range(3)))
    run(path, "--batch-size", "2")
    assert Venue.objects.get(short_name="NIPS").paper_count == 3
    run(path, "--key-prefix", "conf/nips/", "--venue", "ICML", "--batch-size", "2")
    counts = dict(Venue.objects.values_list("short_name", "paper_count"))
    assert counts["NIPS"] == 0 and counts["ICML"] == 3
    assert set(Paper.objects.values_list("venue__short_name", flat=True)) == {"ICML"}


@pytest.mark.postgres
def test_an_import_into_an_empty_catalogue_gives_the_planner_statistics_of_what_it_wrote(tmp_path):
    # Without them every batch plans for empty tables (a scan of all authors for each paper of the batch).
    from django.db import connection

    run(write_dblp(tmp_path, *(inproceedings(f"conf/nips/S{i}", f"Sampled {i}", authors=[f"Author {i}"])
                               for i in range(30))), "--batch-size", "10")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname IN ('papers_paper', 'papers_author', "
            "'papers_authorship')"
        )
        tuples = dict(cursor.fetchall())
    # Analyzed in the first batch, and again when the tables doubled (after 20 papers): not after every batch.
    assert tuples == {"papers_paper": 20, "papers_author": 20, "papers_authorship": 20}


@pytest.mark.postgres
def test_documents_built_in_bulk_equal_the_ones_search_builds_one_by_one(tmp_path):
    from papers.models import Keyword
    from search.services import search_documents_update_in_bulk

    run(write_dblp(tmp_path, inproceedings("conf/nips/K17", "Kernels, Flows &amp; Quarks.",
                                           authors=["Zebulon Quark", "Ada Lovelace", "Björn Zeta"])))
    paper = Paper.objects.get(dblp_key="conf/nips/K17")
    paper.keywords.add(Keyword.objects.create(name="physics"), Keyword.objects.create(name="kernels"))
    search_documents_update_in_bulk(paper_ids=[paper.pk])
    built_in_bulk = PaperSearchDocument.objects.filter(pk=paper.pk).values().get()
    search_documents_update(paper_ids=[paper.pk])
    assert PaperSearchDocument.objects.filter(pk=paper.pk).values().get() == built_in_bulk
    assert built_in_bulk["people"] == "Zebulon Quark\nAda Lovelace\nBjörn Zeta\nkernels\nphysics"


@pytest.mark.postgres
def test_full_text_search_finds_imported_papers_by_author_on_postgresql(tmp_path, client):
    run(write_dblp(tmp_path, inproceedings("conf/nips/F17", "Flows of Gradients", authors=["Zebulon Quark"])))
    document = PaperSearchDocument.objects.get(paper__dblp_key="conf/nips/F17")
    assert document.vector is not None and document.title_vector is not None
    # The database built it in bulk: the same document as the one search builds for a single paper.
    built_in_bulk = PaperSearchDocument.objects.filter(pk=document.pk).values().get()
    search_documents_update(paper_ids=[document.pk])
    assert PaperSearchDocument.objects.filter(pk=document.pk).values().get() == built_in_bulk
    assert built_in_bulk["people"] == "Zebulon Quark"
    html = re.sub(r"</?mark>", "", client.get("/search/", {"q": "quark"}).content.decode())
    assert "Flows of Gradients</a>" in html


def test_imported_papers_match_the_api_description(tmp_path, client):
    from tests.api.test_api import get

    run(write_dblp(tmp_path, inproceedings("conf/nips/Api17", "Served by the API", ee=["https://doi.org/10.1/x"])))
    paper = Paper.objects.get(dblp_key="conf/nips/Api17")
    data = get(client, f"/api/papers/{paper.pk}/", "/papers/{id}/")
    assert data["provenance"] == "DBLP" and data["title"] == "Served by the API"
