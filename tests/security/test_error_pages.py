"""Refusals a browser can meet get a page of the site, never a blank or a developer's page."""

import pytest
from django.test import Client

from tests.builders import PASSWORD

pytestmark = pytest.mark.django_db


def test_opening_a_post_only_address_gets_a_page_that_says_what_to_do(client, make_user):
    response = client.get("/accounts/logout/")  # a bookmark, or a link pasted somewhere
    html = response.content.decode()
    assert response.status_code == 405 and response["Allow"] == "POST, OPTIONS"
    assert "This address is not a page to open" in html and "to log out, use “Log out”" in html
    assert '<link rel="stylesheet"' in html  # the site's own page
    client.force_login(make_user())
    response = client.get("/summaries/1/vote/")
    assert response.status_code == 405 and "Go back and use the button" in response.content.decode()


def test_a_form_sent_without_a_valid_csrf_token_gets_a_page_that_explains(make_user):
    make_user("ada")
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    html = response.content.decode()
    assert response.status_code == 403 and "Your form could not be sent" in html
    assert "reload the page, and send it again" in html and "CSRF verification failed" not in html
