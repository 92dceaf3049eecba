from django.urls import path

from directory import availability_views, views

app_name = "directory"

urlpatterns = [
    path("", views.index, name="index"),
    path("shortlists/", views.shortlist_index, name="shortlists"),
    path("shortlists/add/<int:service_id>/", views.shortlist_add, name="shortlist_add"),
    path("shortlists/<uuid:token>/", views.shortlist_detail, name="shortlist"),
    path("shortlists/<uuid:token>/delete/", views.shortlist_delete, name="shortlist_delete"),
    path("shortlists/<uuid:token>/sharing/", views.shortlist_sharing, name="shortlist_sharing"),
    path("shortlists/<uuid:token>/new-link/", views.shortlist_new_link, name="shortlist_new_link"),
    path(
        "shortlists/<uuid:token>/remove/<int:item_id>/",
        views.shortlist_remove,
        name="shortlist_remove",
    ),
    path("availability/", availability_views.own_services, name="availability"),
    path("tonight/", availability_views.board, name="tonight"),
    path("<slug:slug>/", views.organisation_detail, name="organisation"),
    path("<slug:slug>/report/", views.report_problem, name="report_organisation"),
    path("<slug:slug>/access-log/", views.organisation_access_log, name="access_log"),
    path("<slug:slug>/services/<slug:service_slug>/", views.service_detail, name="service"),
    path(
        "<slug:slug>/services/<slug:service_slug>/print/",
        views.service_print,
        name="service_print",
    ),
    path(
        "<slug:slug>/services/<slug:service_slug>/referral.txt",
        views.referral_details,
        name="referral_details",
    ),
    path(
        "<slug:slug>/services/<slug:service_slug>/availability/",
        availability_views.set_for_service,
        name="service_availability",
    ),
    path(
        "<slug:slug>/services/<slug:service_slug>/report/",
        views.report_problem,
        name="report_service",
    ),
]
