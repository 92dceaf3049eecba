from django.urls import re_path

from guidance import views

app_name = "guidance"

urlpatterns = [
    re_path(r"^(?P<path>(?:[\w\-]+/)*[\w\-]+\.ics)$", views.calendar_file, name="calendar_file"),
    re_path(
        r"^media/(?P<path>(?:original_images|images)/[^/]+)$", views.image_file, name="image_file"
    ),
]
