"""Settings for ShortScience, read from the environment.

Every deployment choice comes from an environment variable (see README, "Configuration"); the defaults give
a safe production posture except for the database, which defaults to an embedded SQLite file so that
`make run` works with nothing installed.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

# Without a key in production, commands that sign nothing (makemigrations, collectstatic) still run; servers refuse
# to start (shortscience.serving), `check --deploy` fails, and Django refuses any use of an empty key.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-key-only-used-with-DJANGO_DEBUG"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "markdownx",
    "csp",
    "infra",
    "pagecache",
    "papers",
    "summaries",
    "importers",
    "accounts",
    "search",
    "discussion",
    "notifications",
    "people",
    "api",
    "readership",
    "claims",
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Headers only: above everything that can answer early, so that every page gets them.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "infra.middleware.SitePolicyCSPMiddleware",  # django-csp's, with the policy built once
    # Read-your-writes with replicas: before anything reads, the page cache's version above all (infra.db_router).
    "infra.middleware.PrimaryPinMiddleware",
    # Before the session middleware, so that a database outage while saving the session is a 503 too.
    "infra.middleware.DatabaseUnavailableMiddleware",
    # Counts views of paper pages, cached ones too: above the page cache, so it sees every answer (readership).
    "readership.middleware.ReadershipMiddleware",
    # Cached anonymous pages are answered here, without sessions, CSRF, auth or messages (pagecache).
    "pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "infra.middleware.MethodNotAllowedPageMiddleware",
    "infra.middleware.LowercaseSlugRedirectMiddleware",
    # Below it, so a 404 at an old slug is answered first (its lookup ignores case): one redirect, not two.
    "papers.middleware.OldSlugRedirectMiddleware",
]
CSRF_FAILURE_VIEW = "infra.views.csrf_failure"

# The page cache's write hooks (pagecache.hooks): a save or delete of any of these, or a change of these links,
# replaces the catalogue version. Each is something a public page shows (a user's and a profile's names are
# bylines).
PAGE_CACHE_WATCHED_MODELS = [
    "papers.Venue", "papers.Paper", "papers.Author", "papers.Keyword", "papers.Authorship",
    "summaries.Summary", "auth.User", "accounts.Profile",
    "discussion.Comment", "discussion.Question", "discussion.Answer",
    "claims.AuthorClaim",  # an approved claim shows on the author page
]
PAGE_CACHE_WATCHED_M2M = [("papers.Paper", "keywords")]
# Per-object versions: a write re-renders only the pages that show what it touched (pagecache.hooks.touches). Off
# (DJANGO_PAGE_CACHE_PER_OBJECT=0), every write replaces the one catalogue version: the benchmark's "before".
PAGE_CACHE_PER_OBJECT = env_bool("DJANGO_PAGE_CACHE_PER_OBJECT", default=True)

ROOT_URLCONF = "shortscience.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pagecache.context_processors.reader_parts",  # after Django's csrf: a page shell's placeholder
            ],
        },
    },
]

WSGI_APPLICATION = "shortscience.wsgi.application"

# Database: DATABASE_URL, e.g. postgres://user:pass@127.0.0.1:5432/shortscience. Persistent connections on
# PostgreSQL were a 4-5x throughput difference on the reference machine (NOTES.md).
DATABASE_URL = os.environ.get("DATABASE_URL")
if not DATABASE_URL:
    (BASE_DIR / "var").mkdir(exist_ok=True)  # the embedded default works on a fresh clone, with or without make
    DATABASE_URL = f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DJANGO_CONN_MAX_AGE", "60"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 3  # fail fast: 503, not a hang
else:
    # SQLite waits for a lock instead of failing at once when two requests write together.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})

# Read replicas: DATABASE_REPLICA_URLS (comma-separated) become aliases replica1, replica2, ...; the router sends
# reads there and writes, migrations and reads after a write in the same request to the primary.
DATABASE_REPLICAS = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    _replica = dj_database_url.parse(_url)
    for _key in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS", "OPTIONS"):
        if _key in DATABASES["default"]:
            _replica[_key] = DATABASES["default"][_key]
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica{_number}"] = _replica
    DATABASE_REPLICAS.append(f"replica{_number}")
if DATABASE_REPLICAS:
    DATABASE_ROUTERS = ["infra.db_router.PrimaryReplicaRouter"]
# After a request writes, its client reads from the primary for this long (a signed cookie), so the next pages show
# the write even where a replica has not replayed it yet: well above the replication lag (README, "Beyond one
# machine"). A replica that stops answering is skipped for REPLICA_RETRY_SECONDS, then tried again.
REPLICA_PIN_SECONDS = int(os.environ.get("DJANGO_REPLICA_PIN_SECONDS", "5"))
REPLICA_RETRY_SECONDS = int(os.environ.get("DJANGO_REPLICA_RETRY_SECONDS", "5"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's ModelBackend with the signed-in user read by a statement built once (accounts.backends). A session names
# the backend that signed it in: renaming this one logs out everyone it signed in, unless a migration carries the
# sessions over (accounts 0005).
AUTHENTICATION_BACKENDS = ["accounts.backends.AccountBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "var" / "static"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# A shared cache for several app servers. Redis being down or slow is no outage: infra.cache.ResilientRedisCache
# falls back to this process's memory (short socket timeouts, so a hung Redis costs a request half a second at most).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "infra.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shortscience"}
    )
}

# With a shared cache (Redis), sessions are read from it: one database round trip less per logged-in request. Not
# with per-process memory: a log-out in one worker would leave the session alive in another's copy. infra.sessions is
# Django's cached_db, whose copy the page cache reads together with a page's shell (one Redis round trip, not two).
if REDIS_URL:
    SESSION_ENGINE = "infra.sessions"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Mail (password resets): printed to the console in development, SMTP from the environment in production.
if DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
    EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ShortScience <noreply@localhost>")
# Notification mails (notifications/mail.py): links in mails are absolute, on SITE_URL. They are sent from a thread
# after the transaction commits, with a short SMTP timeout so that a hanging server holds only that thread;
# `manage.py send_notifications` (cron) retries and sends the daily digests.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
NOTIFICATIONS_SMTP_TIMEOUT = float(os.environ.get("NOTIFICATIONS_SMTP_TIMEOUT", "5"))
NOTIFICATIONS_SEND_AFTER_COMMIT = env_bool("NOTIFICATIONS_SEND_AFTER_COMMIT", default=True)

# Reading statistics (readership): views are counted in each process's memory and written in one batch after
# READERSHIP_BATCH_VIEWS views or READERSHIP_BATCH_SECONDS seconds, and when the process exits.
READERSHIP_COUNT_VIEWS = env_bool("READERSHIP_COUNT_VIEWS", default=True)
READERSHIP_BATCH_VIEWS = int(os.environ.get("READERSHIP_BATCH_VIEWS", "1000"))
READERSHIP_BATCH_SECONDS = float(os.environ.get("READERSHIP_BATCH_SECONDS", "30"))
READERSHIP_FLUSH_AT_EXIT = True
# Sign-up mails a link that confirms the address (accounts.confirmation); it expires after this many days.
# Notification mail goes to confirmed addresses only.
EMAIL_CONFIRMATION_DAYS = int(os.environ.get("EMAIL_CONFIRMATION_DAYS", "3"))

# Abuse limits per user and per client IP ("<count>/<s|m|h|d>"), counted in the default cache; over -> 429 page.
RATELIMITS = {
    "signup": os.environ.get("RATELIMIT_SIGNUP", "20/h"),
    "login": os.environ.get("RATELIMIT_LOGIN", "60/h"),
    "summary": os.environ.get("RATELIMIT_SUMMARY", "60/h"),
    "paper": os.environ.get("RATELIMIT_PAPER", "60/h"),
    "vote": os.environ.get("RATELIMIT_VOTE", "600/h"),
    "report": os.environ.get("RATELIMIT_REPORT", "30/h"),
    "upload": os.environ.get("RATELIMIT_UPLOAD", "60/h"),
    "comment": os.environ.get("RATELIMIT_COMMENT", "30/h"),
    "question": os.environ.get("RATELIMIT_QUESTION", "20/h"),
    "answer": os.environ.get("RATELIMIT_ANSWER", "30/h"),
    "follow": os.environ.get("RATELIMIT_FOLLOW", "120/h"),
    "preview": os.environ.get("RATELIMIT_PREVIEW", "120/m"),
    "claim": os.environ.get("RATELIMIT_CLAIM", "20/h"),
    "confirmation": os.environ.get("RATELIMIT_CONFIRMATION", "5/h"),
}
# Failed logins (site and admin) within `window` seconds that lock a username or a client IP for `lockout` seconds
# (accounts/login_throttle.py). The IP allows more: several people may share one address.
LOGIN_LOCKOUT = {
    "failures_per_username": int(os.environ.get("LOGIN_FAILURES_PER_USERNAME", "5")),
    "failures_per_ip": int(os.environ.get("LOGIN_FAILURES_PER_IP", "20")),
    "window": 15 * 60,
    "lockout": 15 * 60,
}

# django-markdownx: the live preview goes through the same sanitizing renderer as saved summaries.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "summaries.rendering.render_summary"
MARKDOWNX_MEDIA_PATH = "summary-images/"
MARKDOWNX_UPLOAD_MAX_SIZE = 2 * 1024 * 1024
MARKDOWNX_UPLOAD_CONTENT_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"]

# Security. Production (DJANGO_DEBUG off) passes `manage.py check --deploy`: HTTPS only, HSTS, secure cookies.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# The proxies in front of the app servers (addresses or CIDR ranges, e.g. "127.0.0.1" for nginx on the same host):
# the client's address is read from X-Forwarded-For only as far as they wrote it (infra.client_ip).
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES")
if env_bool("DJANGO_BEHIND_PROXY"):
    # nginx terminates TLS and says so in X-Forwarded-Proto (deploy/nginx.conf).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_500_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_500_000

# Content-Security-Policy (django-csp): no inline script or style anywhere, every asset from this origin.
# Summaries may show images from other sites (https only); MathML needs nothing special.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "https:", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
