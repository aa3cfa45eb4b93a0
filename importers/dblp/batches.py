"""The batches of an import, read one batch ahead in a thread of its own while the last one is written.

Parsing and normalising a batch's records is Python and libxml2 work that the writer's thread would otherwise do
while the database sits idle; the writer spends most of a batch waiting on PostgreSQL (which releases the GIL), and
libxml2 parses without it. At most two batches are held (the one being written, the next), so memory stays flat.
"""

import queue
import threading
from dataclasses import dataclass, field

from importers.dblp.parsing import DblpFileError, DblpReader
from importers.dblp.records import PAPER_TAGS


@dataclass
class Batch:
    items: list = field(default_factory=list)  # (record, venue)
    position: int = 0  # records of the file read up to the batch's last one
    skipped: int = 0
    outside: int = 0
    error: DblpFileError | None = None  # what the parser had found when the batch was full (see DblpReader.check)


class _Stop(Exception):
    pass


class BatchReader:
    """Iterate over the Batches of `stream` after `skip` records; the last one may be empty. A file error is raised
    after the batches read before it, as DblpReader would raise it. Use as a context manager: leaving stops the
    thread (the caller closes the file after it)."""

    def __init__(self, stream, *, selection, batch_size, skip=0):
        self.reader = DblpReader(stream)
        self.selection, self.batch_size, self.skip = selection, batch_size, skip
        self.batches = queue.Queue(maxsize=1)
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._read, name="dblp-reader", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopping.set()
        while self.thread.is_alive():
            try:  # make room for a put the thread may be waiting on
                self.batches.get(timeout=0.05)
            except queue.Empty:
                pass
        self.thread.join()

    def _put(self, item):
        while True:
            if self.stopping.is_set():
                raise _Stop
            try:
                return self.batches.put(item, timeout=0.1)
            except queue.Full:
                pass

    def _read(self):
        batch = Batch(position=self.skip)
        try:
            for position, tag, record in self.reader.records(skip=self.skip):
                batch.position = position
                if record is None:
                    batch.skipped += tag in PAPER_TAGS
                    batch.outside += tag not in PAPER_TAGS
                elif (venue := self.selection.venue_for(record)) is None:
                    batch.outside += 1
                else:
                    batch.items.append((record, venue))
                    if len(batch.items) >= self.batch_size:
                        try:  # nothing read near a spot the parser found broken is committed
                            self.reader.check()
                        except DblpFileError as exc:
                            batch.error = exc
                        self._put(batch)
                        if batch.error:
                            return
                        batch = Batch(position=position)
            self._put(batch)  # the rest: the file ended cleanly (DblpReader checked it)
            self._put(None)
        except DblpFileError as exc:
            try:
                self._put(Batch(position=batch.position, skipped=batch.skipped, outside=batch.outside, error=exc))
            except _Stop:
                pass
        except _Stop:
            pass
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            try:
                self._put(exc)
            except _Stop:
                pass

    def __iter__(self):
        while (item := self.batches.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            if item.error:
                raise item.error
            yield item
