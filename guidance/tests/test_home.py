"""The home page: help first, then guidance and events; members also see their forum."""

import pytest

from guidance.models import Helpline
from tests.query_counts import queries_to_get

pytestmark = pytest.mark.django_db


def test_the_home_page_says_how_to_report_a_concern(client, home):
    Helpline.objects.create(
        name="Modern Slavery & Exploitation Helpline", phone="08000 121 700", hours="24 hours"
    )
    html = client.get("/").content.decode()
    assert 'data-testid="report-a-concern"' in html
    assert "999" in html
    assert 'href="tel:08000121700"' in html
    assert 'action="/search/"' in html


def test_the_home_page_lists_latest_guidance_and_upcoming_events(
    client, home, make_guide, make_event
):
    make_guide("Spot the signs: health staff")
    make_event("Conference", 20)
    make_event("Old visit", -20)
    html = client.get("/").content.decode()
    assert "Spot the signs: health staff" in html
    assert "Conference" in html
    assert "Old visit" not in html


def test_quick_links_point_each_audience_to_its_guidance(client, home, make_guide):
    guide = make_guide("Spot the signs: taxi drivers")
    home.quick_links = [("link", {"audience": "Taxi drivers", "page": guide, "description": ""})]
    home.save_revision().publish()
    html = client.get("/").content.decode()
    assert f'href="{guide.url}">Taxi drivers</a>' in html


def test_members_see_the_threads_they_watch_and_the_public_do_not(client, member, home):
    from forum.models import Category, Thread, Watch, WatchLevel

    category = Category.objects.create(name="Housing", slug="housing", access="members")
    thread = Thread.objects.create(category=category, title="Beds in Clacton this winter")
    Watch.objects.create(user=member, thread=thread, level=WatchLevel.WATCHING)
    assert b"Beds in Clacton" not in client.get("/").content
    client.force_login(member)
    html = client.get("/").content.decode()
    assert 'data-testid="member-panels"' in html
    assert "Beds in Clacton this winter" in html


def test_the_home_page_takes_the_same_queries_as_content_grows(
    client, home, make_guide, make_event
):
    make_guide("First guide")
    make_event("First event", 3)

    queries_to_get(client, "/")  # the first request also loads the site's root paths into the cache
    few = queries_to_get(client, "/")
    for n in range(4):
        make_guide(f"Guide {n}")
        make_event(f"Event {n}", 4 + n)
    assert queries_to_get(client, "/") == few


def test_the_guidance_list_takes_the_same_queries_as_guides_grow(
    client, guidance_index, make_guide
):
    make_guide("First", audiences=["health staff"])

    queries_to_get(client, guidance_index.url)
    few = queries_to_get(client, guidance_index.url)
    for n in range(4):
        make_guide(f"Guide {n}", audiences=["health staff", f"group {n}"])
    assert queries_to_get(client, guidance_index.url) == few
