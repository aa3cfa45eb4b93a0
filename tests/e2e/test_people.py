"""In the browser: the directory of writers and an anonymous summary, with their pictures drawn by the site."""

import pytest

from accounts.models import Profile
from summaries import services
from tests.builders import make_paper, make_summary
from tests.e2e.test_accessibility import axe_page, axe_violations, describe  # noqa: F401 (axe_page is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def loaded_images(page):
    """(src, natural width) of the avatars on the page, once the browser has loaded them."""
    page.wait_for_load_state("load")
    return page.eval_on_selector_all("img.avatar", "imgs => imgs.map(i => [i.getAttribute('src'), i.naturalWidth])")


def test_the_directory_lists_writers_by_reputation_with_their_identicons(axe_page, make_user):  # noqa: F811
    for name, votes in [("quiet", 0), ("liked", 2)]:
        summary = make_summary(make_paper(), author=make_user(name))
        for _ in range(votes):
            services.summary_vote(summary=summary, user=make_user(), value=1)
    axe_page.goto("/users/")
    rows = axe_page.locator("tr.writer")
    assert rows.count() == 2 and "liked" in rows.nth(0).inner_text() and "2" in rows.nth(0).inner_text()
    images = loaded_images(axe_page)
    assert len(images) == 2 and all(src.startswith("/avatars/") and width > 0 for src, width in images)
    axe_page.get_by_role("link", name="Name").click()
    axe_page.wait_for_url("**/users/?sort=name")
    assert "liked" in axe_page.locator("tr.writer").nth(0).inner_text()
    violations = axe_violations(axe_page)
    assert not violations, describe("/users/", violations)


def test_an_anonymous_summary_shows_anonymous_and_a_neutral_picture(axe_page, make_user):  # noqa: F811
    writer = make_user("secretive")
    Profile.objects.create(user=writer, display_name="Sam Secretive")
    summary = make_summary(make_paper("Anonymity in the browser"), "Said *quietly*.", author=writer,
                           is_anonymous=True)
    axe_page.goto(summary.paper.get_absolute_url())
    article = axe_page.locator(f"#summary-{summary.pk}")
    assert "Summary by Anonymous" in article.inner_text() and "Said quietly." in article.inner_text()
    assert "secretive" not in axe_page.content().lower()
    assert loaded_images(axe_page) == [["/avatars/anonymous.svg", 64]]
    violations = axe_violations(axe_page)
    assert not violations, describe(summary.paper.get_absolute_url(), violations)
