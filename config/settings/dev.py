from .base import *  # noqa: F403
from .base import env

WAYMARK_ENVIRONMENT = "development"

DEBUG = env.bool("DJANGO_DEBUG", default=True)
ACCOUNT_EMAIL_VERIFICATION = "optional"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
