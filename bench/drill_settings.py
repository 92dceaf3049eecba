"""`make drill` settings: a database and index prefix of its own, the database task queue run
by real workers, the search cluster's replicas, and a short lease so abandoned work is seen
coming back within the drill."""

from config.settings.test import *  # noqa: F403
from config.settings.test import env

DATABASES = {"default": env.db("DRILL_DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
SEARCH_INDEX_PREFIX = env("DRILL_INDEX_PREFIX", default="waymark_drill")
SEARCH_REPLICAS = env.int("SEARCH_REPLICAS", default=1)
# Two cores shared by three nodes, the stack and the load: a request takes longer than in prod.
SEARCH_TIMEOUT_SECONDS = env.float("SEARCH_TIMEOUT_SECONDS", default=5.0)
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TASKS_LEASE_SECONDS = env.int("TASKS_LEASE_SECONDS", default=30)
ALLOWED_HOSTS = ["*"]
LOGGING = {"version": 1, "disable_existing_loggers": True, "root": {"level": "WARNING"}}
