"""An invitation never changes an existing account and never signs anybody in."""

import pytest
from django.contrib.auth import SESSION_KEY

from accounts.models import Invitation, Membership
from conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = {
    "display_name": "Mallory",
    "job_title": "Attacker",
    "password1": "taken-over-2026",
    "password2": "taken-over-2026",
}


@pytest.fixture
def invitation_to_coordinator(coordinator, organisation):
    """A coordinator's address invited to another organisation, e.g. by a colleague."""
    return Invitation.objects.create(
        email=coordinator.email.upper(), organisation=organisation, role="admin"
    )


def _link(invitation) -> str:
    return f"/accounts/invitation/{invitation.token}/"


def test_the_link_holder_cannot_set_a_password_for_an_existing_account(
    client, coordinator, invitation_to_coordinator
):
    old_password_hash = coordinator.password
    response = client.post(_link(invitation_to_coordinator), NEW_PASSWORD)

    coordinator.refresh_from_db()
    assert coordinator.password == old_password_hash
    assert coordinator.check_password(PASSWORD)
    assert coordinator.display_name != "Mallory"
    assert SESSION_KEY not in client.session
    assert not Membership.objects.filter(
        user=coordinator, organisation=invitation_to_coordinator.organisation
    ).exists()
    # The page asks the owner to sign in as they always do.
    assert response.status_code == 200
    assert b"Sign in to accept" in response.content
    assert b"password1" not in response.content
    invitation_to_coordinator.refresh_from_db()
    assert invitation_to_coordinator.accepted_at is None


def test_the_owner_signs_in_then_accepts_and_only_the_membership_changes(
    client, coordinator, invitation_to_coordinator, staff_login
):
    old_password_hash = coordinator.password
    staff_login(client, coordinator)
    page = client.get(_link(invitation_to_coordinator))
    assert b"Accept the invitation" in page.content
    assert not Membership.objects.filter(
        user=coordinator, organisation=invitation_to_coordinator.organisation
    ).exists()

    response = client.post(_link(invitation_to_coordinator))
    assert response.status_code == 302
    membership = Membership.objects.get(
        user=coordinator, organisation=invitation_to_coordinator.organisation
    )
    assert membership.role == "admin"
    coordinator.refresh_from_db()
    assert coordinator.password == old_password_hash
    # Single use.
    assert client.post(_link(invitation_to_coordinator)).status_code == 410


def test_somebody_else_signed_in_cannot_use_the_link(
    client, member, invitation_to_coordinator, coordinator
):
    client.force_login(member)
    for response in (
        client.get(_link(invitation_to_coordinator)),
        client.post(_link(invitation_to_coordinator), NEW_PASSWORD),
    ):
        assert response.status_code == 403
        assert coordinator.email.encode() not in response.content.lower()
    assert not Membership.objects.filter(
        organisation=invitation_to_coordinator.organisation, user=coordinator
    ).exists()
    invitation_to_coordinator.refresh_from_db()
    assert invitation_to_coordinator.accepted_at is None


def test_a_new_person_is_not_signed_in_and_meets_the_second_factor_at_first_sign_in(
    client, organisation
):
    invitation = Invitation.objects.create(
        email="new-admin@example.org", organisation=organisation, role="admin"
    )
    response = client.post(_link(invitation), {**NEW_PASSWORD, "display_name": "Nadia"})
    assert response.status_code == 302
    assert SESSION_KEY not in client.session

    client.post(
        "/accounts/login/",
        {"login": "new-admin@example.org", "password": NEW_PASSWORD["password1"]},
    )
    members_page = client.get(f"/accounts/organisations/{organisation.slug}/members/")
    assert members_page.status_code == 302
    assert "/accounts/2fa/totp/activate/" in members_page["Location"]


def test_an_account_made_after_the_invitation_was_opened_is_not_overwritten(client, organisation):
    invitation = Invitation.objects.create(email="race@example.org", organisation=organisation)
    assert b"password1" in client.get(_link(invitation)).content
    someone = make_user("race@example.org")
    before = someone.password
    client.post(_link(invitation), NEW_PASSWORD)
    someone.refresh_from_db()
    assert someone.password == before
    assert SESSION_KEY not in client.session
    assert not Membership.objects.filter(user=someone).exists()
