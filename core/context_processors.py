from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    """The description a page without its own summary gives search engines and shares."""
    return {"site_description": settings.WAYMARK_SITE_DESCRIPTION}
