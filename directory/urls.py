from django.urls import path

from directory import views

app_name = "directory"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.organisation_detail, name="organisation"),
    path("<slug:slug>/services/<slug:service_slug>/", views.service_detail, name="service"),
]
