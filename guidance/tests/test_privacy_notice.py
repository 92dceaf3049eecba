"""The privacy notice: editors maintain it, /privacy/ always shows it, and the footer, the
join form, the invitation pages and the invitation e-mail link to it."""

import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from wagtail.models import Page

from accounts import services
from accounts.models import Invitation
from conftest import make_user
from guidance import privacy
from guidance.models import PrivacyNoticePage
from guidance.tests.conftest import publish

pytestmark = pytest.mark.django_db

LINK = 'href="/privacy/"'


@pytest.fixture
def no_notice(home):
    PrivacyNoticePage.objects.all().delete()


def _create_by_migration() -> None:
    migration = importlib.import_module("guidance.migrations.0005_create_privacy_notice")
    migration.create_privacy_notice(apps, None)


def test_a_new_network_starts_with_a_notice_at_privacy(client, home, no_notice, make_guide):
    make_guide("Spot the signs")  # the home page has children already

    _create_by_migration()

    notice = PrivacyNoticePage.objects.get()
    assert notice.live and notice.get_parent().pk == home.pk
    assert all(not problems for problems in Page.find_problems())  # a sound page tree
    assert notice.url == "/privacy/"
    html = client.get("/privacy/").content.decode()
    for heading in ("Who runs Waymark", "What we hold and why", "How long we keep it"):
        assert heading in html
    assert "Who sees what" in html and 'href="/accounts/data/"' in html


def test_privacy_serves_the_editors_notice_wherever_it_sits(client, home, no_notice):
    notice = PrivacyNoticePage(
        title="How we use your information",
        slug="data-protection",
        body="<p>The Colchester partnership is the controller.</p>",
    )
    home.add_child(instance=notice)
    publish(notice)

    response = client.get("/privacy/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "How we use your information" in html and "is the controller" in html
    assert privacy.SUMMARY not in html


def test_privacy_shows_the_default_notice_while_none_is_published(client, home, no_notice):
    response = client.get("/privacy/")

    assert response.status_code == 200
    assert "Who runs Waymark" in response.content.decode()


@pytest.mark.parametrize("path", ["/", "/directory/", "/accounts/join/", "/privacy/"])
def test_every_page_links_to_the_notice_from_its_footer(client, home, path):
    footer = client.get(path).content.decode().split('role="contentinfo"')[1]
    assert LINK in footer


def _main(html: str) -> str:
    return html.split('id="main-content"')[1].split('role="contentinfo"')[0]


def test_the_join_form_links_to_the_notice(client, home):
    assert LINK in _main(client.get("/accounts/join/").content.decode())


def test_the_invitation_pages_link_to_the_notice(client, home, organisation):
    new_person = Invitation.objects.create(email="new@example.org", organisation=organisation)
    assert LINK in _main(client.get(f"/accounts/invitation/{new_person.token}/").content.decode())

    existing = make_user("sam@example.org")
    invitation = Invitation.objects.create(email=existing.email, organisation=organisation)
    client.force_login(existing)
    assert LINK in _main(client.get(f"/accounts/invitation/{invitation.token}/").content.decode())


def test_the_invitation_email_links_to_the_notice_by_its_full_address(organisation):
    invitation = Invitation.objects.create(email="new@example.org", organisation=organisation)
    services.send_invitation(invitation)

    (message,) = mail.outbox
    assert f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/privacy/" in message.body
