"""Mail the pending notifications (those the after-commit thread could not send) and, with --digest, the daily
digests. Run it from cron: every few minutes, and once a day with --digest."""

from django.core.management.base import BaseCommand

from notifications.mail import send_digests, send_pending


class Command(BaseCommand):
    help = "Mail pending notifications; with --digest also the daily digests."

    def add_arguments(self, parser):
        parser.add_argument("--digest", action="store_true", help="Also send the daily digests that are due.")

    def handle(self, *args, digest=False, **options):
        sent = send_pending(limit=10_000)
        self.stdout.write(f"{sent} notification mail{'s' if sent != 1 else ''} sent.")
        if digest:
            digests = send_digests()
            self.stdout.write(f"{digests} digest{'s' if digests != 1 else ''} sent.")
