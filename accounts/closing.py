"""Closing an account (UK GDPR article 17, the right to erasure).

The account stays as an empty shell so that what must stay keeps its shape: threads,
pathway sign-offs (with their organisation and date), moderation records and edit histories
point to it, and it shows as "A former member of <organisation>". Everything that said who
the person was goes: name, handle, job title, e-mail address, password, authenticators,
memberships, invitations, join requests, group places, sessions (signed out everywhere).

Each content app hands over its own records when ``account_closing`` is sent (before the
profile is emptied, so receivers still see the old name, handle and e-mail address):
``forum/closing.py``, ``directory/closing.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import F, JSONField, Model, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.dispatch import Signal
from django.utils import timezone

from accounts import handles, policy
from accounts.models import DataExport, Invitation, JoinRequest, Membership, User

# Sent with ``user`` and ``identity`` (an ``Identity``) inside the closing transaction.
account_closing = Signal()


@dataclass(frozen=True)
class Identity:
    """Who the person was, and what they are called from now on."""

    pk: int
    names: tuple[str, ...]  # as written: their display name, their full name
    handle: str
    email: str
    former_name: str  # "A former member of <organisation>"

    def scrub(self, text: str) -> str:
        """``text`` with every mention of the person (``@handle``, their name, their address)
        replaced by their former name."""
        return self.pattern().sub(self.former_name, text) if text else text

    def scrub_value(self, value: Any) -> Any:
        """``scrub`` for text, and for every string inside JSON-like data."""
        if isinstance(value, str):
            return self.scrub(value)
        if isinstance(value, list):
            return [self.scrub_value(item) for item in value]
        if isinstance(value, dict):
            return {key: self.scrub_value(item) for key, item in value.items()}
        return value

    def pattern(self) -> re.Pattern[str]:
        words = [f"@{self.handle}", self.email, *self.names]
        alternatives = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
        return re.compile(rf"(?<![\w.@-])(?:{alternatives})(?![\w-])", re.IGNORECASE)

    def found_in(self, field: str) -> Q:
        """Records whose ``field`` may mention the person (``scrub`` decides)."""
        query = Q(**{f"{field}__icontains": f"@{self.handle}"})
        query |= Q(**{f"{field}__icontains": self.email})
        for name in self.names:
            query |= Q(**{f"{field}__icontains": name})
        return query


def scrub(model: type[Model], identity: Identity, *fields: str) -> list[Any]:
    """Rewrite ``fields`` of every ``model`` record that mentions the person (saved one by
    one, so the search outbox sees each change); returns the records changed. A JSON field
    has each of its strings rewritten."""
    records = model._default_manager.all()
    mentions = Q()
    for field in fields:
        if isinstance(model._meta.get_field(field), JSONField):
            records = records.annotate(**{f"{field}_as_text": Cast(field, TextField())})
            field = f"{field}_as_text"
        mentions |= identity.found_in(field)
    changed = []
    for record in records.filter(mentions):
        for field in fields:
            setattr(record, field, identity.scrub_value(getattr(record, field)))
        record.save(update_fields=list(fields))
        changed.append(record)
    return changed


def former_name(user: User) -> str:
    first = (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("created_at", "pk")
        .first()
    )
    return f"A former member of {first.organisation.name}" if first else "A former member"


def identity_of(user: User) -> Identity:
    full_name = f"{user.first_name} {user.last_name}".strip()
    # A single short word ("Jo") would match too much of other people's text.
    names = tuple(n for n in (user.display_name, full_name) if len(n) >= 3 and " " in n)
    return Identity(
        pk=user.pk,
        names=names,
        handle=user.handle,
        email=user.email,
        former_name=former_name(user),
    )


def sign_out_everywhere(user: User) -> int:
    """Delete every session signed in as ``user`` (sessions are kept in the database)."""
    live = Session.objects.filter(expire_date__gt=timezone.now())
    theirs = [s.pk for s in live.iterator() if s.get_decoded().get("_auth_user_id") == str(user.pk)]
    return Session.objects.filter(pk__in=theirs).delete()[0]


def _forget_sign_in(user: User) -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from wagtail.users.models import UserProfile

    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    UserProfile.objects.filter(user=user).delete()
    # Not installed today; should they be, their records of the person go too.
    for label, model in (
        ("allauth.socialaccount", "socialaccount.SocialAccount"),
        ("allauth.usersessions", "usersessions.UserSession"),
    ):
        if apps.is_installed(label):
            apps.get_model(model).objects.filter(user=user).delete()


def _forget_places(user: User, identity: Identity) -> None:
    Membership.objects.filter(user=user).delete()
    user.private_groups.clear()
    user.groups.clear()
    user.user_permissions.clear()
    Invitation.objects.filter(email__iexact=identity.email).delete()
    JoinRequest.objects.filter(email__iexact=identity.email).delete()
    DataExport.objects.filter(user=user).delete()  # copies of their data, ready or not


def _scrub_admin_history(identity: Identity) -> None:
    """The admins' histories of edits name each record as it was called then, and keep what
    changed: a change to the person's account, membership or invitation, or a revision of a
    page or listing that named them, would keep their name."""
    from django.contrib.admin.models import LogEntry
    from wagtail.models import ModelLogEntry, PageLogEntry, Revision

    scrub(ModelLogEntry, identity, "label", "data")
    scrub(PageLogEntry, identity, "label", "data")
    scrub(Revision, identity, "object_str", "content")
    scrub(LogEntry, identity, "object_repr", "change_message")


def _empty_profile(user: User, identity: Identity) -> None:
    user.display_name = identity.former_name
    user.first_name = user.last_name = user.job_title = ""
    user.email = f"closed-{user.pk}@closed.invalid"
    user.handle = handles.unique(f"former.{user.pk}", for_pk=user.pk)
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = False
    user.last_login = None
    user.suspended_until = None
    user.save()


@transaction.atomic
def close_account(user: User) -> None:
    """Close ``user``'s account for good: see the module's description."""
    user = User.objects.select_for_update().get(pk=user.pk)
    identity = identity_of(user)
    account_closing.send(sender=User, user=user, identity=identity)
    sign_out_everywhere(user)
    _forget_sign_in(user)
    _forget_places(user, identity)
    _scrub_admin_history(identity)
    _empty_profile(user, identity)
    policy.forget(user)


def unused_accounts(now: datetime | None = None) -> QuerySet[User]:
    """Open accounts nobody has signed in to for ``RETENTION_DAYS["unused_accounts"]`` days
    (or ever, since they were made that long ago): listed for coordinators to close."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.RETENTION_DAYS["unused_accounts"])
    never_used = Q(last_login__isnull=True, date_joined__lt=cutoff)
    return User.objects.filter(Q(last_login__lt=cutoff) | never_used, is_active=True).order_by(
        F("last_login").asc(nulls_first=True), "pk"
    )
