"""Fixtures for the directory's admin tests."""

import pytest


@pytest.fixture
def coordinator_client(client, coordinator, staff_login):
    """A coordinator signed in with their second factor, as the admin requires."""
    staff_login(client, coordinator)
    return client
