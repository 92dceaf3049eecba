"""How long the accounts app keeps join requests, invitations and sign-in sessions."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sessions.models import Session
from django.db.models import QuerySet

from accounts.models import Invitation, JoinRequest
from core.retention import rule


@rule("declined_join_requests", "Declined join requests")
def declined_join_requests(cutoff: datetime) -> QuerySet[JoinRequest]:
    return JoinRequest.objects.filter(status=JoinRequest.Status.DECLINED, decided_at__lt=cutoff)


@rule("expired_invitations", "Invitations that expired unused")
def expired_invitations(cutoff: datetime) -> QuerySet[Invitation]:
    return Invitation.objects.filter(accepted_at__isnull=True, expires_at__lt=cutoff)


@rule("login_records", "Sign-in sessions that have ended")
def ended_sessions(cutoff: datetime) -> QuerySet[Session]:
    return Session.objects.filter(expire_date__lt=cutoff)
