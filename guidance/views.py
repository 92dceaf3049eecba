from django.http import HttpRequest, HttpResponse
from wagtail.views import serve


def calendar_file(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail only serves paths ending in "/": hand ``/events/feed.ics`` to the page's
    ``feed.ics/`` route, through Wagtail's serve (and so its privacy checks)."""
    return serve(request, path + "/")
