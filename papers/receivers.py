"""Papers' own write hooks, connected in PapersConfig.ready(): a paper that is added, moves to another venue or
goes recounts the venues' stored counts, and a venue, author or keyword whose slug changes keeps its old address,
whichever path the write takes (services, admin, loaddata)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from papers.counts import venues_recount
from papers.models import OldSlug, Paper


def paper_saved(sender, instance, using, raw=False, created=False, **kwargs):
    old_venue = getattr(instance, "_loaded_venue_id", None)
    if raw or created or old_venue != instance.venue_id:
        venues_recount(venue_ids={old_venue, instance.venue_id}, using=using)
    instance._loaded_venue_id = instance.venue_id


def paper_deleted(sender, instance, using, **kwargs):
    venues_recount(venue_ids={instance.venue_id}, using=using)


KIND_OF_MODEL = {model: kind for kind, model in OldSlug.models_by_kind().items()}


def slug_changed(sender, instance, using, raw=False, update_fields=None, **kwargs):
    """Record the slug a venue, author or keyword had when a save replaced it (an admin's rename, say)."""
    if raw or "slug" in instance.get_deferred_fields() or (update_fields is not None and "slug" not in update_fields):
        return
    old = getattr(instance, "_loaded_slug", None)  # set when loaded, and after each save
    new = instance._loaded_slug = instance.slug
    if not old or old == new:
        return
    kind = KIND_OF_MODEL[sender]
    with transaction.atomic(using=using):
        OldSlug.objects.using(using).filter(kind=kind, slug=new).delete()  # its address again: nothing to redirect
        OldSlug.objects.using(using).update_or_create(kind=kind, slug=old, defaults={"target_id": instance.pk})


def connect():
    post_save.connect(paper_saved, sender=Paper, dispatch_uid="papers-venue-counts-saved")
    post_delete.connect(paper_deleted, sender=Paper, dispatch_uid="papers-venue-counts-deleted")
    for model in KIND_OF_MODEL:
        post_save.connect(slug_changed, sender=model, dispatch_uid=f"papers-old-slugs-{model.__name__}")
