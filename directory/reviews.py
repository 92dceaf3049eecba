"""Keeping the directory fresh: review reminders to organisation admins, and the network's
freshness for the coordinators' dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from directory.models import Organisation, Service

SOON = "soon"
OVERDUE = "overdue"


def _due_soon(today: date):
    lead = timedelta(days=settings.REVIEW_REMINDER_DAYS)
    return (
        Organisation.objects.visible()
        .filter(next_review_due__gte=today, next_review_due__lte=today + lead)
        .exclude(review_reminder_sent_for=F("next_review_due"))
    )


def _overdue(today: date):
    return (
        Organisation.objects.visible()
        .filter(next_review_due__lt=today)
        .exclude(overdue_reminder_sent_for=F("next_review_due"))
    )


def reminders_due(today: date | None = None) -> list[tuple[int, str]]:
    """``(organisation id, SOON or OVERDUE)`` for each reminder not yet sent."""
    today = today or timezone.localdate()
    return [(pk, SOON) for pk in _due_soon(today).values_list("pk", flat=True)] + [
        (pk, OVERDUE) for pk in _overdue(today).values_list("pk", flat=True)
    ]


def send_reminder(organisation_id: int, kind: str, today: date | None = None) -> bool:
    """E-mail the organisation's admins that its review is near or past, once per review.
    What it says is public already: the entry's name and its review date."""
    today = today or timezone.localdate()
    pending = _overdue(today) if kind == OVERDUE else _due_soon(today)
    organisation = pending.filter(pk=organisation_id).first()
    if organisation is None:
        return False
    recipients = list(
        Membership.objects.filter(
            organisation=organisation, role=Membership.Role.ADMIN, user__is_active=True
        ).values_list("user__email", flat=True)
    )
    if recipients:
        edit_url = reverse("wagtailsnippets_directory_organisation:edit", args=[organisation.pk])
        send_mail(
            subject=(
                f"Review overdue: {organisation.name} in the directory"
                if kind == OVERDUE
                else f"Review due {organisation.next_review_due:%-d %B %Y}: {organisation.name}"
            ),
            message=render_to_string(
                "directory/email/review_reminder.txt",
                {
                    "organisation": organisation,
                    "overdue": kind == OVERDUE,
                    "edit_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + edit_url,
                },
            ),
            from_email=None,
            recipient_list=recipients,
        )
    marker = "overdue_reminder_sent_for" if kind == OVERDUE else "review_reminder_sent_for"
    Organisation.objects.filter(pk=organisation.pk).update(**{marker: organisation.next_review_due})
    return bool(recipients)


@dataclass(frozen=True)
class Freshness:
    live_services: int
    verified_within_12_months: int
    verified_within_6_months: int
    oldest: Organisation | None  # the live entry verified longest ago
    never_verified: int

    @staticmethod
    def _share(part: int, whole: int) -> int:
        return round(100 * part / whole) if whole else 0

    @property
    def share_12_months(self) -> int:
        return self._share(self.verified_within_12_months, self.live_services)

    @property
    def share_6_months(self) -> int:
        return self._share(self.verified_within_6_months, self.live_services)


def freshness(now: datetime | None = None) -> Freshness:
    now = now or timezone.now()
    verified_at = "organisation__verified_at"
    counts = Service.objects.visible().aggregate(
        total=Count("pk"),
        within_12=Count("pk", filter=Q(**{f"{verified_at}__gte": now - timedelta(days=365)})),
        within_6=Count("pk", filter=Q(**{f"{verified_at}__gte": now - timedelta(days=183)})),
    )
    organisations = Organisation.objects.visible()
    return Freshness(
        live_services=counts["total"],
        verified_within_12_months=counts["within_12"],
        verified_within_6_months=counts["within_6"],
        oldest=organisations.filter(verified_at__isnull=False)
        .order_by("verified_at")
        .only("pk", "name", "verified_at")
        .first(),
        never_verified=organisations.filter(verified_at__isnull=True).count(),
    )
