from django.urls import path, re_path

from guidance import views

app_name = "guidance"

urlpatterns = [
    path("privacy/", views.privacy_notice, name="privacy"),
    re_path(r"^(?P<path>(?:[\w\-]+/)*[\w\-]+\.ics)$", views.calendar_file, name="calendar_file"),
    re_path(
        r"^media/(?P<path>(?:original_images|images)/[^/]+)$", views.image_file, name="image_file"
    ),
]
