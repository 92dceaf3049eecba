from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from directory.models import Organisation


def index(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.exclude(status=Organisation.Status.SUSPENDED)
    return render(request, "directory/index.html", {"organisations": organisations})


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.exclude(status=Organisation.Status.SUSPENDED), slug=slug
    )
    return render(request, "directory/organisation_detail.html", {"organisation": organisation})
