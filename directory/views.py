from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_POST

from accounts import policy
from accounts.http import AuthenticatedHttpRequest
from core import caching, site_address
from directory import access_log
from directory.filters import options
from directory.forms import (
    AddToShortlistForm,
    ReportForm,
    ShortlistForm,
    ShortlistSharingForm,
)
from directory.models import (
    AccessLogEntry,
    Organisation,
    Service,
    ServiceAtLocation,
    Shortlist,
    ShortlistItem,
)
from directory.opening import OPENING_PREFETCH
from directory.search import find_services, parse_params, searched_languages

# --- access-checked fetches ------------------------------------------------------


def _get_visible_organisation(slug: str) -> Organisation:
    return get_object_or_404(
        Organisation.objects.visible()
        .select_related("logo", "verified_by")
        .prefetch_related("areas", "languages", "locations"),
        slug=slug,
    )


def _service_queryset():
    return (
        Service.objects.visible()
        .select_related("organisation", "organisation__verified_by", "availability")
        .prefetch_related(
            "categories",
            "languages",
            "service_areas",
            *OPENING_PREFETCH,
            "tags",
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location"),
            ),
        )
    )


def _get_visible_service(slug: str, service_slug: str) -> Service:
    return get_object_or_404(_service_queryset(), organisation__slug=slug, slug=service_slug)


def _get_own_shortlist(user, token) -> Shortlist:
    shortlist = get_object_or_404(Shortlist, token=token)
    if not policy.can_change_shortlist(user, shortlist):
        raise PermissionDenied
    return shortlist


def _get_openable_shortlist(user, token) -> Shortlist | None:
    """The list behind a link, if ``user`` may open it (None also when there is no such list)."""
    shortlist = Shortlist.objects.select_related("owner").filter(token=token).first()
    if shortlist is None or not policy.can_open_shortlist(user, shortlist):
        return None
    return shortlist


