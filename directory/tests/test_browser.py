"""A member finds "a safe house that takes referrals tonight near CO1" in a few clicks."""

import re

import pytest

from search import indexing
from tests.factories import (
    CategoryFactory,
    LocationFactory,
    OrganisationFactory,
    ServiceFactory,
    emergency_safe_house,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def safe_houses(elasticsearch, organisation):
    """The refuge in CO1, plus one that is not open tonight and one too far away."""
    indexing.delete_all_indices()
    indexing.ensure_indices()
    refuge = emergency_safe_house(organisation)
    nearby_daytime = LocationFactory(
        organisation=OrganisationFactory(name="Day Centre Trust"), name="Hub"
    )
    ServiceFactory(
        organisation=nearby_daytime.organisation,
        name="Daytime safe space",
        categories=[CategoryFactory()],
        at=nearby_daytime,
        accepting_referrals=True,
    )
    clacton = OrganisationFactory(name="Tendring Refuge")
    ServiceFactory(
        organisation=clacton,
        name="Clacton safe house",
        categories=[CategoryFactory()],
        at=LocationFactory(
            organisation=clacton,
            postcode="CO15 1AA",
            latitude=51.79,
            longitude=1.155,
            town="Clacton",
        ),
        accepting_referrals=True,
        available_24_7=True,
    )
    # Whichever answers the directory's search (Elasticsearch or the database) has it all.
    indexing.drain()
    indexing.refresh()
    yield refuge
    indexing.delete_all_indices()


def find_a_safe_house_tonight_near_co1(page, live_server):
    page.goto(f"{live_server.url}/directory/")
    filters = page.get_by_role("search", name="Search the directory")
    filters.get_by_label("Category").select_option(label="Safe houses")
    filters.get_by_label("Takes referrals tonight (24/7)").check()
    filters.get_by_label("Near a postcode").fill("CO1")
    filters.get_by_role("button", name="Search").click()
    page.wait_for_url("**/directory/?*near=CO1*")
    return page.get_by_test_id("results")


def test_a_member_finds_a_safe_house_that_takes_referrals_tonight_near_co1(
    live_server, page, sign_in, member, safe_houses, artifacts_dir
):
    sign_in(member)
    results = find_a_safe_house_tonight_near_co1(page, live_server)

    assert page.get_by_test_id("result-count").inner_text() == "1 service within 10 km of CO1"
    card = results.get_by_test_id("result")
    assert "Emergency safe house" in card.inner_text()
    assert re.fullmatch(r"\d+\.\d km away", card.get_by_test_id("distance").inner_text())
    assert "Daytime safe space" not in results.inner_text()  # not open tonight
    assert "Clacton safe house" not in results.inner_text()  # further than 10 km
    page.screenshot(path=f"{artifacts_dir}/directory-safe-house-tonight-co1.png", full_page=True)

    results_url = page.url
    card.get_by_role("link", name="Emergency safe house").click()
    page.get_by_role("heading", name="Emergency safe house").wait_for()
    members_only = page.get_by_test_id("members-only")
    assert "07700 900123" in members_only.first.inner_text()
    page.screenshot(path=f"{artifacts_dir}/directory-safe-house-member.png", full_page=True)

    page.context.clear_cookies()
    page.goto(results_url)
    page.get_by_test_id("results").get_by_role("link", name="Emergency safe house").click()
    page.get_by_role("heading", name="Emergency safe house").wait_for()
    assert page.get_by_test_id("members-only").count() == 0
    assert "07700 900123" not in page.content()
    assert "Network members see direct referral lines" in page.content()
    page.screenshot(path=f"{artifacts_dir}/directory-safe-house-public.png", full_page=True)
