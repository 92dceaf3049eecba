"""What the directory holds about a person, for their copy of their data
(accounts/data_export.py): their shortlists, the listings they reported, the spaces they
said a safe house had, and the access log's entries of what they were shown."""

from __future__ import annotations

from accounts.data_export import Held, section
from directory.models import AccessLogEntry, Availability, ListingReport, Shortlist


@section
def directory(user) -> Held:
    shortlists = Shortlist.objects.filter(owner=user).prefetch_related(
        "items__service__organisation"
    )
    return {
        "Shortlists": [
            {
                "name": shortlist.name,
                "shared by its link": shortlist.is_shared,
                "made": shortlist.created_at,
                "changed": shortlist.updated_at,
                "services": [
                    {
                        "service": item.service.name,
                        "organisation": item.service.organisation.name,
                        "note": item.note,
                        "added": item.added_at,
                    }
                    for item in shortlist.items.all()
                ],
            }
            for shortlist in shortlists
        ],
        "Listings you reported": [
            {
                "organisation": report.organisation.name,
                "service": report.service.name if report.service else "",
                "reason": report.get_reason_display(),
                "details": report.details,
                "your e-mail": report.reporter_email,
                "status": report.get_status_display(),
                "reported": report.created_at,
                "resolved": report.resolved_at,
            }
            for report in ListingReport.objects.filter(reporter=user).select_related(
                "organisation", "service"
            )
        ],
        "Space tonight you last set": [
            {
                "service": a.service.name,
                "state": a.get_state_display(),
                "note": a.note,
                "when": a.updated_at,
            }
            for a in Availability.objects.filter(updated_by=user).select_related("service")
        ],
        "Confidential details you were shown": [
            {
                "what": entry.record,
                "organisation": entry.organisation.name,
                "where": entry.get_surface_display(),
                "when": entry.viewed_at,
            }
            for entry in AccessLogEntry.objects.filter(viewer=user).select_related("organisation")
        ],
    }
