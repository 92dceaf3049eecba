"""What accounts holds about a person, for their copy of their data (accounts/data_export.py)."""

from __future__ import annotations

from django.db.models import Q

from accounts.data_export import Held, section
from accounts.models import Invitation, JoinRequest, User


def _addresses(user: User) -> list[str]:
    from allauth.account.models import EmailAddress

    found = EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    return sorted({user.email.lower(), *(address.lower() for address in found)})


@section
def account(user: User) -> Held:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    addresses = _addresses(user)
    sent_to_them = Q()
    for address in addresses:
        sent_to_them |= Q(email__iexact=address)
    return {
        "Profile": [
            {
                "e-mail": user.email,
                "name": user.display_name,
                "first name": user.first_name,
                "last name": user.last_name,
                "handle": user.handle,
                "job title": user.job_title,
                "joined": user.date_joined,
                "last signed in": user.last_login,
                "account active": user.is_active,
                "may not post until": user.suspended_until,
                "roles": sorted(user.groups.values_list("name", flat=True)),
            }
        ],
        "E-mail addresses": [
            {"e-mail": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        # The kind of second factor and when it was set up, never its secret.
        "Second factor": [
            {"kind": a.get_type_display(), "set up": a.created_at, "last used": a.last_used_at}
            for a in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
        "Memberships": [
            {
                "organisation": m.organisation.name,
                "role": m.get_role_display(),
                "since": m.created_at,
            }
            for m in user.memberships.select_related("organisation").order_by("created_at")
        ],
        "Invitations you received": [
            {
                "organisation": i.organisation.name,
                "role": i.get_role_display(),
                "sent": i.created_at,
                "expires": i.expires_at,
                "accepted": i.accepted_at,
            }
            for i in Invitation.objects.filter(sent_to_them).select_related("organisation")
        ],
        # Whom they invited is the invitee's data: the organisation, role and dates only.
        "Invitations you sent": [
            {
                "organisation": i.organisation.name,
                "role": i.get_role_display(),
                "sent": i.created_at,
                "accepted": i.accepted_at is not None,
            }
            for i in Invitation.objects.filter(invited_by=user).select_related("organisation")
        ],
        "Requests to join": [
            {
                "name": r.name,
                "e-mail": r.email,
                "organisation": r.organisation.name,
                "job title": r.job_title,
                "message": r.message,
                "status": r.get_status_display(),
                "sent": r.created_at,
                "decided": r.decided_at,
            }
            for r in JoinRequest.objects.filter(sent_to_them).select_related("organisation")
        ],
    }
