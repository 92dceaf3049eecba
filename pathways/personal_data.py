"""What referral pathways hold about a person, for their copy of their data
(accounts/data_export.py): the pathways they drafted and the sign-offs they gave."""

from __future__ import annotations

from accounts.data_export import Held, section
from accounts.models import User
from pathways.models import Pathway, SignOff


@section
def pathways(user: User) -> Held:
    return {
        "Pathways you drafted": [
            {
                "pathway": p.title,
                "version": p.version,
                "status": p.get_status_display(),
                "drafted": p.created_at,
            }
            for p in Pathway.objects.filter(created_by=user).order_by("created_at")
        ],
        "Pathway sign-offs": [
            {
                "pathway": s.pathway.title,
                "version": s.pathway.version,
                "for": s.organisation.name,
                "signed": s.at,
                "withdrawn": s.withdrawn_at,
            }
            for s in SignOff.objects.filter(user=user).select_related("pathway", "organisation")
        ],
    }
