"""Writing, editing and deleting summaries through the forms; private summaries; the editor's endpoints."""

import io
import json
import re
from datetime import timedelta

import pytest
from django.test import override_settings
from PIL import Image

from summaries import services
from summaries.models import Summary
from tests.builders import csrf_client, csrf_post, make_paper, make_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper():
    return make_paper()


def new_url(paper):
    return f"/papers/{paper.pk}/{paper.slug}/summaries/new/"


def test_anonymous_writer_is_sent_to_log_in_and_back(paper):
    response = csrf_client().get(new_url(paper))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={new_url(paper)}"
    page = csrf_client().get(paper.get_absolute_url()).content.decode()
    assert "Log in to write a summary" in page


def test_summary_form_uses_the_markdownx_editor_from_static_files(paper, make_user):
    client = csrf_client(make_user())
    paper_page = client.get(paper.get_absolute_url()).content.decode()
    assert f'class="button" href="{new_url(paper)}">Write a summary</a>' in paper_page
    html = client.get(new_url(paper)).content.decode()
    assert 'class="markdownx-editor' in html and 'class="markdownx-preview"' in html
    assert re.search(r'<script src="/static/markdownx/js/markdownx(\.min)?\.js"></script>', html)
    assert "<script>" not in html and " style=" not in html


def test_writing_a_summary_publishes_it_on_the_paper_page(paper, make_user):
    user = make_user("ada")
    client = csrf_client(user)
    response = csrf_post(client, new_url(paper), {"body": "Solves an **ODE**: $\\dot x = f(x)$."})
    summary = Summary.objects.get()
    assert (summary.author, summary.paper, summary.is_private) == (user, paper, False)
    assert response.status_code == 302 and response["Location"] == f"{paper.get_absolute_url()}#summary-{summary.pk}"
    html = client.get(paper.get_absolute_url()).content.decode()
    assert "<strong>ODE</strong>" in html and "<math" in html
    assert f'href="/summaries/{summary.pk}/edit/">Edit</a>' in html
    assert "Edit your summary" in html


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Write something: the summary is empty."),
        ("   \n\t  ", "Write something: the summary is empty."),
        ("x" * (100 * 1024 + 1), "A summary can be at most 100 KB; this one is 101 KB."),
    ],
    ids=["empty", "whitespace", "over-100-KB"],
)
def test_empty_or_huge_summaries_are_refused_and_the_text_is_kept(paper, make_user, body, message):
    client = csrf_client(make_user())
    response = csrf_post(client, new_url(paper), {"body": body, "is_private": "on"})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f">\n{body}</textarea>" in html  # what the user typed stays in the editor
    assert re.search(r'<input type="checkbox" name="is_private"[^>]* checked>', html)
    assert not Summary.objects.exists()


def test_exactly_100_kb_is_accepted(paper, make_user):
    response = csrf_post(csrf_client(make_user()), new_url(paper), {"body": "y" * (100 * 1024)})
    assert response.status_code == 302


def test_post_without_csrf_token_is_refused(paper, make_user):
    response = csrf_client(make_user()).post(new_url(paper), {"body": "Hello"})
    assert response.status_code == 403
    assert not Summary.objects.exists()


