"""Open now, and the few words a card says about it, in London time."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Closure, Schedule, Service
from directory.opening import OPENING_PREFETCH, open_now, opening
from tests.factories import OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def london(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def service():
    svc = ServiceFactory(organisation=OrganisationFactory())
    svc.schedules.all().delete()
    return svc


def hours(svc, byday, opens, closes) -> None:
    Schedule.objects.create(service=svc, byday=byday, opens_at=opens, closes_at=closes)


def fresh(svc) -> Service:
    return Service.objects.prefetch_related(*OPENING_PREFETCH).get(pk=svc.pk)


def test_office_hours_say_until_when_open_and_when_it_opens_next(service):
    hours(service, "MO,TU,WE,TH,FR", time(9), time(17))
    svc = fresh(service)
    # Thursday 3 December 2026.
    assert opening(svc, london(2026, 12, 3, 10, 0)) == (True, "Open now until 17:00")
    assert opening(svc, london(2026, 12, 3, 8, 59)) == (False, "Opens today 09:00")
    assert opening(svc, london(2026, 12, 3, 17, 0)) == (False, "Opens Friday 09:00")
    assert opening(svc, london(2026, 12, 5, 2, 0)) == (False, "Opens Monday 09:00")


def test_a_night_shelter_is_open_past_midnight_into_the_next_day(service):
    hours(service, "FR,SA", time(20), time(8))
    svc = fresh(service)
    # Friday 20:00 to Saturday 08:00; Saturday 20:00 to Sunday 08:00.
    assert open_now(svc, london(2026, 12, 5, 2, 0)) is True  # 02:00 on Saturday
    assert opening(svc, london(2026, 12, 6, 7, 0)).summary == "Open now until 08:00"
    assert open_now(svc, london(2026, 12, 6, 9, 0)) is False  # Sunday morning
    assert open_now(svc, london(2026, 12, 4, 2, 0)) is False  # Thursday night: not open


def test_hours_stay_in_london_time_across_the_clock_changes(service):
    hours(service, "SU", time(9), time(17))
    svc = fresh(service)
    # Clocks went forward at 01:00 UTC on 29 March 2026: 09:00 is 08:00 UTC that day.
    assert open_now(svc, datetime(2026, 3, 29, 8, 30, tzinfo=ZoneInfo("UTC"))) is True
    assert open_now(svc, datetime(2026, 3, 29, 16, 30, tzinfo=ZoneInfo("UTC"))) is False
    # Clocks go back at 01:00 UTC on 25 October 2026: 09:00 is 09:00 UTC that day.
    assert open_now(svc, datetime(2026, 10, 25, 8, 30, tzinfo=ZoneInfo("UTC"))) is False
    assert open_now(svc, datetime(2026, 10, 25, 16, 30, tzinfo=ZoneInfo("UTC"))) is True


def test_a_night_that_spans_the_clock_change_ends_at_the_local_time(service):
    hours(service, "SA", time(22), time(6))
    svc = fresh(service)
    # Saturday 28 March 22:00 GMT to Sunday 06:00 BST (05:00 UTC): seven hours, not eight.
    assert open_now(svc, datetime(2026, 3, 29, 4, 59, tzinfo=ZoneInfo("UTC"))) is True
    assert open_now(svc, datetime(2026, 3, 29, 5, 0, tzinfo=ZoneInfo("UTC"))) is False
    assert opening(svc, london(2026, 3, 29, 3, 0)).summary == "Open now until 06:00"


def test_a_closure_day_is_closed_and_says_why_and_when_it_opens_again(service):
    hours(service, "MO,TU,WE,TH,FR", time(9), time(17))
    Closure.objects.create(
        service=service,
        starts_on=date(2026, 12, 25),
        ends_on=date(2026, 12, 28),
        reason="Christmas",
    )
    svc = fresh(service)
    at = london(2026, 12, 25, 11, 0)
    assert opening(svc, at) == (False, "Closed today (Christmas), opens Tuesday 09:00")
    assert open_now(svc, london(2026, 12, 24, 11, 0)) is True


def test_a_24_7_service_says_24_hours_unless_closed(service):
    Service.objects.filter(pk=service.pk).update(available_24_7=True)
    svc = fresh(service)
    assert opening(svc, london(2026, 12, 6, 3, 0)) == (True, "24 hours")
    Closure.objects.create(service=service, starts_on=date(2026, 12, 6), ends_on=date(2026, 12, 6))
    assert opening(fresh(service), london(2026, 12, 6, 3, 0)) == (
        False,
        "Closed today, reopens Monday 00:00",
    )


def test_every_day_round_the_clock_reads_24_hours(service):
    hours(service, "MO,TU,WE,TH,FR,SA,SU", time(0), time(0))
    assert opening(fresh(service), london(2026, 12, 3, 3, 0)) == (True, "24 hours")


def test_no_schedule_or_no_times_is_unknown_not_closed(service):
    assert opening(fresh(service), london(2026, 12, 3, 10, 0)) == (None, "Hours not listed")
    Schedule.objects.create(service=service, byday="MO,TU,WE,TH,FR")
    assert opening(fresh(service), london(2026, 12, 3, 10, 0)) == (
        None,
        "Mon–Fri, hours not listed",
    )


def test_a_temporarily_closed_service_is_closed(service):
    hours(service, "MO,TU,WE,TH,FR", time(9), time(17))
    Service.objects.filter(pk=service.pk).update(status=Service.Status.TEMPORARILY_CLOSED)
    assert opening(fresh(service), london(2026, 12, 3, 10, 0)) == (False, "Temporarily closed")


def test_prefetched_services_ask_no_query_each(service):
    hours(service, "MO", time(9), time(17))
    for n in range(3):
        other = ServiceFactory(organisation=service.organisation)
        Closure.objects.create(
            service=other, starts_on=date(2026, 1, n + 1), ends_on=date(2026, 1, n + 1)
        )
    services = list(Service.objects.prefetch_related(*OPENING_PREFETCH))
    with CaptureQueriesContext(connection) as queries:
        for svc in services:
            opening(svc, london(2026, 12, 3, 10, 0))
    assert len(queries) == 0


@pytest.mark.parametrize(
    "schedules",
    [
        [("MO,TU,WE,TH,FR", time(9), time(17))],
        [("FR,SA,SU", time(20), time(8))],  # past midnight, Sunday night into Monday
        [("SA", time(22), time(6)), ("SU", time(10), time(12))],
        [("MO,TU,WE,TH,FR,SA,SU", time(0), time(0))],
    ],
)
def test_the_search_index_form_agrees_with_open_now_every_quarter_hour(service, schedules):
    """What the index is given (weekly ranges and closed dates) answers "open at" as
    ``open_now`` does, through a week with a clock change and a closure."""
    from datetime import timedelta

    from directory.opening import closed_dates, minute_of_week, weekly_ranges

    for byday, opens, closes in schedules:
        hours(service, byday, opens, closes)
    Closure.objects.create(service=service, starts_on=date(2026, 3, 31), ends_on=date(2026, 3, 31))
    svc = fresh(service)
    ranges, closures = weekly_ranges(svc), closed_dates(svc)
    at = london(2026, 3, 26, 0, 0)  # a week across the change to summer time on 29 March
    while at < london(2026, 4, 2, 0, 0):
        minute, day = minute_of_week(at), at.astimezone(LONDON).date()
        indexed = any(start <= minute < end for start, end in ranges) and not any(
            first <= day <= last for first, last in closures
        )
        assert indexed == open_now(svc, at), at
        at += timedelta(minutes=15)


def test_the_search_index_form_of_unknown_closed_and_24_7(service):
    from directory.opening import weekly_ranges

    assert weekly_ranges(fresh(service)) is None
    Service.objects.filter(pk=service.pk).update(available_24_7=True)
    assert weekly_ranges(fresh(service)) == [(0, 7 * 24 * 60)]
    Service.objects.filter(pk=service.pk).update(status=Service.Status.INACTIVE)
    assert weekly_ranges(fresh(service)) == []
