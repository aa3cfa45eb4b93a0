"""An import of a DBLP file: records read as a stream, written in batches of one transaction each, the checkpoint
(records read) saved with every batch, so that a run stopped by an error or a kill resumes after the last batch."""

import time
from dataclasses import dataclass
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone

from importers.dblp.batches import BatchReader
from importers.dblp.documents import BatchDocuments, documents_build, import_settings
from importers.dblp.matching import TitleIndex
from importers.dblp.parsing import DblpFileError, open_dblp
from importers.dblp.statistics import PlannerStatistics
from importers.dblp.writer import batch_write
from importers.models import DblpImport

DEFAULT_BATCH_SIZE = 5000


@dataclass
class DblpImportReport:
    read: int = 0  # records of the file read in this run (after the checkpoint it resumed from)
    resumed_after: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # paper records without a title or a year
    outside: int = 0  # records of other venues or years, and records that are no papers (proceedings, www)
    seconds: float = 0.0

    @property
    def records_per_second(self):
        return (self.read / self.seconds) if self.seconds else 0.0

    def __str__(self):
        resumed = f" (resumed after {self.resumed_after:,})" if self.resumed_after else ""
        return (
            f"{self.read:,} records read{resumed} in {self.seconds:.1f} s ({self.records_per_second:,.0f}/s): "
            f"{self.created:,} papers created, {self.updated:,} updated, {self.unchanged:,} unchanged, "
            f"{self.skipped:,} skipped without a title or year, {self.outside:,} outside the selection"
        )


class DblpImportError(Exception):
    """The import stopped; batches committed before it stay, and the checkpoint says where to resume."""


def dblp_import(*, path: Path, selection, batch_size=DEFAULT_BATCH_SIZE, progress=None, using=DEFAULT_DB_ALIAS):
    """Import the records of `path` that `selection` takes. `progress(report)` is called after every batch."""
    source, described = str(Path(path).resolve())[:500], selection.describe()[:500]  # the columns' lengths
    checkpoint = DblpImport.objects.using(using).filter(
        source=source, selection=described, finished=None
    ).first() or DblpImport(source=source, selection=described)
    report = DblpImportReport(resumed_after=checkpoint.records_done)
    if checkpoint.pk and checkpoint.documents_pending:  # the run it resumes stopped before they were built
        documents_build(checkpoint_pk=checkpoint.pk, paper_ids=checkpoint.documents_pending, using=using)
        checkpoint.documents_pending = []
    documents = BatchDocuments(using)
    title_index, statistics = TitleIndex(using=using), PlannerStatistics(using)
    started = time.perf_counter()

    def commit(batch):
        with transaction.atomic(using=using):
            import_settings(using)
            result = batch_write(batch.items, title_index=title_index, statistics=statistics, using=using)
            documents.after_batch_written(checkpoint=checkpoint, paper_ids=result.paper_ids)
            checkpoint.records_done = batch.position
            checkpoint.papers_created += result.created
            checkpoint.papers_updated += result.updated
            checkpoint.skipped += batch.skipped
            checkpoint.save(using=using)
        documents.after_commit(checkpoint)
        report.created += result.created
        report.updated += result.updated
        report.unchanged += result.unchanged
        report.skipped += batch.skipped
        report.outside += batch.outside
        report.read = batch.position - report.resumed_after
        report.seconds = time.perf_counter() - started
        if progress:
            progress(report)

    with open_dblp(Path(path)) as stream:
        reading = BatchReader(stream, selection=selection, batch_size=batch_size, skip=checkpoint.records_done)
        try:
            with reading as batches:
                for batch in batches:
                    commit(batch)
        except DblpFileError as exc:
            kept = (
                f"the {checkpoint.records_done:,} records read up to the last committed batch are imported; "
                "run the command again to resume after them" if checkpoint.pk else "nothing was imported"
            )
            raise DblpImportError(f"{exc}. {kept.capitalize()}.") from exc
        finally:
            documents.close()
    report.seconds = time.perf_counter() - started  # with the last batch's documents
    checkpoint.finished = timezone.now()
    checkpoint.save(using=using, update_fields=["finished"])
    return report
