"""A database that does not answer gives the 503 page, wherever in the request the error comes from."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

DATABASE_DOWN = OperationalError('connection failed: connection to server at "127.0.0.1", port 5432 failed')


@pytest.mark.django_db
def test_a_page_that_needs_the_database_answers_503_with_retry_after():
    client = Client(raise_request_exception=False)
    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=DATABASE_DOWN):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "briefly unavailable" in response.content.decode()
    assert '<link rel="icon" href="/static/favicon.svg"' in response.content.decode()
    # The page went through the other middleware: same security headers as every page.
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_database_failing_while_saving_the_session_after_the_view_answers_503_not_500(settings, make_user):
    settings.SESSION_SAVE_EVERY_REQUEST = True  # the session is written by the middleware, after the view
    client = Client(raise_request_exception=False)
    client.force_login(make_user())
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.save", side_effect=DATABASE_DOWN):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "briefly unavailable" in response.content.decode()


@pytest.mark.django_db
def test_other_errors_are_still_server_errors(monkeypatch):
    client = Client(raise_request_exception=False)
    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=ZeroDivisionError):
        response = client.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response
