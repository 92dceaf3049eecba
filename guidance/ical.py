"""iCalendar files for events: a feed for the index and one download per event."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

from core import site_address


def build(events: Iterable, *, name: str, request=None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Waymark//Guidance events//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    host = urlsplit(site_address.base_url()).hostname or "waymark"
    for page in events:
        event = Event()
        event.add("uid", f"waymark-event-{page.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", page.start)
        event.add("dtend", page.end)
        event.add("summary", page.title)
        if page.summary:
            event.add("description", page.summary)
        location = ", ".join(part for part in (page.venue, " ".join(page.address.split())) if part)
        if location:
            event.add("location", location)
        url = page.get_full_url(request)
        if url:
            event.add("url", url)
        if page.last_published_at:
            event.add("last-modified", page.last_published_at)
        calendar.add_component(event)
    return calendar


def response(calendar: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
