"""Settings for the test suite: the production settings with a throwaway key and fast password hashing."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789")

from shortscience.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The test client speaks plain HTTP; the HTTPS redirect itself is covered by the deploy-check test.
SECURE_SSL_REDIRECT = False
NOTIFICATIONS_SEND_AFTER_COMMIT = False  # tests that mail turn it on, with a real SMTP server (tests/notifications)
# Views are written when a test flushes them (tests/readership), never at exit into whatever database is left.
READERSHIP_BATCH_VIEWS = 10**9
READERSHIP_BATCH_SECONDS = float("inf")
READERSHIP_FLUSH_AT_EXIT = False
