"""Pages and fragments kept in the cache (core/caching.py): a change to their content shows at
once, people who may see different things never get each other's copy, and a kept page costs
(almost) no queries."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from conftest import make_user
from forum.models import Category as ForumCategory
from forum.services import start_thread
from guidance.models import FooterLink
from tests.factories import OrganisationFactory, ServiceFactory
from tests.query_counts import queries_to_get

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("caching_on")]


# --- a change shows at once -------------------------------------------------------------


def test_an_edited_organisation_shows_its_new_description(client, committed):
    organisation = OrganisationFactory(description="Beds for women in Colchester.")
    url = organisation.get_absolute_url()
    assert b"Beds for women in Colchester." in client.get(url).content

    organisation.description = "Beds for women and children in Colchester."
    with committed():
        organisation.save()

    assert b"Beds for women and children in Colchester." in client.get(url).content


# --- never shared between people who may see different things ---------------------------


def test_members_only_details_never_reach_a_visitor_through_the_cache(client, member):
    service = ServiceFactory(direct_referral_line="01206 555 0101")
    url = service.get_absolute_url()

    client.force_login(member)
    assert b"01206 555 0101" in client.get(url).content
    client.logout()
    assert b"01206 555 0101" not in client.get(url).content
    client.force_login(member)
    assert b"01206 555 0101" in client.get(url).content


FRAGMENT = Template(
    '{% load waymark_cache %}{% cached_fragment "panel" "pages" %}'
    "{% if request.user.is_authenticated %}members' link{% else %}Sign in{% endif %}"
    "{% endcached_fragment %}"
)


def render_fragment_for(user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return FRAGMENT.render(Context({"request": request}))


def test_a_fragment_kept_for_a_member_is_not_given_to_a_visitor_or_the_other_way(
    member, other_member
):
    from django.contrib.auth.models import AnonymousUser

    assert render_fragment_for(member) == "members' link"
    assert render_fragment_for(AnonymousUser()) == "Sign in"
    assert render_fragment_for(member) == "members' link"
    # Another organisation's member has other audiences: a copy of their own.
    assert render_fragment_for(other_member) == "members' link"


def test_a_fragment_is_kept_until_its_content_changes(member, committed):
    counted = Template(
        '{% load waymark_cache %}{% cached_fragment "count" "pages" %}{{ n }}'
        "{% endcached_fragment %}"
    )

    def render(n):
        request = RequestFactory().get("/")
        request.user = member
        return counted.render(Context({"request": request, "n": n}))

    assert render(1) == "1"
    assert render(2) == "1"  # kept
    with committed():
        FooterLink.objects.create(title="Privacy", url="/privacy/")  # the pages' content changed
    assert render(3) == "3"


# --- what a hot page costs --------------------------------------------------------------


def test_a_kept_directory_page_costs_no_query(client):
    ServiceFactory.create_batch(3)
    url = reverse("directory:index") + "?near=CO1"
    client.get(url)
    assert queries_to_get(client, url) == 0


def test_a_kept_service_page_costs_no_query(client):
    url = ServiceFactory().get_absolute_url()
    client.get(url)
    assert queries_to_get(client, url) == 0


def test_the_sign_in_page_costs_at_most_one_query(client):
    client.get(reverse("account_login"))
    # The visitor's session, once they have one (the CSRF token needs none).
    assert queries_to_get(client, reverse("account_login")) <= 1


def test_a_members_thread_page_stays_within_its_query_ceiling(client, member):
    category = ForumCategory.objects.create(name="Housing", slug="housing", access="members")
    author = make_user("dana@example.org", organisation=OrganisationFactory())
    thread = start_thread(category, author, "Beds in Clacton", "Who has a bed tonight?")
    client.force_login(member)
    client.get(thread.get_absolute_url())
    # Session, user, thread; the access policy's groups, memberships and private groups (3);
    # the posts' skeleton, read state (read and write), the page's posts and their linked
    # services; watching; the pathways hook; the unread count; the Wagtail user bar's
    # permissions (2). The footer comes from the cache.
    assert queries_to_get(client, thread.get_absolute_url()) <= 18
