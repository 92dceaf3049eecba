"""Setting and reading live availability: one step from a phone, and the coordinators'
printable "tonight" board."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from accounts import policy
from accounts.http import AuthenticatedHttpRequest
from directory import availability
from directory.models import Availability, Service


def _get_settable_service(user, slug: str, service_slug: str) -> Service:
    service = get_object_or_404(
        Service.objects.visible().select_related("organisation", "availability"),
        organisation__slug=slug,
        slug=service_slug,
    )
    if not policy.can_set_availability(user, service):
        raise PermissionDenied
    return service


@login_required
def own_services(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The services that take people in whose availability this person may set."""
    if not policy.is_member(request.user):
        raise PermissionDenied
    rows = [
        (service, availability.current(service), availability.AvailabilityForm())
        for service in availability.settable_services(request.user)
    ]
    stale_hours = int(settings.AVAILABILITY_STALE_AFTER.total_seconds() // 3600)
    return render(
        request,
        "directory/availability_list.html",
        {
            "rows": rows,
            "stale_hours": stale_hours,
            "show_board": policy.can_see_availability_board(request.user),
        },
    )


@login_required
def set_for_service(request: AuthenticatedHttpRequest, slug: str, service_slug: str):
    service = _get_settable_service(request.user, slug, service_slug)
    form = availability.AvailabilityForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        Availability.record(
            service, form.cleaned_data["state"], form.cleaned_data["note"], request.user
        )
        label = Availability.State(form.cleaned_data["state"]).label
        messages.success(request, f"{service.name}: {label}.")
        return redirect(_next_or(request, service.get_absolute_url()))
    context = {
        "service": service,
        "availability": availability.current(service),
        "form": form,
        "history": availability.history(service),
    }
    status = 400 if form.errors else 200
    return render(request, "directory/availability_form.html", context, status=status)


@login_required
def board(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not policy.can_see_availability_board(request.user):
        raise PermissionDenied
    return render(
        request,
        "directory/availability_board.html",
        {"rows": availability.board(), "now": timezone.now()},
    )


def _next_or(request: AuthenticatedHttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default
