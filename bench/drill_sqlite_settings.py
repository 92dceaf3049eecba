"""`make drill`'s SQLite drill: the embedded default exactly as `make run` sets it up (WAL,
IMMEDIATE transactions, a 30 s busy timeout, from DATABASE_URL=sqlite:///...), the database task
queue run by real workers, and an index prefix of its own."""

from config.settings.test import *  # noqa: F403
from config.settings.test import env

SEARCH_INDEX_PREFIX = env("DRILL_SQLITE_INDEX_PREFIX", default="waymark_drill_sqlite")
SEARCH_TIMEOUT_SECONDS = env.float("SEARCH_TIMEOUT_SECONDS", default=5.0)
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
LOGGING = {"version": 1, "disable_existing_loggers": True, "root": {"level": "WARNING"}}
