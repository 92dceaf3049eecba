"""Settings shared by every environment. Everything variable is read from the
environment through the one reader, ``env``."""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
WAYMARK_ENVIRONMENT = "base"
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "core",
    "accounts",
    "places",
    "directory",
    "openreferral",
    "forum",
    "pathways",
    "guidance",
    "search",
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "import_export",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "core.middleware.NoCompressionWithCsrfToken",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffTwoFactorMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "accounts.context_processors.membership",
                "core.context_processors.site",
                "forum.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default, with a web server and workers writing at once: readers beside the
    # writer (WAL), a writer takes the lock when its transaction begins rather than failing
    # half-way through it, and waits up to 30 s for its turn.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_BUSY_TIMEOUT_SECONDS", default=30),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
# A kept connection is checked before reuse, so a database restart costs no request an error.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# While the database is unreachable, pages answer 503 with this Retry-After (core.views).
DATABASE_RETRY_AFTER_SECONDS = env.int("DATABASE_RETRY_AFTER_SECONDS", default=30)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# "default" is shared by every process and replica: rate limits (sign-in, posting) must count
# once, and the generations that say when cached content went stale (core/caching.py) must be
# seen by all; it also holds pages kept for visitors, so one process's page serves the others.
# "local" is each process's memory: pages and fragments, the fastest to read and needing no
# invalidation message, because their keys name those generations. (A file cache would be
# shared on one machine only, and slower to read than memory.)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "waymark_cache",
        # Generations are few but must not be culled with the rate-limit counters.
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
    "local": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "waymark-local",
        "OPTIONS": {"MAX_ENTRIES": env.int("WAYMARK_LOCAL_CACHE_ENTRIES", default=2000)},
    },
}

