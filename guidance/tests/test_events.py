"""Events: upcoming and past lists, an iCalendar feed and a download per event."""

import pytest
from icalendar import Calendar

from tests.query_counts import queries_to_get

pytestmark = pytest.mark.django_db


def test_the_events_page_separates_upcoming_from_past(client, event_index, make_event):
    make_event("Taxi driver training", 10)
    make_event("Car wash visits", -10)
    html = client.get(event_index.url).content.decode()
    upcoming, past = html.split('data-testid="upcoming-events"')[1].split(
        'data-testid="past-events"'
    )
    assert "Taxi driver training" in upcoming and "Car wash visits" not in upcoming
    assert "Car wash visits" in past


def test_the_calendar_feed_lists_every_public_event_as_icalendar(client, event_index, make_event):
    make_event("Taxi driver training", 10, venue="Colchester Town Hall")
    make_event("Car wash visits", -10)
    response = client.get(f"{event_index.url}feed.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Taxi driver training", "Car wash visits"}
    assert str(events["Taxi driver training"]["LOCATION"]) == "Colchester Town Hall"


def test_each_event_downloads_as_an_ics_file(client, make_event):
    event = make_event("North Essex conference", 30, hours=7, booking_url="https://example.org/b")
    response = client.get(f"{event.url}event.ics")
    assert response.status_code == 200
    assert 'filename="north-essex-conference.ics"' in response["Content-Disposition"]
    (vevent,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert vevent.decoded("DTSTART") == event.start
    assert vevent.decoded("DTEND") == event.end


def test_an_event_page_shows_when_where_and_how_to_book(client, make_event):
    event = make_event(
        "Conference", 30, venue="Community Stadium", booking_url="https://example.org/book"
    )
    html = client.get(event.url).content.decode()
    assert "Community Stadium" in html
    assert 'href="https://example.org/book"' in html
    assert f'href="{event.url}event.ics"' in html


def test_a_past_event_offers_no_booking(client, make_event):
    event = make_event("Old training", -3, booking_url="https://example.org/book")
    assert b"Book a place" not in client.get(event.url).content


def test_an_event_cannot_end_before_it_starts(make_event):
    from django.core.exceptions import ValidationError

    event = make_event("Training", 3)
    event.end = event.start.replace(year=event.start.year - 1)
    with pytest.raises(ValidationError):
        event.full_clean()


def test_the_events_page_and_feed_take_the_same_queries_as_events_grow(
    client, event_index, make_event
):
    make_event("First", 3)
    make_event("Old", -3)
    few = (
        queries_to_get(client, event_index.url),
        queries_to_get(client, f"{event_index.url}feed.ics"),
    )
    for n in range(5):
        make_event(f"Upcoming {n}", 4 + n)
        make_event(f"Past {n}", -4 - n)
    many = (
        queries_to_get(client, event_index.url),
        queries_to_get(client, f"{event_index.url}feed.ics"),
    )
    assert few == many
