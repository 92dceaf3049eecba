"""Live availability of services that take people in, as one person may see it.

Who may see or set it is the access policy's decision (``policy.can_see_availability``,
``policy.can_set_availability``); this module only shapes what they are shown. Cards and
pages read ``service.availability`` through ``select_related("availability")``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from wagtail.log_actions import LogFormatter

from accounts import policy
from directory.models import Availability, Service

State = Availability.State
UNKNOWN = "unknown"
# The board and "sort by availability" put the likeliest bed first.
ORDER = {State.AVAILABLE: 0, State.CALL: 1, UNKNOWN: 2, State.FULL: 3}


@dataclass(frozen=True)
class AvailabilityView:
    """``state`` is ``unknown`` when nobody has said, or what they said has gone stale."""

    state: str
    label: str
    note: str
    updated_at: datetime | None

    @property
    def rank(self) -> int:
        return ORDER[self.state]


def current(service: Service, now: datetime | None = None) -> AvailabilityView:
    try:
        said = service.availability
    except Availability.DoesNotExist:
        return AvailabilityView(UNKNOWN, "Not updated yet", "", None)
    if said.is_stale(now):
        local = timezone.localtime(said.updated_at)
        label = f"Not updated since {local:%-d %b %H:%M}"
        return AvailabilityView(UNKNOWN, label, "", said.updated_at)
    return AvailabilityView(said.state, said.get_state_display(), said.note, said.updated_at)


def ranks(now: datetime | None = None) -> dict[int, int]:
    """Each service's place in ``ORDER`` where its staff's word is fresh, by service id
    (one query); any other service's is ``UNKNOWN``'s. For members' "space available first"
    order, asked at search time: availability never goes into a search document."""
    cutoff = (now or timezone.now()) - settings.AVAILABILITY_STALE_AFTER
    fresh = Availability.objects.filter(service__takes_people_in=True, updated_at__gte=cutoff)
    return {pk: ORDER[state] for pk, state in fresh.values_list("service_id", "state")}


def for_user(user, service: Service, now: datetime | None = None) -> AvailabilityView | None:
    """What ``user`` is shown of ``service``'s availability: None for anyone but members,
    and for services that do not take people in."""
    if not service.takes_people_in or not policy.can_see_availability(user):
        return None
    return current(service, now)


def board(now: datetime | None = None) -> list[tuple[Service, AvailabilityView]]:
    """Every live service that takes people in, likeliest space first (two queries)."""
    services = (
        Service.objects.visible()
        .filter(takes_people_in=True)
        .select_related("organisation", "availability")
        .order_by("organisation__name", "name")
    )
    rows = [(service, current(service, now)) for service in services]
    return sorted(rows, key=lambda row: row[1].rank)


def settable_services(user):
    """The services that take people in whose availability ``user`` may set."""
    services = Service.objects.visible().filter(takes_people_in=True)
    if not policy.is_coordinator(user):
        services = services.filter(organisation_id__in=policy.organisation_ids(user))
    services = services.select_related("organisation", "availability").order_by(
        "organisation__name", "name"
    )
    return [service for service in services if policy.can_set_availability(user, service)]


def history(service: Service, limit: int = 10) -> list[dict]:
    from wagtail.models import ModelLogEntry

    entries = ModelLogEntry.objects.for_instance(service).filter(action=Availability.LOG_ACTION)
    return [
        {
            "at": entry.timestamp,
            "by": entry.user_display_name,
            "from": _label(entry.data.get("from", "")),
            "to": _label(entry.data.get("to", "")),
            "note": entry.data.get("note", ""),
        }
        for entry in entries.select_related("user").order_by("-timestamp")[:limit]
    ]


def _label(state: str) -> str:
    return dict(State.choices).get(state, "Not set")


class AvailabilityForm(forms.Form):
    """One step: the button pressed is the state; the note is optional."""

    state = forms.ChoiceField(choices=State.choices)
    note = forms.CharField(
        required=False,
        max_length=200,
        label="Note for members (optional)",
        help_text="e.g. “one room, ground floor”. Never shown to the public.",
    )


class AvailabilityLogFormatter(LogFormatter):
    label = "Change availability"

    def format_message(self, log_entry):
        data = log_entry.data
        return f"Availability: {_label(data.get('from', ''))} → {_label(data.get('to', ''))}"
