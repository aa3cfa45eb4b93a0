"""Events on summaries that other apps act on, sent by the services inside their transaction: a receiver's writes
commit or roll back with the event. (Saves and deletes are Django's own post_save and post_delete.)"""

from django.dispatch import Signal

# A vote changed a summary's score with an UPDATE, which sends no post_save: sender=Summary, summary=, delta=.
summary_voted = Signal()
