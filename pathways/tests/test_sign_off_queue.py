"""The page of pathways awaiting someone's sign-off, from both sides."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Organisation
from pathways.models import Pathway
from tests.factories import PathwayFactory

pytestmark = pytest.mark.django_db

QUEUE = "/pathways/awaiting-sign-off/"
PROPOSED = Pathway.Status.PROPOSED


@pytest.fixture
def car_washes(organisation, other_organisation):
    return PathwayFactory(
        title="Adults found at car washes",
        slug="car-washes",
        status=PROPOSED,
        participating_organisations=[organisation, other_organisation],
    )


@pytest.fixture
def nail_bars(other_organisation):
    return PathwayFactory(
        title="Young people in nail bars",
        status=PROPOSED,
        participating_organisations=[other_organisation],
    )


def test_an_org_admin_sees_what_waits_for_their_organisation_and_signs_it_off(
    client, org_admin, organisation, car_washes, nail_bars, staff_login
):
    staff_login(client, org_admin)
    page = client.get(QUEUE).content.decode()
    assert "Adults found at car washes" in page
    assert "Young people in nail bars" not in page  # their organisation takes no part
    assert 'data-testid="yours-count">1<' in page

    response = client.post(f"/pathways/car-washes/v1/sign-off/{organisation.pk}/", {"next": QUEUE})
    assert response.status_code == 302 and response["Location"] == QUEUE
    page = client.get(QUEUE).content.decode()
    assert "Signed off Adults found at car washes for Colne Valley Refuge Trust." in page
    assert "Nothing is waiting for your organisation" in page
    car_washes.refresh_from_db()
    assert car_washes.status == Pathway.Status.PROPOSED  # the other organisation still has to sign


def test_the_sign_off_never_redirects_off_site(
    client, org_admin, organisation, car_washes, staff_login
):
    staff_login(client, org_admin)
    response = client.post(
        f"/pathways/car-washes/v1/sign-off/{organisation.pk}/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == car_washes.get_absolute_url()


def test_drafts_agreed_and_already_signed_pathways_are_not_listed(
    client, org_admin, organisation, car_washes, staff_login
):
    PathwayFactory(title="A draft", participating_organisations=[organisation])
    car_washes.sign_off(organisation, org_admin)
    staff_login(client, org_admin)
    page = client.get(QUEUE).content.decode()
    assert "Adults found at car washes" not in page and "A draft" not in page


def test_an_admin_of_another_organisation_does_not_see_it_nor_sign_it(
    client, other_org_admin, organisation, car_washes, staff_login
):
    stranger = Organisation.objects.create(name="Elsewhere Trust", slug="elsewhere")
    car_washes.participating_organisations.set([organisation])
    other_org_admin.memberships.update(organisation=stranger)
    staff_login(client, other_org_admin)
    page = client.get(QUEUE).content.decode()
    assert "Adults found at car washes" not in page
    assert client.post(f"/pathways/car-washes/v1/sign-off/{organisation.pk}/").status_code == 403


def test_a_member_who_is_not_an_admin_cannot_open_it(client, member, car_washes):
    client.force_login(member)
    assert client.get(QUEUE).status_code == 403
    assert 'data-testid="sign-off-link"' not in client.get("/accounts/profile/").content.decode()


def test_the_public_is_sent_to_sign_in(client, car_washes):
    assert "/accounts/login/" in client.get(QUEUE)["Location"]


def test_coordinators_see_every_proposal_still_waiting(
    client, coordinator, car_washes, nail_bars, org_admin, organisation, staff_login
):
    car_washes.sign_off(organisation, org_admin)
    staff_login(client, coordinator)  # also an admin? no: a member of the other organisation
    page = client.get(QUEUE).content.decode()
    assert 'data-testid="waiting-count">2<' in page
    assert "Harwich Housing Association" in page
    assert 'data-testid="yours-count">0<' in page
    assert "Sign off Adults found at car washes" not in page  # coordinators do not sign


def test_the_account_page_links_to_it_with_the_count(client, org_admin, car_washes, staff_login):
    staff_login(client, org_admin)
    page = client.get("/accounts/profile/").content.decode()
    assert 'href="/pathways/awaiting-sign-off/"' in page
    assert (
        'Pathways awaiting your sign-off</a> <strong class="govuk-tag govuk-tag--yellow">1<' in page
    )


def test_the_queue_is_constant_in_queries(
    client,
    coordinator,
    org_admin,
    organisation,
    other_organisation,
    django_assert_num_queries,
    staff_login,
):
    from accounts.models import Membership

    Membership.objects.create(user=coordinator, organisation=organisation, role="admin")
    taking_part = [organisation, other_organisation]
    PathwayFactory(title="First", status=PROPOSED, participating_organisations=taking_part)
    staff_login(client, coordinator)
    client.get(QUEUE)
    with CaptureQueriesContext(connection) as small:
        client.get(QUEUE)
    PathwayFactory.create_batch(6, status=PROPOSED, participating_organisations=taking_part)
    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get(QUEUE).content.decode()
    assert page.count("Sign off Pathway") == 6


def test_no_pathway_can_take_the_queues_address(client, member, organisation):
    from pathways.views import _unique_slug

    assert _unique_slug("Awaiting sign-off") == "awaiting-sign-off-2"
