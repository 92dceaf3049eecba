from django.urls import path

from accounts import closing_views, data_export_views, views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("data/", data_export_views.your_data, name="data_export"),
    path("data/<str:token>/", data_export_views.download, name="download_data_export"),
    path("close/", closing_views.close_own_account, name="close_account"),
    path("people/<int:pk>/close/", closing_views.close_account_of, name="close_account_of"),
    path("privacy/", closing_views.privacy_review, name="privacy_review"),
    path("join/", views.join, name="join"),
    path("join-requests/", views.join_requests, name="join_requests"),
    path("join-requests/<int:pk>/decide/", views.decide_join_request, name="decide_join_request"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path(
        "organisations/<slug:slug>/members/",
        views.organisation_members,
        name="organisation_members",
    ),
    path(
        "organisations/<slug:slug>/members/<int:membership_id>/remove/",
        views.remove_member,
        name="remove_member",
    ),
]
