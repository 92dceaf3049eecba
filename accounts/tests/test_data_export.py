"""Download my data: a person gets one archive of everything held about them, and nothing of
anyone else; only they may download it, and it is deleted when it expires."""

import io
import json
import zipfile
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import data_export
from accounts.models import DataExport, Invitation, JoinRequest, PrivateGroup
from accounts.schedule import purge_expired_data_exports
from conftest import make_user
from directory.models import AccessLogEntry, ListingReport, Organisation, Shortlist, ShortlistItem
from forum import services as forum_services
from forum.models import Category, Flag, Watch
from forum.personal_data import NO_LONGER_READABLE
from pathways.models import Pathway, SignOff
from tests.factories import PathwayFactory, ServiceFactory

pytestmark = pytest.mark.django_db

ALICE_EDITED = "Agreed: referrals on Tuesdays and Thursdays."
ALICE_FIRST = "Agreed: referrals on Tuesdays."
ALICE_PRIVATE = "We can meet the liaison officer on Friday."
GAIL_PRIVATE = "Operation Kestrel starts on Monday at the car wash on Hythe Quay."
BOB_INVITEE = "new.colleague@example.org"


@pytest.fixture
def world(organisation, other_organisation):
    alice = make_user("alice@example.org", organisation=organisation, job_title="Caseworker")
    police = Organisation.objects.create(name="Essex Police", slug="essex-police")
    gail = make_user("gail@example.org", organisation=police)
    group = PrivateGroup.objects.create(name="Police and NGO operational liaison")
    group.organisations.add(police)
    group.users.add(alice)

    members = Category.objects.create(name="Pathways", slug="members", access="members")
    liaison = Category.objects.create(name="Liaison", slug="liaison", access="group", group=group)
    thread = forum_services.start_thread(members, alice, "Car washes", ALICE_FIRST)
    alice_post = thread.posts.get()
    alice_post.edit(ALICE_EDITED, by=alice)
    private = forum_services.start_thread(liaison, gail, "Kestrel", "Who can come?")
    forum_services.add_post(private, alice, ALICE_PRIVATE, None)
    gail_post = forum_services.add_post(private, gail, GAIL_PRIVATE, None)  # alice is notified
    Flag.objects.create(post=gail_post, flagged_by=alice, reason="other", details="Too specific")

    Invitation.objects.create(
        email=alice.email, organisation=organisation, accepted_at=timezone.now()
    )
    Invitation.objects.create(email=BOB_INVITEE, organisation=organisation, invited_by=alice)
    JoinRequest.objects.create(
        name="Alice Adams",
        email="Alice@example.org",
        organisation=organisation,
        job_title="Caseworker",
        message="I work on the Colchester rota.",
        status="approved",
    )
    JoinRequest.objects.create(
        name="Someone Else", email="else@example.org", organisation=organisation, job_title="X"
    )

    service = ServiceFactory.create(organisation=organisation, name="Night shelter")
    shortlist = Shortlist.objects.create(owner=alice, name="Client A – tonight")
    ShortlistItem.objects.create(shortlist=shortlist, service=service, note="Ask for Jo")
    Shortlist.objects.create(owner=gail, name="Gail's private list")
    ListingReport.objects.create(
        organisation=organisation, reporter=alice, reason="closed", details="Closed in May"
    )
    AccessLogEntry.objects.create(
        organisation=organisation,
        record="Address of Safe house, Colchester",
        viewer=alice,
        viewer_label=f"{alice.name} <{alice.email}>",
        surface=AccessLogEntry.Surface.SERVICE_PAGE,
    )
    AccessLogEntry.objects.create(
        organisation=organisation,
        record="Address of Gail's refuge, Clacton",
        viewer=gail,
        viewer_label=f"{gail.name} <{gail.email}>",
        surface=AccessLogEntry.Surface.SERVICE_PAGE,
    )
    pathway = PathwayFactory.create(
        title="Adults found at car washes",
        status=Pathway.Status.PROPOSED,
        participating_organisations=[organisation],
        created_by=alice,
    )
    SignOff.objects.create(pathway=pathway, organisation=organisation, user=alice)
    return SimpleNamespace(alice=alice, gail=gail, private=private, thread=thread)


