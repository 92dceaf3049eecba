"""Benchmark settings: the test settings with their own database and index prefix, and the
database task queue, so "save to searchable" is measured through a real worker."""

from config.settings.test import *  # noqa: F403
from config.settings.test import env

DATABASES = {"default": env.db("BENCH_DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = 60
SEARCH_INDEX_PREFIX = env("BENCH_INDEX_PREFIX", default="waymark_bench")
SEARCH_TIMEOUT_SECONDS = 30.0
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ALLOWED_HOSTS = ["*"]
LOGGING = {"version": 1, "disable_existing_loggers": True, "root": {"level": "WARNING"}}
