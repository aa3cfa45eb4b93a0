"""Whole journeys in a real Chromium, a screenshot of every page under var/screenshots/journey-*.png.

A reader browses venue -> year -> paper and searches from the header box; a newcomer signs up, writes a summary
with a formula (the live preview shows MathML), votes on someone else's summary and reports one. The `page`
fixture fails the test on any console error.
"""

import re

import pytest

from papers.models import Paper
from summaries.models import Report, Summary, Vote
from tests.builders import PASSWORD
from tests.e2e.test_browse import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HRL = "Data-Efficient Hierarchical Reinforcement Learning"


def test_a_reader_browses_venue_year_paper_and_searches_from_the_header(page, nips2018):
    page.goto("/")
    screenshot(page, "journey-01-home")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Venues").click()
    page.wait_for_url("**/venues/")
    screenshot(page, "journey-02-venues")
    page.locator("main").get_by_role("link", name="NIPS", exact=True).click()
    page.wait_for_url("**/venues/nips/")
    screenshot(page, "journey-03-venue")
    page.get_by_role("link", name="2018: 22 papers").click()
    page.wait_for_url("**/venues/nips/2018/")
    assert page.locator(".paper-item").count() == 22
    screenshot(page, "journey-04-venue-year")
    page.get_by_role("link", name=HRL).click()
    page.wait_for_url(re.compile(r".*/papers/\d+/[\w-]+/$"))
    assert page.locator("#paper-title").inner_text() == HRL
    assert page.locator(".summary-body math").count() > 0
    screenshot(page, "journey-05-paper")

    search_box = page.get_by_role("search").get_by_label("Search papers and summaries")
    search_box.fill("hierarchical reinforcement")
    search_box.press("Enter")
    page.wait_for_url(re.compile(r".*/search/\?q=hierarchical\+reinforcement$"))
    assert re.match(r"\d+ results?", page.locator(".result-count").inner_text())
    assert page.locator("#search-q").input_value() == "hierarchical reinforcement"
    result = page.locator(".search-results .paper-title a").first
    assert "hierarchical" in result.inner_text().lower()
    screenshot(page, "journey-06-search-results")
    title = result.inner_text()
    result.click()
    page.wait_for_url(re.compile(r".*/papers/\d+/[\w-]+/$"))
    assert page.locator("#paper-title").inner_text() == title


def test_a_newcomer_signs_up_writes_a_summary_votes_and_reports(page, nips2018, make_user):
    ada = make_user("ada")
    other_paper = Paper.objects.get(title=HRL)
    theirs = Summary.objects.create(paper=other_paper, author=ada, body="Ada's take: goals as **options**.")
    paper = Paper.objects.filter(venue=nips2018).exclude(pk=other_paper.pk).order_by("title").first()

    # Sign up from the paper page: "Log in to write a summary" -> "Sign up" -> back to the summary form.
    page.goto(paper.get_absolute_url())
    page.get_by_role("link", name="Log in to write a summary").click()
    page.locator("main").get_by_role("link", name="Sign up").click()
    page.wait_for_url(re.compile(r".*/accounts/signup/\?next=.+summaries.+new"))
    page.get_by_label("Username").fill("grace")
    page.get_by_label("Email").fill("grace@example.org")
    page.get_by_label("Display name").fill("Grace Hopper")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    screenshot(page, "journey-10-signup")
    page.locator("main").get_by_role("button", name="Sign up").click()
    page.wait_for_url(f"**/papers/{paper.pk}/{paper.slug}/summaries/new/")
    assert "Welcome, grace!" in page.locator(".messages").inner_text()

    # Write a summary with a formula; the live preview lays it out as MathML before it is saved.
    page.get_by_label("Your summary").fill("The loss is $\\mathcal{L} = \\sum_i \\frac{1}{2} x_i^2$, **simply**.")
    preview = page.locator(".markdownx-preview")
    preview.locator("math mfrac").wait_for(timeout=10_000)
    assert preview.locator("math").evaluate("el => el.constructor.name") == "MathMLElement"
    screenshot(page, "journey-11-summary-preview")
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(f"**/papers/{paper.pk}/{paper.slug}/**")
    mine = Summary.objects.get(author__username="grace")
    assert page.locator(f"#summary-{mine.pk} math mfrac").count() == 1
    assert "Your summary is published." in page.locator(".messages").inner_text()
    screenshot(page, "journey-12-summary-published")

    # Vote on Ada's summary: the score goes up and the button says it is pressed.
    page.goto(other_paper.get_absolute_url())
    article = page.locator(f"#summary-{theirs.pk}")
    article.get_by_role("button", name="+1").click()
    page.wait_for_load_state()
    article = page.locator(f"#summary-{theirs.pk}")
    assert article.locator(".summary-score strong").inner_text() == "1"
    assert article.get_by_role("button", name="+1").get_attribute("aria-pressed") == "true"
    assert Vote.objects.get(summary=theirs).value == 1
    screenshot(page, "journey-13-voted")

    # Report it.
    article.get_by_role("link", name="Report").click()
    page.wait_for_url(f"**/summaries/{theirs.pk}/report/")
    page.get_by_label("What is wrong with this summary?").fill("It summarizes a different paper.")
    screenshot(page, "journey-14-report")
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_url(f"**/papers/{other_paper.pk}/{other_paper.slug}/**")
    assert "A moderator will look at this summary." in page.locator(".messages").inner_text()
    assert Report.objects.get(summary=theirs).reason == "It summarizes a different paper."
    screenshot(page, "journey-15-reported")
