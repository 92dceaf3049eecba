"""How long the forum keeps notifications (with the record of their e-mail or digest) and
the text of posts their authors deleted. Redaction keeps no original already
(``Post.redact``)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet

from core.retention import rule
from forum.models import Notification, Post


@rule("notifications", "Forum notifications")
def old_notifications(cutoff: datetime) -> QuerySet[Notification]:
    return Notification.objects.filter(created_at__lt=cutoff)


def _forget_text(posts: QuerySet[Post]) -> int:
    return Post.forget_text(posts)


@rule("removed_posts", "Text of posts their authors deleted", purge=_forget_text)
def removed_posts(cutoff: datetime) -> QuerySet[Post]:
    return Post.objects.filter(is_removed=True, removed_at__lt=cutoff).exclude(source="")
