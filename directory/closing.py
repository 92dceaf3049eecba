"""What the directory does when someone closes their account (``accounts.closing``): their
shortlists go; the confidential-address access log keeps each entry (the organisation's
record of who was shown what) under their former name; problem reports forget their address
and keep the report; listings that named them say "A former member of <organisation>"."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from accounts.closing import Identity, account_closing, scrub
from accounts.models import User
from directory.models import AccessLogEntry, ListingReport, Organisation, Service, Shortlist


@receiver(account_closing, dispatch_uid="directory-account-closing")
def hand_over_directory_records(sender: Any, user: User, identity: Identity, **kwargs: Any) -> None:
    Shortlist.objects.filter(owner=user).delete()
    AccessLogEntry.objects.filter(viewer=user).update(viewer_label=identity.former_name)
    ListingReport.objects.filter(reporter_email__iexact=identity.email).update(reporter_email="")
    scrub(ListingReport, identity, "details", "coordinator_notes")
    # A listing that named them as its contact, or in its members' notes, no longer does.
    scrub(Service, identity, "referral_contact_name", "members_notes")
    scrub(Organisation, identity, "members_notes")
