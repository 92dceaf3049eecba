from urllib.parse import urlencode

from allauth.core import ratelimit
from allauth.mfa.totp.views import ActivateTOTPView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts import policy, second_factor, services
from accounts.forms import AcceptInvitationForm, HandleForm, InvitationForm, JoinRequestForm
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Invitation, JoinRequest, Membership
from directory.models import Organisation


def _get_organisation_for_admin(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not policy.can_invite_to(request.user, organisation):
        raise PermissionDenied
    return organisation


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = HandleForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Your handle is now @{request.user.handle}.")
        return redirect("accounts:profile")
    memberships = request.user.memberships.select_related("organisation")
    return render(request, "accounts/profile.html", {"memberships": memberships, "form": form})


@login_required
def organisation_members(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = _get_organisation_for_admin(request, slug)
    form = InvitationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        services.invite(
            email=form.cleaned_data["email"],
            organisation=organisation,
            role=form.cleaned_data["role"],
            invited_by=request.user,
        )
        messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
        return redirect("accounts:organisation_members", slug=slug)
    context = {
        "organisation": organisation,
        "form": form,
        "memberships": organisation.memberships.select_related("user").order_by("user__email"),
        "invitations": organisation.invitations.filter(accepted_at__isnull=True),
    }
    return render(request, "accounts/organisation_members.html", context)


@login_required
@require_POST
def remove_member(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    organisation = _get_organisation_for_admin(request, slug)
    membership = get_object_or_404(Membership, pk=membership_id, organisation=organisation)
    if membership.user_id == request.user.pk:
        messages.error(request, "You cannot remove yourself. Ask another admin or a coordinator.")
    else:
        services.remove_member(membership)
        messages.success(
            request, f"{membership.user.name} no longer has access through {organisation}."
        )
    return redirect("accounts:organisation_members", slug=slug)


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """A new person makes their account here; someone who has one signs in and accepts.
    The link never changes an existing account and never signs anybody in."""
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    if not invitation.is_usable:
        return render(
            request, "accounts/invitation_unusable.html", {"invitation": invitation}, status=410
        )
    context: dict[str, object] = {"invitation": invitation}
    user = request.user
    if user.is_authenticated and user.email.lower() != invitation.email.lower():
        return render(request, "accounts/invitation_other_account.html", context, status=403)
    if services.account_for(invitation) is None:
        return _create_account(request, invitation)
    if not user.is_authenticated:
        context["login_url"] = reverse("account_login") + "?" + urlencode({"next": request.path})
        return render(request, "accounts/invitation_sign_in.html", context)
    if request.method == "POST":
        try:
            services.accept_invitation(invitation, user)
        except services.InvitationRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("accounts:profile")
        messages.success(request, f"You are now a member of {invitation.organisation}.")
        return redirect("accounts:profile")
    return render(request, "accounts/invitation_accept.html", context)


def _create_account(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_account_from_invitation(
                invitation,
                display_name=form.cleaned_data["display_name"],
                job_title=form.cleaned_data["job_title"],
                password=form.cleaned_data["password1"],
            )
        except services.InvitationRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                f"Your account is ready and you are a member of {invitation.organisation}. "
                "Sign in with your e-mail address and the password you chose.",
            )
            return redirect("account_login")
    return render(
        request, "accounts/accept_invitation.html", {"invitation": invitation, "form": form}
    )


def join(request: HttpRequest) -> HttpResponse:
    """Ask to join. The answer is the same whether or not a request for the address is
    already waiting (so the form tells nobody who has asked), and sending is throttled."""
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.consume(request, action="join_request", key=form.cleaned_data["email"]):
            form.add_error(None, "Too many requests from here. Please try again in an hour.")
            return render(request, "accounts/join.html", {"form": form}, status=429)
        services.request_to_join(form)
        return render(request, "accounts/join_sent.html", {"join_request": form.instance})
    return render(request, "accounts/join.html", {"form": form})


@login_required
def join_requests(request: HttpRequest) -> HttpResponse:
    if not policy.can_decide_join_requests(request.user):
        raise PermissionDenied
    pending = JoinRequest.objects.filter(status=JoinRequest.Status.PENDING).select_related(
        "organisation"
    )
    return render(request, "accounts/join_requests.html", {"join_requests": pending})


@login_required
@require_POST
def decide_join_request(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not policy.can_decide_join_requests(request.user):
        raise PermissionDenied
    join_request = get_object_or_404(JoinRequest, pk=pk, status=JoinRequest.Status.PENDING)
    approve = request.POST.get("decision") == "approve"
    services.decide_join_request(join_request, approve=approve, decided_by=request.user)
    verb = "approved: an invitation is on its way" if approve else "declined"
    messages.success(request, f"The request from {join_request.name} was {verb}.")
    return redirect("accounts:join_requests")


class SetUpAuthenticatorApp(ActivateTOTPView):  # type: ignore[misc]  # allauth is untyped
    """allauth's set-up of an authenticator app; the correct code it takes counts as this
    session's second factor, so staff go straight on to where they were going."""

    def form_valid(self, form: Form) -> HttpResponse:
        response: HttpResponse = super().form_valid(form)
        second_factor.record_set_up(self.request)
        return response
