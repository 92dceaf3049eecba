"""The directory answers "who can take this person tonight" at a glance: cards that say who
a service is for and in which languages (the one searched for picked out), members' space
first when they ask, filters that say how many are on, and the searched place on the map."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from directory.models import Availability, Language, Service
from search.tests.helpers import elasticsearch_unreachable
from tests.factories import CategoryFactory, ServiceFactory, colchester_postcodes

pytestmark = pytest.mark.django_db

NOW = "2026-12-04T21:00:00+00:00"


def directory(client, **params):
    response = client.get(reverse("directory:index"), params)
    assert response.status_code == 200
    return response


def names(response) -> list[str]:
    return [hit.service.name for hit in response.context["results"].hits]


@pytest.fixture
def houses(organisation, member, index_now):
    """Five houses that take people in, one in each state of availability."""
    made = {}
    for name in ("A full", "B call", "C space", "D silent", "E stale"):
        made[name] = ServiceFactory(organisation=organisation, name=name, takes_people_in=True)
    with time_machine.travel(NOW, tick=False):
        Availability.record(made["A full"], "full", "", member)
        Availability.record(made["B call"], "call", "", member)
        Availability.record(made["C space"], "available", "", member)
    with time_machine.travel(datetime.fromisoformat(NOW) - timedelta(days=3)):
        Availability.record(made["E stale"], "available", "", member)
    index_now()
    return made


def test_members_sort_by_space_available_then_call_then_unknown_then_full(
    client, houses, other_member
):
    client.force_login(other_member)
    with time_machine.travel(NOW, tick=False):
        found = names(directory(client, sort="availability"))
        with elasticsearch_unreachable():
            fallback = names(directory(client, sort="availability"))
    for order in (found, fallback):
        assert order[:2] == ["C space", "B call"]
        assert set(order[2:4]) == {"D silent", "E stale"}  # not said, or said too long ago
        assert order[4] == "A full"


def test_the_public_is_offered_neither_the_order_nor_the_tick_box_and_asking_changes_nothing(
    client, houses, other_member
):
    with time_machine.travel(NOW, tick=False):
        plain = directory(client)
        asked = directory(client, sort="availability", available="1")
        assert names(asked) == names(plain)
        assert not asked.context["params"].errors
        page = asked.content.decode()
        assert "Space available first" not in page and 'name="available"' not in page
        client.force_login(other_member)
        page = directory(client).content.decode()
    assert "Space available first" in page and 'name="available"' in page


def test_the_filters_say_how_many_are_on(client, organisation):
    category = CategoryFactory()
    assert "Filters (0)" in directory(client, q="house").content.decode()
    page = directory(
        client, q="house", category=category.slug, accepting="on", radius="25", sort="relevance"
    ).content.decode()
    assert "Filters (2)" in page  # the radius and the order are not filters


@pytest.fixture
def polish_refuge(organisation, index_now):
    refuge = ServiceFactory(
        organisation=organisation,
        name="Polish women's refuge",
        gender=Service.Gender.WOMEN,
        minimum_age=18,
    )
    for code, name in (("en", "English"), ("pl", "Polish")):
        refuge.languages.add(Language.objects.create(code=code, name=name))
    refuge.save()
    index_now()
    return refuge


@pytest.mark.parametrize("asked", [{"language": "Polish"}, {"q": "polish refuge"}])
def test_cards_say_who_it_is_for_and_pick_out_the_language_searched_for(
    client, polish_refuge, asked
):
    page = directory(client, **asked).content.decode()
    assert 'data-testid="card-eligibility">Women only, 18 and over<' in page
    assert '<mark data-testid="searched-language">Polish</mark>, English' in page


def test_a_card_marks_no_language_when_none_was_searched_for(client, polish_refuge):
    page = directory(client, q="refuge").content.decode()
    assert "Polish, English" not in page and "English, Polish" in page
    assert "<mark" not in page


def test_search_results_name_the_organisation_and_the_language_searched_for(
    client, polish_refuge, organisation
):
    response = client.get(reverse("search:search"), {"q": "polish refuge", "type": "service"})
    page = response.content.decode()
    assert f'data-testid="hit-organisation">· {organisation.name}</span></h3>' in page
    assert '<mark data-testid="searched-language">Polish</mark>, English' in page
    assert "Women only, 18 and over" in page


def test_the_map_marks_the_place_searched_near_and_its_radius(client, organisation):
    colchester_postcodes()
    ServiceFactory(organisation=organisation, name="Refuge")
    near = directory(client, near="CO1", radius="5").context["map_config"]["near"]
    assert (near["label"], near["radius_km"]) == ("CO1", 5.0)
    assert near["icon"].endswith("directory/here.svg")
    assert "near" not in directory(client).context["map_config"]
