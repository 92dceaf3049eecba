"""Error pages that keep the site's layout and still say where to get help."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import get_template

from core.params import BadParameter


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
    # No context processors: the database may be what failed.
    return HttpResponse(get_template("500.html").render({"request": request}), status=500)
