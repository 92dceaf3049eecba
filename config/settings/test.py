from .base import *  # noqa: F403
from .base import env

WAYMARK_ENVIRONMENT = "test"

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Off, so a test sees each request do its full work (and pinned query counts stay exact);
# tests/test_caching.py switches it on.
CACHE_PAGES_AND_FRAGMENTS = False
# Tasks run inline unless a test asks for the database queue explicitly.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="http://127.0.0.1:9250")
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", default="waymark_test")
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
# Parallel runs (several people or helpers on one machine) each name their own database.
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default=None)}  # noqa: F405
