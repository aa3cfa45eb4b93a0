"""The summary editor in a real Chromium: Tab leaves the field (no keyboard trap), and a refused image upload
says why instead of writing "Invalid response" into the summary."""

import pytest

from papers.models import Paper
from tests.e2e.test_accessibility import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor(page, nips2018, make_user):
    paper = Paper.objects.order_by("title").first()
    make_user("writer")
    log_in(page, "writer")
    page.goto(f"/papers/{paper.pk}/{paper.slug}/summaries/new/")
    return page.get_by_label("Your summary")


def test_tab_moves_the_focus_out_of_the_editor_and_back(page, editor):
    editor.fill("Some text")
    editor.press("Tab")
    assert page.evaluate("() => document.activeElement.name") == "is_private"
    assert editor.input_value() == "Some text"  # no tab character typed into the summary
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("() => document.activeElement.name") == "body"
    preview = page.get_by_role("region", name="Preview")
    preview.get_by_text("Some text").wait_for()  # the live preview, a labelled region


def test_a_refused_upload_shows_the_reason_and_leaves_the_text_alone(page, editor):
    editor.fill("Before the image.")
    with page.expect_response("**/markdownx/upload/") as upload:
        # markdownx uploads what is dropped on the field; a text file is not an image.
        page.evaluate(
            """() => {
                const data = new DataTransfer();
                data.items.add(new File(["not an image"], "notes.txt", {type: "text/plain"}));
                document.querySelector(".markdownx-editor")
                    .dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}));
            }"""
        )
    assert upload.value.status == 400
    alert = page.locator(".markdownx .upload-error")
    alert.wait_for()
    assert alert.get_attribute("role") == "alert" and "image" in alert.inner_text().lower()
    page.wait_for_function("() => document.querySelector('.markdownx-editor').style.opacity !== '0.3'")
    assert editor.input_value() == "Before the image."
    page.console_errors.clear()  # Chromium and markdownx log the refused upload itself
