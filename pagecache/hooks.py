"""The write hooks: every save or delete of a model that public pages show replaces the catalogue version.

The models are named in settings (PAGE_CACHE_WATCHED_MODELS, "app_label.Model"; PAGE_CACHE_WATCHED_M2M for
many-to-many links), so the page cache imports no feature app; writes that send no signal call
pagecache.models.catalogue_changed themselves.
"""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save

from pagecache.models import catalogue_changed

# A save of these fields alone changes nothing a page shows (a log-in writes last_login).
UNSHOWN_FIELDS = {"last_login"}


def _saved(sender, using, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= UNSHOWN_FIELDS:
        return
    catalogue_changed(using=using)


def _deleted(sender, using, **kwargs):
    catalogue_changed(using=using)


def _links_changed(sender, using, action, **kwargs):
    if action.startswith("post_"):
        catalogue_changed(using=using)


def connect():
    for label in settings.PAGE_CACHE_WATCHED_MODELS:
        model = apps.get_model(label)
        post_save.connect(_saved, sender=model, dispatch_uid=f"pagecache-{label}-saved")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"pagecache-{label}-deleted")
    for label, field in settings.PAGE_CACHE_WATCHED_M2M:
        through = getattr(apps.get_model(label), field).through
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"pagecache-{label}-{field}")
