"""Closed sign-up: people join by invitation or by a request a coordinator approves."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Invitation, JoinRequest, Membership, User

pytestmark = pytest.mark.django_db


def _invitation_link(message) -> str:
    link = re.search(r"http://\S+(/accounts/invitation/\S+/)", message.body)
    assert link, message.body
    return link.group(1)


def test_there_is_no_open_sign_up(client):
    response = client.get("/accounts/signup/")
    assert b"Sign up" not in response.content or response.status_code != 200
    client.post(
        "/accounts/signup/",
        {"email": "x@example.org", "password1": "a-Long-pass-99", "password2": "a-Long-pass-99"},
    )
    assert not User.objects.filter(email="x@example.org").exists()


def test_an_org_admin_invites_and_the_invitee_joins(
    client, org_admin, organisation, staff_login, django_capture_on_commit_callbacks
):
    staff_login(client, org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/accounts/organisations/{organisation.slug}/members/",
            {"email": "New@Example.org", "role": "member"},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new@example.org"]
    client.logout()

    link = _invitation_link(mail.outbox[0])
    response = client.post(
        link,
        {
            "display_name": "Nia",
            "job_title": "Caseworker",
            "password1": "safe-route-2026",
            "password2": "safe-route-2026",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    user = User.objects.get(email="new@example.org")
    assert Membership.objects.filter(user=user, organisation=organisation, role="member").exists()
    # Nobody is signed in by the link: the new member signs in as anyone does.
    assert not client.get("/").wsgi_request.user.is_authenticated
    response = client.post(
        "/accounts/login/", {"login": "new@example.org", "password": "safe-route-2026"}
    )
    assert client.get("/").wsgi_request.user == user
    # The link is spent.
    client.logout()
    assert client.get(link).status_code == 410


def test_an_expired_invitation_is_refused(client, organisation):
    invitation = Invitation.objects.create(
        email="late@example.org",
        organisation=organisation,
        expires_at=timezone.now() - timedelta(days=1),
    )
    response = client.get(f"/accounts/invitation/{invitation.token}/")
    assert response.status_code == 410
    assert b"expired" in response.content


def test_a_weak_password_is_refused_with_a_clear_message(client, organisation):
    invitation = Invitation.objects.create(email="weak@example.org", organisation=organisation)
    response = client.post(
        f"/accounts/invitation/{invitation.token}/",
        {"display_name": "W", "job_title": "X", "password1": "password", "password2": "password"},
    )
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert not User.objects.filter(email="weak@example.org").exists()


def test_a_member_cannot_invite_and_another_orgs_admin_cannot_either(
    client, member, other_org_admin, organisation, staff_login
):
    for user in (member, other_org_admin):
        staff_login(client, user)
        response = client.post(
            f"/accounts/organisations/{organisation.slug}/members/",
            {"email": "x@example.org", "role": "admin"},
        )
        assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_an_org_admin_removes_a_member(client, org_admin, member, organisation, staff_login):
    staff_login(client, org_admin)
    membership = Membership.objects.get(user=member)
    response = client.post(
        f"/accounts/organisations/{organisation.slug}/members/{membership.pk}/remove/"
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_a_join_request_waits_for_a_coordinator_who_approves_it(
    client, coordinator, organisation, staff_login, django_capture_on_commit_callbacks
):
    response = client.post(
        "/accounts/join/",
        {
            "name": "Sam Lee",
            "email": "sam@example.org",
            "job_title": "Nurse",
            "organisation": organisation.pk,
        },
    )
    assert response.status_code == 200 and b"Request sent" in response.content
    join_request = JoinRequest.objects.get(email="sam@example.org")

    staff_login(client, coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/accounts/join-requests/{join_request.pk}/decide/", {"decision": "approve"})
    join_request.refresh_from_db()
    assert join_request.status == "approved"
    assert Invitation.objects.filter(email="sam@example.org", organisation=organisation).exists()
    assert mail.outbox[-1].to == ["sam@example.org"]


def test_a_member_cannot_decide_join_requests(client, member, organisation):
    join_request = JoinRequest.objects.create(
        name="X", email="x@example.org", job_title="Y", organisation=organisation
    )
    client.force_login(member)
    assert client.get("/accounts/join-requests/").status_code == 403
    assert (
        client.post(
            f"/accounts/join-requests/{join_request.pk}/decide/", {"decision": "approve"}
        ).status_code
        == 403
    )
    join_request.refresh_from_db()
    assert join_request.status == "pending"


def _join_form(organisation, email="sam@example.org") -> dict[str, object]:
    return {"name": "Sam", "email": email, "job_title": "Nurse", "organisation": organisation.pk}


def test_a_second_request_for_a_waiting_address_gets_the_same_answer_and_is_not_kept(
    client, organisation
):
    first = client.post("/accounts/join/", _join_form(organisation))
    second = client.post("/accounts/join/", _join_form(organisation, email="SAM@example.org"))
    # Whether a request for the address is waiting is nobody's business: the same answer.
    assert first.status_code == second.status_code == 200
    assert first.content.replace(b"SAM@", b"sam@") == second.content.replace(b"SAM@", b"sam@")
    assert b"already waiting" not in second.content
    assert JoinRequest.objects.count() == 1


def test_the_join_form_lists_only_published_organisations(client, organisation):
    from directory.models import Organisation

    draft = Organisation.objects.create(
        name="Unannounced Safe House", slug="unannounced", live=False
    )
    suspended = Organisation.objects.create(
        name="Closed Charity", slug="closed", status=Organisation.Status.SUSPENDED
    )
    page = client.get("/accounts/join/").content.decode()
    assert organisation.name in page
    assert draft.name not in page and suspended.name not in page
    response = client.post("/accounts/join/", _join_form(draft, email="x@example.org"))
    assert response.status_code == 200 and b"There is a problem" in response.content
    assert not JoinRequest.objects.exists()


def test_join_requests_are_throttled_with_a_clear_message(client, organisation):
    for _n in range(3):
        assert client.post("/accounts/join/", _join_form(organisation)).status_code == 200
    response = client.post("/accounts/join/", _join_form(organisation))
    assert response.status_code == 429
    assert b"Too many requests" in response.content
