"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

from shortscience.serving import refuse_to_serve_without_a_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shortscience.settings")

application = get_asgi_application()
refuse_to_serve_without_a_secret_key()
