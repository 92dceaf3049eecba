"""The site's URLs plus the load test's floor: a view that does nothing, behind the same
middleware, so `make load` can say what the framework alone costs on this machine."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("load/floor", floor, name="load_floor"), *urlpatterns]
