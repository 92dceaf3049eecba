"""The access log of confidential details: one INSERT for everything sensitive a page showed.

A confidential location's address, and the members-only contacts (secure e-mail, direct line)
of an organisation or service that marked them sensitive, are shown only to whom the policy
lets see restricted details; every time they are, the page records it here
(see ``AccessLogEntry``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from accounts import policy
from directory.models import AccessLogEntry, Location, Organisation, Service

Surface = AccessLogEntry.Surface


def record(
    user,
    surface: str,
    *,
    locations: Iterable[Location] = (),
    services: Iterable[Service] = (),
    organisations: Iterable[Organisation] = (),
) -> int:
    """Log what of ``locations``, ``services`` and ``organisations`` was shown to ``user`` in
    full; returns how many entries were written (none for someone who sees only the public
    view)."""
    if not policy.can_see_restricted_details(user):
        return 0
    # What was shown: the line the log reads, whose record it is, and what it points at.
    shown = (
        [
            (
                f"Address of {location.name}, {location.town}",
                location.organisation_id,
                {"location": location},
            )
            for location in locations
            if location.is_confidential
        ]
        + [
            (
                f"Members-only contacts of {service.name}",
                service.organisation_id,
                {"service": service},
            )
            for service in services
            if service.has_sensitive_contacts
        ]
        + [
            (f"Secure e-mail of {organisation.name}", organisation.pk, {})
            for organisation in organisations
            if organisation.has_sensitive_contacts
        ]
    )
    now = timezone.now()
    label = _viewer_label(user) if shown else ""
    entries = [
        AccessLogEntry(
            organisation_id=organisation_id,
            record=text,
            viewer=user,
            viewer_label=label,
            surface=surface,
            viewed_at=now,
            **details,
        )
        for text, organisation_id, details in shown
    ]
    if entries:
        AccessLogEntry.objects.bulk_create(entries)
    return len(entries)


def _viewer_label(user) -> str:
    organisation = policy.primary_organisation(user)
    label = f"{user.name} <{user.email}>"
    return (f"{label}, {organisation.name}" if organisation else label)[:255]


def purge_before() -> datetime:
    return timezone.now() - timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)


def purge() -> int:
    """Delete the entries older than the retention period; returns how many went."""
    deleted, _ = AccessLogEntry.objects.filter(viewed_at__lt=purge_before()).delete()
    return deleted
