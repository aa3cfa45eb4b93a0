"""Shared fixtures: the real NIPS 2018 seed, users, and a headless Chromium for browser tests."""

import os
from pathlib import Path

import pytest
from django.db import connection

REPO = Path(__file__).resolve().parent.parent
SEED_PATH = REPO.parent / "shared" / "seeds" / "000_c9ef4d147167c2f6.txt"
FIXTURE_PATH = REPO / "fixtures" / "nips2018.json"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


def pytest_runtest_setup(item):
    # A PostgreSQL test run on SQLite fails loudly instead of being skipped: `make test` runs them on PostgreSQL.
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.fail("this test needs PostgreSQL: run it through `make test-postgres` (DATABASE_URL=postgres://…)")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters and lockouts live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def seed_text():
    if not SEED_PATH.exists():
        pytest.fail(f"the seed venue page is missing: {SEED_PATH}")
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture
def nips2018(db):
    """The catalogue as `make run` serves it: the NIPS 2018 fixture loaded."""
    from django.core.management import call_command

    from papers.models import Venue

    call_command("loaddata", "nips2018", verbosity=0)
    return Venue.objects.get(slug="nips")


@pytest.fixture
def make_user(db, django_user_model):
    counter = iter(range(1, 10_000))

    def make(username=None, password="correct horse battery staple", **extra):
        username = username or f"user{next(counter)}"
        return django_user_model.objects.create_user(
            username=username, password=password, email=f"{username}@example.org", **extra
        )

    return make


@pytest.fixture(scope="session")
def chromium_browser():
    """Debian's Chromium driven by Playwright (Playwright's own browser download does not work here)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it with apt-get (browser tests are never skipped)")
    # Playwright's sync API runs an event loop in this thread; the Django ORM calls in the same test are fine.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# A 1x1 PNG: summaries show images from other sites (imgur), which tests must not fetch (no network here).
PIXEL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c"
    "633871e2c47f00080c03581fffb6f30000000049454e44ae426082"
)


def serve_external_images_locally(context):
    """Answer every request to another site with a pixel, so pages look as they would and nothing leaves."""
    context.route(
        lambda url: not url.startswith(("http://localhost", "http://127.0.0.1")),
        lambda route: route.fulfill(status=200, content_type="image/png", body=PIXEL_PNG),
    )


@pytest.fixture
def page(chromium_browser, live_server):
    """A fresh browser tab; the test fails on any console error or uncaught page error."""
    context = chromium_browser.new_context(base_url=live_server.url, java_script_enabled=True)
    serve_external_images_locally(context)
    tab = context.new_page()
    errors = []
    tab.on("console", lambda msg: errors.append(f"console.{msg.type}: {msg.text}") if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    tab.console_errors = errors
    yield tab
    context.close()
    assert not errors, f"the page logged errors: {errors}"
