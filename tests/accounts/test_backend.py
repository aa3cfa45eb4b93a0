"""accounts.backends.AccountBackend reads the signed-in user as the ORM would, and migration 0005 carries the sessions
signed in by Django's ModelBackend over to it, so that nobody was signed out by the change."""

import importlib
import types
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user, get_user_model
from django.contrib.sessions.models import Session
from django.db import connection
from django.http import HttpRequest
from django.test import override_settings
from django.utils import timezone

from accounts.backends import AccountBackend
from tests.builders import PASSWORD, csrf_client, csrf_post

pytestmark = pytest.mark.django_db

migration = importlib.import_module("accounts.migrations.0005_sessions_signed_in_by_account_backend")
EDITOR = types.SimpleNamespace(connection=connection)
CACHED_DB = "django.contrib.sessions.backends.cached_db"


@pytest.fixture
def ada():
    user = get_user_model().objects.create_user("ada", "ada@example.org", PASSWORD, first_name="Ada", is_staff=True)
    user.last_login = timezone.now() - timedelta(days=3)
    user.save()
    return user


def test_the_backend_reads_the_user_as_the_orm_does(ada):
    read, expected = AccountBackend().get_user(ada.pk), get_user_model().objects.get(pk=ada.pk)
    for field in get_user_model()._meta.concrete_fields:
        value, wanted = getattr(read, field.attname), getattr(expected, field.attname)
        assert value == wanted and type(value) is type(wanted), field.name
    assert read._state.db == expected._state.db and not read._state.adding
    read.first_name = "Augusta"
    read.save()  # a user read this way is a model instance like any other
    assert get_user_model().objects.get(pk=ada.pk).first_name == "Augusta"


def test_no_user_for_an_unknown_or_inactive_account(ada):
    assert AccountBackend().get_user(ada.pk + 1000) is None
    get_user_model().objects.filter(pk=ada.pk).update(is_active=False)
    assert AccountBackend().get_user(ada.pk) is None


def test_logging_in_and_signing_up_name_the_account_backend(ada):
    client = csrf_client()
    response = csrf_post(client, "/accounts/login/", {"username": "ada", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == "accounts.backends.AccountBackend"
    client = csrf_client()
    csrf_post(client, "/accounts/signup/", {"username": "grace", "email": "grace@example.org", "display_name": "G",
                                             "password1": PASSWORD, "password2": PASSWORD})
    assert client.session[BACKEND_SESSION_KEY] == "accounts.backends.AccountBackend"
    assert client.get("/").wsgi_request.user.username == "grace"


def signed_in_session(user, backend):
    """A session as Django's login() leaves it, signed in by `backend`."""
    store = importlib.import_module(settings.SESSION_ENGINE).SessionStore()
    store.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: backend,
                  HASH_SESSION_KEY: user.get_session_auth_hash()})
    store.create()
    return store.session_key


def user_of(session_key):
    request = HttpRequest()
    request.session = importlib.import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    return get_user(request)


@pytest.mark.parametrize("engine", ["django.contrib.sessions.backends.db", CACHED_DB, "infra.sessions"])
def test_the_migration_keeps_model_backend_sessions_signed_in(ada, engine, settings):
    settings.SESSION_ENGINE = engine
    old = signed_in_session(ada, migration.MODEL_BACKEND)
    current = signed_in_session(ada, migration.ACCOUNT_BACKEND)
    expiry = Session.objects.get(pk=old).expire_date
    assert not user_of(old).is_authenticated  # what the migration is for

    migration.forwards(apps, EDITOR)

    assert user_of(old) == ada and user_of(current) == ada  # with cached_db, the cache's stale copy was dropped
    assert Session.objects.get(pk=old).expire_date == expiry

    migration.backwards(apps, EDITOR)
    with override_settings(AUTHENTICATION_BACKENDS=[migration.MODEL_BACKEND]):
        assert user_of(old) == ada and user_of(current) == ada


def test_expired_and_anonymous_sessions_are_left_alone(ada):
    store = importlib.import_module(settings.SESSION_ENGINE).SessionStore()
    store["cart"] = "nothing to do with signing in"
    store.create()
    expired = signed_in_session(ada, migration.MODEL_BACKEND)
    Session.objects.filter(pk=expired).update(expire_date=timezone.now() - timedelta(seconds=1))
    before = dict(Session.objects.values_list("session_key", "session_data"))
    migration.forwards(apps, EDITOR)
    assert dict(Session.objects.values_list("session_key", "session_data")) == before

