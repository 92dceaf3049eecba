from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from directory.models import ListingReport, Organisation, Shortlist, ShortlistItem
from search.tests.helpers import elasticsearch_unreachable
from tests.factories import (
    CategoryFactory,
    LocationFactory,
    OrganisationFactory,
    ServiceFactory,
    colchester_postcodes,
    emergency_safe_house,
)
from tests.query_counts import queries_to_get

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture
def refuge(organisation):
    return emergency_safe_house(organisation)


def login(client, user):
    client.force_login(user)
    return client


def test_the_public_sees_a_refuge_without_its_address_or_members_only_lines(client, refuge):
    page = client.get(refuge.get_absolute_url()).content.decode()
    assert "Emergency safe house" in page
    assert "01206 000111" in page
    assert "14 Secret Lane" not in page
    assert "07700 900123" not in page
    assert "refuge@cjsm.example.net" not in page
    assert "The address is confidential" in page


def test_a_member_sees_the_refuge_address_and_direct_line(client, refuge, other_member):
    page = login(client, other_member).get(refuge.get_absolute_url()).content.decode()
    assert "14 Secret Lane" in page
    assert "07700 900123" in page
    assert "refuge@cjsm.example.net" in page


def test_someone_signed_in_without_an_organisation_sees_only_public_details(
    client, refuge, outsider
):
    page = login(client, outsider).get(refuge.get_absolute_url()).content.decode()
    assert "14 Secret Lane" not in page
    assert "07700 900123" not in page


def test_a_suspended_organisation_disappears_from_the_directory(client, refuge, index_now):
    index_now()
    listing = client.get(reverse("directory:index")).content.decode()
    assert "Emergency safe house" in listing
    organisation = refuge.organisation
    organisation.status = Organisation.Status.SUSPENDED
    organisation.save()
    index_now()
    assert client.get(organisation.get_absolute_url()).status_code == 404
    assert client.get(refuge.get_absolute_url()).status_code == 404
    listing = client.get(reverse("directory:index")).content.decode()
    assert "Emergency safe house" not in listing


def test_an_unpublished_draft_is_not_on_the_site(client, organisation, index_now):
    draft = ServiceFactory(organisation=organisation, name="Draft service", live=False)
    index_now()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Draft service" not in client.get(reverse("directory:index")).content.decode()


def test_a_member_finds_a_safe_house_that_takes_referrals_tonight_near_co1(
    client, refuge, other_member, index_now
):
    far = OrganisationFactory(name="Clacton Housing")
    ServiceFactory(
        organisation=far,
        name="Clacton safe house",
        categories=[CategoryFactory()],
        at=LocationFactory(
            organisation=far, latitude=51.79, longitude=1.155, town="Clacton-on-Sea"
        ),
        available_24_7=True,
    )
    index_now()
    login(client, other_member)
    listing = client.get(
        reverse("directory:index"), {"near": "co1", "tonight": "on", "category": "safe-houses"}
    ).content.decode()
    assert "simplified mode" not in listing
    assert "Emergency safe house" in listing
    assert "Clacton safe house" not in listing  # 20 km away, outside the default 10 km
    assert "0.0 km away" in listing  # a confidential address is placed at its district's centre
    page = client.get(refuge.get_absolute_url()).content.decode()
    assert "07700 900123" in page


def test_results_near_a_postcode_show_their_distance_and_sort_nearest_first(
    client, refuge, index_now
):
    wivenhoe = OrganisationFactory(name="Wivenhoe Drop-in")
    ServiceFactory(
        organisation=wivenhoe,
        name="Wivenhoe safe house",
        categories=[CategoryFactory()],
        at=LocationFactory(
            organisation=wivenhoe, latitude=51.856, longitude=0.956, town="Wivenhoe"
        ),
    )
    index_now()
    url = reverse("directory:index")
    nearest = client.get(url, {"near": "CO1", "sort": "distance"})
    names = [hit.service.name for hit in nearest.context["results"].hits]
    assert names == ["Emergency safe house", "Wivenhoe safe house"]
    distances = [hit.distance_km for hit in nearest.context["results"].hits]
    assert distances[0] < 0.1 and 4 < distances[1] < 6
    assert f"{distances[1]:.1f} km away" in nearest.content.decode()
    named = client.get(url, {"near": "CO1", "sort": "relevance", "q": "wivenhoe"})
    assert [hit.service.name for hit in named.context["results"].hits] == ["Wivenhoe safe house"]


def test_an_unknown_postcode_is_named_in_a_clear_message(client, db):
    colchester_postcodes()
    page = client.get(reverse("directory:index"), {"near": "ZZ9 9ZZ"}).content.decode()
    assert "We do not know the postcode ZZ9 9ZZ" in page


