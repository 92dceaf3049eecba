"""What every page's header says about the forum."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import cached_property


class UnreadNotifications:
    """The signed-in person's unread notification count: one query (a count on an indexed
    column), made only when a template shows it."""

    def __init__(self, user) -> None:
        self.user = user

    @cached_property
    def count(self) -> int:
        from forum.models import Notification

        return Notification.objects.filter(user=self.user, read_at__isnull=True).count()


def notifications(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": UnreadNotifications(user)}
