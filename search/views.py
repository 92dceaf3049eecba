from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.params import printable
from search import params as search_params
from search.engine import search as run_search
from search.engine import suggest
from search.queries import FACETS
from search.results import TYPE_LABELS, Results


@require_GET
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
    return render(request, "search/search.html", context)


def _active_filters(results: Results | None) -> int:
    """How many facet values the search is narrowed to, as "Filters (n)" says."""
    if results is None:
        return 0
    return sum(value.selected for values in results.facets.values() for value in values)


@require_GET
def search_api(request: HttpRequest) -> JsonResponse:
    params = search_params.parse(request.GET)
    return JsonResponse(run_search(request.user, params).as_json())


@require_GET
def suggest_api(request: HttpRequest) -> JsonResponse:
    prefix = printable(request.GET.get("q", ""))
    return JsonResponse({"query": prefix[:100], "suggestions": suggest(request.user, prefix)})
