"""Avatars: an identicon drawn here from the user id, or an uploaded picture checked like summary images."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import etree
from PIL import Image

from accounts.models import Profile
from people.identicon import identicon_svg
from tests.builders import csrf_client, csrf_post, make_paper, make_summary

pytestmark = pytest.mark.django_db


def png_bytes(size=(40, 30), colour=(200, 30, 30)):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make: must not survive the re-encoding
    image.save(buffer, format="PNG", exif=exif)
    return buffer.getvalue()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_identicon_is_deterministic_valid_svg_differs_between_users_and_is_cached_for_long(client, make_user):
    assert identicon_svg(7) == identicon_svg(7) != identicon_svg(8)
    response = client.get("/avatars/7.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert "max-age=31536000" in response["Cache-Control"] and "immutable" in response["Cache-Control"]
    root = etree.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.find("{http://www.w3.org/2000/svg}path") is not None
    assert client.get("/avatars/anonymous.svg").status_code == 200


def test_profile_directory_and_summaries_show_the_identicon_of_our_own_site(client, make_user):
    writer = make_user("ada")
    summary = make_summary(make_paper(), author=writer)
    src = f'src="/avatars/{writer.pk}.svg"'
    for url in ["/users/ada/", "/users/", summary.paper.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert src in html, url
        assert "gravatar" not in html


def test_an_uploaded_picture_is_checked_reencoded_without_metadata_and_shown(media_root, make_user, client):
    writer = make_user("ada")
    summary = make_summary(make_paper(), author=writer)
    upload = SimpleUploadedFile("me.png", png_bytes(), content_type="image/png")
    response = csrf_post(csrf_client(writer), "/accounts/avatar/", {"picture": upload})
    assert response.status_code == 302
    profile = Profile.objects.get(user=writer)
    stored = (media_root / profile.avatar.name).read_bytes()
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "PNG" and image.size == (40, 30) and not image.getexif()
    for url in ["/users/ada/", "/users/", summary.paper.get_absolute_url()]:
        assert f'src="/media/{profile.avatar.name}"' in client.get(url).content.decode(), url
    again = csrf_post(csrf_client(writer), "/accounts/avatar/", {"remove": "on"})
    assert again.status_code == 302 and not Profile.objects.get(user=writer).avatar


def test_a_file_that_is_not_an_image_is_refused_with_a_clear_400(media_root, make_user):
    writer = make_user("ada")
    fake = SimpleUploadedFile("me.png", b"<script>alert(1)</script>", content_type="image/png")
    response = csrf_post(csrf_client(writer), "/accounts/avatar/", {"picture": fake})
    assert response.status_code == 400
    assert "This file is not an image Pillow can read." in response.content.decode()
    empty = csrf_post(csrf_client(writer), "/accounts/avatar/", {})
    assert empty.status_code == 400 and "Choose a picture" in empty.content.decode()
    assert not Profile.objects.filter(user=writer).exclude(avatar="").exists()
    assert list(media_root.rglob("*.*")) == []


def test_changing_the_picture_needs_a_login_and_csrf(client, make_user):
    assert client.get("/accounts/avatar/").status_code == 302
    writer = make_user("ada")
    strict = csrf_client(writer)
    assert strict.post("/accounts/avatar/", {"remove": "on"}).status_code == 403
