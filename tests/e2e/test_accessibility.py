"""Accessibility: axe-core (npm, `make install-test`) finds no serious or critical violation on the main pages,
and the keyboard reaches the skip link first and the search box soon after.
"""

from pathlib import Path

import pytest

from papers.models import Paper
from summaries.models import Summary
from tests.builders import PASSWORD, make_comment, make_summary
from tests.conftest import serve_external_images_locally

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


@pytest.fixture
def axe_page(chromium_browser, live_server):
    """A tab that may inject axe-core despite the site's strict CSP; fails the test on console errors."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make install-test` (npm ci installs axe-core)")
    context = chromium_browser.new_context(base_url=live_server.url, bypass_csp=True)
    serve_external_images_locally(context)
    tab = context.new_page()
    errors = []

    def on_console(msg):
        # Chromium logs a page answered with a 4xx (the 404 page, a refused form) as a failed load: expected here.
        # A 4xx for anything the page loads (a stylesheet, a script) is still an error.
        page_itself = msg.location["url"] == tab.url and "status of 4" in msg.text
        if msg.type == "error" and not page_itself:
            errors.append(f"console.{msg.type}: {msg.text} ({msg.location['url']})")

    tab.on("console", on_console)
    tab.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    yield tab
    context.close()
    assert not errors, f"the page logged errors: {errors}"


def axe_violations(page):
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
            resultTypes: ["violations"],
        })"""
    )
    return [v for v in results["violations"] if v["impact"] in BLOCKING]


def describe(url, violations, kind="serious/critical"):
    lines = [f"{url}: {len(violations)} {kind} axe violation(s)"]
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            lines.append(f"      {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}")
            lines.append(f"        {node['html'][:160]}")
    return "\n".join(lines)


def log_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")


def test_main_pages_have_no_serious_accessibility_violations(axe_page, nips2018, make_user):
    paper = Paper.objects.get(title="Data-Efficient Hierarchical Reinforcement Learning")
    author = paper.authors.order_by("pk").first()
    keyword = paper.keywords.order_by("pk").first()
    public_pages = [
        "/", "/venues/", "/venues/nips/", "/venues/nips/2018/", "/venues/nips/2018/?summarized=1",
        paper.get_absolute_url(), author.get_absolute_url(), keyword.get_absolute_url(),
        "/search/?q=reinforcement+learning", "/search/?q=zzzzqqq", "/accounts/login/", "/accounts/signup/",
        "/no/such/page/",
    ]
    signed_in_pages = [f"/papers/{paper.pk}/{paper.slug}/summaries/new/", "/papers/add/", paper.get_absolute_url(),
                       "/users/reader/stats/", author.get_absolute_url(),  # "This is me"
                       "/accounts/profile/", "/venues/nips/2018/"]
    failures = []
    for url in public_pages:
        axe_page.goto(url)
        if violations := axe_violations(axe_page):
            failures.append(describe(url, violations))
    make_user("reader")
    log_in(axe_page, "reader")
    for url in signed_in_pages:
        axe_page.goto(url)
        if violations := axe_violations(axe_page):
            failures.append(describe(f"{url} (signed in)", violations))
    assert not failures, "\n".join(failures)


def test_forms_with_errors_have_no_serious_accessibility_violations(axe_page, nips2018):
    axe_page.goto("/accounts/signup/")
    axe_page.get_by_label("Username").fill("bad name!")
    axe_page.get_by_label("Email").fill("someone@example.org")
    axe_page.get_by_label("Password:", exact=True).fill(PASSWORD)
    axe_page.get_by_label("Password confirmation").fill("something else")
    axe_page.locator("main").get_by_role("button", name="Sign up").click()
    assert axe_page.locator(".has-error").count() > 0
    violations = axe_violations(axe_page)
    assert not violations, describe("/accounts/signup/ (with errors)", violations)
    axe_page.goto("/search/?q=x&year_from=2020&year_to=2010")
    violations = axe_violations(axe_page)
    assert not violations, describe("/search/ (with errors)", violations)


def test_tabbing_from_the_top_reaches_the_skip_link_first_then_the_search_box(page, nips2018):
    page.goto("/venues/nips/2018/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.className, document.activeElement.textContent]")
    assert focused == ["skip-link", "Skip to content"]
    assert page.locator(".skip-link").bounding_box()["height"] > 0  # visible once focused
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "header-search-q":
            break
    else:
        pytest.fail("the header search box is not reached within 10 Tab presses")
    page.keyboard.type("hierarchical")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=hierarchical")
    assert page.locator(".search-results .paper-item").count() > 0
    # The skip link moves focus to the main content.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "content"


