"""Fixtures for the directory's admin tests."""

import pytest

from directory.workflows import ensure_approval_workflow


@pytest.fixture
def approval_workflow(db):
    """The coordinators' approval workflow on organisations and services, as migrations leave it."""
    ensure_approval_workflow()


@pytest.fixture
def coordinator_client(client, coordinator, staff_login):
    """A coordinator signed in with their second factor, as the admin requires."""
    staff_login(client, coordinator)
    return client
