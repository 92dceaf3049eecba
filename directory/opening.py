"""Is a service open at a given moment, and how to say so in a few words.

Pure logic over a service's weekly schedules (HSDS ``schedules``), its 24/7 flag and its
closures, read through ``service.schedules.all()`` and ``service.closures.all()`` so a
listing that prefetches ``OPENING_PREFETCH`` asks no query per card. Times are wall-clock
times in Europe/London; intervals are compared in UTC, because Python compares two
datetimes that share a tzinfo by their wall-clock times, which is wrong across the
clock change. A schedule whose closing time is not after its opening time runs past
midnight into the next day (22:00–02:00, or 00:00–00:00 for the whole day).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, NamedTuple
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from directory.models import Service

LONDON = ZoneInfo("Europe/London")
OPENING_PREFETCH = ("schedules", "closures")
DAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# How far ahead to look for the next opening (a fortnight's closure and a week after it).
HORIZON_DAYS = 22

Interval = tuple[datetime, datetime]  # UTC, start included, end excluded


class Opening(NamedTuple):
    """``open_now``: True, False, or None when the service lists no opening hours."""

    open_now: bool | None
    summary: str


def open_now(service: Service, at: datetime) -> bool | None:
    return opening(service, at).open_now


def opening(service: Service, at: datetime) -> Opening:
    at = _utc(at)
    if service.status == "temporarily_closed":
        return Opening(False, "Temporarily closed")
    if service.status == "inactive":
        return Opening(False, "No longer running")
    closures = _closure_intervals(service, at)
    closed_for = next((reason for start, end, reason in closures if start <= at < end), None)
    if service.available_24_7:
        if closed_for is None:
            return Opening(True, "24 hours")
        reopens = max(end for start, end, _ in closures if start <= at < end)
        return Opening(False, _closed(closed_for, f"reopens {_when(reopens, at)}"))
    timed = [s for s in service.schedules.all() if s.opens_at is not None]
    if not timed:
        listed = ", ".join(s.summary for s in service.schedules.all())
        return Opening(None, f"{listed}, hours not listed" if listed else "Hours not listed")
    intervals = _subtract(_merge(_schedule_intervals(timed, at)), closures)
    for start, end in intervals:
        if start <= at < end:
            if end - at >= timedelta(days=HORIZON_DAYS - 2):
                return Opening(True, "24 hours")
            return Opening(True, f"Open now until {_until(end, at)}")
    upcoming = [start for start, _ in intervals if start > at]
    if not upcoming:
        return Opening(False, _closed(closed_for, ""))
    return Opening(False, _closed(closed_for, f"opens {_when(min(upcoming), at)}"))


# --- intervals ---------------------------------------------------------------------------


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LONDON)
    return moment.astimezone(UTC)


def _days(at: datetime) -> list[date]:
    # From yesterday, for a schedule that opened last night and runs past midnight.
    today = at.astimezone(LONDON).date()
    return [today + timedelta(days=n) for n in range(-1, HORIZON_DAYS)]


def _local(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=LONDON).astimezone(UTC)


def _schedule_intervals(schedules, at: datetime) -> list[Interval]:
    intervals = []
    for day in _days(at):
        code = DAY_CODES[day.weekday()]
        for schedule in schedules:
            if code not in schedule.byday.split(","):
                continue
            closes = schedule.closes_at or time(0)
            end_day = day if closes > schedule.opens_at else day + timedelta(days=1)
            intervals.append((_local(day, schedule.opens_at), _local(end_day, closes)))
    return intervals


def _merge(intervals: list[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _closure_intervals(service: Service, at: datetime) -> list[tuple[datetime, datetime, str]]:
    days = _days(at)
    first, last = days[0], days[-1]
    return [
        (
            _local(closure.starts_on, time(0)),
            _local(closure.ends_on + timedelta(days=1), time(0)),
            closure.reason,
        )
        for closure in service.closures.all()
        if closure.ends_on >= first and closure.starts_on <= last
    ]


def _subtract(intervals: list[Interval], closures) -> list[Interval]:
    for closed_start, closed_end, _ in closures:
        remaining = []
        for start, end in intervals:
            if end <= closed_start or start >= closed_end:
                remaining.append((start, end))
                continue
            if start < closed_start:
                remaining.append((start, closed_start))
            if end > closed_end:
                remaining.append((closed_end, end))
        intervals = remaining
    return intervals


# --- words -------------------------------------------------------------------------------


def _clock(moment: datetime) -> str:
    return f"{moment.astimezone(LONDON):%H:%M}"


def _until(end: datetime, at: datetime) -> str:
    local = end.astimezone(LONDON)
    clock = "midnight" if local.time() == time(0) else _clock(end)
    if end - at < timedelta(hours=24):
        return clock
    return f"{DAY_NAMES[local.weekday()]} {clock}"


def _when(moment: datetime, at: datetime) -> str:
    local, today = moment.astimezone(LONDON), at.astimezone(LONDON).date()
    if local.date() == today:
        return f"today {_clock(moment)}"
    if local.date() - today >= timedelta(days=7):
        return f"{local:%-d %b} {_clock(moment)}"
    return f"{DAY_NAMES[local.weekday()]} {_clock(moment)}"


def _closed(reason: str | None, then: str) -> str:
    if reason is None:
        return then[:1].upper() + then[1:] if then else "Closed"
    head = f"Closed today ({reason})" if reason else "Closed today"
    return f"{head}, {then}" if then else head


# --- for the search index ----------------------------------------------------------------
# "Open at" is asked of Elasticsearch as: the moment's minute of the week, in London wall-clock
# time, falls in one of the service's weekly ranges, and its London date in none of its
# closures. That is what ``opening`` says for every moment (see the tests).

MINUTES_A_DAY = 24 * 60
MINUTES_A_WEEK = 7 * MINUTES_A_DAY


def attach_hours(services: Iterable[Service]) -> None:
    """Each service's schedules and closures, in two queries, where ``opening`` reads them:
    a search's cards need nothing else of them, and Django's prefetching costs more per
    service (a related manager for each) than the search itself."""
    from directory.models import Closure, Schedule

    by_pk = {service.pk: service for service in services}
    found: dict[int, dict[str, list]] = {pk: {"schedules": [], "closures": []} for pk in by_pk}
    for name, model in (("schedules", Schedule), ("closures", Closure)):
        for child in model.objects.filter(service_id__in=by_pk).order_by("sort_order", "pk"):
            found[child.service_id][name].append(child)
    for pk, children in found.items():
        # Where a ClusterableModel keeps its children in memory (modelcluster's own cache).
        by_pk[pk]._cluster_related_objects = children


def stored_hours(service: Service) -> dict[str, list[dict[str, str]]]:
    """A service's schedules and closures as a search document keeps them (``restore_hours``
    reads them back)."""
    return {
        "schedules": [
            {
                "byday": schedule.byday,
                "opens_at": schedule.opens_at.isoformat() if schedule.opens_at else "",
                "closes_at": schedule.closes_at.isoformat() if schedule.closes_at else "",
                "description": schedule.description,
            }
            for schedule in service.schedules.all()
        ],
        "closures": [
            {
                "starts_on": closure.starts_on.isoformat(),
                "ends_on": closure.ends_on.isoformat(),
                "reason": closure.reason,
            }
            for closure in service.closures.all()
        ],
    }


def restore_hours(service: Service, stored: dict[str, list[dict[str, str]]]) -> None:
    """Give ``service`` (unsaved) the schedules and closures ``stored_hours`` kept."""
    from directory.models import Closure, Schedule

    def clock(value: str) -> time | None:
        return time.fromisoformat(value) if value else None

    service._cluster_related_objects = {
        "schedules": [
            Schedule(
                byday=s["byday"],
                opens_at=clock(s["opens_at"]),
                closes_at=clock(s["closes_at"]),
                description=s["description"],
            )
            for s in stored["schedules"]
        ],
        "closures": [
            Closure(
                starts_on=date.fromisoformat(c["starts_on"]),
                ends_on=date.fromisoformat(c["ends_on"]),
                reason=c["reason"],
            )
            for c in stored["closures"]
        ],
    }


def minute_of_week(at: datetime) -> int:
    local = _utc(at).astimezone(LONDON)
    return local.weekday() * MINUTES_A_DAY + local.hour * 60 + local.minute


def weekly_ranges(service: Service) -> list[tuple[int, int]] | None:
    """``[start, end)`` minutes of the week the service is open; None when not known, and
    none for a service that is closed or not running."""
    if service.status != "active":
        return []
    if service.available_24_7:
        return [(0, MINUTES_A_WEEK)]
    timed = [s for s in service.schedules.all() if s.opens_at is not None]
    if not timed:
        return None
    ranges = []
    for schedule in timed:
        opens = schedule.opens_at.hour * 60 + schedule.opens_at.minute
        closes_at = schedule.closes_at or time(0)
        closes = closes_at.hour * 60 + closes_at.minute
        length = closes - opens if closes > opens else MINUTES_A_DAY - opens + closes
        for code in schedule.byday.split(","):
            start = DAY_CODES.index(code) * MINUTES_A_DAY + opens
            end = start + length
            if end <= MINUTES_A_WEEK:
                ranges.append((start, end))
            else:  # Sunday night into Monday morning
                ranges += [(start, MINUTES_A_WEEK), (0, end - MINUTES_A_WEEK)]
    return _merge_minutes(ranges)


def closed_dates(service: Service) -> list[tuple[date, date]]:
    """Closures as London dates, first and last day included."""
    return [(closure.starts_on, closure.ends_on) for closure in service.closures.all()]


def _merge_minutes(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
