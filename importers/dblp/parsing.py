"""Reading a DBLP XML file as a stream of records in constant memory: lxml's iterparse over the file (or its .gz),
each record cleared once read, character entities resolved through the dblp.dtd beside the file."""

import gzip
from pathlib import Path

from lxml import etree

from importers.dblp.records import PAPER_TAGS, RECORD_TAGS, record_from_element


class DblpFileError(Exception):
    """The file cannot be read as DBLP XML; `line` is where the parser stopped (0 when it never started)."""

    def __init__(self, message, line=0):
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line


def open_dblp(path: Path):
    """The file as bytes, uncompressed when it ends with .gz. lxml names it after the file, so the DOCTYPE's
    "dblp.dtd" is looked up beside it."""
    try:
        return gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")
    except OSError as exc:
        raise DblpFileError(f"cannot open {path}: {exc.strerror or exc}") from exc


def _explain(message):
    if "Entity" in message and "not defined" in message:
        message += " (DBLP's entities are declared in dblp.dtd: put it beside the file)"
    return message


class DblpReader:
    """The records of a DBLP file, as (position, element) with the position counting from 1; each element is
    cleared after the caller's turn. Iterating raises DblpFileError for anything that is not DBLP XML.

    libxml2 reads ahead and logs an error before it hands out the records read before it (some of them cut short):
    call check() before committing what was read, so that nothing read near a broken spot is committed.
    """

    def __init__(self, stream):
        self.events = etree.iterparse(
            stream, events=("end",), tag=RECORD_TAGS, load_dtd=True, resolve_entities=True, no_network=True,
            huge_tree=True, remove_comments=True,
        )

    def check(self):
        if errors := self.events.error_log.filter_from_errors():
            raise DblpFileError(f"not well-formed XML: {_explain(errors[0].message)}", errors[0].line)

    def __iter__(self):
        position = 0
        try:
            for _event, element in self.events:
                parent = element.getparent()
                if parent is None or parent.tag != "dblp" or parent.getparent() is not None:
                    root = element.getroottree().getroot().tag
                    raise DblpFileError(f"not a DBLP file: its root element is <{root}>, not <dblp>",
                                        element.sourceline)
                position += 1
                yield position, element
                element.clear(keep_tail=True)
                while element.getprevious() is not None:  # what was read before it, so memory stays flat
                    del parent[0]
            root = self.events.root
            if root is None or root.tag != "dblp":
                tag = "nothing" if root is None else f"<{root.tag}>"
                raise DblpFileError(f"not a DBLP file: its root element is {tag}, not <dblp>")
            self.check()
        except etree.XMLSyntaxError as exc:
            raise DblpFileError(f"not well-formed XML: {_explain(exc.msg or str(exc))}", exc.lineno or 0) from exc
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            raise DblpFileError(f"cannot read the file: {exc}") from exc

    def records(self, *, skip=0):
        """(position, tag, DblpRecord or None) for each record after the first `skip`; None for a paper record
        without a title or a year, and for records that are no papers (proceedings, www)."""
        for position, element in self:
            if position > skip:
                record = record_from_element(element) if element.tag in PAPER_TAGS else None
                yield position, element.tag, record


def iter_records(stream, *, skip=0):
    """DblpReader(stream).records(skip=skip), for a reader that commits nothing."""
    return DblpReader(stream).records(skip=skip)
