from django.urls import path

from search import views

app_name = "api"

urlpatterns = [
    path("search", views.search_api, name="search"),
    path("search/suggest", views.suggest_api, name="search-suggest"),
]