def test_a_malformed_postcode_is_rejected(client, db):
    page = client.get(reverse("directory:index"), {"near": "hello"}).content.decode()
    assert "Enter a UK postcode like CO1 1AA" in page


@pytest.mark.parametrize("page", ["²", "-1", str(2**63), "1e3"])
def test_any_page_number_shows_a_page_of_the_directory(client, refuge, index_now, page):
    index_now()
    response = client.get(reverse("directory:index"), {"page": page})
    assert response.status_code == 200
    assert "Emergency safe house" in response.content.decode()


def test_a_value_the_form_does_not_offer_is_named_beside_it_and_nothing_is_searched(
    client, refuge, index_now
):
    index_now()
    page = client.get(reverse("directory:index"), {"category": "nope", "radius": "7"})
    html = page.content.decode()
    assert "Select a valid choice. nope is not one of the available choices." in html
    assert "Select a valid choice. 7 is not one of the available choices." in html
    assert 'data-testid="no-search"' in html and "Emergency safe house" not in html


def test_a_page_number_set_aside_is_said_as_on_the_search_page(client, refuge, index_now):
    index_now()
    html = client.get(reverse("directory:index"), {"page": "abc"}).content.decode()
    assert "That was not a page number, so here is the first page." in html
    assert "Emergency safe house" in html


def test_an_unknown_full_postcode_in_a_known_district_searches_from_the_district(
    client, refuge, index_now
):
    index_now()
    page = client.get(reverse("directory:index"), {"near": "CO1 9XX"}).content.decode()
    assert "distances are from the centre of CO1" in page
    assert "Emergency safe house" in page


def test_the_directory_reads_a_place_from_near_only(client, refuge, index_now):
    """The search API also takes ``postcode``; the directory's form has ``near`` alone."""
    index_now()
    page = client.get(reverse("directory:index"), {"postcode": "CO1 9XX"}).content.decode()
    assert "distances are from the centre of CO1" not in page
    assert " km of " not in page
    assert "Emergency safe house" in page


def test_copy_referral_details_has_a_plain_text_fallback(client, refuge, other_member):
    url = reverse("directory:referral_details", args=[refuge.organisation.slug, refuge.slug])
    public = client.get(url)
    assert public["Content-Type"].startswith("text/plain")
    assert "01206 000111" in public.content.decode()
    assert "07700 900123" not in public.content.decode()
    assert "07700 900123" in login(client, other_member).get(url).content.decode()


def test_the_print_view_shows_the_service(client, refuge):
    url = reverse("directory:service_print", args=[refuge.organisation.slug, refuge.slug])
    assert "Emergency safe house" in client.get(url).content.decode()


def test_anyone_can_report_a_problem_to_the_coordinators_queue(client, refuge):
    url = reverse("directory:report_service", args=[refuge.organisation.slug, refuge.slug])
    response = client.post(url, {"reason": "wrong_contact", "details": "Number rings out"})
    assert response.status_code == 302
    report = ListingReport.objects.get()
    assert report.service == refuge and report.status == ListingReport.Status.OPEN


def test_a_report_without_a_reason_is_refused(client, refuge):
    url = reverse("directory:report_service", args=[refuge.organisation.slug, refuge.slug])
    assert client.post(url, {"details": "?"}).status_code == 200
    assert not ListingReport.objects.exists()


def test_overdue_review_is_shown_to_users(client, refuge):
    assert "Review overdue" in client.get(refuge.organisation.get_absolute_url()).content.decode()


def test_a_verified_entry_says_who_verified_it_and_when_in_one_line(client, refuge, coordinator):
    with time_machine.travel(datetime(2026, 11, 3, 10, tzinfo=UTC)):
        refuge.organisation.verify(coordinator)
    with time_machine.travel(datetime(2026, 11, 20, 10, tzinfo=UTC)):
        for url in (refuge.organisation.get_absolute_url(), refuge.get_absolute_url()):
            page = client.get(url).content.decode()
            assert "Verified by the network coordinator on 3 November 2026." in page
            assert "Review overdue" not in page
            assert "Details reviewed" not in page
            assert "cora@example.org" not in page


# --- when Elasticsearch is unreachable ---------------------------------------------------


