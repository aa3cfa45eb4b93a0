"""Carry the sessions signed in by Django's ModelBackend over to accounts.backends.AccountBackend.

A session stores the path of the backend that signed it in, and Django reads the user only through a backend listed
in AUTHENTICATION_BACKENDS: without this, replacing ModelBackend with AccountBackend would sign every reader out.
The row keeps its expiry; the cached_db engine's copy in the cache is dropped, so the next request reads the row.
Reversible: going back carries them the other way.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.core.cache import caches
from django.db import migrations
from django.utils import timezone

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
ACCOUNT_BACKEND = "accounts.backends.AccountBackend"


def carry_sessions(apps, schema_editor, old, new):
    Session = apps.get_model("sessions", "Session")
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    sessions = Session.objects.using(schema_editor.connection.alias)
    for key, data in sessions.filter(expire_date__gt=timezone.now()).values_list("session_key", "session_data"):
        store = store_class(session_key=key)
        decoded = store.decode(data)
        if decoded.get(BACKEND_SESSION_KEY) != old:
            continue
        decoded[BACKEND_SESSION_KEY] = new
        sessions.filter(session_key=key).update(session_data=store.encode(decoded))
        if hasattr(store, "cache_key"):  # cached_db: its copy in the cache is read before the row
            caches[settings.SESSION_CACHE_ALIAS].delete(store.cache_key)


def forwards(apps, schema_editor):
    carry_sessions(apps, schema_editor, MODEL_BACKEND, ACCOUNT_BACKEND)


def backwards(apps, schema_editor):
    carry_sessions(apps, schema_editor, ACCOUNT_BACKEND, MODEL_BACKEND)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_merge_20261207_0214"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=True)]
