"""Domain actions on accounts that span several models."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts import policy
from accounts.models import Invitation, JoinRequest, Membership, User


def send_invitation(invitation: Invitation) -> None:
    url = settings.WAGTAILADMIN_BASE_URL + reverse(
        "accounts:accept_invitation", args=[invitation.token]
    )
    body = render_to_string("accounts/email/invitation.txt", {"invitation": invitation, "url": url})
    send_mail(
        f"You are invited to join {invitation.organisation.name} on Waymark",
        body,
        None,
        [invitation.email],
    )


@transaction.atomic
def invite(*, email: str, organisation, role: str, invited_by) -> Invitation:
    invitation = Invitation.objects.create(
        email=email.lower(), organisation=organisation, role=role, invited_by=invited_by
    )
    transaction.on_commit(lambda: send_invitation(invitation))
    return invitation


@transaction.atomic
def accept_invitation(
    invitation: Invitation, *, display_name: str, job_title: str, password: str
) -> User:
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is None:
        user = User.objects.create_user(
            invitation.email, password, display_name=display_name, job_title=job_title
        )
    else:
        user.display_name, user.job_title = display_name, job_title
        user.set_password(password)
        user.save(update_fields=["display_name", "job_title", "password"])
    Membership.objects.update_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    _mark_email_verified(user)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    policy.forget(user)
    return user


def _mark_email_verified(user: User) -> None:
    """The invitation link reached this address, so the address is proven."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


@transaction.atomic
def decide_join_request(join_request: JoinRequest, *, approve: bool, decided_by: User) -> None:
    join_request.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
    join_request.decided_by = decided_by
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at"])
    if approve:
        invite(
            email=join_request.email,
            organisation=join_request.organisation,
            role=Membership.Role.MEMBER,
            invited_by=decided_by,
        )


def remove_member(membership: Membership) -> None:
    membership.delete()
    policy.forget(membership.user)
