from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Follows and notifications"

    def ready(self):
        from notifications import receivers, slots

        receivers.connect()
        slots.connect()
