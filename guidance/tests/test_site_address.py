"""What guidance pages tell search engines, calendars and shares: descriptions, and absolute
URLs on the configured site address (WAYMARK_BASE_URL), never the Site record's localhost."""

import re

import pytest
from icalendar import Calendar

from guidance.tests.conftest import publish, text

pytestmark = pytest.mark.django_db

SITE = "https://waymark.example"


@pytest.fixture(autouse=True)
def site_address(settings):
    settings.WAGTAILADMIN_BASE_URL = SITE


def test_an_events_calendar_file_links_to_the_configured_site_address(client, make_event):
    event = make_event("North Essex conference", 30)
    (vevent,) = Calendar.from_ical(client.get(f"{event.url}event.ics").content).walk("VEVENT")
    assert str(vevent["URL"]) == f"{SITE}{event.url}"
    assert str(vevent["UID"]).endswith("@waymark.example")


def test_the_sitemap_and_canonical_links_use_the_configured_site_address(client, make_guide):
    guide = make_guide("Spot the signs")
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{SITE}{guide.url}</loc>" in sitemap
    assert "localhost" not in sitemap
    html = client.get(guide.url).content.decode()
    assert f'<link rel="canonical" href="{SITE}{guide.url}">' in html


def test_the_home_page_describes_itself_from_its_intro(client, home):
    home.intro = text("<p>The Colchester network&#x27;s partners &amp; guidance.</p>")
    publish(home)
    html = client.get("/").content.decode()
    assert (
        '<meta name="description" content="The Colchester network&#x27;s partners &amp; guidance.">'
        in html
    )


def test_a_page_without_a_summary_still_has_the_sites_description(client, make_guide, settings):
    settings.WAYMARK_SITE_DESCRIPTION = "The partnership's directory."
    html = client.get(make_guide("Spot the signs").url).content.decode()
    assert '<meta name="description" content="The partnership&#x27;s directory.">' in html


def test_times_carry_whole_seconds_as_html_allows(client, make_event):
    html = client.get(make_event("Conference", 30).url).content.decode()
    stamps = re.findall(r'<time datetime="([^"]+)"', html)
    assert stamps and all(
        re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", s) for s in stamps
    )


def test_steps_without_a_heading_follow_the_pages_h2_at_the_next_level(client, make_guide):
    steps = [{"title": "Note it", "text": text("")}]
    guide = make_guide("Steps", body=[("steps", {"heading": "", "steps": steps})])
    html = client.get(guide.url).content.decode()
    assert '<h3 class="govuk-heading-s wm-guide-steps__title">Note it</h3>' in html
