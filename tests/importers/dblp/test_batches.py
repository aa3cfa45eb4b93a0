"""The import's batches are read one ahead, in a thread of their own: in order, bounded, stopped with the import."""

import threading
import time

import pytest
from django.core.management import CommandError, call_command

from importers.dblp import writer
from importers.dblp.batches import BatchReader
from importers.dblp.selection import selection_build
from papers.models import Paper
from tests.importers.dblp.files import inproceedings, write_dblp

pytestmark = pytest.mark.django_db


class CountingSelection:
    """The real selection, counting the records it is asked about and the threads that ask."""

    def __init__(self):
        self.selection, self.asked, self.threads = selection_build(), 0, set()

    def venue_for(self, record):
        self.asked += 1
        self.threads.add(threading.current_thread().name)
        return self.selection.venue_for(record)


def papers_file(tmp_path, count, *extra):
    return write_dblp(tmp_path, *(inproceedings(f"conf/nips/R{i}", f"Read ahead {i}") for i in range(count)), *extra)


def test_batches_come_in_order_with_their_positions_read_by_another_thread(tmp_path):
    path = papers_file(tmp_path, 25, '<www key="homepages/x"><title>Home</title></www>\n')
    selection = CountingSelection()
    with path.open("rb") as stream, BatchReader(stream, selection=selection, batch_size=10) as batches:
        read = [(len(b.items), b.position, b.outside, b.items[0][0].key if b.items else None) for b in batches]
    assert read == [(10, 10, 0, "conf/nips/R0"), (10, 20, 0, "conf/nips/R10"), (5, 26, 1, "conf/nips/R20")]
    assert selection.threads == {"dblp-reader"}


def test_the_reader_stays_at_most_one_batch_ahead(tmp_path):
    selection = CountingSelection()
    with papers_file(tmp_path, 200).open("rb") as stream:
        with BatchReader(stream, selection=selection, batch_size=10) as batches:
            next(iter(batches))
            time.sleep(0.3)  # time to read the whole file, if it were not held back
            assert selection.asked <= 30  # the batch handed out, the one waiting, the one being filled
        assert not any(t.name == "dblp-reader" for t in threading.enumerate())  # leaving stopped it


def test_a_batch_that_fails_to_write_stops_the_reader_and_keeps_the_batches_before(tmp_path, monkeypatch):
    write, calls = writer.batch_write, []

    def failing_second(items, **kwargs):
        calls.append(len(items))
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return write(items, **kwargs)

    monkeypatch.setattr("importers.dblp.run.batch_write", failing_second)
    with pytest.raises(RuntimeError, match="went away"):
        call_command("import_dblp", str(papers_file(tmp_path, 50)), "--batch-size", "10", verbosity=0)
    assert Paper.objects.count() == 10
    assert not any(t.name == "dblp-reader" for t in threading.enumerate())


def test_a_file_error_comes_after_the_batches_read_before_it(tmp_path):
    path = papers_file(tmp_path, 600, '<inproceedings key="conf/nips/Broken"><title>Unclosed</inproceedings>\n')
    with pytest.raises(CommandError, match=r"line 604: not well-formed XML"):
        call_command("import_dblp", str(path), "--batch-size", "100", verbosity=0)
    assert 0 < Paper.objects.count() < 600
