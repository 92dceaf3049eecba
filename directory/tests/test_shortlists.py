"""Shared shortlists: what a link shows inside and outside the network, and the owner's
control over it (make it private, withdraw the link)."""

import uuid
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from directory.models import Shortlist, ShortlistItem
from tests.factories import (
    LocationFactory,
    OrganisationFactory,
    ServiceFactory,
    emergency_safe_house,
)

pytestmark = pytest.mark.django_db

NAME = "Client A – tonight"
NOTICE = "Members only — do not share outside the network"
GONE = "This shortlist link does not work"


@pytest.fixture
def shortlist(organisation, member):
    shortlist = Shortlist.objects.create(owner=member, name=NAME)
    ShortlistItem.objects.create(shortlist=shortlist, service=emergency_safe_house(organisation))
    return shortlist


def page(client, shortlist_or_url, status=200) -> str:
    url = getattr(shortlist_or_url, "get_absolute_url", lambda: shortlist_or_url)()
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


class _Printed(HTMLParser):
    """The text a printer gets: what the print style sheet does not hide (``wm-no-print``)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            hidden = "wm-no-print" in (dict(attrs).get("class") or "").split()
            self.stack.append(hidden or any(self.stack[-1:]))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not any(self.stack[-1:]):
            self.text.append(data)


def printed(html: str) -> str:
    parser = _Printed()
    parser.feed(html)
    return " ".join(" ".join(parser.text).split())


# --- what a link shows ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_outside_the_network_a_shared_list_shows_neither_its_owner_nor_its_name(
    client, shortlist, outsider, who
):
    if who == "outsider":
        client.force_login(outsider)
    shown = page(client, shortlist)
    assert "A shared shortlist" in shown
    assert "Emergency safe house" in shown and "01206 000111" in shown
    assert "Client A" not in shown and "tonight" not in shown
    assert "Alice" not in shown and "alice@" not in shown
    assert "07700 900123" not in shown  # the members-only direct line
    assert NOTICE not in shown


def test_a_member_with_the_link_sees_who_keeps_it_its_name_and_members_only_lines(
    client, shortlist, other_member
):
    client.force_login(other_member)
    shown = page(client, shortlist)
    assert "Shortlist by Alice" in shown and NAME in shown
    assert "07700 900123" in shown
    assert "Withdraw this link" not in shown  # the owner's controls are the owner's


def test_the_printed_members_view_says_do_not_share_and_the_public_view_does_not_need_to(
    client, shortlist, other_member
):
    client.force_login(other_member)
    on_paper = printed(page(client, shortlist))
    assert NOTICE in on_paper and "07700 900123" in on_paper
    client.logout()
    assert NOTICE not in printed(page(client, shortlist))


def test_the_owner_sees_the_link_and_the_sharing_controls(client, shortlist, member):
    client.force_login(member)
    shown = page(client, shortlist)
    assert shortlist.get_absolute_url() in shown
    assert "Withdraw this link and make a new one" in shown
    assert "Who may open this list" in shown


# --- making a list private, and withdrawing its link ------------------------------------------


def sharing(client, shortlist, value):
    url = reverse("directory:shortlist_sharing", args=[shortlist.token])
    return client.post(url, {} if value is None else {"is_shared": value})


def test_the_owner_makes_a_list_private_and_its_link_stops_working_for_everyone_else(
    client, shortlist, member, other_member
):
    client.force_login(member)
    assert sharing(client, shortlist, "False").status_code == 302
    shortlist.refresh_from_db()
    assert not shortlist.is_shared
    assert "Only you can open this list" in page(client, shortlist)
    client.force_login(other_member)
    assert GONE in page(client, shortlist, status=404)
    client.logout()
    gone = page(client, shortlist, status=404)
    assert GONE in gone and "Client A" not in gone and "Emergency safe house" not in gone
    client.force_login(member)
    sharing(client, shortlist, "True")
    client.force_login(other_member)
    assert NAME in page(client, shortlist)


def test_the_owner_withdraws_the_link_and_only_the_new_one_opens_the_list(
    client, shortlist, member, other_member
):
    old_url = shortlist.get_absolute_url()
    client.force_login(member)
    response = client.post(reverse("directory:shortlist_new_link", args=[shortlist.token]))
    shortlist.refresh_from_db()
    assert shortlist.get_absolute_url() != old_url
    assert response["Location"] == shortlist.get_absolute_url()
    assert "The old link no longer opens this list" in page(client, shortlist)
    client.force_login(other_member)
    assert GONE in page(client, old_url, status=404)
    assert NAME in page(client, shortlist)
    client.logout()
    assert GONE in page(client, old_url, status=404)


def test_nobody_but_the_owner_may_change_sharing_or_withdraw_the_link(
    client, shortlist, other_member, coordinator, staff_login
):
    token = shortlist.token
    new_link = reverse("directory:shortlist_new_link", args=[token])
    for sign_in in (
        lambda: client.force_login(other_member),
        lambda: staff_login(client, coordinator),
    ):
        sign_in()
        assert sharing(client, shortlist, "False").status_code == 403
        assert client.post(new_link).status_code == 403
    client.logout()
    response = sharing(client, shortlist, "False")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    shortlist.refresh_from_db()
    assert shortlist.is_shared and shortlist.token == token


def test_changing_a_list_takes_a_post_with_a_csrf_token(shortlist, member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert (
        client.get(reverse("directory:shortlist_new_link", args=[shortlist.token])).status_code
        == 405
    )
    assert sharing(client, shortlist, "False").status_code == 403
    assert (
        client.post(reverse("directory:shortlist_new_link", args=[shortlist.token])).status_code
        == 403
    )
    token = shortlist.token
    shortlist.refresh_from_db()
    assert shortlist.is_shared and shortlist.token == token


@pytest.mark.parametrize("value", [None, "", "maybe"])
def test_a_missing_or_odd_sharing_choice_gets_a_form_error_and_changes_nothing(
    client, shortlist, member, value
):
    client.force_login(member)
    response = sharing(client, shortlist, value)
    assert response.status_code == 400
    assert "Choose who may open this list." in response.content.decode()
    shortlist.refresh_from_db()
    assert shortlist.is_shared


def test_a_link_to_no_list_is_a_clear_404(client, member):
    assert GONE in page(client, reverse("directory:shortlist", args=[uuid.uuid4()]), status=404)
    assert client.get("/directory/shortlists/not-a-token/").status_code == 404
    client.force_login(member)
    missing = reverse("directory:shortlist_new_link", args=[uuid.uuid4()])
    assert client.post(missing).status_code == 404


def test_your_shortlists_say_which_are_shared(client, shortlist, member):
    Shortlist.objects.create(owner=member, name="Only mine", is_shared=False)
    client.force_login(member)
    shown = page(client, reverse("directory:shortlists"))
    assert "shared by its link" in shown and "only you" in shown


def test_a_shared_list_takes_the_same_queries_for_1_and_6_services(
    client, shortlist, other_member, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(other_member)
    page(client, shortlist)  # warm the session
    with CaptureQueriesContext(connection) as small:
        page(client, shortlist)
    for _ in range(5):
        organisation = OrganisationFactory()
        service = ServiceFactory(
            organisation=organisation, at=LocationFactory(organisation=organisation)
        )
        ShortlistItem.objects.create(shortlist=shortlist, service=service)
    with django_assert_num_queries(len(small.captured_queries)):
        assert page(client, shortlist).count('class="wm-card"') == 6
