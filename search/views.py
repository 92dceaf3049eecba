from typing import TypeVar

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from core import caching
from core.params import printable
from search import params as search_params
from search.engine import search as run_search
from search.engine import suggest
from search.queries import FACETS
from search.results import TYPE_LABELS, Results

R = TypeVar("R", bound=HttpResponse)

# What people who are not signed in may find: kept for them half a minute at most, as the
# index follows a change a moment after it is saved.
VISITORS_SEE = (caching.PAGES, caching.DIRECTORY, caching.PATHWAYS)


@require_GET
@caching.page_cache(*VISITORS_SEE, fresh_for=30)
def search(request: HttpRequest) -> HttpResponse:
    params = search_params.parse(request.GET)
    searched = bool(params.q or params.filters or params.near or params.type)
    results = run_search(request.user, params) if searched else None
    tabs = []
    if results is not None:
        tabs = [("", "All", sum(results.type_counts.values()))] + [
            (kind, label, results.type_counts.get(kind, 0))
            for kind, label in TYPE_LABELS.items()
            if results.type_counts.get(kind)
        ]
    context = {
        "params": params,
        "results": results,
        "tabs": tabs,
        "active_filters": _active_filters(results),
        "facet_labels": FACETS,
        "facet_params": {v: k for k, v in search_params.FACET_PARAMS.items()}
        | {"accepting_referrals": "accepting"},
    }
    response = render(request, "search/search.html", context)
    return _not_kept_if_degraded(response, results)


def _active_filters(results: Results | None) -> int:
    """How many facet values the search is narrowed to, as "Filters (n)" says."""
    if results is None:
        return 0
    return sum(value.selected for values in results.facets.values() for value in values)


@require_GET
@caching.page_cache(*VISITORS_SEE, fresh_for=30)
def search_api(request: HttpRequest) -> JsonResponse:
    params = search_params.parse(request.GET)
    results = run_search(request.user, params)
    return _not_kept_if_degraded(JsonResponse(results.as_json()), results)


def _not_kept_if_degraded(response: R, results: Results | None) -> R:
    """The database's stand-in answers while Elasticsearch is away: not worth keeping."""
    if results is not None and results.degraded:
        patch_cache_control(response, no_store=True)
    return response


@require_GET
def suggest_api(request: HttpRequest) -> JsonResponse:
    prefix = printable(request.GET.get("q", ""))
    return JsonResponse({"query": prefix[:100], "suggestions": suggest(request.user, prefix)})
