"""Reminders that an agreed pathway's sign-offs are about to lapse, or have lapsed, sent
through the task queue to the admins of the organisations taking part (who sign).

Each reminder is claimed once per version, kind and review date (``ReviewReminder``) in the
same transaction that queues its e-mails, so a second run of the daily job sends nothing.
E-mail leaves the network through outside mail providers: about a pathway the public may not
read it names no title, only that there is one to review, and links to it
(``policy.may_travel_by_email``).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django_tasks import task

from accounts import policy
from accounts.models import User
from pathways.models import Pathway, ReviewReminder
from search import outbox


def _absolute(url: str) -> str:
    return str(settings.WAGTAILADMIN_BASE_URL).rstrip("/") + url


@task()
def remind_reviewers() -> int:
    """Claims each reminder now due and queues one e-mail per admin; returns how many."""
    today = timezone.localdate()
    soon = today + timedelta(days=settings.PATHWAY_REVIEW_REMINDER_DAYS)
    due = Pathway.objects.filter(
        status=Pathway.Status.AGREED, review_date__isnull=False, review_date__lte=soon
    )
    claimed = 0
    for pathway in due:
        assert pathway.review_date is not None
        lapsed = pathway.review_date <= today
        kind = ReviewReminder.Kind.LAPSED if lapsed else ReviewReminder.Kind.DUE
        with transaction.atomic():
            reminder, created = ReviewReminder.objects.get_or_create(
                pathway=pathway, kind=kind, review_date=pathway.review_date
            )
            if not created:
                continue
            for user_id in policy.pathway_reviewers(pathway).values_list("pk", flat=True):
                send_review_reminder.enqueue(reminder.pk, user_id)
            if lapsed:
                outbox.queue_objects([pathway])  # its search result says "Lapsed" now
        claimed += 1
    return claimed


def _message(reminder: ReviewReminder) -> dict[str, str]:
    """What the e-mail may say: the only place that decides it."""
    pathway = reminder.pathway
    named = policy.may_travel_by_email(pathway.audiences())
    what = f'The referral pathway "{pathway.title}"' if named else "A members-only referral pathway"
    on = date_format(reminder.review_date, "j F Y")
    if reminder.kind == ReviewReminder.Kind.LAPSED:
        subject = f"{what} is no longer agreed: its sign-offs lapsed on {on}"
    else:
        subject = f"{what} is due for review: its sign-offs lapse on {on}"
    return {
        "subject": subject,
        "lapsed": str(reminder.kind == ReviewReminder.Kind.LAPSED),
        "url": _absolute(pathway.get_absolute_url()),
        "queue_url": _absolute(reverse("pathways:awaiting_sign_off")),
    }


@task()
def send_review_reminder(reminder_id: int, user_id: int) -> bool:
    reminder = ReviewReminder.objects.select_related("pathway").filter(pk=reminder_id).first()
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if reminder is None or user is None:
        return False
    pathway = reminder.pathway
    # Checked again at sending: the person may have stopped being an admin since.
    still_signs = policy.pathway_reviewers(pathway).filter(pk=user.pk).exists()
    if not still_signs or not policy.can_see(user, pathway.audiences()):
        return False
    message = _message(reminder)
    send_mail(
        subject=message["subject"],
        message=render_to_string("pathways/email/review_reminder.txt", message),
        from_email=None,
        recipient_list=[user.email],
    )
    return True
