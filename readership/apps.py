from django.apps import AppConfig


class ReadershipConfig(AppConfig):
    name = "readership"
    verbose_name = "Reading statistics"

    def ready(self):
        import atexit

        from django.conf import settings

        from readership import counter

        if settings.READERSHIP_FLUSH_AT_EXIT:  # a worker that stops writes what it counted since its last batch
            atexit.register(counter.flush_quietly)
