from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from directory.models import Organisation, Service


def index(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.exclude(status=Organisation.Status.SUSPENDED)
    return render(request, "directory/index.html", {"organisations": organisations})


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.exclude(status=Organisation.Status.SUSPENDED), slug=slug
    )
    return render(request, "directory/organisation_detail.html", {"organisation": organisation})


def service_detail(request: HttpRequest, slug: str, service_slug: str) -> HttpResponse:
    service = get_object_or_404(
        Service.objects.select_related("organisation").exclude(
            organisation__status=Organisation.Status.SUSPENDED
        ),
        organisation__slug=slug,
        slug=service_slug,
    )
    return render(request, "directory/service_detail.html", {"service": service})
