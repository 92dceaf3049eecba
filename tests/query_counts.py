"""For the tests that pin a page's query count while its data grows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_to_get(client, url: str, params: dict[str, str] | None = None) -> int:
    """How many database queries a GET of ``url`` takes; the page must answer 200."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)
