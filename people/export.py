""""Download my data": every summary of a user (public, private, hidden, anonymous) as Markdown with YAML front
matter, the images they uploaded, index.csv and summaries.json, written into a zip as it is sent (stream_zip): the
archive is never whole in memory, only the piece being written."""

import csv
import io
import json
import re
import zipfile

from django.conf import settings
from django.core.files.storage import default_storage

from summaries.models import Summary

FIELDS = [
    "file", "paper_title", "authors", "venue", "year", "arxiv_id", "doi", "paper_url", "created", "updated", "score",
    "visibility", "anonymous",
]
CHUNK = 64 * 1024
# What the editor's upload stores (summaries.views.editor.image_upload): a random hex name and the image's type.
UPLOADED_IMAGE = re.compile(re.escape(settings.MARKDOWNX_MEDIA_PATH) + r"[0-9a-f]{32}\.(?:jpg|png|gif|webp)")


class _Pieces:
    """A write-only file for zipfile that keeps what was written until it is taken (zipfile writes data descriptors
    when it cannot seek, so the archive comes out front to back)."""

    def __init__(self):
        self._parts, self._size = [], 0

    def write(self, data):
        self._parts.append(bytes(data))
        self._size += len(data)
        return len(data)

    def tell(self):
        return self._size

    def flush(self):
        pass

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def stream_zip(members):
    """The bytes of a zip of `members`, (name, iterable of bytes) pairs, yielded as each piece is written."""
    pieces = _Pieces()
    with zipfile.ZipFile(pieces, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, chunks in members:
            with archive.open(name, "w") as member:
                for chunk in chunks:
                    member.write(chunk)
                    if data := pieces.take():
                        yield data
            yield pieces.take()
    yield pieces.take()


def visibility(summary) -> str:
    return "hidden" if summary.is_hidden else "private" if summary.is_private else "public"


def summary_record(summary, site_url: str) -> dict:
    paper = summary.paper
    return {
        "file": f"summaries/{paper.slug[:80]}-{summary.pk}.md",
        "paper_title": paper.title,
        "authors": [author.name for author in paper.byline],
        "venue": paper.venue.short_name if paper.venue else "",
        "year": paper.year,
        "arxiv_id": paper.arxiv_id,
        "doi": paper.doi,
        "paper_url": site_url + paper.get_absolute_url(),
        "created": summary.created.isoformat() if summary.created else None,
        "updated": summary.updated.isoformat(),
        "score": summary.score,
        "visibility": visibility(summary),
        "anonymous": summary.is_anonymous,
    }


def front_matter(record: dict) -> str:
    """YAML: every string double-quoted with JSON's escapes, which YAML reads the same way."""
    lines = ["---"]
    for key in FIELDS[1:]:
        lines.append(f"{key}: {json.dumps(record[key], ensure_ascii=False)}")
    return "\n".join([*lines, "---", ""])


def user_summaries(user):
    return (Summary.objects.filter(author=user).select_related("paper", "paper__venue")
            .order_by("pk"))


def _file_chunks(name):
    with default_storage.open(name, "rb") as stored:
        while chunk := stored.read(CHUNK):
            yield chunk


def _csv_text(records) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(FIELDS)
    for record in records:
        writer.writerow(["; ".join(record[k]) if k == "authors" else record[k] for k in FIELDS])
    return out.getvalue().encode()


def _json_chunks(user, site_url):
    yield b"["
    for number, summary in enumerate(user_summaries(user).iterator(chunk_size=200)):
        record = {**summary_record(summary, site_url), "markdown": summary.body}
        yield (b",\n" if number else b"\n") + json.dumps(record, ensure_ascii=False).encode()
    yield b"\n]\n"


def export_members(user, site_url: str):
    """The archive's files, in order; each summary is read once for its Markdown, once more for summaries.json."""
    records, images = [], set()
    for summary in user_summaries(user).iterator(chunk_size=200):
        record = summary_record(summary, site_url)
        records.append(record)
        images.update(UPLOADED_IMAGE.findall(summary.body))
        yield record["file"], [(front_matter(record) + "\n" + summary.body).encode()]
    profile = getattr(user, "profile", None)
    if profile is not None and profile.avatar:
        images.add(profile.avatar.name)
    for name in sorted(images):
        if default_storage.exists(name):
            yield f"images/{name}", _file_chunks(name)
    yield "index.csv", [_csv_text(records)]
    yield "summaries.json", _json_chunks(user, site_url)
