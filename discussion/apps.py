from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "discussion"
    verbose_name = "Discussion"

    def ready(self):
        from discussion import receivers

        receivers.connect()
        receivers.connect_page_keys()