def _get_organisation_for_access_log(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not policy.can_read_access_log(request.user, organisation):
        raise PermissionDenied
    return organisation


def _member_required(request: HttpRequest) -> None:
    if not policy.is_member(request.user):
        raise PermissionDenied


# --- the directory -----------------------------------------------------------------


# Kept for visitors a minute at most: "open now", and results that follow a change a moment
# later (once the index has it).
@caching.page_cache(caching.DIRECTORY, fresh_for=60)
def index(request: HttpRequest) -> HttpResponse:
    # The category tree and the area and language lists: the same for everyone.
    choices = caching.fragment(request, "directory-options", [caching.DIRECTORY], options)
    params, form = parse_params(request.GET, choices, request.user)
    searched = any(key in request.GET for key in form.fields)
    results = find_services(request.user, params)
    map_points = [
        {
            "name": hit.service.name,
            "organisation": hit.service.organisation.name,
            "url": hit.service.get_absolute_url(),
            "lat": hit.location.latitude,
            "lon": hit.location.longitude,
            "approximate": hit.location.address_withheld,
        }
        for hit in results.hits
        if hit.location and hit.location.latitude is not None
    ]
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(
        request,
        "directory/index.html",
        {
            "form": form,
            "params": params,
            "results": results,
            "searched": searched,
            "searched_languages": searched_languages(params, choices["languages"]),
            "map_points": map_points,
            "map_config": _map_config(params),
            "querystring": querystring.urlencode(),
        },
    )


def _map_config(params) -> dict:
    config = {
        "tiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "centre": list(params.near) if params.near else [51.8892, 0.9042],
    }
    if params.near:
        config["near"] = {
            "lat": params.near[0],
            "lon": params.near[1],
            "label": params.near_label,
            "radius_km": params.radius_km,
            "icon": static("directory/here.svg"),
        }
    return config


@caching.page_cache(caching.DIRECTORY, fresh_for=60)
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _get_visible_organisation(slug)
    services = list(
        Service.objects.visible()
        .filter(organisation=organisation)
        .prefetch_related("categories", "languages", "availability", *OPENING_PREFETCH)
        .only(
            "pk",
            "name",
            "slug",
            "description",
            "status",
            "accepting_referrals",
            "available_24_7",
            "takes_people_in",
            "gender",
            "minimum_age",
            "maximum_age",
            "organisation_id",
        )
    )
    for service in services:
        service.organisation = organisation
    locations = list(organisation.locations.all())
    access_log.record(
        request.user,
        access_log.Surface.ORGANISATION_PAGE,
        locations=locations,
        organisations=[organisation],
    )
    return render(
        request,
        "directory/organisation_detail.html",
        {
            "organisation": organisation,
            "services": services,
            "locations": [loc.view_for(request.user) for loc in locations],
            "show_restricted": policy.can_see_restricted_details(request.user),
            "may_set_availability": any(
                policy.can_set_availability(request.user, service) for service in services
            ),
            "can_read_access_log": policy.can_read_access_log(request.user, organisation),
        },
    )


def _service_context(request: HttpRequest, service: Service, surface: str) -> dict:
    category_ids = [c.pk for c in service.categories.all()]
    related = list(
        Service.objects.visible()
        .filter(categories__in=category_ids, status=Service.Status.ACTIVE)
        .exclude(pk=service.pk)
        .select_related("organisation")
        .distinct()
        .order_by("-accepting_referrals", "name")[:5]
    )
    show_restricted = policy.can_see_restricted_details(request.user)
    locations = [sal.location for sal in service.service_at_locations.all()]
    access_log.record(request.user, surface, locations=locations, services=[service])
    context = {
        "service": service,
        "organisation": service.organisation,
        "locations": [location.view_for(request.user) for location in locations],
        "related": related,
        "show_restricted": show_restricted,
        "referral_text": service.referral_details_text(request.user),
    }
    if policy.is_member(request.user):
        context["shortlist_form"] = AddToShortlistForm(user=request.user)
    context["may_set_availability"] = policy.can_set_availability(request.user, service)
    return context


@caching.page_cache(caching.DIRECTORY, fresh_for=60)
def service_detail(request: HttpRequest, slug: str, service_slug: str) -> HttpResponse:
    service = _get_visible_service(slug, service_slug)
    context = _service_context(request, service, access_log.Surface.SERVICE_PAGE)
    return render(request, "directory/service_detail.html", context)


def service_print(request: HttpRequest, slug: str, service_slug: str) -> HttpResponse:
    service = _get_visible_service(slug, service_slug)
    context = _service_context(request, service, access_log.Surface.PRINT_VIEW)
    return render(request, "directory/service_print.html", context)


def referral_details(request: HttpRequest, slug: str, service_slug: str) -> HttpResponse:
    """The "copy referral details" text, as a plain text page when there is no script."""
    service = _get_visible_service(slug, service_slug)
    access_log.record(request.user, access_log.Surface.REFERRAL_TEXT, services=[service])
    return HttpResponse(
        service.referral_details_text(request.user), content_type="text/plain; charset=utf-8"
    )


@login_required
def organisation_access_log(request: HttpRequest, slug: str) -> HttpResponse:
    """Who was shown this organisation's confidential addresses and sensitive contacts."""
    organisation = _get_organisation_for_access_log(request, slug)
    entries = AccessLogEntry.objects.filter(organisation=organisation).only(
        "record", "viewer_label", "surface", "viewed_at"
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/access_log.html",
        {
            "organisation": organisation,
            "page": page,
            "retention_days": settings.ACCESS_LOG_RETENTION_DAYS,
        },
    )


def report_problem(request: HttpRequest, slug: str, service_slug: str | None = None):
    organisation = _get_visible_organisation(slug)
    service = None
    if service_slug:
        service = get_object_or_404(
            Service.objects.visible(), organisation=organisation, slug=service_slug
        )
    listing = service or organisation
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = form.save(commit=False)
        report.organisation = organisation
        report.service = service
        if request.user.is_authenticated:
            report.reporter = request.user
            report.reporter_email = report.reporter_email or request.user.email
        report.save()
        messages.success(request, "Thank you. A coordinator will check this listing.")
        return redirect(listing.get_absolute_url())
    return render(
        request,
        "directory/report_form.html",
        {"form": form, "listing": listing, "organisation": organisation, "service": service},
    )


# --- shortlists ----------------------------------------------------------------------


@login_required
def shortlist_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    _member_required(request)
    form = ShortlistForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        shortlist = form.save(commit=False)
        shortlist.owner = request.user
        shortlist.save()
        return redirect(shortlist)
    shortlists = Shortlist.objects.filter(owner=request.user).prefetch_related("items")
    return render(
        request, "directory/shortlist_index.html", {"shortlists": shortlists, "form": form}
    )


@login_required
@require_POST
def shortlist_add(request: AuthenticatedHttpRequest, service_id: int) -> HttpResponse:
    _member_required(request)
    service = get_object_or_404(
        Service.objects.visible().select_related("organisation"), pk=service_id
    )
    form = AddToShortlistForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, " ".join(map(str, form.non_field_errors())) or "Choose a list.")
        return redirect(service)
    shortlist = form.cleaned_data["shortlist"] or Shortlist.objects.create(
        owner=request.user, name=form.cleaned_data["new_name"].strip()
    )
    ShortlistItem.objects.get_or_create(shortlist=shortlist, service=service)
    messages.success(request, f"Added {service.name} to {shortlist.name}.")
    return redirect(service)


