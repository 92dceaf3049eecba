"""`make load` settings: production's, with only what plain HTTP on loopback needs changed
(no HTTPS redirect, HSTS or secure-only cookies), a database and index prefix of its own, mail
kept in memory, and the load test's floor view (bench/load_urls.py)."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "load-test-only-" + "k" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SECURE_HSTS_SECONDS", "0")

from config.settings.production import *  # noqa: E402, F403
from config.settings.production import BASE_DIR, env  # noqa: E402

# Not "production": seed_demo refuses to run there, and the load test seeds its own data.
WAYMARK_ENVIRONMENT = "load"
DATABASES = {"default": env.db("LOAD_DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SEARCH_INDEX_PREFIX = env("LOAD_INDEX_PREFIX", default="waymark_load")
# Two cores shared by the stack, the node and the load: the bulk reindex needs longer.
SEARCH_TIMEOUT_SECONDS = env.float("SEARCH_TIMEOUT_SECONDS", default=5.0)
STATIC_ROOT = BASE_DIR / "var" / "load-static"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ROOT_URLCONF = "bench.load_urls"
LOGGING = {"version": 1, "disable_existing_loggers": True, "root": {"level": "WARNING"}}
# Each simulated member replies every 10 s or so, more than a person writes: the posting limit
# (6 a minute each, forum/services.py, tested there) would refuse the mix's bursts, which a
# sliding window counts exactly. Raised here so the load measures pages, not that rule.
FORUM_RATE_LIMIT = (30, 60)
