"""Referral pathways: drafting from a thread, sign-off by every organisation, versions."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import policy
from pathways.models import Pathway, PathwayStep
from tests.factories import PathwayFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(organisation, other_organisation, member):
    return PathwayFactory(
        title="Adults found at car washes",
        slug="car-washes",
        visibility=Pathway.Visibility.PUBLIC,
        status=Pathway.Status.PROPOSED,
        created_by=member,
        participating_organisations=[organisation, other_organisation],
    )


def test_a_member_drafts_a_pathway_from_a_thread(client, member, members_category, make_thread):
    thread = make_thread(members_category, member, "Pathway for adults found at car washes")
    client.force_login(member)
    form = client.get(f"/pathways/new/?thread={thread.pk}").content.decode()
    assert "Pathway for adults found at car washes" in form
    data = {
        "thread": thread.pk,
        "title": "Adults found at car washes",
        "area": "Colchester",
        "age_group": "adult",
        "exploitation_type": "labour",
        "emergency_route": "Call 999",
        "visibility": "public",
        "participating_organisations": [member.memberships.get().organisation_id],
        "steps-TOTAL_FORMS": "2",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
        "steps-0-order": "1",
        "steps-0-action": "Make sure the person is safe",
        "steps-0-responsible_role": "Whoever finds them",
        "steps-1-order": "2",
        "steps-1-action": "Refer to the NRM",
        "steps-1-is_nrm_first_responder": "on",
    }
    response = client.post("/pathways/new/", data)
    assert response.status_code == 302
    pathway = Pathway.objects.get()
    assert pathway.status == Pathway.Status.DRAFT
    assert pathway.source_thread == thread
    assert [s.action for s in pathway.steps.all()] == [
        "Make sure the person is safe",
        "Refer to the NRM",
    ]
    detail = client.get(response["Location"]).content.decode()
    assert "Read the discussion behind this pathway" in detail


@pytest.mark.parametrize("thread", ["²", "x", str(2**63)])
def test_a_bad_thread_to_draft_from_is_ignored(client, member, thread):
    client.force_login(member)
    response = client.get("/pathways/new/", {"thread": thread})
    assert response.status_code == 200
    assert 'name="title"' in response.content.decode()


def test_the_discussion_links_to_its_pathways_and_offers_members_a_draft(
    client, member, public_category, make_thread
):
    thread = make_thread(public_category, member, "Car washes: who does what?")
    Pathway.objects.create(
        title="Adults found at car washes",
        slug="car-washes",
        area="Colchester",
        source_thread=thread,
        status=Pathway.Status.AGREED,
        visibility=Pathway.Visibility.PUBLIC,
    )
    Pathway.objects.create(
        title="Nail bars, still a draft", slug="nail-bars", area="Colchester", source_thread=thread
    )
    draft_link = f"/pathways/new/?thread={thread.pk}"
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Referral pathways from this discussion" in page
    assert "Nail bars, still a draft" not in page  # members' work in progress
    assert 'href="/pathways/car-washes/v1/">Adults found at car washes</a>' in page
    assert draft_link not in page  # the public reads the thread but drafts nothing
    client.force_login(member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert draft_link in page and "Nail bars, still a draft" in page


def test_outsiders_and_the_public_cannot_draft(client, outsider):
    assert "/accounts/login/" in client.get("/pathways/new/")["Location"]
    client.force_login(outsider)
    assert client.get("/pathways/new/").status_code == 403


def test_drafts_are_for_members_only_whatever_their_visibility(client, proposed, other_member):
    assert client.get(proposed.get_absolute_url()).status_code == 404
    assert "Adults found at car washes" not in client.get("/pathways/").content.decode()
    client.force_login(other_member)
    assert client.get(proposed.get_absolute_url()).status_code == 200


def test_only_an_admin_of_a_participating_organisation_signs_off(
    client,
    proposed,
    member,
    org_admin,
    other_org_admin,
    organisation,
    other_organisation,
    staff_login,
):
    url = f"/pathways/car-washes/v1/sign-off/{organisation.pk}/"
    client.force_login(member)  # staff, not the admin
    assert client.post(url).status_code == 403
    staff_login(client, other_org_admin)  # an admin, of the other organisation
    assert client.post(url).status_code == 403
    staff_login(client, org_admin)
    assert client.post(url).status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == Pathway.Status.PROPOSED  # one of two has signed


def test_it_becomes_agreed_when_every_organisation_has_signed(
    client, proposed, org_admin, other_org_admin, organisation, other_organisation, staff_login
):
    staff_login(client, org_admin)
    client.post(f"/pathways/car-washes/v1/sign-off/{organisation.pk}/")
    staff_login(client, other_org_admin)
    client.post(f"/pathways/car-washes/v1/sign-off/{other_organisation.pk}/")
    proposed.refresh_from_db()
    assert proposed.status == Pathway.Status.AGREED
    client.logout()
    assert "Adults found at car washes" in client.get("/pathways/").content.decode()
    page = client.get("/pathways/car-washes/", follow=True).content.decode()
    assert "Emergency:" in page and "Call 999 if in danger" in page


def test_a_non_participating_organisation_cannot_sign(proposed, coordinator, other_organisation):
    from directory.models import Organisation

    stranger = Organisation.objects.create(name="Elsewhere", slug="elsewhere")
    assert not policy.can_sign_off_pathway(coordinator, proposed, stranger)
    assert not policy.can_sign_off_pathway(AnonymousUser(), proposed, other_organisation)


def test_a_draft_cannot_be_signed_off(proposed, org_admin, organisation):
    proposed.status = Pathway.Status.DRAFT
    proposed.save()
    assert not policy.can_sign_off_pathway(org_admin, proposed, organisation)


def test_a_new_version_supersedes_the_old_one_once_agreed(
    client, proposed, member, org_admin, other_org_admin, organisation, other_organisation
):
    proposed.sign_off(organisation, org_admin)
    proposed.sign_off(other_organisation, other_org_admin)
    client.force_login(member)
    response = client.post("/pathways/car-washes/v1/new-version/")
    second = Pathway.objects.get(version=2)
    assert response["Location"] == second.get_absolute_url()
    assert second.supersedes == proposed and second.status == Pathway.Status.DRAFT
    assert second.steps.count() == 1
    proposed.refresh_from_db()
    assert proposed.status == Pathway.Status.AGREED  # still in force until v2 is agreed
    second.propose()
    second.sign_off(organisation, org_admin)
    second.sign_off(other_organisation, other_org_admin)
    proposed.refresh_from_db()
    assert proposed.status == Pathway.Status.SUPERSEDED
    old = client.get(proposed.get_absolute_url()).content.decode()
    assert "This version is no longer in use" in old and "Read version 2" in old
    assert client.get("/pathways/car-washes/")["Location"] == second.get_absolute_url()


def test_returning_to_draft_voids_sign_offs_but_keeps_them_in_the_history(
    proposed, org_admin, organisation
):
    proposed.sign_off(organisation, org_admin)
    proposed.return_to_draft()
    assert proposed.status == Pathway.Status.DRAFT
    assert not proposed.live_sign_offs().exists()
    (voided,) = proposed.sign_offs.all()
    assert voided.withdrawn_at is not None and voided.user == org_admin
    proposed.propose()
    assert organisation in proposed.missing_sign_offs()  # it must sign what it now reads
    proposed.sign_off(organisation, org_admin)
    assert proposed.sign_offs.count() == 2 and proposed.live_sign_offs().count() == 1


def test_members_only_pathways_stay_hidden_from_the_public(
    client, proposed, org_admin, other_org_admin, organisation, other_organisation, member
):
    proposed.visibility = Pathway.Visibility.MEMBERS
    proposed.save()
    proposed.sign_off(organisation, org_admin)
    proposed.sign_off(other_organisation, other_org_admin)
    assert client.get(proposed.get_absolute_url()).status_code == 404
    assert "Adults found at car washes" not in client.get("/pathways/").content.decode()
    client.force_login(member)
    assert client.get(proposed.get_absolute_url()).status_code == 200


def test_the_detail_page_is_constant_in_queries(
    client, proposed, member, django_assert_num_queries
):
    client.force_login(member)
    client.get(proposed.get_absolute_url())
    with CaptureQueriesContext(connection) as small:
        client.get(proposed.get_absolute_url())
    for n in range(10):
        PathwayStep.objects.create(pathway=proposed, order=n + 2, action=f"Step {n}")
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(proposed.get_absolute_url())


def test_the_index_is_constant_in_queries(client, member, organisation, other_organisation):
    def add_pathways(start, count):
        for n in range(start, start + count):
            PathwayFactory(
                title=f"Pathway {n}",
                status=Pathway.Status.AGREED if n % 2 else Pathway.Status.PROPOSED,
                participating_organisations=[organisation, other_organisation],
            )

    add_pathways(0, 2)
    client.force_login(member)
    client.get("/pathways/")
    with CaptureQueriesContext(connection) as small:
        assert "Pathway 1" in client.get("/pathways/").content.decode()
    add_pathways(2, 20)
    with CaptureQueriesContext(connection) as large:
        assert "Pathway 21" in client.get("/pathways/").content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)
