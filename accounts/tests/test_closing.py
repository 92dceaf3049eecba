"""Closing an account: the person is signed out everywhere and nothing that says who they
were stays in any table or in the search index; threads and pathways still read, by
"a former member of <organisation>"."""

import json
from typing import cast

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log

from accounts.closing import close_account
from accounts.data_export import request_export
from accounts.models import DataExport, Invitation, JoinRequest, Membership, PrivateGroup, User
from conftest import make_user
from directory.models import AccessLogEntry, ListingReport, Service, Shortlist
from forum import services as forum_services
from forum.models import Category, Flag, ModerationLog, Notification, Post, Thread, Watch
from pathways.models import Pathway, SignOff
from tests.factories import PathwayFactory, ServiceFactory

pytestmark = pytest.mark.django_db

NAME = "Priya Shahrazad"
HANDLE = "priya.shahrazad"
EMAIL = "p.shahrazad@refuge.example.org"
JOB = "Senior Outreach Caseworker"
FORMER = "A former member of Colne Valley Refuge Trust"
NEEDLES = [NAME, HANDLE, EMAIL, JOB]


def _every_row_mentioning(needles):
    """Every row of every table whose text (any column, JSON included) holds a needle."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608  (names from the catalogue)
            for row in cursor.fetchall():
                text = " ".join(str(value) for value in row).lower()
                found += [(table, n) for n in needles if n.lower() in text]
    return found


def _index_mentions(client, needles):
    from django.conf import settings

    client.indices.refresh(index=f"{settings.SEARCH_INDEX_PREFIX}*")
    hits = client.search(
        index=f"{settings.SEARCH_INDEX_PREFIX}*", query={"match_all": {}}, size=1000
    )["hits"]["hits"]
    text = json.dumps([hit["_source"] for hit in hits]).lower()
    return [n for n in needles if n.lower() in text]


@pytest.fixture
def priya(organisation, other_organisation, with_totp):
    person = User.objects.create_user(
        EMAIL, "pw", display_name=NAME, first_name="Priya", last_name="Shahrazad", job_title=JOB
    )
    Membership.objects.create(user=person, organisation=organisation)
    EmailAddress.objects.create(user=person, email=EMAIL, verified=True, primary=True)
    with_totp(person)
    return person


@pytest.fixture
def network(priya, organisation, other_organisation):
    """Priya's traces across the network, and other people's words that name her."""
    bob = make_user("bob@example.org", organisation=other_organisation)
    members = Category.objects.create(name="Referrals", slug="referrals", access="members")
    public = Category.objects.create(name="Open", slug="open", access="public")
    # Her thread, with a reply that quotes and mentions her: the thread stays.
    kept = forum_services.start_thread(members, priya, "Car washes", "Who takes referrals?")
    opening = kept.posts.get()
    opening.edit("Who takes referrals on Tuesdays?", by=priya)
    bobs_reply = forum_services.add_post(
        kept, bob, f"{NAME} wrote:\n\n> Who takes referrals?\n\nWe do, @{HANDLE}.", opening
    )
    # Bob's thread with her reply nobody answered: her reply goes.
    bobs = forum_services.start_thread(public, bob, "Nail bars", "Any leads?")
    her_lone_reply = forum_services.add_post(bobs, priya, "Not from us, sorry.", None)
    # Her thread nobody answered: it goes.
    alone = forum_services.start_thread(members, priya, "Hand car wash on the A12", "Seen it?")
    # Her flagged reply: moderation records keep it.
    flagged = forum_services.add_post(bobs, priya, "Call me on my mobile.", None)
    Flag.objects.create(
        post=flagged, flagged_by=bob, reason=Flag.Reason.OTHER, details=f"{NAME}'s own number"
    )
    pathway = cast(
        Pathway,
        PathwayFactory(
            title="Car washes",
            status=Pathway.Status.PROPOSED,
            participating_organisations=[organisation],
        ),
    )
    SignOff.objects.create(pathway=pathway, organisation=organisation, user=priya)
    step = pathway.steps.get()
    step.how_to_contact = f"Ask for {NAME} on the duty line, or e-mail {EMAIL}."
    step.save()
    group = PrivateGroup.objects.create(name="Liaison")
    group.users.add(priya)
    Invitation.objects.create(email=EMAIL, organisation=other_organisation)
    JoinRequest.objects.create(
        name=NAME, email=EMAIL, job_title=JOB, organisation=other_organisation
    )
    Shortlist.objects.create(owner=priya, name="Client A tonight")
    AccessLogEntry.objects.create(
        organisation=organisation,
        record="Address of Safe house",
        viewer=priya,
        viewer_label=f"{NAME}, {organisation.name}",
        surface=AccessLogEntry.Surface.SERVICE_PAGE,
    )
    ListingReport.objects.create(
        organisation=other_organisation,
        reason=ListingReport.Reason.OTHER,
        reporter=priya,
        reporter_email=EMAIL,
        details="Their phone number is wrong.",
    )
    organisation.save_revision(user=priya)
    # The admin's records of edits: a listing naming her as its contact, and its revision.
    service = cast(Service, ServiceFactory(organisation=organisation, referral_contact_name=NAME))
    service.save_revision(user=priya)
    log(instance=priya, action="wagtail.edit", user=bob)
    return {
        "bob": bob,
        "kept": kept,
        "opening": opening,
        "bobs_reply": bobs_reply,
        "bobs": bobs,
        "her_lone_reply": her_lone_reply,
        "alone": alone,
        "flagged": flagged,
        "pathway": pathway,
    }


def _close_own(priya):
    browser = Client()
    browser.force_login(priya)
    response = browser.post(reverse("accounts:close_account"), {"confirm": "on"})
    assert response.status_code == 302
    return browser


def test_closing_leaves_no_personal_data_in_any_table_or_the_index(
    priya, network, elasticsearch, index_now
):
    index_now()
    assert _every_row_mentioning(NEEDLES)  # the grep finds her while the account is open
    assert NAME.lower() in [n.lower() for n in _index_mentions(elasticsearch, NEEDLES)]

    _close_own(priya)
    index_now()

    assert _every_row_mentioning(NEEDLES) == []
    assert _index_mentions(elasticsearch, NEEDLES) == []


def test_closing_signs_out_everywhere(priya, network):
    elsewhere = Client()
    elsewhere.force_login(priya)
    browser = _close_own(priya)

    assert not any(
        s.get_decoded().get("_auth_user_id") == str(priya.pk) for s in Session.objects.all()
    )
    assert elsewhere.get(reverse("accounts:profile")).status_code == 302  # to sign in
    assert browser.get(reverse("accounts:profile")).status_code == 302
    priya.refresh_from_db()
    assert not priya.is_active and not priya.has_usable_password()
    assert not Client().login(username=EMAIL, password="pw")


def test_closing_removes_what_was_hers_and_keeps_what_others_need(priya, network):
    request_export(priya)  # a copy of her data, built at once by the test task queue
    assert DataExport.objects.filter(user=priya).exists()
    _close_own(priya)
    priya.refresh_from_db()

    assert priya.name == FORMER
    for model, lookup in [
        (Membership, {"user": priya}),
        (Watch, {"user": priya}),
        (Notification, {"user": priya}),
        (Shortlist, {"owner": priya}),
        (Authenticator, {"user": priya}),
        (EmailAddress, {"user": priya}),
        (Invitation, {"email__iexact": EMAIL}),
        (JoinRequest, {"email__iexact": EMAIL}),
        (DataExport, {"user": priya}),
    ]:
        assert not model.objects.filter(**lookup).exists(), model
    assert not priya.private_groups.exists()
    # Posts nobody answered go; a thread others wrote in, and flagged posts, stay.
    assert not Post.objects.filter(pk=network["her_lone_reply"].pk).exists()
    assert not Thread.objects.filter(pk=network["alone"].pk).exists()
    assert Post.objects.filter(pk=network["flagged"].pk, author=priya).exists()
    assert Flag.objects.filter(post=network["flagged"]).exists()
    network["bobs"].refresh_from_db()
    assert network["bobs"].post_count == 2
    # The sign-off keeps its organisation and date.
    sign_off = SignOff.objects.get(pathway=network["pathway"])
    assert sign_off.organisation.name == "Colne Valley Refuge Trust" and sign_off.at


def test_threads_and_pathways_still_read_by_a_former_member(priya, network):
    _close_own(priya)
    reader = Client()
    reader.force_login(network["bob"])

    thread = reader.get(network["kept"].get_absolute_url())
    assert thread.status_code == 200
    page = thread.content.decode()
    assert FORMER in page
    assert "Who takes referrals on Tuesdays?" in page
    assert "We do," in page  # Bob's reply, in its place
    assert NAME not in page and HANDLE not in page
    history = reader.get(reverse("forum:history", args=[network["opening"].pk]))
    assert history.status_code == 200 and NAME not in history.content.decode()

    pathway = reader.get(network["pathway"].get_absolute_url())
    assert pathway.status_code == 200
    text = pathway.content.decode()
    assert "Colne Valley Refuge Trust signed off" in text and FORMER in text
    assert f"Ask for {FORMER} on the duty line" in text


def test_the_confirmation_says_what_happens_and_changes_nothing(client, priya):
    client.force_login(priya)
    page = client.get(reverse("accounts:close_account"))
    assert page.status_code == 200
    assert "cannot be undone" in page.content.decode()
    assert FORMER in page.content.decode()

    unconfirmed = client.post(reverse("accounts:close_account"), {})
    assert unconfirmed.status_code == 200
    assert "Tick the box" in unconfirmed.content.decode()
    priya.refresh_from_db()
    assert priya.is_active and priya.email == EMAIL


def test_a_member_closes_only_their_own_account(client, member, other_member):
    client.force_login(member)
    response = client.post(
        reverse("accounts:close_account_of", args=[other_member.pk]), {"confirm": "on"}
    )
    assert response.status_code == 403
    other_member.refresh_from_db()
    assert other_member.is_active


def test_an_organisation_admin_cannot_close_their_staff(client, staff_login, org_admin, member):
    staff_login(client, org_admin)
    response = client.post(
        reverse("accounts:close_account_of", args=[member.pk]), {"confirm": "on"}
    )
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.is_active


def test_a_coordinator_closes_anyones_account(client, staff_login, coordinator, member):
    staff_login(client, coordinator)
    response = client.post(
        reverse("accounts:close_account_of", args=[member.pk]), {"confirm": "on"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    assert member.name == "A former member of Colne Valley Refuge Trust"
    # The coordinator stays signed in.
    assert client.get(reverse("accounts:privacy_review")).status_code == 200


def test_staff_close_their_own_account_only_with_the_second_factor(
    client, staff_login, coordinator, with_totp
):
    with_totp(coordinator)
    client.force_login(coordinator)  # password only
    response = client.post(reverse("accounts:close_account"), {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    coordinator.refresh_from_db()
    assert coordinator.is_active

    staff_login(client, coordinator)
    response = client.post(reverse("accounts:close_account"), {"confirm": "on"})
    coordinator.refresh_from_db()
    assert response.status_code == 302 and not coordinator.is_active


def test_a_closed_account_cannot_be_closed_again(priya):
    close_account(priya)
    browser = Client()
    browser.force_login(make_user("cora2@example.org"))
    assert browser.get(reverse("accounts:close_account_of", args=[priya.pk])).status_code == 404


def test_moderation_records_keep_their_post(priya, network, coordinator):
    ModerationLog.record(coordinator, ModerationLog.Action.HIDE, post=network["opening"])
    Post.objects.filter(pk=network["her_lone_reply"].pk).update(
        is_hidden=True, edited_at=timezone.now()
    )
    close_account(priya)
    assert Post.objects.filter(pk=network["her_lone_reply"].pk).exists()
    assert ModerationLog.objects.get(action=ModerationLog.Action.HIDE).post == network["opening"]


def test_a_person_in_no_organisation_is_offered_closing(client, outsider, member):
    client.force_login(outsider)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'id="offer-close"' in page
    assert reverse("accounts:close_account") in page

    client.force_login(member)
    assert 'id="offer-close"' not in client.get(reverse("accounts:profile")).content.decode()
