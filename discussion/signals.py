"""Events of the discussion that other apps act on (notifications), sent by the services inside their transaction:
a receiver's writes commit or roll back with the event."""

from django.dispatch import Signal

comment_posted = Signal()  # sender=Comment, comment=
answer_posted = Signal()  # sender=Answer, answer=
answer_accepted = Signal()  # sender=Answer, answer=
answer_voted = Signal()  # sender=Answer, answer=, delta= (the score changes with an UPDATE, which sends no post_save)
