from django.urls import path

from search import views

app_name = "api"

urlpatterns = [path("search", views.search_api, name="search")]
