"""Wagtail pages kept for visitors (core/caching.py): a publish, an edit or an unpublish shows
at once, and a kept page costs only Wagtail's routing."""

import pytest
from django.urls import reverse

from guidance.models import FooterLink
from guidance.tests.conftest import publish
from tests.query_counts import queries_to_get

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("caching_on")]


def test_a_guide_published_after_the_home_page_was_kept_shows_on_it(
    client, home, make_guide, committed
):
    make_guide("Spotting labour exploitation")
    assert b"Spotting labour exploitation" in client.get("/").content
    assert b"Signs in nail bars" not in client.get("/").content  # kept now

    with committed():
        make_guide("Signs in nail bars")

    assert b"Signs in nail bars" in client.get("/").content


def test_an_edited_guide_shows_its_new_title_and_an_unpublished_one_is_gone(
    client, home, make_guide, committed
):
    guide = make_guide("Signs at car washes")
    assert b"Signs at car washes" in client.get(guide.url).content

    guide.title = "Signs at hand car washes"
    with committed():
        publish(guide)
    assert b"Signs at hand car washes" in client.get(guide.url).content

    with committed():
        guide.unpublish()
    assert client.get(guide.url).status_code == 404


def test_a_new_footer_link_shows_on_kept_pages_and_on_members_pages(
    client, home, member, committed
):
    client.get("/")
    client.force_login(member)
    client.get("/forum/")
    client.logout()

    with committed():
        FooterLink.objects.create(title="Accessibility statement", url="/accessibility/")

    assert b"Accessibility statement" in client.get("/").content
    client.force_login(member)
    assert b"Accessibility statement" in client.get("/forum/").content


def test_a_visitor_with_a_message_waiting_is_not_shown_the_kept_page(client, home, member):
    client.get("/")  # kept
    client.force_login(member)
    response = client.post(reverse("account_logout"), follow=True)
    assert b"You have signed out" in response.content


def test_a_kept_home_page_costs_only_wagtails_routing(client, home, make_guide):
    make_guide("Spot the signs")
    client.get("/")
    # The site for the host, the page at the path, its ancestors' aliases, view restrictions.
    assert queries_to_get(client, "/") <= 4
