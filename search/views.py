from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def search(request: HttpRequest) -> HttpResponse:
    return render(request, "search/search.html", {"query": request.GET.get("q", "")})


def search_api(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"query": request.GET.get("q", ""), "results": [], "count": 0})