def test_every_page_has_landmarks_and_images_have_alt_text(page, nips2018):
    for url in ["/", "/venues/nips/2018/", Paper.objects.order_by("pk").first().get_absolute_url()]:
        page.goto(url)
        for role in ("banner", "main", "contentinfo", "search"):
            assert page.get_by_role(role).count() >= 1, f"{url} has no {role} landmark"
        assert page.get_by_role("navigation", name="Main").count() == 1
        assert page.locator("img:not([alt])").count() == 0, f"{url} has an image without alt text"


def test_a_page_with_a_flash_message_has_no_serious_accessibility_violations(axe_page, nips2018, make_user):
    paper = Paper.objects.get(title="Data-Efficient Hierarchical Reinforcement Learning")
    make_user("writer")
    log_in(axe_page, "writer")
    axe_page.goto(f"/papers/{paper.pk}/{paper.slug}/summaries/new/")
    axe_page.get_by_label("Your summary").fill("Goals are relabeled so that old experience stays useful.")
    axe_page.get_by_role("button", name="Publish").click()
    axe_page.get_by_role("status").get_by_text("Your summary is published.").wait_for()
    violations = axe_violations(axe_page)
    assert not violations, describe(f"{paper.get_absolute_url()} (with a message)", violations)


def test_on_a_phone_a_wide_formula_scrolls_inside_its_summary_and_the_keyboard_can_reach_it(axe_page, nips2018):
    long_sum = " + ".join(f"x_{{{n}}}" for n in range(80))
    paper = Paper.objects.get(title="Data-Efficient Hierarchical Reinforcement Learning")
    wide = make_summary(paper, f"The bound holds for ${long_sum}$ in every case.\n\n$$\n{long_sum}\n$$")
    plain = make_summary(paper, "Goals are relabeled so that old experience stays useful.")
    axe_page.set_viewport_size({"width": 375, "height": 800})
    axe_page.goto(paper.get_absolute_url())
    page_width = axe_page.evaluate("() => document.documentElement.scrollWidth")
    assert page_width <= 375, f"the page is {page_width}px wide on a 375px screen"
    body = axe_page.locator(f"#summary-{wide.pk} .summary-body")
    assert body.evaluate("(el) => el.scrollWidth > el.clientWidth")  # the line scrolls inside the summary ...
    assert body.get_attribute("tabindex") == "0"  # ... and the keyboard can reach it to scroll it
    formula = axe_page.locator(f"#summary-{wide.pk} math[display=block]")
    assert formula.get_attribute("tabindex") == "0"
    narrow = axe_page.locator(f"#summary-{plain.pk} .summary-body")
    assert narrow.get_attribute("tabindex") is None  # regions that do not scroll stay out of the tab order
    violations = axe_violations(axe_page)
    assert not violations, describe(f"{paper.get_absolute_url()} at 375px", violations)


def heading_order_violations(page):
    """axe's heading-order rule alone, whatever its impact (it is "moderate", below the BLOCKING filter)."""
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: "rule", values: ["heading-order"]}, resultTypes: ["violations"],
        })"""
    )
    return results["violations"]


def test_headings_are_in_order_on_every_kind_of_page(axe_page, nips2018, make_user):
    paper = Paper.objects.get(title="Data-Efficient Hierarchical Reinforcement Learning")
    writer = make_user("writer")
    # A summary that starts at "###" and skips from "#" to "###": both sit under the page's "1 summary" <h2>.
    shared = make_summary(paper, "### Small start\n\nText.\n\n# Method\n\n### Detail\n\nMore.", author=writer,
                          attribution="", is_private=True)
    make_comment(shared, "Its share page shows its comments under an <h2>.", author=make_user("reader"))
    author = paper.authors.order_by("pk").first()
    urls = [
        "/", "/venues/", "/venues/nips/", "/venues/nips/2018/", "/venues/nips/2018/?sort=recent",
        "/venues/nips/2018/?summarized=1",
        author.get_absolute_url(), author.get_absolute_url() + "?sort=title", paper.keywords.first().get_absolute_url(),
        "/search/?q=reinforcement+learning", "/search/?venue=nips&year=2018", shared.get_share_url(),
        f"/users/{writer.username}/",
        *(p.get_absolute_url() for p in Paper.objects.order_by("pk")),
    ]
    Summary.objects.filter(pk=shared.pk).update(is_private=False)
    failures = []
    for url in urls:
        axe_page.goto(url)
        if violations := heading_order_violations(axe_page):
            failures.append(describe(url, violations, "heading-order"))
    assert not failures, "\n".join(failures)