@login_required
@require_POST
def shortlist_remove(request: HttpRequest, token, item_id: int) -> HttpResponse:
    shortlist = _get_own_shortlist(request.user, token)
    ShortlistItem.objects.filter(shortlist=shortlist, pk=item_id).delete()
    return redirect(shortlist)


@login_required
@require_POST
def shortlist_delete(request: HttpRequest, token) -> HttpResponse:
    shortlist = _get_own_shortlist(request.user, token)
    shortlist.delete()
    messages.success(request, f"Deleted the list {shortlist.name}.")
    return redirect("directory:shortlists")


@login_required
@require_POST
def shortlist_sharing(request: HttpRequest, token) -> HttpResponse:
    shortlist = _get_own_shortlist(request.user, token)
    form = ShortlistSharingForm(request.POST, instance=shortlist)
    if not form.is_valid():
        context = _shortlist_context(request, shortlist) | {"sharing_form": form}
        return render(request, "directory/shortlist_detail.html", context, status=400)
    form.save()
    if shortlist.is_shared:
        messages.success(request, "Anyone with the link can open this list again.")
    else:
        messages.success(
            request, "Only you can open this list now: its link works for nobody else."
        )
    return redirect(shortlist)


@login_required
@require_POST
def shortlist_new_link(request: HttpRequest, token) -> HttpResponse:
    shortlist = _get_own_shortlist(request.user, token)
    shortlist.withdraw_link()
    messages.success(request, "The old link no longer opens this list. Share the new one instead.")
    return redirect(shortlist)


def shortlist_detail(request: HttpRequest, token) -> HttpResponse:
    """Anyone with the link sees the services on a shared list; who keeps it, what it is
    called and members-only details only members see."""
    shortlist = _get_openable_shortlist(request.user, token)
    if shortlist is None:
        # Never made, deleted, made private or its link withdrawn: one answer for all.
        return render(request, "directory/shortlist_unavailable.html", status=404)
    return render(
        request, "directory/shortlist_detail.html", _shortlist_context(request, shortlist)
    )


def _shortlist_context(request: HttpRequest, shortlist: Shortlist) -> dict:
    visible = Service.objects.visible().values("pk")
    items = list(
        shortlist.items.filter(service__in=visible)
        .select_related("service", "service__organisation")
        .prefetch_related(
            Prefetch(
                "service__service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location"),
            )
        )
    )
    for item in items:
        item.locations = [
            sal.location.view_for(request.user) for sal in item.service.service_at_locations.all()
        ]
    # The list shows each service's direct line (and only the towns of its locations).
    access_log.record(
        request.user,
        access_log.Surface.SHORTLIST,
        services=[item.service for item in items if item.service.direct_referral_line],
    )
    is_owner = policy.can_change_shortlist(request.user, shortlist)
    return {
        "shortlist": shortlist,
        "items": items,
        "is_owner": is_owner,
        "show_owner_and_name": policy.can_see_shortlist_owner_and_name(request.user, shortlist),
        "show_restricted": policy.can_see_restricted_details(request.user),
        "share_url": site_address.absolute(shortlist.get_absolute_url()),
        "sharing_form": ShortlistSharingForm(instance=shortlist) if is_owner else None,
    }