def test_with_elasticsearch_unreachable_the_directory_answers_from_the_database_with_a_notice(
    client, refuge, other_member, index_now
):
    index_now()
    org = refuge.organisation
    # Saved while the worker is behind: the database has it, the index not yet.
    ServiceFactory(
        organisation=org,
        name="Night shelter",
        categories=[CategoryFactory()],
        at=LocationFactory(organisation=org),
    )
    login(client, other_member)
    params = {"near": "CO1", "category": "safe-houses"}
    with elasticsearch_unreachable():
        listing = client.get(reverse("directory:index"), params).content.decode()
    assert "Search is running in a simplified mode" in listing
    assert "Emergency safe house" in listing and "Night shelter" in listing
    assert "0.0 km away" in listing
    searched = client.get(reverse("directory:index"), params).content.decode()
    assert "simplified mode" not in searched
    assert "Emergency safe house" in searched and "Night shelter" not in searched


def test_the_directory_fallback_hides_what_the_public_may_not_see(client, refuge, index_now):
    ServiceFactory(organisation=refuge.organisation, name="Draft night shelter", live=False)
    with elasticsearch_unreachable():
        listing = client.get(reverse("directory:index"), {"q": "shelter"}).content.decode()
    assert "simplified mode" in listing
    assert "Draft night shelter" not in listing


# --- shortlists -------------------------------------------------------------------------


def test_a_member_saves_a_service_to_a_new_shortlist_and_shares_it(client, refuge, member):
    login(client, member)
    client.post(
        reverse("directory:shortlist_add", args=[refuge.pk]), {"new_name": "Tonight options"}
    )
    shortlist = Shortlist.objects.get(owner=member)
    assert shortlist.name == "Tonight options"
    client.logout()
    shared = client.get(shortlist.get_absolute_url()).content.decode()
    assert "Emergency safe house" in shared
    assert "07700 900123" not in shared


def test_the_public_cannot_keep_shortlists(client, refuge):
    response = client.post(reverse("directory:shortlist_add", args=[refuge.pk]), {"new_name": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Shortlist.objects.exists()


def test_someone_without_an_organisation_cannot_keep_shortlists(client, refuge, outsider):
    login(client, outsider)
    response = client.post(reverse("directory:shortlist_add", args=[refuge.pk]), {"new_name": "x"})
    assert response.status_code == 403


def test_only_the_owner_can_change_a_shortlist(client, refuge, member, other_member):
    shortlist = Shortlist.objects.create(owner=member, name="Mine")
    item = ShortlistItem.objects.create(shortlist=shortlist, service=refuge)
    login(client, other_member)
    url = reverse("directory:shortlist_remove", args=[shortlist.token, item.pk])
    assert client.post(url).status_code == 403
    assert ShortlistItem.objects.filter(pk=item.pk).exists()
    login(client, member)
    client.post(url)
    assert not ShortlistItem.objects.filter(pk=item.pk).exists()


# --- query counts stay flat as the directory grows ------------------------------------------


def _grow(n: int):
    category = CategoryFactory()
    for _ in range(n):
        org = OrganisationFactory()
        loc = LocationFactory(organisation=org)
        for _ in range(2):
            ServiceFactory(organisation=org, categories=[category], at=loc)


@pytest.mark.parametrize("params", [{}, {"near": "CO1", "category": "safe-houses"}])
def test_the_directory_list_query_count_does_not_grow_with_the_data(
    client, refuge, other_member, params, index_now
):
    login(client, other_member)
    _grow(2)
    index_now()
    url = reverse("directory:index")
    queries_to_get(client, url, params)  # warm the session
    before = queries_to_get(client, url, params)
    _grow(8)
    index_now()
    response = client.get(url, params)
    assert response.context["results"].total == 21 and not response.context["results"].degraded
    assert queries_to_get(client, url, params) == before


@pytest.mark.parametrize("params", [{}, {"near": "CO1", "category": "safe-houses"}])
def test_the_fallback_list_query_count_does_not_grow_with_the_data(
    client, refuge, other_member, params
):
    login(client, other_member)
    _grow(2)
    url = reverse("directory:index")
    with elasticsearch_unreachable():
        queries_to_get(client, url, params)  # warm the session
        before = queries_to_get(client, url, params)
        _grow(8)
        assert queries_to_get(client, url, params) == before


def test_the_organisation_and_service_pages_query_counts_do_not_grow(client, refuge):
    org = refuge.organisation
    _grow(1)
    org_url, service_url = org.get_absolute_url(), refuge.get_absolute_url()
    before = (queries_to_get(client, org_url), queries_to_get(client, service_url))
    category = CategoryFactory()
    for _ in range(5):
        ServiceFactory(
            organisation=org, categories=[category], at=LocationFactory(organisation=org)
        )
    _grow(4)
    assert (queries_to_get(client, org_url), queries_to_get(client, service_url)) == before
