"""The feed says when an entry was last assured, and by whom as a role address, never a
person's own e-mail, and stays valid against the ORUK profile's schema."""

from datetime import UTC, datetime

import pytest
import time_machine

from openreferral.tests.test_api import assert_valid, get
from tests.factories import emergency_safe_house

pytestmark = pytest.mark.django_db

NOV_3 = datetime(2026, 11, 3, 10, tzinfo=UTC)


@pytest.fixture
def refuge(organisation):
    return emergency_safe_house(organisation)


def test_the_feed_publishes_the_assured_date_and_a_role_address(
    client, refuge, coordinator, settings
):
    settings.DIRECTORY_ASSURER_EMAIL = "directory@network.example.org"
    unverified = get(client, "service", str(refuge.uuid)).json()
    assert "assured_date" not in unverified and "assurer_email" not in unverified
    with time_machine.travel(NOV_3, tick=False):
        refuge.organisation.verify(coordinator)

    data = get(client, "service", str(refuge.uuid)).json()

    assert data["assured_date"] == "2026-11-03"
    assert data["assurer_email"] == "directory@network.example.org"
    assert coordinator.email not in str(data)
    assert_valid(data, "compiled/service.json")
