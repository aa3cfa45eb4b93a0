from django.apps import AppConfig


class PapersConfig(AppConfig):
    name = "papers"
    verbose_name = "Papers"

    def ready(self):
        from papers import pagekeys, receivers

        receivers.connect()
        pagekeys.connect()
