"""Container health check for the web service: GET /healthz from inside the container.

It names a host Django allows (the first of DJANGO_ALLOWED_HOSTS) and says the request came
through HTTPS, as the front door does, so production's HTTPS redirect does not answer instead.
"""

import os
import sys
import urllib.request

host = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")[0].strip().lstrip(".*")
request = urllib.request.Request(
    "http://127.0.0.1:8000/healthz",
    headers={"Host": host or "localhost", "X-Forwarded-Proto": "https"},
)
try:
    urllib.request.urlopen(request, timeout=4)
except OSError as error:  # urllib's HTTPError (503: a service is down) included
    sys.exit(f"unhealthy: {error}")
