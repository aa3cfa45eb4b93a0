"""The discussion in a real Chromium: with JavaScript on, a comment's formula shows as MathML and a hostile comment
does not run; with JavaScript off, the whole journey of the issue works with plain forms (comment, reply, edit,
delete; ask, answer, accept; follow an author, get a notification and a mail, unsubscribe from its link)."""

import re

import pytest

from accounts.models import Profile
from discussion.models import Answer, Comment
from notifications.models import MailPreferences
from tests.builders import PASSWORD, make_paper, make_summary
from tests.conftest import serve_external_images_locally
from tests.e2e.test_browse import screenshot
from tests.notifications.conftest import mailer_threads, smtp_server  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(tab, username, next_url):
    tab.goto(f"/accounts/login/?next={next_url}")
    tab.get_by_label("Username").fill(username)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.locator("main").get_by_role("button", name="Log in").click()
    tab.wait_for_url(f"**{next_url}")


def test_a_comment_with_math_renders_and_a_hostile_one_does_not_run(page, make_user):
    make_user("reader")
    summary = make_summary(make_paper("Neural ODEs"), author=make_user("writer"), body="Depth as time.")
    url = summary.paper.get_absolute_url()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, "reader", url)
    hostile = ('<img src="https://example.org/x.png" onerror="alert(1)"><script>alert(2)</script>'
               "[x](javascript:alert(3)) $\\text{<b>}$")
    for body in ("The adjoint: $\\frac{da}{dt} = -a^\\top \\frac{\\partial f}{\\partial z}$", hostile):
        page.get_by_label("Comment on this summary").fill(body)
        page.get_by_role("button", name="Comment").click()
        page.wait_for_url(re.compile(r".*#comment-\d+$"))
    comments = page.locator(".comment-body")
    assert comments.count() == 2
    assert comments.nth(0).locator("math mfrac").count() == 2
    assert comments.nth(1).locator("script, img[onerror], a[href^='javascript']").count() == 0
    assert dialogs == []
    screenshot(page, "discussion-comments")


def test_the_whole_discussion_journey_works_with_javascript_off(chromium_browser, live_server, make_user,
                                                                smtp_server, mailer_threads, settings):  # noqa: F811
    settings.NOTIFICATIONS_SEND_AFTER_COMMIT = True
    settings.SITE_URL = live_server.url
    reader_account = make_user("reader")
    make_user("helper"), make_user("writer")
    # Only a confirmed address gets notification mail (the sign-up link); the reader opened theirs.
    Profile.objects.update_or_create(user=reader_account, defaults={"confirmed_email": reader_account.email})
    paper = make_paper("Attention Is All You Need", authors=["Ashish Vaswani"])
    summary = make_summary(paper, author=make_user("first"), body="Self-attention everywhere.")
    url = paper.get_absolute_url()

    def tab_for(username):
        context = chromium_browser.new_context(base_url=live_server.url, java_script_enabled=False)
        serve_external_images_locally(context)
        tab = context.new_page()
        log_in(tab, username, url)
        return tab

    reader = tab_for("reader")
    # Comment with math, reply, edit, delete.
    reader.get_by_label("Comment on this summary").fill("Why $\\sqrt{d_k}$?")
    reader.get_by_role("button", name="Comment").click()
    comment = Comment.objects.get()
    assert reader.locator(f"#comment-{comment.pk} math").count() == 1
    reader.locator(f"#comment-{comment.pk}").get_by_role("link", name="Reply").click()
    reader.get_by_label("Your comment").fill("To keep the softmax from saturating.")
    reader.get_by_role("button", name="Publish").click()
    reply = Comment.objects.latest("pk")
    assert reply.thread == comment
    reader.locator(f"#comment-{reply.pk}").get_by_role("link", name="Edit").click()
    reader.get_by_label("Your comment").fill("To keep the softmax out of its flat regions.")
    reader.get_by_role("button", name="Save changes").click()
    assert "flat regions" in reader.locator(f"#comment-{reply.pk}").inner_text()
    reader.goto(url)
    reader.locator(f"#comment-{comment.pk}").get_by_role("link", name="Delete").click()
    reader.get_by_role("button", name="Yes, delete it").click()
    assert "Comment deleted." in reader.locator(f"#summary-{summary.pk}-comments").inner_text()

    # Ask; another reader answers; the asker accepts.
    reader.goto(url)
    reader.get_by_role("link", name="Ask a question about this paper").click()
    reader.get_by_label("Your question").fill("Is the positional encoding learned?")
    reader.get_by_label("Category").select_option("clarification")
    reader.get_by_label("Details").fill("Section 3.5 compares both.")
    reader.get_by_role("button", name="Publish the question").click()
    question_url = reader.url
    helper = tab_for("helper")
    helper.goto(question_url)
    helper.get_by_label("Your answer").fill("Sinusoidal; learned ones gave $\\approx$ the same BLEU.")
    helper.get_by_role("button", name="Publish your answer").click()
    reader.goto(question_url)
    reader.get_by_role("button", name="Accept this answer").click()
    assert Answer.objects.get().is_accepted
    assert "✓ Accepted answer" in reader.locator(".answer").first.inner_text()

    # Follow the author; a summary of their paper appears; a notification and a mail; unsubscribe from the mail.
    reader.goto("/authors/ashish-vaswani/")
    reader.get_by_role("button", name="Follow").click()
    writer = tab_for("writer")
    writer.goto(f"/papers/{paper.pk}/{paper.slug}/summaries/new/")
    writer.get_by_label("Your summary").fill("Multi-head attention, $h = 8$ heads.")
    writer.get_by_role("button", name="Publish").click()
    for thread in mailer_threads:
        thread.join(timeout=10)
    reader.goto(url)
    assert re.search(r"\(\d+ unread\)", reader.get_by_role("navigation", name="Main").inner_text())
    reader.get_by_role("link", name=re.compile("Notifications")).click()
    assert "New summary of “Attention Is All You Need” by writer" in reader.locator("main").inner_text()
    mails = [m for m in smtp_server.wait_for(2) if m["To"].strip() == "reader@example.org"
             and "New summary" in m["Subject"]]
    assert len(mails) == 1
    link = mails[0]["List-Unsubscribe"].strip().strip("<>")
    anonymous = chromium_browser.new_context(java_script_enabled=False).new_page()
    anonymous.goto(link)
    anonymous.get_by_role("button", name="Unsubscribe").click()
    assert "You are unsubscribed" in anonymous.locator("h1").inner_text()
    assert MailPreferences.objects.get(user__username="reader").mail_summary is False
    screenshot(reader, "discussion-notifications")