def test_one_summary_per_user_per_paper(paper, make_user):
    user = make_user()
    summary = make_summary(paper, author=user)
    client = csrf_client(user)
    response = client.get(new_url(paper))
    assert response.status_code == 302 and response["Location"] == f"/summaries/{summary.pk}/edit/"
    # Posted from a second tab (or after the back button): the text comes back, with the way to the summary.
    response = csrf_post(client, new_url(paper), {"body": "A second one"}, form_page=paper.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 400
    assert "You have already written a summary of this paper." in html and "A second one</textarea>" in html
    assert f'href="/summaries/{summary.pk}/edit/"' in html
    assert Summary.objects.count() == 1


def test_a_tab_that_loses_the_race_to_another_gets_a_clear_message_and_keeps_its_text(paper, make_user, monkeypatch):
    # The other tab's summary is committed after this request checked for one and before it saves its own.
    user = make_user()
    client = csrf_client(user)
    create = services.summary_create

    def other_tab_saves_first(**kwargs):
        make_summary(paper, author=user, body="The other tab's summary.")
        return create(**kwargs)

    monkeypatch.setattr(services, "summary_create", other_tab_saves_first)
    response = csrf_post(client, new_url(paper), {"body": "This tab's summary."}, form_page=paper.get_absolute_url())
    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 400
    assert "You have already written a summary of this paper." in html and "This tab's summary." in html
    assert html.count("You have already written a summary of this paper.") == 1
    other = Summary.objects.get()
    assert f'href="/summaries/{other.pk}/edit/"' in html
    assert list(Summary.objects.values_list("body", flat=True)) == ["The other tab's summary."]


def test_author_edits_their_summary_and_the_update_time_shows(paper, make_user):
    user = make_user()
    summary = make_summary(paper, author=user, body="First draft")
    Summary.objects.filter(pk=summary.pk).update(created=summary.created - timedelta(days=3))
    client = csrf_client(user)
    edit = client.get(f"/summaries/{summary.pk}/edit/").content.decode()
    assert ">\nFirst draft</textarea>" in edit
    response = csrf_post(client, f"/summaries/{summary.pk}/edit/", {"body": "Second draft"})
    assert response.status_code == 302
    summary.refresh_from_db()
    assert summary.body == "Second draft" and "Second draft" in summary.body_html
    html = client.get(paper.get_absolute_url()).content.decode()
    assert "Second draft" in html and " · updated <time" in html


def test_edit_errors_keep_the_new_text(paper, make_user):
    user = make_user()
    summary = make_summary(paper, author=user, body="Kept in the database")
    response = csrf_post(csrf_client(user), f"/summaries/{summary.pk}/edit/", {"body": "z" * 200_000})
    assert response.status_code == 400
    assert "at most 100 KB" in response.content.decode() and "z" * 1000 in response.content.decode()
    summary.refresh_from_db()
    assert summary.body == "Kept in the database"


@pytest.mark.parametrize("action", ["edit", "delete"])
def test_nobody_else_may_edit_or_delete_but_staff_may(paper, make_user, action):
    summary = make_summary(paper, author=make_user(), body="Mine")
    other = csrf_client(make_user())
    assert other.get(f"/summaries/{summary.pk}/{action}/").status_code == 403
    data = {"body": "Vandalized"} if action == "edit" else {}
    assert csrf_post(other, f"/summaries/{summary.pk}/{action}/", data, form_page="/").status_code == 403
    assert Summary.objects.get(pk=summary.pk).body == "Mine"
    assert f"/summaries/{summary.pk}/{action}/" not in other.get(paper.get_absolute_url()).content.decode()

    staff = csrf_client(make_user(is_staff=True))
    assert staff.get(f"/summaries/{summary.pk}/{action}/").status_code == 200
    response = csrf_post(staff, f"/summaries/{summary.pk}/{action}/", {"body": "Moderated"} if action == "edit" else {})
    assert response.status_code == 302
    if action == "edit":
        assert Summary.objects.get(pk=summary.pk).body == "Moderated"
    else:
        assert not Summary.objects.filter(pk=summary.pk).exists()


@pytest.mark.parametrize("action", ["edit", "delete"])
def test_anonymous_edit_or_delete_goes_to_login(paper, make_user, action):
    summary = make_summary(paper, author=make_user())
    response = csrf_client().get(f"/summaries/{summary.pk}/{action}/")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/summaries/{summary.pk}/{action}/"


def test_author_deletes_after_a_confirmation_page(paper, make_user):
    user = make_user()
    summary = make_summary(paper, author=user)
    client = csrf_client(user)
    confirm = client.get(f"/summaries/{summary.pk}/delete/")
    assert confirm.status_code == 200 and "Delete this summary?" in confirm.content.decode()
    assert Summary.objects.filter(pk=summary.pk).exists()
    response = csrf_post(client, f"/summaries/{summary.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == paper.get_absolute_url()
    assert not Summary.objects.filter(pk=summary.pk).exists()


def test_private_summary_is_seen_by_its_author_and_through_its_share_link_only(paper, make_user, client):
    author = make_user("ada")
    client_author = csrf_client(author)
    csrf_post(client_author, new_url(paper), {"body": "My secret notes", "is_private": "on"})
    summary = Summary.objects.get()
    assert summary.is_private

    own = client_author.get(paper.get_absolute_url()).content.decode()
    assert "My secret notes" in own and "Private: only you can see it here." in own
    assert f"http://testserver/summaries/shared/{summary.share_token}/" in own

    for viewer in (client, csrf_client(make_user())):
        assert "My secret notes" not in viewer.get(paper.get_absolute_url()).content.decode()
        assert "My secret notes" not in viewer.get("/").content.decode()
        assert "My secret notes" not in viewer.get("/users/ada/").content.decode()
        assert viewer.get(f"/summaries/{summary.pk}/report/").status_code in (302, 404)
    shared = client.get(summary.get_share_url())
    assert shared.status_code == 200 and "My secret notes" in shared.content.decode()


def test_live_preview_needs_login_and_renders_math_sanitized(make_user):
    anonymous = csrf_client()
    response = csrf_post(anonymous, "/markdownx/markdownify/", {"content": "$x$"}, form_page="/accounts/login/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")

    client = csrf_client(make_user())
    response = csrf_post(client, "/markdownx/markdownify/", {"content": "$x^2$ <script>alert(1)</script>"},
                         form_page="/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<math" in html and "<msup>" in html and "<script" not in html
    headings = csrf_post(client, "/markdownx/markdownify/", {"content": "# Idea\n\n### Detail"},
                         form_page="/accounts/login/").content.decode()
    assert "<h2>Idea</h2>" in headings and "<h3>Detail</h3>" in headings  # under the editor page's <h1>
    too_big = csrf_post(client, "/markdownx/markdownify/", {"content": "x" * 200_000},
                      form_page="/accounts/login/")
    assert too_big.status_code == 400
    assert client.post("/markdownx/markdownify/", {"content": "$x$"}).status_code == 403  # no CSRF token
    # What saving refuses, the preview refuses with the same words.
    nul = csrf_post(client, "/markdownx/markdownify/", {"content": "a\x00b"}, form_page="/accounts/login/")
    assert nul.status_code == 400 and nul.content.decode() == "Null characters are not allowed."


def png_bytes(size=(4, 3)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


def upload(client, name, content):
    file = io.BytesIO(content)
    file.name = name
    return csrf_post(client, "/markdownx/upload/", {"image": file}, form_page="/accounts/login/",
                     headers={"x-requested-with": "XMLHttpRequest"})


def test_image_upload_stores_real_images_under_random_names(make_user, tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path):
        anonymous = upload(csrf_client(), "a.png", png_bytes())
        assert anonymous.status_code == 302

        client = csrf_client(make_user())
        response = upload(client, "my holiday.png", png_bytes())
        assert response.status_code == 200
        code = json.loads(response.content)["image_code"]
        name = re.fullmatch(r"!\[\]\(/media/summary-images/([0-9a-f]{32})\.png\)", code).group(1)
        with Image.open(tmp_path / "summary-images" / f"{name}.png") as stored:
            assert (stored.format, stored.size, stored.getpixel((0, 0))) == ("PNG", (4, 3), (255, 255, 255))

        fake = upload(client, "evil.png", b"<svg onload=alert(1)></svg>")
        assert fake.status_code == 400 and "not an image" in fake.content.decode()
        huge = upload(client, "big.png", png_bytes() + b"\0" * (2 * 1024 * 1024))
        assert huge.status_code == 400 and "at most 2 MB" in huge.content.decode()
        assert len(list((tmp_path / "summary-images").iterdir())) == 1


def test_an_uploaded_photo_is_stored_upright_without_its_exif(make_user, tmp_path):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x0132] = "2026:11:29 10:00:00"  # when it was taken
    exif[0x0112] = 6  # orientation: the camera was turned; shown rotated 90 degrees
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG", exif=exif.tobytes())
    assert b"PhoneMaker" in buffer.getvalue()
    with override_settings(MEDIA_ROOT=tmp_path):
        response = upload(csrf_client(make_user()), "IMG_0001.jpg", buffer.getvalue())
        assert response.status_code == 200
        name = re.search(r"summary-images/([0-9a-f]{32}\.jpg)", json.loads(response.content)["image_code"]).group(1)
        data = (tmp_path / "summary-images" / name).read_bytes()
    assert b"PhoneMaker" not in data and b"Exif" not in data
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.size == (30, 40) and not stored.getexif()  # turned upright, as it was shown


def test_an_image_cut_short_is_refused(make_user, tmp_path):
    buffer = io.BytesIO()
    Image.effect_noise((200, 200), 64).convert("RGB").save(buffer, "JPEG")  # noise: the pixel data is most of it
    truncated = buffer.getvalue()[: len(buffer.getvalue()) // 2]  # a photo whose upload broke off halfway
    with override_settings(MEDIA_ROOT=tmp_path):
        response = upload(csrf_client(make_user()), "half.jpg", truncated)
    assert response.status_code == 400 and "not an image" in response.content.decode()
    assert not (tmp_path / "summary-images").exists()
