"""The site's face to browsers, crawlers and mail: robots.txt, the favicon, descriptions,
the report form's radios and e-mail links on the configured site address."""

import pytest
from django.core import mail

from tests.factories import emergency_safe_house

pytestmark = pytest.mark.django_db

SITE = "https://waymark.example"


def test_robots_txt_keeps_crawlers_out_of_members_areas_and_names_the_sitemap(client, settings):
    settings.WAGTAILADMIN_BASE_URL = SITE
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    for area in ("/forum/", "/pathways/", "/accounts/", "/admin/", "/directory/shortlists/"):
        assert f"Disallow: {area}" in lines
    assert "Disallow: /directory/" not in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines


def test_every_page_links_a_favicon_and_the_old_address_finds_it(client):
    html = client.get("/directory/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.svg"


def test_organisation_and_service_pages_are_described_by_their_own_words(client, organisation):
    organisation.description = "A refuge for women and children."
    organisation.save()
    service = emergency_safe_house(organisation)
    org_html = client.get(organisation.get_absolute_url()).content.decode()
    assert '<meta name="description" content="A refuge for women and children.">' in org_html
    service_html = client.get(service.get_absolute_url()).content.decode()
    assert '<meta name="description" content="' in service_html


def test_pages_of_their_own_have_the_sites_description(client, settings):
    settings.WAYMARK_SITE_DESCRIPTION = "Trusted local partners."
    html = client.get("/directory/").content.decode()
    assert '<meta name="description" content="Trusted local partners.">' in html


def test_the_report_form_offers_only_real_reasons_and_none_is_chosen_for_you(client, organisation):
    url = f"{organisation.get_absolute_url()}report/"
    html = client.get(url).content.decode()
    assert "---------" not in html
    assert 'name="reason"' in html and "checked" not in html
    response = client.post(url, {"details": "Wrong phone"})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not organisation.reports.exists()


def test_a_password_reset_link_goes_to_the_site_address_not_the_requests_host(
    client, member, settings
):
    settings.WAGTAILADMIN_BASE_URL = SITE
    client.post("/accounts/password/reset/", {"email": member.email}, HTTP_HOST="localhost")
    (message,) = mail.outbox
    assert f"{SITE}/accounts/password/reset/key/" in message.body
    assert "http://localhost" not in message.body


def test_the_open_referral_feed_links_on_the_site_address(client, organisation, settings):
    settings.WAGTAILADMIN_BASE_URL = SITE
    root = client.get("/api/oruk/", HTTP_HOST="localhost").json()
    assert root["openapi_url"] == f"{SITE}/api/oruk/openapi.json"
    emergency_safe_house(organisation)
    page = client.get("/api/oruk/organizations", HTTP_HOST="localhost").json()
    assert page["contents"][0]["uri"] == f"{SITE}{organisation.get_absolute_url()}"
