"""The second factor in a session: did this session use it, and where staff go to get it.

allauth records every way a session authenticated (password, then ``mfa`` after a correct
authenticator or recovery code); the access policy withholds staff powers from a session
without the ``mfa`` record (``policy.note_second_factor``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

if TYPE_CHECKING:
    from accounts.models import User

# Where a person was going when they were asked for the second factor; the set-up pages
# (authenticator app, recovery codes) offer the way on to it.
DESTINATION_SESSION_KEY = "waymark_after_second_factor"


def used_in_session(request: HttpRequest) -> bool:
    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    )


def has_authenticator(user: User | AnonymousUser) -> bool:
    return bool(Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists())


def login_url(next_url: str) -> str:
    return reverse("account_login") + "?" + urlencode({"next": safe_destination(next_url)})


def safe_destination(url: str | None, request: HttpRequest | None = None) -> str:
    allowed = {request.get_host()} if request is not None else set()
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts=allowed):
        return url
    return "/"


@dataclass(frozen=True)
class Step:
    url: str
    message: str


def next_step(request: HttpRequest) -> Step:
    """Where a staff person without the second factor in this session goes: set up an
    authenticator app, or enter a code from it. Either way back to where they were going
    (for a form they sent, the page they sent it from)."""
    going_to = (
        request.get_full_path()
        if request.method in ("GET", "HEAD")
        else safe_destination(request.headers.get("referer"), request)
    )
    request.session[DESTINATION_SESSION_KEY] = going_to
    query = "?" + urlencode({"next": going_to})
    if not has_authenticator(request.user):
        return Step(
            reverse("mfa_activate_totp") + query,
            "Your role needs two-step sign-in. Set up an authenticator app on your phone "
            "to continue: it takes about two minutes.",
        )
    return Step(
        reverse("mfa_reauthenticate") + query,
        "Your role needs two-step sign-in. Enter the code from your authenticator app to continue.",
    )


def destination(request: HttpRequest) -> str:
    """Where to go on after setting up the second factor (the home page if nowhere)."""
    return safe_destination(request.session.get(DESTINATION_SESSION_KEY), request)


def record_set_up(request: HttpRequest) -> None:
    """Activating an authenticator app takes a correct code from it: from now on this
    session has used the second factor."""
    authenticator = Authenticator.objects.get(user=request.user, type=Authenticator.Type.TOTP)
    record_authentication(
        request, request.user, "mfa", id=authenticator.pk, type=authenticator.type
    )
