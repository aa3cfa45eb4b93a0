"""The search documents PostgreSQL builds in one statement (search_documents_update_in_bulk: imports and
rebuild_search_index) equal the ones search builds paper by paper, summaries included."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from search.models import PaperSearchDocument
from search.services import search_documents_update, search_documents_update_in_bulk
from summaries.models import Summary
from tests.builders import make_paper, make_summary

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def document(paper):
    return PaperSearchDocument.objects.filter(paper=paper).values().get()


def test_documents_with_summaries_built_in_bulk_equal_the_ones_built_one_by_one():
    paper = make_paper("Kernels and Quarks", authors=["Zebulon Quark", "Ada Lovelace"], keywords=["physics"])
    make_summary(paper, "The **later** one: flows.")
    first = make_summary(paper, "The *earlier* one: $x^2$ kernels.", author=None)
    Summary.objects.filter(pk=first.pk).update(created=timezone.now() - dt.timedelta(days=3))
    undated = make_summary(paper, "Imported without a date.")
    Summary.objects.filter(pk=undated.pk).update(created=None)
    make_summary(paper, "Private musings.", is_private=True)
    make_summary(paper, "Hidden by a moderator.", is_hidden=True)
    bare = make_paper("Nothing written yet")

    search_documents_update_in_bulk(paper_ids=[paper.pk, bare.pk])
    in_bulk = document(paper), document(bare)
    search_documents_update(paper_ids=[paper.pk, bare.pk])
    assert (document(paper), document(bare)) == in_bulk
    assert in_bulk[0]["summaries"] == ("Imported without a date.\n\nThe *earlier* one: $x^2$ kernels.\n\n"
                                       "The **later** one: flows.")
    assert in_bulk[1]["summaries"] == ""


def test_rebuilding_the_index_builds_every_document_in_bulk():
    paper = make_paper("Flows of Gradients")
    make_summary(paper, "About quarks.")
    PaperSearchDocument.objects.all().delete()
    call_command("rebuild_search_index", batch_size=1, verbosity=0)
    rebuilt = document(paper)
    search_documents_update(paper_ids=[paper.pk])
    assert document(paper) == rebuilt and "quark" in str(rebuilt["vector"])


def test_rebuilding_the_index_leaves_cached_pages_other_than_search_alone(client):
    paper = make_paper("Flows of Gradients")
    make_summary(paper, "About quarks.")
    call_command("rebuild_search_index", verbosity=0)
    url, search = paper.get_absolute_url(), "/search/?q=quarks"
    assert client.get(url)["X-Page-Cache"] == "miss" and client.get(search)["X-Page-Cache"] == "miss"
    call_command("rebuild_search_index", verbosity=0)
    assert client.get(url)["X-Page-Cache"] == "hit"  # as search_documents_update: only the search pages change
    assert client.get(search)["X-Page-Cache"] == "miss"
