"""Closures (Christmas, a training day) travel in the feed as schedules valid on those days
only, with no opening times, and come back from an import as closures, not opening hours."""

import io
import json
from datetime import date, datetime, time
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from directory import opening
from directory.models import Closure, Schedule
from openreferral.tests.test_api import assert_valid
from tests.factories import OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def drop_in(db):
    service = ServiceFactory(
        name="Drop-in advice", organisation=OrganisationFactory(name="Colchester Advice")
    )
    Schedule.objects.create(
        service=service, byday="MO,TU,WE,TH,FR", opens_at=time(9), closes_at=time(17)
    )
    Closure.objects.create(
        service=service,
        starts_on=date(2026, 12, 24),
        ends_on=date(2026, 12, 28),
        reason="Christmas",
    )
    return service


def _feed_record(client, service) -> dict[str, Any]:
    record: dict[str, Any] = client.get(reverse("oruk:service", args=[service.uuid])).json()
    return record


def _import(tmp_path, record) -> str:
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(record))
    err = io.StringIO()
    call_command("import_oruk", str(feed), stdout=io.StringIO(), stderr=err, verbosity=0)
    return err.getvalue()


def test_the_feed_publishes_a_closure_as_a_schema_valid_schedule(client, drop_in):
    record = _feed_record(client, drop_in)

    assert_valid(record, "compiled/service.json")
    closure = next(s for s in record["schedules"] if "valid_from" in s)
    assert closure["valid_from"] == "2026-12-24" and closure["valid_to"] == "2026-12-28"
    assert closure["notes"] == "Closed: Christmas"
    assert closure["description"].startswith("Closed 24 Dec 2026")
    assert not {"byday", "opens_at", "closes_at"} & set(closure)


def test_an_imported_closure_is_a_closure_again_and_the_service_reads_closed(
    client, tmp_path, drop_in
):
    record = _feed_record(client, drop_in)
    drop_in.closures.all().delete()
    schedules = drop_in.schedules.count()

    assert _import(tmp_path, record) == ""
    assert _import(tmp_path, record) == ""  # and again: nothing doubles

    assert list(drop_in.closures.values_list("starts_on", "ends_on", "reason")) == [
        (date(2026, 12, 24), date(2026, 12, 28), "Christmas")
    ]
    assert drop_in.schedules.count() == schedules  # a closure is no opening-hours schedule
    christmas_eve_noon = datetime(2026, 12, 24, 12, 0, tzinfo=opening.LONDON)
    assert opening.open_now(drop_in, christmas_eve_noon) is False


def test_a_closure_that_ends_before_it_starts_is_a_bad_record(client, tmp_path, drop_in):
    record = _feed_record(client, drop_in)
    closure = next(s for s in record["schedules"] if "valid_from" in s)
    closure["valid_to"] = "2026-12-01"

    assert "ends before it starts" in _import(tmp_path, record)
    assert drop_in.closures.count() == 1  # the record went in whole or not at all
