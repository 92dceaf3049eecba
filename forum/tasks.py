"""E-mail for forum notifications, sent through the task queue.

E-mail leaves the network through outside mail providers. About anything the public may
not read, an e-mail says only that there is something new and links to it: no title, no
excerpt, no names (``policy.may_travel_by_email``, asked in ``_entry`` alone). About a
public thread it may name the thread and the sender, with an excerpt whose personal data
is masked.
"""

from __future__ import annotations

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from accounts import policy
from core.site_address import absolute
from forum import safeguarding
from forum.markdown import plain_text

EXCERPT_LENGTH = 200
PRIVATE_PLACES = {
    "members": "a members-only discussion",
    "group": "a private group's discussion",
}


def _excerpt(post) -> str:
    text = safeguarding.mask(plain_text(post.html))
    if len(text) > EXCERPT_LENGTH:
        text = text[:EXCERPT_LENGTH].rsplit(" ", 1)[0] + "…"
    return text


def _entry(notification) -> dict:
    """What an e-mail may say about one notification: the only place that decides it."""
    post = notification.post
    url = absolute(post.get_absolute_url())
    if not policy.may_travel_by_email(post.audiences()):
        place = PRIVATE_PLACES.get(post.thread.category.access, "a discussion")
        return {"line": f"New activity in {place} on Waymark", "url": url, "excerpt": ""}
    who = post.author.name if post.author else "Someone"
    return {
        "line": f'{who} {notification.get_kind_display()}: "{post.thread.title}"',
        "url": url,
        "excerpt": _excerpt(post),
    }


def _visible(notification) -> bool:
    post = notification.post
    return (
        notification.user.is_active
        and post.is_visible
        and policy.can_see(notification.user, post.thread.audiences())
    )


@task()
def send_notification_email(notification_id: int) -> bool:
    from forum.models import Notification

    notification = (
        Notification.objects.select_related("user", "post__author", "post__thread__category")
        .filter(pk=notification_id, emailed_at__isnull=True)
        .first()
    )
    # Access is checked again at sending: a membership may have ended since.
    if notification is None or not _visible(notification):
        return False
    entry = _entry(notification)
    send_mail(
        subject=entry["line"],
        message=render_to_string("forum/email/notification.txt", entry),
        from_email=None,
        recipient_list=[notification.user.email],
    )
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])
    return True


@task()
def send_digest(user_id: int) -> int:
    from forum.models import Notification

    notifications = [
        n
        for n in Notification.objects.select_related(
            "user", "post__author", "post__thread__category"
        ).filter(user_id=user_id, emailed_at__isnull=True, read_at__isnull=True)
        if _visible(n)
    ]
    if not notifications:
        return 0
    user = notifications[0].user
    send_mail(
        subject=f"Your Waymark forum digest: {len(notifications)} new",
        message=render_to_string(
            "forum/email/digest.txt",
            {
                "user": user,
                "entries": [_entry(n) for n in notifications],
                "settings_url": absolute("/forum/notifications/"),
            },
        ),
        from_email=None,
        recipient_list=[user.email],
    )
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
        emailed_at=timezone.now()
    )
    return len(notifications)
