"""Closing an account (one's own, or anyone's for a coordinator) and the coordinators'
privacy review: what the next retention purge removes, and accounts nobody uses."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from accounts import closing, policy
from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from core import retention
from core.forms import Form

UNUSED_SHOWN = 200


class CloseAccountForm(Form):
    confirm = forms.BooleanField(
        label="I understand that closing the account cannot be undone",
        error_messages={"required": "Tick the box to confirm that the account should close."},
    )


def _get_closable(request: HttpRequest, pk: int) -> User:
    target = get_object_or_404(User, pk=pk, is_active=True)
    if not policy.may_close_account(request.user, target):
        raise PermissionDenied("You may close only your own account.")
    return target


def _close(request: HttpRequest, target: User, *, own: bool) -> HttpResponse | None:
    form = CloseAccountForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        closing.close_account(target)
        return None
    context = {"form": form, "target": target, "own": own, "former": closing.former_name(target)}
    return render(request, "accounts/close_account.html", context)


@login_required
def close_own_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    target = _get_closable(request, request.user.pk)
    response = _close(request, target, own=True)
    if response is not None:
        return response
    logout(request)
    messages.success(request, "Your account is closed, and you are signed out everywhere.")
    return redirect("/")


@login_required
def close_account_of(request: HttpRequest, pk: int) -> HttpResponse:
    target = _get_closable(request, pk)
    name = target.name
    response = _close(request, target, own=target.pk == request.user.pk)
    if response is not None:
        return response
    if target.pk == request.user.pk:
        logout(request)
        return redirect("/")
    messages.success(request, f"The account of {name} is closed.")
    return redirect("accounts:privacy_review")


@login_required
def privacy_review(request: HttpRequest) -> HttpResponse:
    if not policy.can_review_privacy(request.user):
        raise PermissionDenied
    unused = closing.unused_accounts().prefetch_related("memberships__organisation")[:UNUSED_SHOWN]
    context = {
        "due": retention.due(),
        "unused": unused,
        "unused_days": settings.RETENTION_DAYS["unused_accounts"],
    }
    return render(request, "accounts/privacy_review.html", context)
