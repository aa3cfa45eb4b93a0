"""Papers' own write hooks, connected in PapersConfig.ready(): a paper that is added, moves to another venue or
goes recounts the venues' stored counts, whichever path the write takes (services, admin, loaddata)."""

from django.db.models.signals import post_delete, post_save

from papers.models import Paper, venues_recount


def paper_saved(sender, instance, using, raw=False, created=False, **kwargs):
    old_venue = getattr(instance, "_loaded_venue_id", None)
    if raw or created or old_venue != instance.venue_id:
        venues_recount(venue_ids={old_venue, instance.venue_id}, using=using)
    instance._loaded_venue_id = instance.venue_id


def paper_deleted(sender, instance, using, **kwargs):
    venues_recount(venue_ids={instance.venue_id}, using=using)


def connect():
    post_save.connect(paper_saved, sender=Paper, dispatch_uid="papers-venue-counts-saved")
    post_delete.connect(paper_deleted, sender=Paper, dispatch_uid="papers-venue-counts-deleted")
