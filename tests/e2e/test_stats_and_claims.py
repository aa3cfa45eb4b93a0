"""In a real browser: a writer's reading statistics page after readers' visits, and staff curating author claims in
the admin until the author page links to the writer's profile."""

import pytest
from playwright.sync_api import expect

from accounts.models import Profile
from readership import counter
from tests.builders import make_paper, make_summary
from tests.conftest import serve_external_images_locally
from tests.e2e.test_accessibility import axe_violations, describe, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


@pytest.fixture
def reader_tab(chromium_browser, live_server):
    """A browser tab with an ordinary Chrome user agent (headless Chromium's own is on the list of bots)."""
    context = chromium_browser.new_context(base_url=live_server.url, user_agent=READER_AGENT, bypass_csp=True)
    serve_external_images_locally(context)
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert not errors


def test_a_writer_sees_the_visits_to_their_summary_as_a_chart_and_a_table(reader_tab, make_user):
    writer = make_user("writer")
    paper = make_paper("Attention Is All You Need")
    make_summary(paper, "Transformers, in short.", author=writer)
    counter.take_pending()
    for _ in range(3):
        reader_tab.goto(paper.get_absolute_url())  # the second and third come from the page cache
    counter.flush()
    log_in(reader_tab, "writer")
    reader_tab.goto(f"/users/{writer.username}/")
    reader_tab.get_by_role("link", name="Reading statistics").click()
    reader_tab.wait_for_url("**/stats/")
    assert reader_tab.get_by_role("heading", name="Last 7 days: 3 views").is_visible()
    chart = reader_tab.get_by_role("img", name="Views per day over the last 7 days, at most 3 a day", exact=False)
    assert chart.is_visible() and chart.bounding_box()["width"] > 200
    week = reader_tab.get_by_role("table", name="Views per day, last 7 days")
    assert week.locator("tbody tr").last.locator("td").inner_text() == "3"
    per_summary = reader_tab.get_by_role("table", name="Each summary's views (last 30 days and in all) and score")
    cells = per_summary.locator("tbody tr").first.locator("th, td").all_inner_texts()
    assert cells == ["Attention Is All You Need", "3", "3", "0"]
    violations = axe_violations(reader_tab)
    assert not violations, describe("/users/writer/stats/", violations)


def test_staff_approve_a_claim_in_the_admin_and_the_author_page_links_to_the_profile(reader_tab, make_user):
    make_paper("Sketch of the Analytical Engine", authors=["Ada Lovelace"], year=1843)
    ada = make_user("ada")
    Profile.objects.create(user=ada, display_name="Ada L.", orcid="0000-0002-1825-0097")
    make_user("moderator", is_staff=True, is_superuser=True)

    log_in(reader_tab, "ada")
    reader_tab.goto("/authors/ada-lovelace/")
    reader_tab.get_by_role("button", name="This is me").click()
    expect(reader_tab.get_by_text("a moderator will review your claim").first).to_be_visible()
    reader_tab.context.clear_cookies()

    log_in(reader_tab, "moderator")
    reader_tab.goto("/admin/claims/authorclaim/")
    reader_tab.locator("input[name=_selected_action]").first.check()
    reader_tab.locator("select[name=action]").select_option("approve_claims")
    reader_tab.locator("button[name=index]").click()  # the admin's "Go" (run the selected action)
    expect(reader_tab.get_by_text("1 claim approved.")).to_be_visible()
    reader_tab.context.clear_cookies()

    reader_tab.goto("/authors/ada-lovelace/")
    claimed = reader_tab.locator(".claimed-by")
    assert claimed.get_by_role("link", name="Ada L.").get_attribute("href") == "/users/ada/"
    assert claimed.get_by_role("link", name="0000-0002-1825-0097").get_attribute("href") == (
        "https://orcid.org/0000-0002-1825-0097")
    reader_tab.goto("/users/ada/")
    assert reader_tab.get_by_role("heading", name="Papers as an author").is_visible()
    assert reader_tab.get_by_role("link", name="Sketch of the Analytical Engine").is_visible()
