"""Error pages that keep the site's layout and still say where to get help."""

import sys

from django.conf import settings
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from core.params import BadParameter
from core.site_address import absolute

# Members-only or personal areas: crawlers get nothing there but a sign-in page.
ROBOTS_DISALLOW = [
    "/accounts/",
    "/admin/",
    "/forum/",
    "/pathways/",
    "/directory/shortlists/",
]


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    context = {"disallow": ROBOTS_DISALLOW, "sitemap_url": absolute(reverse("sitemap"))}
    return render(request, "core/robots.txt", context, content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links to."""
    return HttpResponse(status=301, headers={"Location": static("favicon.svg")})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    problem = exception.message if isinstance(exception, BadParameter) else ""
    return render(request, "400.html", {"problem": problem}, status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The refusal, with the policy's reason when the view gave one."""
    reason = str(exception) if exception is not None and exception.args else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable()
    # No context processors: the database may be what failed.
    return HttpResponse(get_template("500.html").render({"request": request}), status=500)


def database_unavailable() -> HttpResponse:
    """The database is restarting or unreachable: a passing state, so 503 and when to retry.
    Rendered without the request, whose session and user would ask the database."""
    response = HttpResponse(get_template("503.html").render({}), status=503)
    response["Retry-After"] = str(settings.DATABASE_RETRY_AFTER_SECONDS)
    return response
