""""Download my data": a streamed zip of every summary of the user, their images, index.csv and summaries.json."""

import csv
import io
import json
import random
import zipfile

import pytest
import yaml
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import StreamingHttpResponse

from accounts.models import Profile
from people.export import stream_zip
from summaries import services
from tests.builders import csrf_client, make_paper, make_summary, make_venue

pytestmark = pytest.mark.django_db
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c"
    "633871e2c47f00080c03581fffb6f30000000049454e44ae426082"
)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def writer_summaries(make_user, media_root):
    writer = make_user("ada")
    image = default_storage.save("summary-images/" + "ab" * 16 + ".png", ContentFile(PNG))
    nips = make_venue("NIPS")
    public = make_summary(
        make_paper("Neural ODEs: a “study”", authors=["Ricky Chen", "David Duvenaud"], venue=nips, year=2018,
                   arxiv_id="1806.07366", doi="10.5555/3327757.3327764"),
        f"Adjoint method, $x^2$.\n\n![figure](/media/{image})", author=writer,
    )
    services.summary_vote(summary=public, user=make_user(), value=1)
    private = make_summary(make_paper("Private one"), "Only mine.", author=writer, is_private=True)
    hidden = make_summary(make_paper("Hidden one"), "Hidden by a moderator.", author=writer, is_hidden=True)
    anonymous = make_summary(make_paper("Anonymous one"), "Nobody knows.", author=writer, is_anonymous=True)
    make_summary(make_paper("Someone else's"), "Not mine.", author=make_user("other"))
    return writer, {"public": public, "private": private, "hidden": hidden, "anonymous": anonymous}, image


def download(user):
    response = csrf_client(user).get("/accounts/my-data.zip")
    assert response.status_code == 200 and isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "application/zip" and "attachment;" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def front_matter_and_body(text):
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def test_the_zip_holds_every_summary_its_images_an_index_and_json(writer_summaries):
    writer, summaries, image = writer_summaries
    archive = download(writer)
    assert archive.testzip() is None
    names = archive.namelist()
    markdown = sorted(name for name in names if name.endswith(".md"))
    assert len(markdown) == 4 and f"images/{image}" in names and {"index.csv", "summaries.json"} <= set(names)
    assert archive.read(f"images/{image}") == PNG
    by_id = {int(name.rsplit("-", 1)[1][:-3]): name for name in markdown}
    assert set(by_id) == {summary.pk for summary in summaries.values()}
    meta, body = front_matter_and_body(archive.read(by_id[summaries["public"].pk]).decode())
    assert meta["paper_title"] == "Neural ODEs: a “study”" and meta["authors"] == ["Ricky Chen", "David Duvenaud"]
    assert (meta["venue"], meta["year"], meta["arxiv_id"], meta["doi"]) == ("NIPS", 2018, "1806.07366",
                                                                          "10.5555/3327757.3327764")
    paper = summaries["public"].paper
    assert meta["paper_url"] == f"http://testserver{paper.get_absolute_url()}"
    assert meta["score"] == 1 and meta["visibility"] == "public" and meta["anonymous"] is False
    assert meta["created"] and meta["updated"] and body.strip() == summaries["public"].body.strip()
    visibilities = {
        key: front_matter_and_body(archive.read(by_id[summary.pk]).decode())[0]
        for key, summary in summaries.items()
    }
    assert visibilities["private"]["visibility"] == "private" and visibilities["hidden"]["visibility"] == "hidden"
    assert visibilities["anonymous"]["anonymous"] is True
    rows = list(csv.DictReader(io.StringIO(archive.read("index.csv").decode())))
    assert sorted(row["file"] for row in rows) == markdown
    public_row = next(row for row in rows if row["file"] == by_id[summaries["public"].pk])
    assert public_row["authors"] == "Ricky Chen; David Duvenaud" and public_row["score"] == "1"
    records = json.loads(archive.read("summaries.json"))
    assert sorted(record["file"] for record in records) == markdown
    assert {record["markdown"] for record in records} == {summary.body for summary in summaries.values()}
    assert "Not mine." not in json.dumps(records)


def test_the_profile_links_to_it_and_it_needs_a_login(client, writer_summaries):
    writer = writer_summaries[0]
    assert ">Download my data</a>" in csrf_client(writer).get("/users/ada/").content.decode()
    assert ">Download my data</a>" not in client.get("/users/ada/").content.decode()
    assert client.get("/accounts/my-data.zip").status_code == 302


def test_the_uploaded_picture_is_in_the_zip(writer_summaries):
    writer = writer_summaries[0]
    profile = Profile.objects.create(user=writer)
    profile.avatar.save("face.png", ContentFile(PNG))
    assert download(writer).read(f"images/{profile.avatar.name}") == PNG


def test_the_archive_is_written_piece_by_piece_not_built_whole(media_root):
    big = random.Random(1).randbytes(1 << 20)  # 1 MB that does not compress: it comes out as it goes in
    members = [(f"file{n}.bin", [big[i:i + 65536] for i in range(0, len(big), 65536)]) for n in range(4)]
    pieces = [piece for piece in stream_zip(members) if piece]
    assert len(pieces) > 32 and max(map(len, pieces)) < 200_000
    archive = zipfile.ZipFile(io.BytesIO(b"".join(pieces)))
    assert [archive.read(f"file{n}.bin") == big for n in range(4)] == [True] * 4
