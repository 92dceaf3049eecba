"""Live availability: set in one step by the service's own staff, seen only by members."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from directory.models import Availability, Service, Shortlist, ShortlistItem
from search.client import get_client
from tests.factories import OrganisationFactory, ServiceFactory, emergency_safe_house

pytestmark = pytest.mark.django_db

NOTE = "One room free, ground floor"


@pytest.fixture
def refuge(organisation):
    service = emergency_safe_house(organisation)
    Service.objects.filter(pk=service.pk).update(takes_people_in=True)
    service.refresh_from_db()
    return service


def set_url(service) -> str:
    return reverse("directory:service_availability", args=[service.organisation.slug, service.slug])


def say(client, service, state: str, note: str = NOTE, **extra):
    return client.post(set_url(service), {"state": state, "note": note, **extra})


def test_a_member_of_the_organisation_sets_space_in_one_step_from_the_service_page(
    client, refuge, member
):
    client.force_login(member)
    page = client.get(refuge.get_absolute_url()).content.decode()
    assert 'value="available"' in page  # the buttons are on the service page itself

    response = say(client, refuge, "available", next=refuge.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"] == refuge.get_absolute_url()
    said = Availability.objects.get(service=refuge)
    assert (said.state, said.note, said.updated_by) == ("available", NOTE, member)
    page = client.get(refuge.get_absolute_url()).content.decode()
    assert "Space available" in page and NOTE in page


def test_it_skips_the_approval_workflow_and_every_change_is_in_the_services_history(
    refuge, member, coordinator, staff_login
):
    revisions_before = refuge.revisions.count()
    client = Client()
    client.force_login(member)
    say(client, refuge, "available")
    say(client, refuge, "full", note="")

    refuge.refresh_from_db()
    assert refuge.live and refuge.revisions.count() == revisions_before
    assert refuge.workflow_states.count() == 0
    entries = ModelLogEntry.objects.for_instance(refuge).filter(action=Availability.LOG_ACTION)
    assert [(e.data["from"], e.data["to"], e.user_id) for e in entries.order_by("timestamp")] == [
        ("", "available", member.pk),
        ("available", "full", member.pk),
    ]
    history = client.get(set_url(refuge)).content.decode()
    assert "Space available → Full" in history
    coordinator_client = staff_login(Client(), coordinator)
    admin_history = coordinator_client.get(
        reverse("wagtailsnippets_directory_service:history", args=[refuge.pk])
    ).content.decode()
    assert "Availability: Space available → Full" in admin_history


def test_someone_from_another_organisation_cannot_set_it(client, refuge, other_member):
    client.force_login(other_member)
    assert say(client, refuge, "full").status_code == 403
    assert client.get(set_url(refuge)).status_code == 403
    assert not Availability.objects.exists()


def test_a_service_that_does_not_take_people_in_has_no_availability(client, member, organisation):
    service = ServiceFactory(organisation=organisation, name="Legal advice clinic")
    client.force_login(member)
    assert say(client, service, "available").status_code == 403
    assert "Space tonight" not in client.get(service.get_absolute_url()).content.decode()


def test_an_unknown_state_is_refused_and_changes_nothing(client, refuge, member):
    client.force_login(member)
    say(client, refuge, "full")
    response = say(client, refuge, "maybe", note="x" * 500)
    assert response.status_code == 400
    assert "Nothing was changed" in response.content.decode()
    assert Availability.objects.get(service=refuge).state == "full"


def test_the_list_of_own_services_sets_each_in_one_step(client, refuge, member, organisation):
    ServiceFactory(organisation=organisation, name="Outreach")  # takes nobody in: not listed
    client.force_login(member)
    organisation_page = client.get(organisation.get_absolute_url()).content.decode()
    assert reverse("directory:availability") in organisation_page
    page = client.get(reverse("directory:availability")).content.decode()
    assert page.count('data-testid="availability-row"') == 1
    assert "Emergency safe house" in page

    response = say(client, refuge, "call", next=reverse("directory:availability"))

    assert response["Location"] == reverse("directory:availability")
    assert "Call to check" in client.get(reverse("directory:availability")).content.decode()


def test_what_was_said_goes_stale_and_then_counts_as_unknown(client, refuge, member, settings):
    client.force_login(member)
    said_at = timezone.now()
    with time_machine.travel(said_at, tick=False):
        say(client, refuge, "available")
    tag = '"availability">Space available<'
    with time_machine.travel(said_at + timedelta(hours=23), tick=False):
        assert tag in client.get(refuge.get_absolute_url()).content.decode()
    with time_machine.travel(said_at + timedelta(hours=25), tick=False):
        page = client.get(refuge.get_absolute_url()).content.decode()
    assert tag not in page and f"<br>{NOTE}" not in page
    assert f"Not updated since {timezone.localtime(said_at):%-d %b %H:%M}" in page
    settings.AVAILABILITY_STALE_AFTER = timedelta(hours=2)
    with time_machine.travel(said_at + timedelta(hours=3), tick=False):
        assert "Not updated since" in client.get(refuge.get_absolute_url()).content.decode()


# --- members only, on every surface ----------------------------------------------------------


@pytest.fixture
def full_refuge(refuge, member, client):
    client.force_login(member)
    say(client, refuge, "full", note="No beds until Friday")
    client.logout()
    return refuge


SECRETS = ("No beds until Friday", "Space available", "Call to check", "availability")


def _leaks(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret.lower() in text.lower()]


def test_a_member_of_any_organisation_sees_it_and_the_public_never_does(
    client, full_refuge, other_member
):
    pages = [
        full_refuge.get_absolute_url(),
        reverse("directory:service_print", args=[full_refuge.organisation.slug, full_refuge.slug]),
        full_refuge.organisation.get_absolute_url(),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert 'data-testid="availability' not in html and "No beds until Friday" not in html, url
        assert reverse("directory:availability") not in html, url
    client.force_login(other_member)
    for url in pages:
        assert 'data-testid="availability' in client.get(url).content.decode(), url
    assert "No beds until Friday" in client.get(pages[0]).content.decode()


def test_never_in_the_referral_text_a_shared_shortlist_or_an_email(
    client, full_refuge, other_member
):
    shortlist = Shortlist.objects.create(owner=other_member, name="Tonight")
    ShortlistItem.objects.create(shortlist=shortlist, service=full_refuge)
    text = client.get(
        reverse(
            "directory:referral_details", args=[full_refuge.organisation.slug, full_refuge.slug]
        )
    ).content.decode()
    assert not _leaks(text)
    assert "No beds until Friday" not in client.get(shortlist.get_absolute_url()).content.decode()
    assert mail.outbox == []


def test_never_in_the_open_referral_feed(client, full_refuge):
    for url in (
        reverse("oruk:service", args=[full_refuge.uuid]),
        reverse("oruk:services"),
    ):
        body = client.get(url).content.decode()
        assert "Emergency safe house" in body, url
        assert not _leaks(body), url


def test_never_in_the_search_index_public_results_or_facets(client, full_refuge, index_now):
    from search import registry

    full_refuge.save()  # queue its document
    index_now()
    document = get_client().get(index=registry.get("services").alias, id=str(full_refuge.pk))
    assert "Emergency safe house" in str(document["_source"])
    assert not _leaks(str(document["_source"]))
    for url in (reverse("api:search"), reverse("directory:index"), reverse("search:search")):
        body = client.get(url, {"q": "safe house"}).content.decode()
        assert "Emergency" in body, url  # found (the page highlights the words searched)
        assert "No beds until Friday" not in body and "Full</strong>" not in body, url


# --- the coordinators' board ----------------------------------------------------------------


def test_coordinators_get_a_board_of_every_service_that_takes_people_in(
    coordinator_client, refuge, member, organisation
):
    client = Client()
    other = ServiceFactory(organisation=organisation, name="Night shelter", takes_people_in=True)
    ServiceFactory(organisation=organisation, name="Drop-in")  # not on the board
    client.force_login(member)
    say(client, refuge, "full", note="")
    say(client, other, "available", note="")

    page = coordinator_client.get(reverse("directory:tonight")).content.decode()

    rows = page.split('data-testid="board-row"')[1:]
    assert len(rows) == 2
    assert "Night shelter" in rows[0] and "Space available" in rows[0]  # space first
    assert "Emergency safe house" in rows[1] and "Full" in rows[1]
    assert "ago" in rows[0]


def test_the_board_is_for_coordinators_only(client, member):
    client.force_login(member)
    assert client.get(reverse("directory:tonight")).status_code == 403


def test_the_board_query_count_does_not_grow(coordinator_client, organisation):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert coordinator_client.get(reverse("directory:tonight")).status_code == 200
        return len(context)

    ServiceFactory(organisation=organisation, takes_people_in=True)
    queries()  # the first visit makes the person's admin profile
    one = queries()
    for _ in range(4):
        service = ServiceFactory(organisation=OrganisationFactory(), takes_people_in=True)
        Availability.record(service, "call", "", None)
    assert queries() == one


# --- cards --------------------------------------------------------------------------------


def test_cards_name_the_organisation_in_the_heading_and_say_when_open(
    client, full_refuge, other_member, organisation
):
    from datetime import time

    from directory.models import Schedule

    clinic = ServiceFactory(
        organisation=organisation, name="Emergency safe house", slug="second-house"
    )
    Schedule.objects.filter(service=clinic).update(opens_at=time(9), closes_at=time(17))
    # Thursday 3 December 2026, 10:00 in London.
    with time_machine.travel("2026-12-03 10:00:00+00:00", tick=False):
        page = client.get(organisation.get_absolute_url()).content.decode()
        cards = page.split('data-testid="result"')[1:]
        assert len(cards) == 2
        for card in cards:
            assert f'data-testid="card-organisation">· {organisation.name}</span></h3>' in card
        refuge_card, clinic_card = sorted(cards, key=lambda card: "24 hours" not in card)
        assert "24 hours" in refuge_card and "Open now until 17:00" in clinic_card
        assert 'data-testid="availability"' not in page
        client.force_login(other_member)
        page = client.get(organisation.get_absolute_url()).content.decode()
    assert '"availability">Full<' in page


def test_the_service_page_says_when_it_is_open_and_its_coming_closures(client, organisation):
    from datetime import date, time

    from directory.models import Closure, Schedule

    clinic = ServiceFactory(organisation=organisation, name="Drop-in clinic")
    Schedule.objects.filter(service=clinic).update(opens_at=time(9), closes_at=time(17))
    Closure.objects.create(service=clinic, starts_on=date(2026, 12, 25), ends_on=date(2026, 12, 28))
    Closure.objects.create(service=clinic, starts_on=date(2026, 1, 1), ends_on=date(2026, 1, 1))
    # Friday 4 December 2026, 18:00 in London.
    with time_machine.travel("2026-12-04 18:00:00+00:00", tick=False):
        page = client.get(clinic.get_absolute_url()).content.decode()
    assert "Opens Monday 09:00" in page
    assert "Closed 25 Dec 2026 to 28 Dec 2026" in page
    assert "1 Jan 2026" not in page