def _archive(client, user) -> tuple[dict[str, Any], str, bytes]:
    client.force_login(user)
    client.post(reverse("accounts:data_export"))
    export = DataExport.objects.get(user=user)
    response = client.get(reverse("accounts:download_data_export", args=[export.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        held = json.loads(archive.read(data_export.JSON_NAME))
        summary = archive.read(data_export.HTML_NAME).decode()
    return held, summary, content


def test_the_archive_holds_everything_listed_about_the_person(client, world):
    held, summary, _ = _archive(client, world.alice)

    assert held["Profile"][0]["job title"] == "Caseworker"
    assert held["Profile"][0]["e-mail"] == "alice@example.org"
    assert [m["organisation"] for m in held["Memberships"]] == ["Colne Valley Refuge Trust"]
    assert held["Invitations you received"][0]["accepted"]
    assert held["Invitations you sent"][0]["organisation"] == "Colne Valley Refuge Trust"
    assert held["Requests to join"][0]["message"] == "I work on the Colchester rota."
    posts = {post["text"]: post for post in held["Forum posts"]}
    assert set(posts) == {ALICE_EDITED, ALICE_PRIVATE}
    assert [v["text"] for v in posts[ALICE_EDITED]["earlier versions"]] == [ALICE_FIRST]
    assert held["Posts you flagged"][0]["details"] == "Too specific"
    assert {w.get("discussion") for w in held["What you watch"]} == {"Car washes", "Kestrel"}
    assert [n["discussion"] for n in held["Notifications"]] == ["Kestrel"]
    assert held["Shortlists"][0]["services"][0]["note"] == "Ask for Jo"
    assert held["Listings you reported"][0]["details"] == "Closed in May"
    assert [e["what"] for e in held["Confidential details you were shown"]] == [
        "Address of Safe house, Colchester"
    ]
    assert held["Pathway sign-offs"][0]["pathway"] == "Adults found at car washes"
    assert held["Pathways you drafted"][0]["pathway"] == "Adults found at car washes"
    # The readable summary says the same.
    for text in (ALICE_EDITED, ALICE_FIRST, "Ask for Jo", "Address of Safe house, Colchester"):
        assert text in summary


def test_the_archive_holds_what_the_person_did_in_the_admin(client, world):
    from wagtail.log_actions import log

    log(instance=ListingReport.objects.get(), action="wagtail.edit", user=world.alice)
    log(instance=ListingReport.objects.get(), action="wagtail.edit", user=world.gail)

    held, _, _ = _archive(client, world.alice)

    assert [entry["on"] for entry in held["What you did in the admin"]] == [
        str(ListingReport.objects.get())
    ]


def test_the_archive_holds_nothing_of_anyone_else(client, world):
    held, summary, content = _archive(client, world.alice)

    everything = json.dumps(held) + summary
    assert GAIL_PRIVATE not in everything  # in the same private thread as Alice's post
    assert "Who can come?" not in everything
    assert world.gail.email not in everything
    assert BOB_INVITEE not in everything
    assert "else@example.org" not in everything
    assert "Gail's private list" not in everything and "Gail's refuge" not in everything
    assert GAIL_PRIVATE.encode() not in content


def test_a_discussion_the_person_may_no_longer_read_is_not_named(client, world):
    PrivateGroup.objects.get().users.remove(world.alice)

    held, _, _ = _archive(client, world.alice)

    assert {n["discussion"] for n in held["Notifications"]} == {NO_LONGER_READABLE}
    assert ALICE_PRIVATE in {post["text"] for post in held["Forum posts"]}  # her own words


def test_the_person_is_emailed_a_link_and_nothing_else(client, world):
    client.force_login(world.alice)
    mail.outbox.clear()
    client.post(reverse("accounts:data_export"))

    export = DataExport.objects.get(user=world.alice)
    assert export.status == DataExport.Status.READY
    (message,) = mail.outbox
    assert message.to == [world.alice.email]
    assert f"/accounts/data/{export.token}/" in message.body
    assert "/privacy/" in message.body
    assert ALICE_EDITED not in message.body and not message.attachments
    page = client.get(reverse("accounts:data_export")).content.decode()
    assert f'href="/accounts/data/{export.token}/"' in page


def test_asking_again_while_a_copy_is_prepared_makes_no_second_copy(client, world):
    DataExport.objects.create(user=world.alice)  # queued, its task not run yet
    client.force_login(world.alice)

    response = client.post(reverse("accounts:data_export"), follow=True)

    assert DataExport.objects.filter(user=world.alice).count() == 1
    assert "already being prepared" in response.content.decode()


def test_a_copy_that_never_got_built_does_not_stop_the_person_asking_again(client, world):
    with time_machine.travel(timezone.now() - timedelta(hours=2), tick=False):
        DataExport.objects.create(user=world.alice)  # its worker was lost
    client.force_login(world.alice)

    client.post(reverse("accounts:data_export"))

    assert world.alice.data_exports.filter(status=DataExport.Status.READY).count() == 1


def test_asking_again_and_again_is_refused_after_five_a_day(client, outsider):
    client.force_login(outsider)
    for _ in range(6):
        response = client.post(reverse("accounts:data_export"), follow=True)
    assert DataExport.objects.filter(user=outsider).count() == 5
    assert "Try again tomorrow" in response.content.decode()


def test_a_person_without_an_organisation_may_download_their_data(client, outsider):
    held, _, _ = _archive(client, outsider)
    assert held["Memberships"] == []


@pytest.fixture
def alices_export(world):
    export = DataExport.objects.create(user=world.alice)
    export.mark_ready(data_export.build_archive(world.alice))
    return export


def _download(client, export):
    return client.get(reverse("accounts:download_data_export", args=[export.token]))


def test_only_the_person_may_download_their_archive(
    client, alices_export, world, coordinator, staff_login
):
    client.force_login(world.gail)
    assert _download(client, alices_export).status_code == 404
    staff_login(client, coordinator)
    assert _download(client, alices_export).status_code == 404
    client.logout()
    response = _download(client, alices_export)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    client.force_login(world.alice)
    assert _download(client, alices_export).status_code == 200


def test_an_expired_link_is_refused_and_the_archive_purged(client, alices_export, world):
    client.force_login(world.alice)
    later = timezone.now() + timedelta(days=7, minutes=1)
    with time_machine.travel(later, tick=False):
        response = _download(client, alices_export)
        assert response.status_code == 410
        assert b"PK" not in response.content[:2]
        purge_expired_data_exports()
    assert not DataExport.objects.exists()
    assert _download(client, alices_export).status_code == 404


def test_an_archive_is_kept_until_its_expiry(client, alices_export, world, settings):
    settings.DATA_EXPORT_EXPIRY_DAYS = 30
    fresh = DataExport.objects.create(user=world.alice)
    fresh.mark_ready(b"PK")
    with time_machine.travel(timezone.now() + timedelta(days=8), tick=False):
        purge_expired_data_exports()
    assert list(DataExport.objects.all()) == [fresh]


def test_the_account_page_links_to_the_download(client, member):
    client.force_login(member)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert f'href="{reverse("accounts:data_export")}"' in html
    page = client.get(reverse("accounts:data_export"))
    assert page.status_code == 200 and "Ask for a copy of your data" in page.content.decode()


def test_watches_of_a_category_are_listed(client, world):
    Watch.objects.create(
        user=world.alice, category=Category.objects.get(slug="members"), level="muted"
    )
    held, _, _ = _archive(client, world.alice)
    assert {"category": "Pathways", "level": "Muted: never notify me"} in held["What you watch"]


def _queries_to_build(user) -> int:
    user = type(user).objects.get(pk=user.pk)  # nothing worked out for them yet
    with CaptureQueriesContext(connection) as captured:
        data_export.build_archive(user)
    return len(captured)


def test_building_takes_as_many_queries_however_much_is_held(world):
    before = _queries_to_build(world.alice)
    forum_services.add_post(world.thread, world.alice, "More thoughts", None)
    reply = forum_services.add_post(world.private, world.gail, "A second word", None)
    reply.edit("A second word, edited", by=world.gail)
    more = forum_services.add_post(world.private, world.alice, "Me too", None)
    more.edit("Me too, edited", by=world.alice)
    Flag.objects.create(post=reply, flagged_by=world.alice, reason="spam")
    shortlist = Shortlist.objects.create(owner=world.alice, name="Client B")
    ShortlistItem.objects.create(
        shortlist=shortlist, service=ServiceFactory.create(name="Day centre")
    )

    assert _queries_to_build(world.alice) == before
