"""/directory/ answers "who is open at 02:00 on Saturday", "who speaks Polish" and, for
members, "who has space tonight", the same whether Elasticsearch or the database answers."""

from datetime import date, time

import pytest
import time_machine
from django.urls import reverse

from directory.models import Availability, Closure, Language, Schedule, Service
from search.tests.helpers import elasticsearch_unreachable
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def hours(service, byday, opens, closes) -> Service:
    service.schedules.all().delete()
    Schedule.objects.create(service=service, byday=byday, opens_at=opens, closes_at=closes)
    service.save()  # queue its document
    return service


@pytest.fixture
def services(organisation, index_now):
    make = ServiceFactory
    hours(make(organisation=organisation, name="Office"), "MO,TU,WE,TH,FR", time(9), time(17))
    hours(make(organisation=organisation, name="Night shelter"), "FR,SA", time(20), time(8))
    make(organisation=organisation, name="Refuge", available_24_7=True)
    make(organisation=organisation, name="No hours listed")  # days only, no times
    shut = hours(make(organisation=organisation, name="Shut today"), "TH", time(9), time(17))
    Closure.objects.create(service=shut, starts_on=date(2026, 12, 3), ends_on=date(2026, 12, 3))
    shut.save()
    polish = Language.objects.create(code="pl", name="Polish")
    speaks = make(organisation=organisation, name="Polish helpline", takes_people_in=True)
    speaks.languages.add(polish)
    speaks.save()
    index_now()
    return {service.name: service for service in Service.objects.all()}


def names(client, params) -> set[str]:
    response = client.get(reverse("directory:index"), params)
    assert response.status_code == 200
    return {hit.service.name for hit in response.context["results"].hits}


@pytest.mark.parametrize(
    "params, expected",
    [
        # Saturday 5 December 2026, 02:00: the shelter opened on Friday night.
        ({"open_at": "2026-12-05T02:00"}, {"Night shelter", "Refuge"}),
        # Thursday 3 December, 10:00: "Shut today" is closed for the day.
        ({"open_at": "2026-12-03T10:00"}, {"Office", "Refuge"}),
        # The same moment given in UTC in summer: 09:30 UTC is 10:30 in London.
        ({"open_at": "2026-07-02T09:30:00+00:00"}, {"Office", "Refuge", "Shut today"}),
        ({"language": "Polish"}, {"Polish helpline"}),
        ({"language": "pl"}, {"Polish helpline"}),
    ],
)
def test_open_at_and_language_keep_the_same_services_in_elasticsearch_and_the_database(
    client, services, params, expected
):
    assert names(client, params) == expected
    with elasticsearch_unreachable():
        assert names(client, params) == expected


def test_open_now_is_the_moment_of_the_search_and_cards_say_so(client, services):
    with time_machine.travel("2026-12-04T21:00:00+00:00", tick=False):  # Friday 21:00
        assert names(client, {"open_now": "1"}) == {"Night shelter", "Refuge"}
        page = client.get(reverse("directory:index"), {"open_now": "1"}).content.decode()
    assert "Open now until 08:00" in page and "24 hours" in page


@pytest.mark.parametrize("asked", ["Sunday night", "0001-01-01T00:00+05:00", "9999-12-31T23:59"])
def test_a_time_that_is_no_time_is_said_beside_the_field_and_filters_nothing(
    client, services, asked
):
    response = client.get(reverse("directory:index"), {"open_at": asked})
    assert response.status_code == 200
    assert "Enter a date and time such as 2026-12-06T02:00." in response.content.decode()
    assert response.context["results"].hits == []
    body = client.get(reverse("api:search"), {"open_at": asked}).json()
    assert "so opening hours were not checked" in " ".join(body["messages"])


def test_only_members_can_ask_for_space_available(client, services, member, other_member):
    Availability.record(services["Polish helpline"], "available", "", member)
    everyone = names(client, {})
    assert names(client, {"available": "1"}) == everyone  # ignored for the public
    client.force_login(other_member)
    assert names(client, {"available": "1"}) == {"Polish helpline"}
    with elasticsearch_unreachable():
        assert names(client, {"available": "1"}) == {"Polish helpline"}
    Availability.record(services["Polish helpline"], "full", "", member)
    assert names(client, {"available": "1"}) == set()


# --- /api/search -------------------------------------------------------------------------


def api(client, **params) -> dict:
    response = client.get(reverse("api:search"), {"type": "service", **params})
    assert response.status_code == 200
    return response.json()


def titles(body: dict) -> set[str]:
    return {result["title"] for result in body["results"]}


def test_the_api_takes_open_at_in_elasticsearch_and_the_database(client, services):
    asked = {"open_at": "2026-12-05T02:00"}
    assert titles(api(client, **asked)) == {"Night shelter", "Refuge"}
    with elasticsearch_unreachable():
        assert titles(api(client, **asked)) == {"Night shelter", "Refuge"}


def test_api_results_say_languages_and_opening_and_availability_only_to_members(
    client, services, member, other_member
):
    with time_machine.travel("2026-12-04T21:00:00+00:00", tick=False):  # Friday 21:00
        Availability.record(services["Polish helpline"], "available", "Two beds", member)
        public = {r["title"]: r for r in api(client)["results"]}
        client.force_login(other_member)
        members = {r["title"]: r for r in api(client)["results"]}
        only_space = titles(api(client, available="1"))
    assert public["Night shelter"]["open_now"] is True
    assert public["Night shelter"]["opening"] == "Open now until 08:00"
    assert public["Office"]["open_now"] is False
    assert public["No hours listed"]["open_now"] is None
    assert public["Polish helpline"]["languages"] == ["Polish"]
    assert all("availability" not in result for result in public.values())
    assert members["Polish helpline"]["availability"]["state"] == "available"
    assert "Two beds" not in str(members)  # the note stays on the service page
    assert only_space == {"Polish helpline"}
    client.logout()
    with time_machine.travel("2026-12-04T21:00:00+00:00", tick=False):
        assert titles(api(client, available="1")) == set(public)  # ignored for the public


def test_when_nothing_is_open_the_page_says_so_and_offers_24_7_and_the_helpline(client, services):
    # Sunday 6 December 2026, 12:00: only the 24/7 refuge is open, and it speaks no Polish.
    params = {"open_at": "2026-12-06T12:00", "language": "Polish"}
    page = client.get(reverse("directory:index"), params).content.decode()
    assert 'data-testid="nothing-open"' in page
    assert "08000 121 700" in page and "?tonight=on" in page
    assert (
        'data-testid="nothing-open"' not in client.get(reverse("directory:index")).content.decode()
    )


def test_cards_from_the_document_and_from_an_older_document_say_the_same(client, services):
    from search import registry
    from search.client import get_client

    with time_machine.travel("2026-12-03T10:00:00+00:00", tick=False):  # Thursday 10:00
        kept = {r["title"]: r for r in api(client)["results"]}
        # A document written before cards were kept in it: the database answers instead.
        alias = registry.get("services").alias
        for service in services.values():
            document = get_client().get(index=alias, id=str(service.pk))["_source"]
            del document["card"]
            get_client().index(index=alias, id=str(service.pk), document=document, refresh=True)
        older = {r["title"]: r for r in api(client)["results"]}
    assert kept["Shut today"]["open_now"] is False and kept["Office"]["open_now"] is True
    assert kept["Shut today"]["opening"] == older["Shut today"]["opening"]
    for title, result in kept.items():
        assert (result["open_now"], result["opening"]) == (
            older[title]["open_now"],
            older[title]["opening"],
        ), title
