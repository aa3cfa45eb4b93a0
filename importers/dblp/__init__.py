"""Importing DBLP's XML (a venue-year export or the whole dump, .gz too) as a stream: parsing, records, venues,
matching with the catalogue, batch writes and the resumable checkpoint."""

from importers.dblp.parsing import DblpFileError
from importers.dblp.run import DblpImportError, DblpImportReport, dblp_import
from importers.dblp.selection import Selection, SelectionError, selection_build

__all__ = [
    "DblpFileError", "DblpImportError", "DblpImportReport", "Selection", "SelectionError", "dblp_import",
    "selection_build",
]
