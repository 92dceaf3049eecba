"""The directory's filters keep the same services whether Elasticsearch or the database
answers: the index records what the database lookups ask (directory/filters.py)."""

import pytest
from django.urls import reverse

from directory.models import Area, Language, Service
from search.tests.helpers import elasticsearch_unreachable
from tests.factories import CategoryFactory, LocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(organisation, index_now):
    housing = CategoryFactory(name="Housing")
    refuges = CategoryFactory(name="Refuges", parent=housing)
    legal = CategoryFactory(name="Legal advice", slug="legal")
    essex = Area.objects.create(name="Essex", slug="essex")
    polish = Language.objects.create(code="pl", name="Polish")

    def make(organisation, name, **fields):
        return ServiceFactory(organisation=organisation, name=name, **fields)

    make(organisation, "Open house", categories=[housing], available_24_7=True)
    make(organisation, "Women's refuge", categories=[refuges], gender=Service.Gender.WOMEN)
    make(organisation, "Men's hostel", categories=[housing], gender=Service.Gender.MEN)
    casework = make(
        organisation,
        "NRM casework",
        categories=[legal],
        nrm_requirement=Service.NRMRequirement.REFERRED,
        immigration_status=Service.ImmigrationStatus.UK,
        minimum_age=18,
    )
    casework.service_areas.add(essex)
    casework.save()  # a parental many-to-many is written when its service is saved
    drop_in = make(organisation, "Full drop-in", accepting_referrals=False)
    drop_in.languages.add(polish)
    drop_in.save()
    make(organisation, "Paused night line", available_24_7=True, status="temporarily_closed")
    make(organisation, "Closed project", status=Service.Status.INACTIVE)
    index_now()


def names(client, params) -> set[str]:
    response = client.get(reverse("directory:index"), params)
    return {hit.service.name for hit in response.context["results"].hits}


# Services anyone may be referred to: no conditions on gender, NRM, status or age.
OPEN_TO_ALL = {"Open house", "Full drop-in", "Paused night line"}


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, OPEN_TO_ALL | {"Women's refuge", "Men's hostel", "NRM casework"}),
        ({"category": "housing"}, {"Open house", "Women's refuge", "Men's hostel"}),
        ({"category": "refuges"}, {"Women's refuge"}),
        ({"area": "essex"}, {"NRM casework"}),
        ({"language": "pl"}, {"Full drop-in"}),
        ({"eligibility": "women"}, OPEN_TO_ALL | {"Women's refuge", "NRM casework"}),
        ({"eligibility": "men"}, OPEN_TO_ALL | {"Men's hostel", "NRM casework"}),
        ({"eligibility": "no_nrm_needed"}, OPEN_TO_ALL | {"Women's refuge", "Men's hostel"}),
        ({"eligibility": "no_recourse"}, OPEN_TO_ALL | {"Women's refuge", "Men's hostel"}),
        ({"eligibility": "under_18"}, OPEN_TO_ALL | {"Women's refuge", "Men's hostel"}),
        ({"accepting": "on"}, {"Open house", "Women's refuge", "Men's hostel", "NRM casework"}),
        # As the form reads (and shows) a tick box: "0" is ticked, only "false" is not.
        ({"accepting": "0"}, {"Open house", "Women's refuge", "Men's hostel", "NRM casework"}),
        ({"tonight": "false"}, OPEN_TO_ALL | {"Women's refuge", "Men's hostel", "NRM casework"}),
        ({"tonight": "on"}, {"Open house"}),
        ({"tonight": "on", "accepting": "on", "eligibility": "men"}, {"Open house"}),
    ],
)
def test_each_filter_keeps_the_same_services_in_elasticsearch_and_the_database(
    client, services, params, expected
):
    assert names(client, params) == expected
    with elasticsearch_unreachable():
        assert names(client, params) == expected


def test_a_filter_reaches_services_from_another_model_through_a_prefix(organisation):
    """As a feed listing services at locations would ask it."""
    from directory import filters
    from directory.models import ServiceAtLocation

    essex = Area.objects.create(name="Essex", slug="essex")
    office = LocationFactory(organisation=organisation)
    night = ServiceFactory(
        organisation=organisation, name="Night line", at=office, available_24_7=True
    )
    day = ServiceFactory(
        organisation=organisation, name="Day centre", at=office, gender=Service.Gender.MEN
    )
    day.service_areas.add(essex)
    day.save()

    def at_office(q) -> set[str]:
        return {sal.service.name for sal in ServiceAtLocation.objects.filter(q)}

    assert at_office(filters.TONIGHT.q(prefix="service__")) == {night.name}
    assert at_office(~filters.WOMEN.q(prefix="service__")) == {day.name}
    assert at_office(filters.AREA.q("essex", prefix="service__")) == {day.name}


def test_one_key_names_one_filter_everywhere():
    """The directory page's filters and the Open Referral UK feed's parameters share keys
    only where they mean the same filter."""
    from directory import filters

    assert len(filters.KEYS) == len(set(filters.KEYS))
    assert {"category", "eligibility", "tonight", "search", "day"} <= set(filters.KEYS)
