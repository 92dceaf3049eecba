from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "forum/index.html")


def pathway_index(request: HttpRequest) -> HttpResponse:
    return render(request, "forum/pathway_index.html")
