"""The import_shortscience command on the real NIPS 2018 seed page."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from papers.models import Author, Keyword, Paper, Venue
from summaries.models import Summary
from tests.conftest import SEED_PATH

pytestmark = pytest.mark.django_db


def import_seed(path=SEED_PATH, **options):
    call_command("import_shortscience", str(path), verbosity=0, **options)


def snapshot():
    """Everything the importer writes, to compare before and after."""
    return {
        "venues": list(Venue.objects.values_list("short_name", "slug", "description").order_by("pk")),
        "papers": list(Paper.objects.values().order_by("pk")),
        "authors": list(Author.objects.values_list("name", "slug").order_by("pk")),
        "keywords": list(Keyword.objects.values_list("name", flat=True).order_by("pk")),
        "bylines": [list(p.authorships.order_by("position").values_list("author__name", flat=True))
                    for p in Paper.objects.order_by("pk")],
        "summaries": list(Summary.objects.values().order_by("pk")),
    }


def test_seed_imports_22_nips_2018_papers_each_with_its_summary():
    import_seed()
    venue = Venue.objects.get()
    assert (venue.short_name, venue.slug) == ("NIPS", "nips")
    assert venue.description.startswith("NIPS is a single-track machine learning")
    assert Paper.objects.filter(venue=venue, year=2018).count() == 22
    assert venue.venue_year_histogram() == [(2018, 22)]
    assert Summary.objects.count() == 22
    assert not Paper.objects.filter(summaries__isnull=True).exists()


def test_imported_summaries_have_no_date_since_the_page_gives_none():
    import_seed()
    assert set(Summary.objects.values_list("created", "imported_from")) == {(None, "shortscience.org")}
    assert not Paper.objects.exclude(latest_summary_at=None).exists()


def test_authors_keep_their_order_and_are_shared_across_papers():
    import_seed()
    hiro = Paper.objects.get(title="Data-Efficient Hierarchical Reinforcement Learning")
    assert [a.name for a in hiro.byline] == ["Ofir Nachum", "Shixiang Gu", "Honglak Lee", "Sergey Levine"]
    gce = Paper.objects.get(title__startswith="Generalized Cross Entropy Loss")
    assert [a.name for a in gce.byline] == ["Zhilu Zhang", "Mert R. Sabuncu"]
    # One Author row per person, however many papers they wrote.
    assert Author.objects.filter(name="Sergey Levine").count() == 1
    assert Author.objects.values("name").distinct().count() == Author.objects.count()


def test_arxiv_metadata_is_imported_and_relative_dates_are_not():
    import_seed()
    world_models = Paper.objects.get(title="Recurrent World Models Facilitate Policy Evolution")
    assert world_models.first_published == datetime.date(2018, 9, 4)
    assert world_models.source == "arXiv e-Print archive"
    assert world_models.provenance == Paper.Provenance.ARXIV
    assert world_models.source_line == "arXiv e-Print archive - 2018 via arXiv"
    assert world_models.abstract.startswith("A generative recurrent neural network is quickly trained")
    assert "years ago" not in world_models.abstract
    assert not world_models.abstract.rstrip().endswith(("more", "less"))
    assert sorted(world_models.keywords.values_list("name", flat=True)) == ["cs.LG", "stat.ML"]


def test_bibsonomy_papers_have_no_abstract_and_the_dblp_keyword():
    import_seed()
    paper = Paper.objects.get(title="Thwarting Adversarial Examples: An L_0-Robust Sparse Fourier Transform")
    assert paper.provenance == Paper.Provenance.BIBSONOMY
    assert paper.source == "Neural Information Processing Systems Conference"
    assert paper.abstract == "" and paper.first_published is None
    assert list(paper.keywords.values_list("name", flat=True)) == ["dblp"]
    assert [a.name for a in paper.byline] == ["Mitali Bafna", "Jack Murtagh", "Nikhil Vyas"]


def test_reimport_changes_nothing():
    import_seed()
    before = snapshot()
    import_seed()
    assert snapshot() == before


def test_reimport_of_a_changed_page_updates_instead_of_duplicating(tmp_path, seed_text):
    import_seed()
    changed = seed_text.replace(
        "Hierarchical reinforcement learning (HRL) is a promising approach",
        "Hierarchical RL (HRL) is a very promising approach",
    ).replace("# Keypoints - Proposes", "# Key points - Proposes")
    path = tmp_path / "nips.txt"
    path.write_text(changed, encoding="utf-8")
    import_seed(path)
    assert Paper.objects.count() == 22 and Summary.objects.count() == 22
    hiro = Paper.objects.get(title="Data-Efficient Hierarchical Reinforcement Learning")
    assert hiro.abstract.startswith("Hierarchical RL (HRL) is a very promising approach")
    assert hiro.summaries.get().body.startswith("# Key points")
    assert "Key points" in hiro.summaries.get().body_html


def test_malformed_file_names_the_line_and_leaves_the_database_as_it_was(tmp_path, seed_text):
    import_seed()
    before = snapshot()
    lines = seed_text.splitlines()
    bad_line = lines.index("Neural Information Processing Systems Conference - 2018 via Local Bibsonomy") + 1
    lines[bad_line - 1] = "Neural Information Processing Systems Conference, in 2018"
    path = tmp_path / "broken.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(CommandError, match=rf"line {bad_line}\b"):
        import_seed(path)
    assert snapshot() == before


def test_a_paper_rejected_half_way_rolls_back_the_whole_import(tmp_path, seed_text):
    """The 10th paper's title is too long for the database: nothing of the first 9 may stay."""
    title = "Attacks Meet Interpretability: Attribute-steered Detection of Adversarial Samples"
    path = tmp_path / "too-long.txt"
    path.write_text(seed_text.replace(title, title + " and more" * 80), encoding="utf-8")
    with pytest.raises(CommandError, match=r"line \d+.*invalid"):
        import_seed(path)
    assert Paper.objects.count() == Venue.objects.count() == Author.objects.count() == Summary.objects.count() == 0


def test_venue_defaults_to_the_first_word_of_the_description_and_can_be_named():
    import_seed(venue="NeurIPS")
    assert Venue.objects.get().slug == "neurips"


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        import_seed(tmp_path / "nope.txt")


def test_fixture_matches_a_fresh_import_of_the_seed(nips2018):
    """fixtures/nips2018.json is the importer's output (plus hand corrections of summary bodies only)."""
    fixture_papers = {p.title: p for p in Paper.objects.all()}
    fixture_bylines = {p.title: [a.name for a in p.byline] for p in Paper.objects.all()}
    call_command("import_shortscience", str(SEED_PATH), verbosity=0)
    assert Paper.objects.count() == 22
    for paper in Paper.objects.all():
        assert paper.pk == fixture_papers[paper.title].pk
        assert [a.name for a in paper.byline] == fixture_bylines[paper.title]
        assert paper.latest_summary_at is None
    # The fixture's summaries are undated like a fresh import's (the re-import found and kept them).
    assert set(Summary.objects.values_list("created", "imported_from")) == {(None, "shortscience.org")}
