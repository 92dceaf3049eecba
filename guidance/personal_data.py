"""What Wagtail's own records hold about a person, for their copy of their data
(accounts/data_export.py): what they did in the admin (pages, and the directory's listings
edited there), from Wagtail's audit log."""

from __future__ import annotations

from wagtail.models import ModelLogEntry, PageLogEntry

from accounts.data_export import Held, section


@section
def admin_history(user) -> Held:
    entries = [
        *PageLogEntry.objects.filter(user=user),
        *ModelLogEntry.objects.filter(user=user),
    ]
    entries.sort(key=lambda entry: entry.timestamp)
    return {
        "What you did in the admin": [
            {"what": str(entry.message), "on": entry.label, "when": entry.timestamp}
            for entry in entries
        ]
    }
