"""An import on PostgreSQL outside a transaction (as the command runs) builds each batch's search documents one batch
behind, on a second connection: every paper is searchable when it ends, and a run stopped between a batch and its
documents leaves them to the run that resumes."""

import re
import threading

import pytest
from django.core.management import call_command

from importers.dblp import documents
from importers.models import DblpImport, DblpVenue
from papers.models import Paper
from search.models import PaperSearchDocument
from tests.importers.dblp.files import inproceedings, write_dblp

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def nips_mapping():
    # Transactional tests empty the tables after them: the seeded mapping may be gone.
    DblpVenue.objects.get_or_create(key_prefix="conf/nips/", defaults={"venue_short_name": "NIPS"})


def papers_file(tmp_path, count):
    return write_dblp(tmp_path, *(inproceedings(f"conf/nips/B{i}", f"Behind number {i}", authors=[f"Writer {i}"])
                                  for i in range(count)))


def run(path):
    call_command("import_dblp", str(path), "--batch-size", "10", verbosity=0)


def searchable(client, paper):
    html = re.sub(r"</?mark>", "", client.get("/search/", {"q": paper.title}).content.decode())
    return f'<a href="{paper.get_absolute_url()}">{paper.title}</a>' in html


def test_documents_are_built_beside_the_next_batch_and_complete_at_the_end(tmp_path, client, monkeypatch):
    threads, build = set(), documents.documents_build

    def recording_build(**kwargs):
        threads.add(threading.current_thread().name)
        return build(**kwargs)

    monkeypatch.setattr(documents, "documents_build", recording_build)
    run(papers_file(tmp_path, 25))
    assert threads and all(name.startswith("dblp-documents") for name in threads)  # not the batch's thread
    assert PaperSearchDocument.objects.count() == Paper.objects.count() == 25
    checkpoint = DblpImport.objects.get()
    assert checkpoint.finished and checkpoint.documents_pending == []
    assert searchable(client, Paper.objects.get(dblp_key="conf/nips/B24"))  # the last batch's, built last


def test_a_run_stopped_before_a_batchs_documents_resumes_by_building_them(tmp_path, client, monkeypatch):
    build, calls = documents.documents_build, []

    def failing_second_build(**kwargs):
        calls.append(kwargs["paper_ids"])
        if len(calls) == 2:
            raise RuntimeError("stopped before the second batch's documents")
        return build(**kwargs)

    monkeypatch.setattr(documents, "documents_build", failing_second_build)
    path = papers_file(tmp_path, 30)
    with pytest.raises(RuntimeError, match="second batch"):
        run(path)
    checkpoint = DblpImport.objects.get()
    second_batch = Paper.objects.filter(pk__in=calls[1])
    # Batches 1 and 2 are committed (the third rolled back when the error came); batch 2 has no documents yet.
    assert checkpoint.records_done == 20 and not checkpoint.finished
    assert sorted(checkpoint.documents_pending) == sorted(calls[1]) and len(calls[1]) == 10
    assert not PaperSearchDocument.objects.filter(paper__in=second_batch).exists()
    assert not searchable(client, second_batch.first())

    monkeypatch.setattr(documents, "documents_build", build)
    run(path)  # resumes after record 20, building batch 2's documents first
    checkpoint = DblpImport.objects.get()
    assert checkpoint.finished and checkpoint.documents_pending == [] and checkpoint.records_done == 30
    assert PaperSearchDocument.objects.count() == Paper.objects.count() == 30
    assert searchable(client, second_batch.first())


def test_a_search_cached_before_the_last_batchs_documents_finds_its_papers_after_the_import(
    tmp_path, client, settings, monkeypatch
):
    settings.CACHE_PAGES = True
    build = documents.documents_build

    def search_first(**kwargs):  # a reader searches while the batch's documents are still missing
        # (the documents' transaction replaces the search pages' version: search.services)
        client.get("/search/", {"q": "Behind number 24"})
        return build(**kwargs)

    monkeypatch.setattr(documents, "documents_build", search_first)
    run(papers_file(tmp_path, 25))
    assert searchable(client, Paper.objects.get(dblp_key="conf/nips/B24"))
