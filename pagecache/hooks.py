"""The write hooks: every save or delete of a model that public pages show replaces the versions of those pages.

The models are named in settings (PAGE_CACHE_WATCHED_MODELS, "app_label.Model"; PAGE_CACHE_WATCHED_M2M for
many-to-many links), so the page cache imports no feature app. The app that owns a model may say which objects'
versions a write of it touches (`touches`, called from its AppConfig.ready): their pages alone are re-rendered.
A write of a model that says nothing replaces the catalogue version (every page). Writes that send no signal call
pagecache.models.versions_changed or catalogue_changed themselves.
"""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save

from pagecache.models import catalogue_changed, versions_changed

# A save of these fields alone changes nothing a page shows (a log-in writes last_login).
UNSHOWN_FIELDS = {"last_login"}

# model -> [function(instance, using) -> the version keys a write of that instance touches]
_KEYS = {}


def touches(model, keys):
    """Declare that a write of `model` changes the pages of `keys(instance, using)` only (say ["paper:42"]).

    Several apps may each declare the pages of theirs that show the model (a user's name is on summaries and on
    comments): a write touches all of them.
    """
    _KEYS.setdefault(model, []).append(keys)


def touched_keys(model, instance, using=None):
    """The version keys a write of `instance` touches, as the apps declared them; None when none did."""
    functions = _KEYS.get(model)
    if functions is None:
        return None
    return {key for keys in functions for key in keys(instance, using)}


def _changed(sender, instance, using):
    keys = touched_keys(sender, instance, using)
    if keys is None:
        catalogue_changed(using=using)
    else:
        versions_changed(keys, using=using)


def _saving(sender, instance, using, update_fields=None, raw=False, **kwargs):
    """Before a save: the pages that showed the row as it was (a paper moved to another venue leaves its old list)."""
    if raw or sender not in _KEYS or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and set(update_fields) <= UNSHOWN_FIELDS:
        return
    before = sender._base_manager.using(using).filter(pk=instance.pk).first()
    if before is not None:
        _changed(sender, before, using)


def _saved(sender, instance, using, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= UNSHOWN_FIELDS:
        return
    _changed(sender, instance, using)


def _deleting(sender, instance, using, **kwargs):
    """Before a delete, while the rows the keys are found from (a paper's authorships) are still there."""
    _changed(sender, instance, using)


def _links_changed(sender, using, action, **kwargs):
    if action.startswith("post_"):
        catalogue_changed(using=using)


def connect():
    for label in settings.PAGE_CACHE_WATCHED_MODELS:
        model = apps.get_model(label)
        pre_save.connect(_saving, sender=model, dispatch_uid=f"pagecache-{label}-saving")
        post_save.connect(_saved, sender=model, dispatch_uid=f"pagecache-{label}-saved")
        pre_delete.connect(_deleting, sender=model, dispatch_uid=f"pagecache-{label}-deleting")
    for label, field in settings.PAGE_CACHE_WATCHED_M2M:
        through = getattr(apps.get_model(label), field).through
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"pagecache-{label}-{field}")
