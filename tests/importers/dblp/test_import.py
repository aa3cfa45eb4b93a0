"""import_dblp on small DBLP-format files: faithful records, re-imports and merges, bad input, resuming."""

import pytest
from django.core.management import CommandError, call_command

from importers.models import DblpImport
from papers.models import Author, Paper, Venue
from search.models import PaperSearchDocument
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