# Pages for people who are not signed in, and fragments the same for everyone with the same
# audiences, kept in "local" (core/caching.py).
CACHE_PAGES_AND_FRAGMENTS = env.bool("WAYMARK_CACHE_PAGES", default=True)
# How long a process trusts the content generations it read (core/caching.py): a change made
# in another process shows here at most this late.
CACHE_GENERATIONS_SECONDS = env.float("WAYMARK_CACHE_GENERATIONS_SECONDS", default=1.0)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    # Organisation admins into the Wagtail admin, by the access policy (directory/).
    "directory.permissions.DirectoryAuthBackend",
]
# The first hashes new passwords; the others only verify older hashes, which Django rehashes
# with the first on a successful sign-in.
PASSWORD_HASHERS = [
    "accounts.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# django-allauth: e-mail login, closed sign-up, throttled log-in attempts.
ACCOUNT_ADAPTER = "accounts.adapters.ClosedSignupAdapter"
ACCOUNT_FORMS = {"login": "accounts.forms.SignInForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "reset_password": "5/5m/ip,3/5m/key",
    # Waymark's own: the public "ask to join" form (accounts.views.join).
    "join_request": "10/h/ip,3/h/key",
    # Asking for a copy of one's own data (accounts.data_export_views): building it is work.
    "data_export": "5/d/user",
}
ACCOUNT_LOGOUT_ON_GET = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Waymark"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [
    BASE_DIR / "site" / "static",
    ("vendor/govuk-frontend", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    ("vendor/leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "var" / "media")

EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Waymark <no-reply@example.org>")
EMAIL_HOST = env("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)

# Background work: django-tasks with the database queue; `manage.py db_worker` runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Organisation admins are reminded this many days before an agreed pathway's sign-offs lapse.
PATHWAY_REVIEW_REMINDER_DAYS = env.int("WAYMARK_PATHWAY_REVIEW_REMINDER_DAYS", default=30)

# Wagtail
WAGTAIL_SITE_NAME = env("WAYMARK_SITE_NAME", default="Waymark Colchester & North Essex")
# The site's public address: every absolute URL (feeds, sitemap, calendars, e-mails) uses it.
WAGTAILADMIN_BASE_URL = env("WAYMARK_BASE_URL", default="http://127.0.0.1:8000")
WAYMARK_SITE_DESCRIPTION = env(
    "WAYMARK_SITE_DESCRIPTION",
    default="The local anti-trafficking partnership's directory of trusted partners and their "
    "services, referral pathways, guidance on spotting the signs, training and events.",
)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "pptx", "xlsx", "csv", "txt", "png", "jpg"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

# Elasticsearch: the site's own search layer (search/).
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="http://127.0.0.1:9200")
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", default="waymark")
SEARCH_TIMEOUT_SECONDS = env.float("SEARCH_TIMEOUT_SECONDS", default=2.0)
# A request that fails on one node is tried on another (a cluster: list every node).
SEARCH_MAX_RETRIES = env.int("SEARCH_MAX_RETRIES", default=2)
SEARCH_RETRY_ON_TIMEOUT = env.bool("SEARCH_RETRY_ON_TIMEOUT", default=True)
# Copies of each shard: 0 on a single node, at least 1 on a cluster (kept by search_reindex).
SEARCH_REPLICAS = env.int("SEARCH_REPLICAS", default=0)

# Background work that recovers by itself (core/task_queue.py, search/schedule.py).
# A task RUNNING longer than this lost its worker and goes back to the queue: keep it above
# the longest task (a large CSV import).
TASKS_LEASE_SECONDS = env.int("TASKS_LEASE_SECONDS", default=15 * 60)
# /healthz and search_status say "degraded" past these.
HEALTH_OUTBOX_MAX_AGE_SECONDS = env.int("HEALTH_OUTBOX_MAX_AGE_SECONDS", default=5 * 60)
HEALTH_OUTBOX_MAX_BACKLOG = env.int("HEALTH_OUTBOX_MAX_BACKLOG", default=10_000)
HEALTH_FAILED_TASKS_PER_HOUR = env.int("HEALTH_FAILED_TASKS_PER_HOUR", default=10)

# The directory: how long the access log of confidential details is kept (UK GDPR: no
# longer than needed), and the role address the ORUK feed names as who assures records.
ACCESS_LOG_RETENTION_DAYS = env.int("WAYMARK_ACCESS_LOG_RETENTION_DAYS", default=365)
DIRECTORY_ASSURER_EMAIL = env("WAYMARK_ASSURER_EMAIL", default="coordinator@example.org")
# A person's copy of their own data (accounts/data_export.py) is deleted this long after they
# asked for it.
DATA_EXPORT_EXPIRY_DAYS = env.int("WAYMARK_DATA_EXPORT_EXPIRY_DAYS", default=7)
# Organisation admins are reminded this many days before their entry's review falls due.
REVIEW_REMINDER_DAYS = env.int("WAYMARK_REVIEW_REMINDER_DAYS", default=30)

# Privacy (UK GDPR 5(1)(e), storage limitation): how many days each kind of record is kept
# before the daily purge (core/retention.py; `manage.py purge_expired --dry-run` lists what
# would go, and coordinators see it on /accounts/privacy/). Each can be set from the
# environment, e.g. WAYMARK_RETAIN_NOTIFICATIONS_DAYS=90.
#   notifications           forum notifications (and the record of their e-mail or digest),
#                           counted from when they were made
#   declined_join_requests  join requests a coordinator declined, from the decision
#   expired_invitations     invitations never accepted, from their expiry
#   login_records           sign-in sessions, from their expiry
#   problem_reports         resolved problem reports about listings, from their resolution
#   removed_posts           the text of posts their author deleted, from the deletion (the
#                           post stays as "removed" so its thread keeps its shape)
#   finished_tasks          the task queue's records of finished background work (they hold
#                           e-mail addresses), from when they finished
#   unused_accounts         not a purge: an account nobody signed in to for this long is
#                           listed for coordinators, who may close it
RETENTION_DAYS = {
    key: env.int(f"WAYMARK_RETAIN_{key.upper()}_DAYS", default=days)
    for key, days in {
        "notifications": 180,
        "declined_join_requests": 90,
        "expired_invitations": 90,
        "login_records": 30,
        "problem_reports": 365,
        "removed_posts": 30,
        "finished_tasks": 30,
        "unused_accounts": 365,
    }.items()
}

# Map tiles for the directory's map view; the list works without them.
# A safe house's "space available" counts as unknown once this old (directory.Availability).
AVAILABILITY_STALE_AFTER = timedelta(hours=env.int("WAYMARK_AVAILABILITY_STALE_HOURS", default=24))

MAP_TILE_URL = env("WAYMARK_MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env(
    "WAYMARK_MAP_TILE_ATTRIBUTION", default="&copy; OpenStreetMap contributors"
)

# Content-Security-Policy (django-csp 4). Wagtail's admin keeps its own inline needs.
_TILE_ORIGIN = "/".join(MAP_TILE_URL.split("/")[:3]) if "://" in MAP_TILE_URL else "'self'"
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", _TILE_ORIGIN],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"elastic_transport": {"level": "WARNING"}},
}

# The admin signs people in through allauth (with two-factor), never its own form.
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
# No avatars fetched from a third party: staff e-mail hashes stay on the site.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
