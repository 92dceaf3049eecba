"""What referral pathways do when someone closes their account (``accounts.closing``): their
sign-offs stay, with the organisation and the date (the account now reads "A former member
of <organisation>"); a pathway's text that names them (a step's "ask for Priya") says
"A former member of <organisation>" instead, and is indexed again."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from accounts.closing import Identity, account_closing, scrub
from accounts.models import User
from pathways.models import Pathway, PathwayStep


@receiver(account_closing, dispatch_uid="pathways-account-closing")
def hand_over_pathway_records(sender: Any, user: User, identity: Identity, **kwargs: Any) -> None:
    scrub(Pathway, identity, "title", "summary", "emergency_route")
    scrub(PathwayStep, identity, "action", "how_to_contact", "when_to_contact")
