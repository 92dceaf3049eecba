from django.urls import path

from pathways import views

app_name = "pathways"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("awaiting-sign-off/", views.awaiting_sign_off, name="awaiting_sign_off"),
    path("<slug:slug>/", views.current, name="current"),
    path("<slug:slug>/v<int:version>/", views.detail, name="version"),
    path("<slug:slug>/v<int:version>/edit/", views.edit, name="edit"),
    path("<slug:slug>/v<int:version>/propose/", views.propose, name="propose"),
    path("<slug:slug>/v<int:version>/withdraw/", views.withdraw, name="withdraw"),
    path(
        "<slug:slug>/v<int:version>/sign-off/<int:organisation>/",
        views.sign_off,
        name="sign_off",
    ),
    path("<slug:slug>/v<int:version>/new-version/", views.new_version, name="new_version"),
]
