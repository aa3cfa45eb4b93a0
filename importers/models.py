"""What the DBLP import keeps: which DBLP key prefixes are which catalogue venue, and where each import stopped."""

from django.core.exceptions import ValidationError
from django.db import models


class DblpVenue(models.Model):
    """A DBLP key prefix and the catalogue venue its records belong to (conf/nips/ is NIPS, also as NeurIPS)."""

    key_prefix = models.CharField(
        max_length=100, unique=True,
        help_text="How the DBLP keys of this venue's records start, with a slash at the end: conf/nips/.",
    )
    venue_short_name = models.CharField(
        max_length=40, help_text="The catalogue venue these records go to (created on import when missing), e.g. NIPS."
    )
    note = models.CharField(max_length=200, blank=True, help_text="For curators, e.g. \"DBLP says NeurIPS from 2018\".")

    class Meta:
        ordering = ["venue_short_name", "key_prefix"]
        verbose_name = "DBLP venue"

    def __str__(self):
        return f"{self.key_prefix} → {self.venue_short_name}"

    def clean(self):
        prefix = self.key_prefix.strip()
        if not prefix.endswith("/") or prefix.startswith("/") or " " in prefix or prefix.count("/") < 2:
            raise ValidationError({"key_prefix": "Write it as DBLP keys start, with a slash at the end: conf/nips/."})
        self.key_prefix = prefix


class DblpImport(models.Model):
    """One run of import_dblp over one file and selection: its checkpoint, written with every committed batch."""

    source = models.CharField(max_length=500, help_text="The file imported, as an absolute path.")
    selection = models.CharField(max_length=500, help_text="The key prefixes and years imported.")
    records_done = models.PositiveBigIntegerField(
        default=0, help_text="Records of the file read up to the last committed batch: a new run resumes after them."
    )
    papers_created = models.PositiveIntegerField(default=0)
    papers_updated = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0, help_text="Records without a title or a year.")
    documents_pending = models.JSONField(
        default=list, blank=True, help_text="Papers of the last committed batch whose search documents are not built "
        "yet (they are built beside the next batch): a run that resumes builds them first.",
    )
    started = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    finished = models.DateTimeField(null=True, blank=True, help_text="Empty while it can be resumed.")

    class Meta:
        ordering = ["-started"]
        verbose_name = "DBLP import"

    def __str__(self):
        state = "finished" if self.finished else "resumable"
        return f"{self.source} ({self.selection}): {self.records_done} records, {state}"
