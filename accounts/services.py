"""Domain actions on accounts that span several models."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts import policy
from accounts.models import Invitation, JoinRequest, Membership, User
from core import site_address

if TYPE_CHECKING:
    from accounts.forms import JoinRequestForm
    from directory.models import Organisation


def send_invitation(invitation: Invitation) -> None:
    url = site_address.absolute(reverse("accounts:accept_invitation", args=[invitation.token]))
    privacy_url = site_address.absolute(reverse("guidance:privacy"))
    body = render_to_string(
        "accounts/email/invitation.txt",
        {"invitation": invitation, "url": url, "privacy_url": privacy_url},
    )
    send_mail(
        f"You are invited to join {invitation.organisation.name} on Waymark",
        body,
        None,
        [invitation.email],
    )


@transaction.atomic
def invite(
    *, email: str, organisation: Organisation, role: str, invited_by: User | None
) -> Invitation:
    invitation = Invitation.objects.create(
        email=email.lower(), organisation=organisation, role=role, invited_by=invited_by
    )
    transaction.on_commit(lambda: send_invitation(invitation))
    return invitation


class InvitationRefused(Exception):
    """The invitation cannot be used this way; the message says what to do instead."""


def account_for(invitation: Invitation) -> User | None:
    return User.objects.filter(email__iexact=invitation.email).first()


def _claim(invitation: Invitation) -> Invitation:
    """Lock the invitation for this transaction; refuse it when used or expired meanwhile."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_usable:
        raise InvitationRefused("This invitation has already been used or has expired.")
    return locked


def _join(invitation: Invitation, user: User) -> None:
    Membership.objects.update_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    policy.forget(user)


@transaction.atomic
def create_account_from_invitation(
    invitation: Invitation, *, display_name: str, job_title: str, password: str
) -> User:
    """A new person: their account, with the invited address proven by the link.
    Nobody is signed in; they sign in as any member does."""
    invitation = _claim(invitation)
    if account_for(invitation) is not None:
        raise InvitationRefused(
            "There is already a Waymark account for this address. Sign in to accept."
        )
    user = User.objects.create_user(
        invitation.email, password, display_name=display_name, job_title=job_title
    )
    _mark_email_verified(user)
    _join(invitation, user)
    return user


@transaction.atomic
def accept_invitation(invitation: Invitation, user: User) -> None:
    """An existing account accepts, signed in as itself: nothing about the account changes
    but the new membership."""
    invitation = _claim(invitation)
    if not user.is_authenticated or user.email.lower() != invitation.email.lower():
        raise InvitationRefused(
            f"This invitation is for {invitation.email}. Sign in with that address to accept."
        )
    _join(invitation, user)


def _mark_email_verified(user: User) -> None:
    """The invitation link reached this address, so the address is proven."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def request_to_join(form: JoinRequestForm) -> None:
    """Save a join request, unless one for the address is already waiting for a
    coordinator (the person is told the same either way)."""
    email = form.cleaned_data["email"]
    if not JoinRequest.objects.filter(
        email__iexact=email, status=JoinRequest.Status.PENDING
    ).exists():
        form.save()


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


@transaction.atomic
def make_coordinator(
    email: str, *, display_name: str = "", password: str | None = None
) -> tuple[User, bool]:
    """Give ``email`` the coordinator role, making the account first if there is none.

    An existing account keeps its name and password and only gains the role. A new account
    without a password gets an unusable one: its holder sets it from ``set_password_url``.
    Returns the user and whether the account is new."""
    from django.contrib.auth.models import Group

    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if user is None:
        user = User.objects.create_user(email, password, display_name=display_name)
        _mark_email_verified(user)  # the person running the install vouches for the address
    user.groups.add(Group.objects.get(name=policy.COORDINATORS))
    policy.forget(user)
    return user, created


def set_password_url(user: User) -> str:
    """allauth's own password-reset link: it works once (setting a password changes the
    hash the token is made from) and expires after PASSWORD_RESET_TIMEOUT."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return site_address.absolute(path)


def remove_member(membership: Membership) -> None:
    membership.delete()
    policy.forget(membership.user)
