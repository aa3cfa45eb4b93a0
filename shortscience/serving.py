"""What the WSGI and ASGI entry points check before serving."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MISSING_SECRET_KEY = (
    "DJANGO_SECRET_KEY is not set. Production refuses to start without a secret key; "
    "set DJANGO_DEBUG=1 for local development."
)


def refuse_to_serve_without_a_secret_key():
    """A server (gunicorn, runserver) never starts without a key; commands that sign nothing still run, and
    `check --deploy` reports the missing key (security.W009), which stops `make serve`."""
    try:
        has_key = bool(settings.SECRET_KEY)
    except ImproperlyConfigured:  # Django's own: "The SECRET_KEY setting must not be empty."
        has_key = False
    if not has_key:
        raise ImproperlyConfigured(MISSING_SECRET_KEY)
