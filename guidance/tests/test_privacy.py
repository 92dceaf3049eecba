"""Members-only pages: Wagtail's "logged-in users" privacy, read as members of the network."""

import pytest

from accounts import policy
from guidance.models import EventIndexPage
from guidance.tests.conftest import members_only

pytestmark = pytest.mark.django_db


def test_anyone_reads_a_public_guide_and_it_is_for_the_public_audience(client, make_guide):
    guide = make_guide("Spot the signs: taxi drivers")
    assert client.get(guide.url).status_code == 200
    assert guide.audiences() == frozenset({policy.PUBLIC})


def test_a_members_only_guide_is_for_the_members_audience(members_guide):
    assert members_guide.audiences() == frozenset({policy.MEMBERS})


def test_an_unpublished_guide_is_for_nobody(make_guide):
    guide = make_guide("Draft")
    guide.unpublish()
    guide.refresh_from_db()
    assert guide.audiences() == frozenset()


def test_the_public_are_asked_to_sign_in_for_a_members_only_guide(client, members_guide):
    response = client.get(members_guide.url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_signed_in_person_who_is_not_a_member_cannot_read_a_members_only_guide(
    client, outsider, members_guide
):
    client.force_login(outsider)
    assert client.get(members_guide.url).status_code == 403


def test_a_member_reads_a_members_only_guide(client, member, members_guide):
    client.force_login(member)
    response = client.get(members_guide.url)
    assert response.status_code == 200
    assert b"Out of hours contacts" in response.content


def test_a_page_below_a_members_only_page_is_members_only_too(client, outsider, members_guide):
    from guidance.models import GuidancePage

    child = GuidancePage(title="Nested", slug="nested")
    # Guidance pages take no children in the admin; the tree rule is about inheritance here.
    members_guide.add_child(instance=child)
    child.save_revision().publish()
    assert child.audiences() == frozenset({policy.MEMBERS})


def test_the_guidance_list_hides_members_only_guides_from_the_public(
    client, outsider, guidance_index, make_guide, members_guide
):
    make_guide("Spot the signs: health staff")
    for who in (None, outsider):
        if who:
            client.force_login(who)
        content = client.get(guidance_index.url).content
        assert b"Spot the signs: health staff" in content
        assert b"Out of hours contacts" not in content


def test_the_guidance_list_shows_members_only_guides_to_members(
    client, member, guidance_index, members_guide
):
    client.force_login(member)
    assert b"Out of hours contacts" in client.get(guidance_index.url).content


def test_the_home_page_lists_members_only_guidance_to_members_only(
    client, member, home, members_guide, make_guide
):
    make_guide("Spot the signs: housing officers")
    public = client.get("/").content
    assert b"Spot the signs: housing officers" in public
    assert b"Out of hours contacts" not in public
    client.force_login(member)
    assert b"Out of hours contacts" in client.get("/").content


def test_the_sitemap_lists_public_pages_and_never_members_only_ones(
    client, member, make_guide, members_guide
):
    make_guide("Spot the signs: taxi drivers")
    client.force_login(member)  # even for a member: the sitemap is public
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert b"/guidance/spot-the-signs-taxi-drivers/" in response.content
    assert members_guide.slug.encode() not in response.content


def test_the_calendar_feed_never_carries_members_only_events(client, member, make_event):
    make_event("Open training", 5)
    members_only(make_event("Partners only visit", 6))
    client.force_login(member)
    index = EventIndexPage.objects.get()
    content = client.get(f"{index.url}feed.ics").content
    assert b"Open training" in content
    assert b"Partners only visit" not in content


def test_members_only_events_are_listed_for_members_and_hidden_from_the_public(
    client, member, make_event
):
    members_only(make_event("Partners only visit", 6))
    index = EventIndexPage.objects.get()
    assert b"Partners only visit" not in client.get(index.url).content
    client.force_login(member)
    assert b"Partners only visit" in client.get(index.url).content
