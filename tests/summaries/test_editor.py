"""The editor's live preview: the sanitizing renderer behind a login, rate-limited per user and per address."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

PREVIEW_URL = "/markdownx/markdownify/"


@pytest.fixture(autouse=True)
def one_window():
    """Every request of a test falls in the same fixed rate-limit window, whatever the clock says."""
    cache.clear()
    with mock.patch("infra.ratelimit.time.time", return_value=1_800_000_000.0):
        yield
    cache.clear()


def writer(make_user, name, address="192.0.2.1"):
    client = Client(REMOTE_ADDR=address)
    client.force_login(make_user(name))
    return client


def preview(client, content="Preview $x^2$."):
    return client.post(PREVIEW_URL, {"content": content})


def test_the_preview_renders_through_the_sanitizing_renderer(make_user):
    response = preview(writer(make_user, "ada"), "*Hi* <script>alert(1)</script> $x$")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<em>Hi</em>" in html and "<math" in html and "<script" not in html


def test_previews_are_limited_to_120_a_minute_per_user_by_default(make_user):
    client = writer(make_user, "ada")
    for _ in range(120):
        assert preview(client, "x").status_code == 200
    response = preview(client, "x")
    assert response.status_code == 429
    assert "the limit is 120 per minute" in response.content.decode()


@override_settings(RATELIMITS={"preview": "3/m"})
def test_too_many_previews_get_a_429_that_names_the_limit(make_user):
    client = writer(make_user, "ada")
    for _ in range(3):
        assert preview(client).status_code == 200
    response = preview(client)
    assert response.status_code == 429
    text = response.content.decode()
    assert "Too many previews" in text and "the limit is 3 per minute" in text
    assert "<html" not in text  # markdownx puts the answer in the preview box: a sentence, not a page


@override_settings(RATELIMITS={"preview": "3/m"})
def test_the_limit_counts_per_address_as_well_as_per_user(make_user):
    ada = make_user("ada")
    ada_at_home, ada_at_work = Client(REMOTE_ADDR="192.0.2.1"), Client(REMOTE_ADDR="198.51.100.7")
    ada_at_home.force_login(ada)
    ada_at_work.force_login(ada)
    grace = writer(make_user, "grace", address="192.0.2.1")
    assert [preview(ada_at_home).status_code, preview(ada_at_home).status_code] == [200, 200]
    assert preview(grace).status_code == 200
    assert preview(grace).status_code == 429  # grace's second preview, but the address's fourth
    assert preview(ada_at_work).status_code == 200  # a new address, ada's third
    assert preview(ada_at_work).status_code == 429  # the address's second, but ada's fourth


@override_settings(RATELIMITS={"preview": "1/m"})
def test_an_anonymous_preview_is_sent_to_log_in_without_counting(make_user):
    anonymous = Client(REMOTE_ADDR="192.0.2.1")
    for _ in range(3):
        assert preview(anonymous).status_code == 302
    assert preview(writer(make_user, "ada")).status_code == 200
