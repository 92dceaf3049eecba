from django.urls import path

from forum import views
from forum.feeds import CategoryFeed

app_name = "forum"

urlpatterns = [
    path("", views.index, name="index"),
    path("mentions/", views.mention_suggestions, name="mentions"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/", views.open_notification, name="open_notification"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/flags/<int:pk>/resolve/", views.resolve_flag, name="resolve_flag"),
    path("moderation/people/<int:pk>/suspend/", views.suspend_user, name="suspend"),
    path("c/<slug:slug>/", views.category_detail, name="category"),
    path("c/<slug:slug>/new/", views.new_thread, name="new_thread"),
    path("c/<slug:slug>/feed/", CategoryFeed(), name="feed"),
    path("watch/<str:kind>/<int:pk>/", views.watch, name="watch"),
    path("t/<int:pk>/", views.thread_detail, name="thread_short"),
    path("t/<int:thread_pk>/reply/", views.reply, name="reply_thread"),
    path("t/<int:pk>/<slug:slug>/", views.thread_detail, name="thread"),
    path("t/<int:pk>/moderate/<str:action>/", views.moderate_thread, name="moderate_thread"),
    path("post/<int:pk>/", views.post_redirect, name="post"),
    path("post/<int:pk>/replies/", views.subtree, name="subtree"),
    path("post/<int:pk>/reply/", views.reply, name="reply"),
    path("post/<int:pk>/edit/", views.edit_post, name="edit"),
    path("post/<int:pk>/history/", views.post_history, name="history"),
    path("post/<int:pk>/delete/", views.delete_post, name="delete"),
    path("post/<int:pk>/flag/", views.flag_post, name="flag"),
    path("post/<int:pk>/redact/", views.redact_post, name="redact"),
    path("post/<int:pk>/moderate/<str:action>/", views.moderate_post, name="moderate_post"),
]
