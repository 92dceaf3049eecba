from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts import policy, services
from accounts.forms import AcceptInvitationForm, InvitationForm, JoinRequestForm
from accounts.models import Invitation, JoinRequest, Membership
from directory.models import Organisation


def _get_organisation_for_admin(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not policy.can_invite_to(request.user, organisation):
        raise PermissionDenied
    return organisation


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    memberships = request.user.memberships.select_related("organisation")
    return render(request, "accounts/profile.html", {"memberships": memberships})


@login_required
def organisation_members(request: HttpRequest, slug: str) -> HttpResponse:
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
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    if not invitation.is_usable:
        return render(
            request, "accounts/invitation_unusable.html", {"invitation": invitation}, status=410
        )
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        user = services.accept_invitation(
            invitation,
            display_name=form.cleaned_data["display_name"],
            job_title=form.cleaned_data["job_title"],
            password=form.cleaned_data["password1"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request, f"Welcome to Waymark. You are now a member of {invitation.organisation}."
        )
        return redirect("/")
    return render(
        request, "accounts/accept_invitation.html", {"invitation": invitation, "form": form}
    )


def join(request: HttpRequest) -> HttpResponse:
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
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
def decide_join_request(request: HttpRequest, pk: int) -> HttpResponse:
    if not policy.can_decide_join_requests(request.user):
        raise PermissionDenied
    join_request = get_object_or_404(JoinRequest, pk=pk, status=JoinRequest.Status.PENDING)
    approve = request.POST.get("decision") == "approve"
    services.decide_join_request(join_request, approve=approve, decided_by=request.user)
    verb = "approved: an invitation is on its way" if approve else "declined"
    messages.success(request, f"The request from {join_request.name} was {verb}.")
    return redirect("accounts:join_requests")
