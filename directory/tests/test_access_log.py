"""Every look at a confidential address, or a contact marked sensitive, is accounted for:
one entry per record shown, on every surface that shows it, readable only by the owning
organisation's admins and coordinators, deleted after the retention period."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from directory import access_log, schedule
from directory.models import AccessLogEntry, Shortlist, ShortlistItem
from tests.factories import (
    LocationFactory,
    OrganisationFactory,
    ServiceFactory,
    emergency_safe_house,
)
from tests.wagtail_admin import org_edit_url, org_form

pytestmark = pytest.mark.django_db

Surface = AccessLogEntry.Surface


@pytest.fixture
def refuge(organisation):
    service = emergency_safe_house(organisation)
    service.contacts_sensitive = True
    service.save()
    return service


def _surfaces(refuge, owner):
    """{surface: the URL of a page that shows the refuge's confidential details}"""
    org, slug = refuge.organisation.slug, refuge.slug
    shortlist = Shortlist.objects.create(owner=owner, name="Client A")
    ShortlistItem.objects.create(shortlist=shortlist, service=refuge)
    return {
        Surface.ORGANISATION_PAGE: reverse("directory:organisation", args=[org]),
        Surface.SERVICE_PAGE: reverse("directory:service", args=[org, slug]),
        Surface.PRINT_VIEW: reverse("directory:service_print", args=[org, slug]),
        Surface.REFERRAL_TEXT: reverse("directory:referral_details", args=[org, slug]),
        Surface.SHORTLIST: shortlist.get_absolute_url(),
    }


EXPECTED = {
    Surface.ORGANISATION_PAGE: {"Address of Safe house, Colchester"},
    Surface.SERVICE_PAGE: {
        "Address of Safe house, Colchester",
        "Members-only contacts of Emergency safe house",
    },
    Surface.PRINT_VIEW: {
        "Address of Safe house, Colchester",
        "Members-only contacts of Emergency safe house",
    },
    Surface.REFERRAL_TEXT: {"Members-only contacts of Emergency safe house"},
    Surface.SHORTLIST: {"Members-only contacts of Emergency safe house"},
}


@pytest.mark.parametrize("surface", list(EXPECTED))
def test_a_member_shown_the_details_is_logged_once_per_record_in_one_insert(
    client, refuge, other_member, surface
):
    url = _surfaces(refuge, other_member)[surface]
    client.force_login(other_member)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == 200
    entries = AccessLogEntry.objects.filter(surface=surface)
    assert {e.record for e in entries} == EXPECTED[surface]
    assert all(e.viewer == other_member for e in entries)
    assert all(e.organisation == refuge.organisation for e in entries)
    assert "bob@example.org" in entries[0].viewer_label
    assert "Harwich Housing Association" in entries[0].viewer_label
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "directory_accesslogentry"')]
    assert len(inserts) == 1


@pytest.mark.parametrize("surface", list(EXPECTED))
def test_the_public_sees_no_confidential_detail_and_nothing_is_logged(client, refuge, surface):
    owner = OrganisationFactory()
    url = _surfaces(refuge, make_user("owner@example.org", organisation=owner))[surface]
    assert client.get(url).status_code == 200
    assert not AccessLogEntry.objects.exists()


def test_contacts_not_marked_sensitive_are_not_logged(client, refuge, other_member):
    refuge.contacts_sensitive = False
    refuge.save()
    client.force_login(other_member)
    client.get(reverse("directory:referral_details", args=[refuge.organisation.slug, refuge.slug]))
    assert not AccessLogEntry.objects.exists()


def test_an_ordinary_address_is_not_logged(client, organisation, other_member):
    ServiceFactory(organisation=organisation, at=LocationFactory(organisation=organisation))
    client.force_login(other_member)
    assert client.get(organisation.get_absolute_url()).status_code == 200
    assert not AccessLogEntry.objects.exists()


SECURE = "referrals@colne-valley.cjsm.example.net"


def test_an_organisations_secure_email_marked_sensitive_is_logged_where_it_is_shown(
    client, organisation, other_member
):
    organisation.secure_email = SECURE
    organisation.save()
    client.force_login(other_member)
    assert SECURE in client.get(organisation.get_absolute_url()).content.decode()
    assert not AccessLogEntry.objects.exists()  # not marked sensitive: nothing to account for

    organisation.contacts_sensitive = True
    organisation.save()
    assert SECURE in client.get(organisation.get_absolute_url()).content.decode()
    entry = AccessLogEntry.objects.get()
    assert entry.record == "Secure e-mail of Colne Valley Refuge Trust"
    assert entry.surface == Surface.ORGANISATION_PAGE
    assert (entry.viewer, entry.organisation) == (other_member, organisation)


def test_the_public_is_not_shown_a_sensitive_secure_email_and_nothing_is_logged(
    client, organisation
):
    organisation.secure_email, organisation.contacts_sensitive = SECURE, True
    organisation.save()
    assert SECURE not in client.get(organisation.get_absolute_url()).content.decode()
    assert not AccessLogEntry.objects.exists()


def test_the_organisation_admin_marks_their_secure_email_sensitive(
    client, organisation, org_admin, staff_login
):
    staff_login(client, org_admin)
    form = org_form(organisation, secure_email=SECURE, contacts_sensitive="on")
    assert client.post(org_edit_url(organisation), form).status_code == 302
    assert organisation.revisions.latest("created_at").content["contacts_sensitive"] is True


def test_the_csv_export_holds_no_confidential_detail_so_logs_nothing(refuge, coordinator_client):
    response = coordinator_client.get(reverse("directory_export"))
    text = response.content.decode()
    assert "Emergency safe house" in text
    assert "14 Secret Lane" not in text
    assert "07700 900123" not in text and "refuge@cjsm.example.net" not in text
    assert not AccessLogEntry.objects.exists()


# --- who may read it ------------------------------------------------------------------------


@pytest.fixture
def logged(client, refuge, other_member):
    client.force_login(other_member)
    client.get(refuge.get_absolute_url())
    client.logout()
    return reverse("directory:access_log", args=[refuge.organisation.slug])


def test_the_organisation_admin_reads_who_saw_their_refuge(client, logged, org_admin, staff_login):
    staff_login(client, org_admin)
    page = client.get(logged).content.decode()
    assert "bob@example.org" in page
    assert "Address of Safe house, Colchester" in page
    assert "Service page" in page


def test_a_coordinator_reads_any_organisations_log(client, logged, coordinator, staff_login):
    staff_login(client, coordinator)
    assert "bob@example.org" in client.get(logged).content.decode()


def test_a_member_of_the_organisation_may_not_read_its_log(client, logged, member):
    client.force_login(member)
    assert client.get(logged).status_code == 403


def test_another_organisations_admin_may_not_read_it(client, logged, other_org_admin, staff_login):
    staff_login(client, other_org_admin)
    assert client.get(logged).status_code == 403


def test_the_public_is_sent_to_sign_in(client, logged):
    response = client.get(logged)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_admin_without_the_second_factor_is_sent_to_it(client, logged, org_admin):
    client.force_login(org_admin)
    response = client.get(logged)
    assert response.status_code == 302
    assert "bob@example.org" not in response.content.decode()


# --- kept for the retention period, then deleted ----------------------------------------------


def test_entries_older_than_the_retention_period_are_purged_by_the_daily_job(
    client, refuge, other_member, settings
):
    settings.ACCESS_LOG_RETENTION_DAYS = 365
    client.force_login(other_member)
    start = timezone.now()
    with time_machine.travel(start - timedelta(days=366), tick=False):
        client.get(refuge.get_absolute_url())
    with time_machine.travel(start - timedelta(days=364), tick=False):
        client.get(
            reverse("directory:referral_details", args=[refuge.organisation.slug, refuge.slug])
        )
    assert AccessLogEntry.objects.count() == 3

    with time_machine.travel(start, tick=False):
        schedule.queue_access_log_purge()  # the test settings run tasks at once

    assert list(AccessLogEntry.objects.values_list("surface", flat=True)) == [Surface.REFERRAL_TEXT]


def test_the_retention_period_is_a_setting(refuge, other_member, settings):
    access_log.record(other_member, Surface.SERVICE_PAGE, services=[refuge])
    AccessLogEntry.objects.update(viewed_at=timezone.now() - timedelta(days=31))
    settings.ACCESS_LOG_RETENTION_DAYS = 60
    assert access_log.purge() == 0
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    assert access_log.purge() == 1


def test_the_log_pages_query_count_does_not_grow_with_the_log(
    client, refuge, other_member, org_admin, staff_login
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    url = reverse("directory:access_log", args=[refuge.organisation.slug])
    access_log.record(other_member, Surface.SERVICE_PAGE, services=[refuge])
    staff_login(client, org_admin)
    queries()  # warm the session
    before = queries()
    for surface in (Surface.PRINT_VIEW, Surface.SHORTLIST, Surface.REFERRAL_TEXT):
        access_log.record(other_member, surface, services=[refuge])
    assert queries() == before


def test_the_directory_map_shows_a_member_only_the_district_of_a_confidential_place(
    client, refuge, other_member, index_now
):
    index_now()
    client.force_login(other_member)
    response = client.get(reverse("directory:index"))
    house = refuge.service_at_locations.get().location
    (point,) = [p for p in response.context["map_points"] if p["name"] == refuge.name]
    assert (point["lat"], point["lon"]) == (house.public_latitude, house.public_longitude)
    assert (point["lat"], point["lon"]) != (house.latitude, house.longitude)
    assert point["approximate"] is True
    page = response.content.decode()
    assert "14 Secret Lane" not in page and str(house.latitude) not in page
    assert not AccessLogEntry.objects.exists()  # nothing confidential was shown
